/** Where a profile trades: the words the profile store, the venue set-up and the contract share. */

/** The built-in exchange needs no keys; the others keep theirs in the OS keychain. */
export type ProfileKind = 'builtin' | 'kraken' | 'custom'

/** Kraken's fee/limit tiers, which set its rate counters. */
export type RateTier = 'starter' | 'intermediate' | 'pro'

export interface ProfileEndpoints {
  rest: string
  wsPublic: string
  wsPrivate: string
  wsL3?: string
  fix?: { host: string; port: number; senderCompId: string; targetCompId?: string }
}
