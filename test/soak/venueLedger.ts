import type { MatchingEngine } from '../../src-main/sim/engine/MatchingEngine'
import type { Fill, SimOrder } from '../../src-main/sim/engine/types'

/** What the exchange did to one of the trader's orders when an amend landed. */
export interface VenueAmend {
  clOrdId: string
  /** exchange time */
  at: number
  qty: [bigint, bigint]
  trigger: [number | undefined, number | undefined]
}

/**
 * The exchange's own record of the trader's account, kept from the engine's events as they
 * happen: the engine prunes its oldest closed orders and keeps a bounded fill log, and an amend
 * leaves no trace on the order but its new values, so a soak keeps its own copy of the ground
 * truth (orders by client order id, every fill with its exchange time, every amend's before/after).
 */
export class VenueLedger {
  /** order id -> the engine's order (a live reference: its status and fills are current) */
  readonly orders = new Map<string, SimOrder>()
  readonly byClOrdId = new Map<string, SimOrder[]>()
  readonly fills: Fill[] = []
  readonly amends: VenueAmend[] = []
  private readonly last = new Map<string, { qty: bigint; trigger: number | undefined }>()
  private readonly fillSeen = new Set<string>()

  constructor(engine: MatchingEngine, account = 'trader') {
    engine.onEvents((events) => {
      for (const e of events) {
        if (e.kind !== 'order' || e.order.account !== account) continue
        const o = e.order
        if (!this.orders.has(o.id)) {
          this.orders.set(o.id, o)
          if (o.clOrdId) this.byClOrdId.set(o.clOrdId, [...(this.byClOrdId.get(o.clOrdId) ?? []), o])
        }
        const before = this.last.get(o.id)
        if (e.exec === 'amended' && before && o.clOrdId)
          this.amends.push({
            clOrdId: o.clOrdId,
            at: o.lastChangedAt,
            qty: [before.qty, o.qty],
            trigger: [before.trigger, o.triggerPrice],
          })
        this.last.set(o.id, { qty: o.qty, trigger: o.triggerPrice })
        if (e.fill) {
          const k = `${e.fill.orderId}:${e.fill.tradeId}`
          if (!this.fillSeen.has(k)) {
            this.fillSeen.add(k)
            this.fills.push(e.fill)
          }
        }
      }
    })
  }

  /** The exchange's order for a client order id (the first, if it was ever doubled). */
  order(clOrdId: string | undefined): SimOrder | undefined {
    return clOrdId ? this.byClOrdId.get(clOrdId)?.[0] : undefined
  }

  fillsOf(orderId: string): Fill[] {
    return this.fills.filter((f) => f.orderId === orderId)
  }
}

/** The app's trade id for an exchange fill (what the gateways put on a tracked order's fills). */
export const appTradeId = (f: Fill): string => `${f.symbol}:${f.tradeSeq}`
