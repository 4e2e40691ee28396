import type { MatchingEngine } from '../engine/MatchingEngine'
import type { ExecType, Fill, SimOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'
import type { SimRateLimits } from '../limits/RateLimits'
import type { KeyStore } from '../rest/auth'
import type { Field } from './fixCodec'
import type { FixSessionStore } from './FixSessionStore'

export interface SimFixDeps {
  engine: MatchingEngine
  keys: KeyStore
  limits: SimRateLimits
  instruments: Map<string, SimInstrument>
  store: FixSessionStore
  now?: () => number
}

/**
 * What one FIX connection needs of the acceptor that owns it (the acceptor implements it). A
 * connection knows its acceptor only through this, so the two files do not import each other;
 * `C` is the connection type kept per session.
 */
export interface FixVenue<C> {
  readonly deps: SimFixDeps
  readonly now: () => number
  /** the live connection of each session id */
  readonly active: Map<string, C>
  readonly bySymbol: Map<string, SimInstrument>
  /** FIX ClOrdID to report for an order's next ER (set by cancel/replace requests) */
  readonly reportClOrdId: Map<string, { clOrdId: string; origClOrdId?: string }>
  /** null when the Logon nonce (5025) is acceptable, else the words of the refusal */
  checkNonce(apiKey: string, nonceText: string | undefined): string | null
  executionReport(exec: ExecType | 'status', o: SimOrder, fill?: Fill): Field[] | null
}
