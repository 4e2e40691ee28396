/**
 * Practice mode: the replay clock of a replay profile (issue 19): this feature's part of the contract, kept in its own file so
 * the feature's commands and topics are declared in one place; `contract.ts` spreads them into
 * the one channel map.
 */
import { z } from 'zod'

const speed = z.union([z.literal(1), z.literal(2), z.literal(10), z.literal('max')])

export const replayCommandSchemas = {
  /** Pause, resume, change speed or seek the replay clock (refused in words on a non-replay profile). */
  'replay.control': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('pause') }).strict(),
    z.object({ kind: z.literal('resume') }).strict(),
    z.object({ kind: z.literal('speed'), speed }).strict(),
    z
      .object({
        kind: z.literal('seek'),
        ns: z.string().regex(/^\d{1,20}$/, 'seek: nanoseconds since 1970, digits only'),
      })
      .strict(),
  ]),
} as const

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

export interface ReplayCommandResults {
  'replay.control': ReplayView
}

export const replayTopicSchemas = {
  /** The replay clock, speed, gaps and the session result (or "not a replay"). */
  replay: z.object({}).strict(),
} as const

export interface ReplayTopicMessages {
  replay: ReplayView
}
