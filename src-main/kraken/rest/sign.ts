import { createHash, createHmac } from 'node:crypto'

/**
 * Kraken REST API-Sign:
 *   base64( HMAC-SHA512( base64decode(secret), uriPath || SHA256(nonce || postData) ) )
 * postData is the exact body sent (form or JSON), which itself carries the nonce.
 */
export function apiSign(uriPath: string, nonce: string, postData: string, secretB64: string): string {
  const digest = createHash('sha256')
    .update(nonce + postData)
    .digest()
  return createHmac('sha512', Buffer.from(secretB64, 'base64'))
    .update(uriPath)
    .update(digest)
    .digest('base64')
}
