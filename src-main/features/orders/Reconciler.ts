import type { InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { EventRef, OrderTracker, TrackedOrder, VenueEvent } from '../../core/orders/OrderTracker'
import { isDerivativesSymbol } from '../../../src-domain/derivatives'
import type { OrderService } from './OrderService'
import type { VenueOrderView } from '../../core/orders/OrderGateway'

/** The reason shown for an order journaled before a crash that never reached the venue. */
export const NOT_SENT =
  'Not sent: the exchange never received this order (Trident stopped, or the link dropped, before it arrived)'

/** The queries a reconcile needs (Kraken's REST gateway answers them), in domain terms. */
export interface ReconcileQueries {
  openOrders(): Promise<{ txid: string; clOrdId?: string; view: VenueOrderView | null; trades?: string[] }[]>
  endedOrders(txids: string[], trades: boolean): Promise<{ txid: string; event?: VenueEvent }[]>
  findByClOrdId(clOrdId: string): Promise<string | null>
  tradesPage(ofs: number): Promise<{
    size: number
    fills: { txid: string; orderId: string; fill: VenueEvent & { kind: 'fill' } }[]
  }>
}

export interface ReconcileResult {
  adopted: number
  fills: number
  notSent: string[]
}

/**
 * After a reconnect or restart: ask the venue what is open, what happened to what we thought was
 * working, and which fills we missed. Everything goes through the order service (and so the
 * tracker and the journal), so nothing doubles: a fill counts once by its trade id.
 */
export class Reconciler {
  /**
   * trade txids each REST-adopted order listed: inside its filled quantity already. Kept while the
   * tracker keeps the order (issue 20: forgotten with it)
   */
  private readonly adoptedTrades = new Map<string, Set<string>>()

  constructor(
    private readonly d: {
      queries: ReconcileQueries
      orders: OrderService
      tracker: OrderTracker
      registry: () => InstrumentRegistry
      onNotice?: (text: string) => void
      now?: () => number
      /**
       * the newest trade ids the journal holds, the tracker's or not (orders folded into the
       * position base are no longer read at start): where the trade history is known from
       */
      knownTrades?: () => Iterable<string>
    },
  ) {
    d.tracker.onForget((o) => {
      if (o.venueOrderId !== undefined) this.adoptedTrades.delete(o.venueOrderId)
    })
  }

  /** How many adopted orders' trade lists are kept (for the bound's test). */
  get adoptedKept(): number {
    return this.adoptedTrades.size
  }

  private at(): number {
    return (this.d.now ?? Date.now)()
  }

  async reconcile(opts: { restored?: ReadonlySet<string> } = {}): Promise<ReconcileResult> {
    const { queries: q, orders, tracker } = this.d
    let adopted = 0
    const notSent: string[] = []
    const open = await q.openOrders()
    const openIds = new Set(open.map((o) => o.txid))
    for (const o of open) {
      const ref: EventRef = { orderId: o.txid, protocol: 'rest', at: this.at() }
      if (o.clOrdId !== undefined) ref.clOrdId = o.clOrdId
      if (!orders.known(ref)) {
        this.adopt(o)
        adopted++
      } else orders.apply(ref, { kind: 'accepted', orderId: o.txid })
    }
    // working orders REST no longer lists as open: how they ended (fills come below)
    // derivatives orders are the Unified WS snapshot's to settle (app/settleContracts): Kraken's
    // spot REST does not know their ids
    const spot = (): TrackedOrder[] => tracker.working().filter((o) => !isDerivativesSymbol(o.symbol))
    const stale = spot().filter((o) => !o.venueOrderId || !openIds.has(o.venueOrderId))
    const ids = stale.map((o) => o.venueOrderId).filter((x): x is string => !!x)
    if (ids.length)
      for (const r of await q.endedOrders(ids, true))
        if (r.event && r.event.kind !== 'filled') orders.apply(this.ref(r.txid), r.event)
    for (const o of stale.filter((x) => !x.venueOrderId)) {
      const txid = await q.findByClOrdId(o.clOrdId)
      const ref: EventRef = { clOrdId: o.clOrdId, protocol: 'rest', at: this.at() }
      if (txid) orders.apply(ref, { kind: 'accepted', orderId: txid })
      else if (
        o.state === 'pending-new' &&
        (opts.restored?.has(o.clOrdId) || (o.protocol !== 'fix' && orders.unanswered(o.clOrdId)))
      ) {
        // journaled, then Trident stopped; or sent on a link that dropped before Kraken answered,
        // and Kraken does not know it now that the link is back: the venue has never heard of it.
        // (FIX is left out: its session resends what it had sent once it is back.)
        orders.apply(ref, { kind: 'rejected', reason: NOT_SENT })
        notSent.push(o.clOrdId)
      }
    }
    const fills = await this.missedFills()
    // closed orders we thought working: their final state (after the fills above)
    const closedIds = spot()
      .map((o) => o.venueOrderId)
      .filter((x): x is string => !!x)
    if (closedIds.length)
      for (const r of await q.endedOrders(closedIds, false))
        if (r.event) orders.apply(this.ref(r.txid), r.event)
    return { adopted, fills, notSent }
  }

  /**
   * Fills since the last one we saw: page back through the venue's trade history (newest first)
   * until a page holds a fill we already know, or it runs out (bounded at 1000).
   */
  private async missedFills(): Promise<number> {
    const { queries: q, orders, tracker } = this.d
    let fills = 0
    const known = new Set(tracker.all().flatMap((o) => o.fills.map((f) => f.tradeId)))
    for (const id of this.d.knownTrades?.() ?? []) known.add(id)
    for (let ofs = 0; ofs < 1000; ofs += 50) {
      const page = await q.tradesPage(ofs)
      let reachedKnown = false
      for (const t of page.fills) {
        if (known.has(t.fill.tradeId)) reachedKnown = true
        if (!tracker.byOrderId(t.orderId)) continue
        const fill = this.adoptedTrades.get(t.orderId)?.has(t.txid)
          ? { ...t.fill, beforeAdoption: true }
          : t.fill
        if (orders.apply(this.ref(t.orderId), fill)) fills++
      }
      if (reachedKnown || page.size < 50) break
    }
    return fills
  }

  private adopt(o: { txid: string; clOrdId?: string; view: VenueOrderView | null; trades?: string[] }): void {
    if (!o.view || !this.d.registry().has(o.view.symbol)) {
      this.d.onNotice?.(`Kraken reports open order ${o.txid}, which Trident cannot read: not tracked`)
      return
    }
    if (o.trades) this.adoptedTrades.set(o.txid, new Set(o.trades))
    this.d.orders.adopt(o.view, o.txid, 'rest', o.clOrdId)
  }

  private ref(orderId: string): EventRef {
    return { orderId, protocol: 'rest', at: this.at() }
  }
}
