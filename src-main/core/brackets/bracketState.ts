import type { Side } from '../../../src-domain/orders'
import type { PlannedLeg } from './bracketPlan'
import type { ExitTemplate } from './exitTemplate'

/**
 * A bracket's state as journaled (before every send) and rebuilt at restart: the entry placed
 * with a template, and one bracket per protected fill with its legs by client order id. Leg
 * quantities and prices are what Trident last asked the venue for; what the venue did with
 * them (fills, state) is the order tracker's.
 */

/** An entry order placed with an exit template (the template copied: a later edit does not touch it). */
export interface BracketEntry {
  entryClOrdId: string
  symbol: string
  side: Side
  template: ExitTemplate
  /** the entry's trade ids that already have a bracket */
  covered: string[]
  createdAt: number
}

export interface BracketLeg extends PlannedLeg {
  role: 'target' | 'stop'
  /** 1.. for targets, 0 for the stop */
  n: number
  /** absent until the order service minted it (set, and journaled, before the bytes leave) */
  clOrdId?: string
  /** good till (ms since epoch), from the template's time limit */
  expireAt?: number
}

export type BracketPhase = 'working' | 'done'

export interface Bracket {
  id: string
  entryClOrdId: string
  symbol: string
  entrySide: Side
  /** the fills it protects (usually one; fills below the venue minimum are grouped) */
  tradeIds: string[]
  qty: string
  entryPrice: string
  template: ExitTemplate
  targets: BracketLeg[]
  stop: BracketLeg
  phase: BracketPhase
  createdAt: number
}
