/** Where a profile trades: the words the profile store, the venue set-up and the contract share. */

/**
 * The built-in exchange needs no keys; the others keep theirs in the OS keychain. A replay
 * profile is the built-in exchange replaying a recording (practice on a real market, issue 19).
 */
export type ProfileKind = 'builtin' | 'kraken' | 'custom' | 'replay'

/** Kraken's fee/limit tiers, which set its rate counters. */
export type RateTier = 'starter' | 'intermediate' | 'pro'

export interface ProfileEndpoints {
  rest: string
  wsPublic: string
  wsPrivate: string
  wsL3?: string
  fix?: { host: string; port: number; senderCompId: string; targetCompId?: string }
}

/** What a replay profile replays: one recording (its files in time order), from where, how fast. */
export interface ReplaySpec {
  /** the recording's name as listed (its folder or file name) */
  recording: string
  /** its files, absolute paths, in time order */
  files: string[]
  /** ns since the epoch, decimal text; absent: the first frame */
  startNs?: string
  speed?: 1 | 2 | 10 | 'max'
}
