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
  /**
   * A target Kraken cannot hold beside the stop (spot: the stop already holds the base asset, or
   * the quote for a short): it rests in Trident and is sent when the touch reaches its price.
   * 'resting' waits in Trident; 'dropped' is no longer needed (the stop filled).
   */
  held?: 'resting' | 'dropped'
  /** what earlier orders of this leg filled (a held target sent again, a stop placed again) */
  priorFilled?: string
}

/**
 * A Trident-held target being sent (journaled at each step): 'freeing' — the stop is shrunk by the
 * target's quantity (or cancelled at 0) so the balance is free; 'sending' — the venue confirmed,
 * the target goes out IOC at its price. What it did not fill goes back on the stop.
 */
export interface HeldFiring {
  /** the target's n */
  target: number
  step: 'freeing' | 'sending'
  /** the stop's remaining quantity asked for while the target is out */
  stopRemaining: string
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
  /** a Trident-held target on its way out (absent otherwise) */
  firing?: HeldFiring
  createdAt: number
}

/**
 * The trader moved a leg at Kraken (dragged on the ladder, amended in the blotter): the bracket
 * takes the working order's prices as the leg's own, so the journal keeps them for a restart and
 * breakeven and trailing start from where the trader put the stop: a stop tightened by hand is
 * never moved back to breakeven behind it. True when something was taken.
 */
export function adoptLegPrices(l: BracketLeg, o: { limitPrice?: string; triggerPrice?: string }): boolean {
  let took = false
  if (l.triggerPrice !== undefined && o.triggerPrice !== undefined && o.triggerPrice !== l.triggerPrice) {
    l.triggerPrice = o.triggerPrice
    took = true
  }
  if (l.limitPrice !== undefined && o.limitPrice !== undefined && o.limitPrice !== l.limitPrice) {
    l.limitPrice = o.limitPrice
    took = true
  }
  return took
}
