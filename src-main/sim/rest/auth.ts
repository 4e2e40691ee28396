import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Kraken's REST signature, as the exchange verifies it:
 *   API-Sign = base64(HMAC-SHA512(base64decode(secret), uriPath + SHA256(nonce + postData)))
 * (the simulator's own implementation; the client signs with its own code).
 */
export function krakenSignature(uriPath: string, nonce: string, postData: string, secretB64: string): string {
  const inner = createHash('sha256')
    .update(nonce + postData)
    .digest()
  return createHmac('sha512', Buffer.from(secretB64, 'base64'))
    .update(Buffer.concat([Buffer.from(uriPath), inner]))
    .digest('base64')
}

export function signatureMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export interface ApiCredential {
  account: string
  apiKey: string
  /** base64 */
  apiSecret: string
}

/** API keys with their strictly increasing nonces. */
export class KeyStore {
  private readonly byKey = new Map<string, ApiCredential & { lastNonce: bigint }>()

  add(c: ApiCredential): void {
    this.byKey.set(c.apiKey, { ...c, lastNonce: 0n })
  }

  get(apiKey: string): (ApiCredential & { lastNonce: bigint }) | undefined {
    return this.byKey.get(apiKey)
  }

  byAccount(account: string): ApiCredential | undefined {
    for (const c of this.byKey.values()) if (c.account === account) return c
    return undefined
  }
}

/** WebSockets tokens: valid 15 minutes until first use; once used, for as long as the connection lives (we keep it). */
export class TokenStore {
  private readonly tokens = new Map<string, { account: string; expiresAt: number; used: boolean }>()
  constructor(private readonly now: () => number = Date.now) {}

  issue(account: string, token: string): { token: string; expires: number } {
    this.tokens.set(token, { account, expiresAt: this.now() + 900_000, used: false })
    return { token, expires: 900 }
  }

  resolve(token: string): string | null {
    const t = this.tokens.get(token)
    if (!t) return null
    if (!t.used && this.now() > t.expiresAt) {
      this.tokens.delete(token)
      return null
    }
    t.used = true
    return t.account
  }
}
