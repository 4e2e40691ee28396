/**
 * Practice mode: the replay clock of a replay profile (issue 19): this feature's part of the contract, kept in its own file so
 * the feature's commands and topics are declared in one place; `contract.ts` spreads them into
 * the one channel map.
 */

/** The practice session's result in one quote currency: exact signed decimal text. */
export interface ReplayQuoteResult {
  quote: string
  realised: string
  unrealised: string
  /** fees paid in this currency */
  fees: string
  /** realised + unrealised - fees */
  pnl: string
  /** largest fall of that equity from its highest point in the session (0 or more) */
  maxDrawdown: string
}

export type ReplayView =
  | { replay: false; detail: string }
  | {
      replay: true
      recording: string
      symbols: string[]
      firstNs: string
      lastNs: string
      /** the replay clock: receive time of the last frame applied (ns since 1970, text) */
      clockNs: string
      /** the same, ISO 8601 UTC to the millisecond */
      clockIso: string
      speed: 1 | 2 | 10 | 'max'
      paused: boolean
      ended: boolean
      /** how far the clock is through the recording, 0 to 1 */
      progress: number
      framesApplied: number
      /** where the recording could not be trusted, in words ("14:03:07.120 UTC BTC/USD: book checksum mismatch …") */
      gaps: string[]
      fills: number
      result: ReplayQuoteResult[]
    }

export const replayCommandSchemas = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReplayCommandResults {}

export const replayTopicSchemas = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReplayTopicMessages {}
