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

/**
 * Tokens used, kept at most: the most recently used first. A used token is good for as long as
 * its connection lives, and a reconnect may present it again, so it cannot expire by age; bounded
 * by count instead (issue 20: every token issued over a day was kept). A client holds one or two
 * at a time, so the oldest of a thousand is long out of use.
 */
export const USED_TOKENS_KEPT = 1000

/**
 * WebSockets tokens: valid 15 minutes until first use; once used, for as long as the connection
 * lives (we keep the last USED_TOKENS_KEPT used). Unused tokens past their 15 minutes are swept
 * whenever one is issued.
 */
export class TokenStore {
  /** in the order last used (unused ones in the order issued) */
  private readonly tokens = new Map<string, { account: string; expiresAt: number; used: boolean }>()
  private usedCount = 0
  constructor(
    private readonly now: () => number = Date.now,
    private readonly usedKept = USED_TOKENS_KEPT,
  ) {}

  issue(account: string, token: string): { token: string; expires: number } {
    this.sweep()
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
    if (!t.used) this.usedCount++
    t.used = true
    // most recently used last: the oldest used are the first dropped
    this.tokens.delete(token)
    this.tokens.set(token, t)
    if (this.usedCount > this.usedKept) this.sweep()
    return t.account
  }

  /** how many tokens are held (used or not yet expired) */
  get size(): number {
    return this.tokens.size
  }

  private sweep(): void {
    const now = this.now()
    for (const [k, t] of this.tokens) {
      if (t.used ? this.usedCount > this.usedKept : now > t.expiresAt) {
        this.tokens.delete(k)
        if (t.used) this.usedCount--
      }
    }
  }
}
