import { isTerminal, type OrderTracker, type TrackedOrder } from '../../core/orders/OrderTracker'
import { reduceOnlyExcess } from '../../core/risk/reduceOnly'
import { isDerivativesSymbol } from '../../../src-domain/derivatives'
import { cancelWords } from '../notices/cancelWords'
import type { NoticeBoard } from '../notices/NoticeBoard'
import type { PositionState } from '../../core/positions/PositionBook'
import type { Positions } from '../positions/Positions'
import type { OrdersViews } from './OrdersViews'
import { reduceOnlyWorking } from './preTrade'

export interface OrderOutcomesDeps {
  tracker: OrderTracker
  positions: Positions
  views: OrdersViews
  notices: Pick<NoticeBoard, 'notice'>
  publish: (topic: 'orders' | 'positions') => void
  /** the books main follows may have changed (a position opened or closed) */
  interestChanged: () => void
  /** cancel an order on the trader's behalf (reduce-only enforcement), or null before the venue is up */
  cancel: () => ((clOrdId: string) => Promise<void>) | null
  /** where asked-for cancels are noted before they leave (the session's order journal), or null */
  journal?: () => CancelNotes | null
}

/** Where the cancels Trident asked for are noted (the session's order journal). */
export interface CancelNotes {
  noteCancelsAsked(clOrdIds: readonly string[]): void
  clearCancelAsked(clOrdId: string): void
  /**
   * forgotten orders marked folded, with the position base that now holds their fills and those
   * fills' trade ids (`inBase`); one commit
   */
  foldOrders?(clOrdIds: readonly string[], base: PositionState[], tradesInBase?: readonly string[]): void
  /** whether a trade is in the position base already (its order folded) */
  inBase?(tradeId: string): boolean
}

export interface OrderWatcher {
  order(o: TrackedOrder, quiet: boolean): void
  /** a new order, journaled, before its bytes leave: claim it here if it is yours (brackets) */
  created?(o: TrackedOrder): void
  recovered(): void
}

/**
 * What became of the trader's orders, told once: every order change moves positions by its new
 * fills exactly once, says fills, venue rejects and cancels the trader did not ask for (with the
 * reason in words), and cancels reduce-only orders the position no longer allows.
 */
export class OrderOutcomes {
  /** orders whose end was already said (or restored from the journal, said in an earlier run) */
  private readonly told = new Set<string>()
  /** orders the trader (or main on their behalf: kill switch) asked to cancel */
  private readonly cancelAsked = new Set<string>()
  private readonly reduceOnlyCancelling = new Set<string>()
  /** features that act on order changes (brackets): told after positions and notices */
  private readonly watchers: OrderWatcher[] = []
  /** forgotten orders not yet marked folded in the journal (saved together, after the event) */
  private readonly folding: string[] = []
  /** and the trade ids their fills moved into the base */
  private readonly foldingTrades: string[] = []
  private foldScheduled = false
  private foldFailed = false

  constructor(private readonly d: OrderOutcomesDeps) {
    // what is kept per order lives as long as the tracker keeps the order: once it is forgotten no
    // event can reach it, so neither its end nor its fills can be said or counted again
    d.tracker.onForget((o) => {
      const { clOrdId } = o
      this.told.delete(clOrdId)
      this.cancelAsked.delete(clOrdId)
      this.reduceOnlyCancelling.delete(clOrdId)
      for (const t of d.positions.forget(o)) this.foldingTrades.push(t)
      this.folding.push(clOrdId)
      if (!this.foldScheduled) {
        this.foldScheduled = true
        setImmediate(() => this.saveFolds())
      }
    })
  }

  /**
   * The forgotten orders marked folded, with the base that holds their fills, in one commit: the
   * next start reads the base and only the orders not folded. Unsaved (a crash, a journal that
   * cannot be written), they stay unfolded and the next start reads them as before; tried again
   * with the next forgotten order.
   */
  saveFolds(): void {
    this.foldScheduled = false
    const journal = this.d.journal?.()
    if (!journal) return // no session yet: kept, never marked without its base
    if (!journal.foldOrders) {
      this.folding.length = this.foldingTrades.length = 0 // a journal that keeps no orders (none to fold)
      return
    }
    if (this.folding.length === 0) return
    try {
      // an order adopted again since it was forgotten (found working at the venue) is not marked
      // folded: it is read at the next start, its fills already in the base known by trade id
      const folded = this.folding.filter((id) => this.d.tracker.get(id) === undefined)
      journal.foldOrders(folded, this.d.positions.baseState(), this.foldingTrades)
      this.folding.length = this.foldingTrades.length = 0
      this.foldFailed = false
    } catch (e) {
      // kept for the next try: nothing is lost, a start reads these orders whole until then
      if (!this.foldFailed)
        this.d.notices.notice(
          'warn',
          `Could not save finished orders into the journal's position base (${(e as Error).message}); the next start reads them in full`,
        )
      this.foldFailed = true
    }
  }

  /** Be told every order change (quiet: read back from the journal) and when a restart's reconcile ended. */
  watch(w: OrderWatcher): void {
    this.watchers.push(w)
  }

  /** The trader (or Trident for them) asked to cancel these: their end is theirs, not news. */
  asked(...clOrdIds: string[]): void {
    for (const id of clOrdIds) this.cancelAsked.add(id)
    // on disk before the cancels leave: a restart after a crash knows them too. A journal that
    // cannot be written (disk full, closed) never holds a cancel back (the kill switch's above all)
    try {
      this.d.journal?.()?.noteCancelsAsked(clOrdIds)
    } catch (e) {
      this.d.notices.notice(
        'warn',
        `Could not note in the journal that Trident asked to cancel ${clOrdIds.length === 1 ? clOrdIds[0] : `${clOrdIds.length} orders`} (${(e as Error).message}); the cancel goes ahead`,
      )
    }
  }

  /** A cancel asked for was refused before it left: the order's end is news again. */
  notAsked(clOrdId: string): void {
    this.cancelAsked.delete(clOrdId)
    try {
      this.d.journal?.()?.clearCancelAsked(clOrdId)
    } catch {
      // the note stays: at worst a later cancel of this order from elsewhere goes unsaid
    }
  }

  /** A venue reject the place answered with: said, unless it was already. */
  sayRejected(o: TrackedOrder): void {
    if (this.told.has(o.clOrdId)) return
    this.told.add(o.clOrdId)
    this.d.notices.notice(
      'error',
      `${what(o)} rejected by Kraken: ${o.reason ?? 'no reason given'}`,
      'reject',
    )
  }

  /** A new order, journaled, before its bytes leave: only its claimants hear (onOrder follows the send). */
  onNew(o: TrackedOrder): void {
    for (const w of this.watchers) w.created?.(o)
  }

  /** Called for every order change: new fills move positions exactly once. */
  onOrder(o: TrackedOrder, quiet = false): void {
    const fresh = this.d.positions.applyFills(o)
    for (const f of fresh) {
      this.d.views.addFill(o, f)
      this.d.interestChanged()
      if (!quiet)
        this.d.notices.notice(
          'info',
          `Filled: ${o.side === 'buy' ? 'bought' : 'sold'} ${f.qty} ${o.symbol} at ${f.price} (order ${o.clOrdId}, ${f.protocol})`,
          'fill',
        )
      this.d.publish('positions')
    }
    // derivatives: Kraken holds reduce_only itself (sent on the order); spot: Trident does
    if (fresh.length && !quiet && !isDerivativesSymbol(o.symbol))
      this.enforceReduceOnly(o.symbol, o.qtyPrecision)
    if (isTerminal(o.state) && o.state !== 'filled' && !this.told.has(o.clOrdId)) {
      this.told.add(o.clOrdId)
      if (!quiet) this.sayEnd(o)
    }
    this.d.views.invalidate()
    this.d.publish('orders')
    for (const w of this.watchers) w.order(o, quiet)
  }

  /**
   * Orders read back from the journal after a restart: their fills count once, without fanfare;
   * the cancels Trident had asked for before it stopped stay its own (`cancelsAsked`).
   */
  onRestored(cancelsAsked: readonly string[] = []): void {
    for (const id of cancelsAsked) this.cancelAsked.add(id)
    const orders = this.d.tracker.all()
    for (const o of orders) this.onOrder(o, true)
    const fills = this.d.tracker.fillCount()
    this.d.notices.notice(
      'info',
      `Restored ${orders.length} orders and ${fills} fills from the journal; checking them with the exchange…`,
    )
  }

  /** What the reconcile after a restart found, in words. */
  onRecovered(r: { fills: number; adopted: number; notSent: string[] }): void {
    const parts = [`${r.fills} fill${r.fills === 1 ? '' : 's'} received while Trident was stopped`]
    if (r.adopted)
      parts.push(
        `${r.adopted} order${r.adopted === 1 ? '' : 's'} found at the exchange that the journal did not have`,
      )
    this.d.notices.notice('info', `Reconciled with the exchange: ${parts.join('; ')}`)
    if (r.notSent.length)
      this.d.notices.notice(
        'warn',
        `${r.notSent.length} order${r.notSent.length === 1 ? ' was' : 's were'} never sent (Trident stopped first): ${r.notSent.join(', ')}`,
      )
    for (const w of this.watchers) w.recovered()
  }

  /**
   * An order ended without filling: a venue reject, or a cancel the trader did not ask for, said
   * with its reason in words (a self-trade-prevention cancel showed only in History).
   */
  private sayEnd(o: TrackedOrder): void {
    if (o.state === 'rejected') {
      this.d.notices.notice(
        'error',
        `${what(o)} rejected by Kraken: ${o.reason ?? 'no reason given'}`,
        'reject',
      )
      return
    }
    if (this.cancelAsked.has(o.clOrdId)) return // the trader's own cancel: the blotter shows it
    const why = cancelWords(o.reason)
    if (!why) return // replaced by an amend: the order lives on under the new terms
    const filled = /[1-9]/.test(o.filledQty) ? ` after ${o.filledQty} filled` : ''
    const verb = o.state === 'expired' ? 'expired' : 'cancelled'
    this.d.notices.notice(why.level, `${what(o)} ${verb}${filled}: ${why.text}`, why.kind)
  }

  /** The position moved: working reduce-only orders that could now grow it are cancelled, and said. */
  private enforceReduceOnly(symbol: string, qtyPrecision: number): void {
    const net = this.d.positions.net(symbol)
    const excess = reduceOnlyExcess(net, reduceOnlyWorking(this.d.tracker, symbol), qtyPrecision)
    for (const clOrdId of excess) {
      if (this.reduceOnlyCancelling.has(clOrdId)) continue
      this.reduceOnlyCancelling.add(clOrdId)
      // said here, with the reason; the cancel coming back is not said twice
      this.asked(clOrdId)
      this.d.notices.notice(
        'warn',
        `Reduce-only ${clOrdId} cancelled: the ${symbol} position is now ${net}, and it could grow it`,
        'venue-cancel',
      )
      void this.d
        .cancel()?.(clOrdId)
        .catch((err: unknown) =>
          this.d.notices.notice(
            'error',
            `Could not cancel reduce-only ${clOrdId}: ${(err as Error).message}`,
          ),
        )
    }
  }
}

/** "Sell 0.01 BTC/USD @ 65000.0": an order as the trader typed it. */
function what(o: { side: string; qty: string; symbol: string; limitPrice?: string | undefined }): string {
  return `${o.side === 'buy' ? 'Buy' : 'Sell'} ${o.qty} ${o.symbol}${o.limitPrice ? ` @ ${o.limitPrice}` : ''}`
}
