/**
 * The replay's face to the rest of the app (issue 19): what a replay profile asks the built-in
 * exchange for, and what the exchange says back about its replay clock. Fixed first so the
 * exchange's replay and the app's practice mode can be built side by side; times are decimal
 * nanosecond text (as in the recording format) so no double rounds them.
 */

/** 'max' = as fast as the exchange can apply frames */
export type ReplaySpeed = 1 | 2 | 10 | 'max'

export interface ReplayOptions {
  /** recording file(s) of one session, in time order (a rotated recording has several) */
  files: string[]
  speed?: ReplaySpeed
  /** start the market here (ns since epoch, decimal text); default: the first book snapshot (before it a recording has no book to show), else the first frame */
  startNs?: string
  /** start paused (the clock waits for a resume) */
  paused?: boolean
}

/** Where a recording cannot be trusted: the replay goes on from the next snapshot and says so. */
export interface ReplayGap {
  /** receive time of the frame where it was found */
  atNs: string
  symbol: string
  /** in words, e.g. "book checksum mismatch: expected 123, computed 456" */
  what: string
}

export interface ReplayStatus {
  files: string[]
  symbols: string[]
  firstNs: string
  lastNs: string
  /** the replay clock: receive time of the last frame applied */
  clockNs: string
  speed: ReplaySpeed
  paused: boolean
  ended: boolean
  framesApplied: number
  gaps: ReplayGap[]
  /** recorded symbols that cannot be replayed, each with why (e.g. no instrument frame) */
  refused?: string[]
}

export type ReplayCommand =
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'speed'; speed: ReplaySpeed }
  /** jump to this receive time (ns text); the books are rebuilt from the snapshot before it */
  | { kind: 'seek'; ns: string }
