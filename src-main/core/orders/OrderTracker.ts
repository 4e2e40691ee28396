import { fromUnits, toUnits } from '../../../src-domain/decimal'

import { TERMINAL_STATES, type OrderState, type Protocol } from '../../../src-domain/orders'

export type { OrderState, Protocol }

const TERMINAL = new Set<OrderState>(TERMINAL_STATES)

/**
 * Finished orders kept (issue 20: every order of a trading day was kept, so main grew all day).
 * The rule: an order is forgotten once this many orders have finished after it — the oldest
 * finished first, never a working one. Twice the blotter's history (OrdersViews, 2,000 rows), so
 * History shows what it did; and far more than can finish between a link dropping and the
 * reconcile after it (seconds), so a late fill or a REST reconcile still finds its order and its
 * fills, counted once by trade id. A report for a forgotten order finds no order and changes
 * nothing (the Reconciler skips trades of orders it does not know), so it is never counted twice.
 */
export const FINISHED_KEPT = 4000

/** units of the fills that add to the filled quantity (those within an adopted amount do not) */
function counted(fills: readonly TrackedFill[], precision: number): bigint {
  return fills.reduce((s, f) => (f.beforeAdoption ? s : s + BigInt(toUnits(f.qty, precision))), 0n)
}

/** Units of a venue's quantity text, or null when it is not one at this precision (then unused). */
function units(text: string, precision: number): bigint | null {
  try {
    return BigInt(toUnits(text, precision))
  } catch {
    return null
  }
}

/** Filled, cancelled, rejected or expired: nothing more will happen to the order. */
export function isTerminal(state: OrderState): boolean {
  return TERMINAL.has(state)
}

export interface OrderIntent {
  clOrdId: string
  symbol: string
  side: 'buy' | 'sell'
  type: string
  /** decimal text */
  qty: string
  limitPrice?: string
  triggerPrice?: string
  tif: string
  protocol: Protocol
  /** Trident keeps it from ever growing the position (see core/risk/reduceOnly) */
  reduceOnly?: boolean
  /** derivatives trigger orders: what the trigger watches (last or index) */
  triggerSignal?: 'last' | 'index'
  /** spot margin: the leverage the order borrows at ("2"…"5") */
  leverage?: string
  /** maker only (Kraken post_only / oflags=post / 18=6): kept so an adopted order still says so */
  postOnly?: boolean
  /** iceberg: the shown part (decimal text) */
  displayQty?: string
  /** FIX session the order was sent on (cancel scope) */
  fixSession?: string
  qtyPrecision: number
  pricePrecision: number
}

export interface TrackedFill {
  tradeId: string
  qty: string
  price: string
  /** the fee Kraken charged for this fill, exact decimal text as sent, in feeAsset */
  fee?: string
  feeAsset?: string
  /** part of the filled quantity the order was adopted with: listed, not counted again */
  beforeAdoption?: true
  at: number
  protocol: Protocol
}

export interface TrackedOrder extends OrderIntent {
  state: OrderState
  venueOrderId?: string
  filledQty: string
  /**
   * filled quantity the order was adopted with that no listed fill accounts for (decimal text):
   * later fills add to it, so an order found part-filled does not forget what filled before
   */
  adoptedQty?: string
  /** the venue's average fill price and cumulative cost (quote), exact text as last reported */
  avgPrice?: string
  cumCost?: string
  fills: TrackedFill[]
  reason?: string
  createdAt: number
  /** last create/amend time at the venue: the age Kraken's rate penalties use */
  lastChangedAt: number
  updatedAt: number
}

/** What a venue said about an order, in the app's words (each adapter translates its protocol). */
export type VenueEvent =
  | { kind: 'accepted'; orderId: string }
  | { kind: 'open'; orderId?: string }
  | {
      kind: 'fill'
      tradeId: string
      qty: string
      price: string
      fee?: string
      feeAsset?: string
      /** the venue's cumulative filled quantity after this fill, when it says */
      cumQty?: string
      avgPrice?: string
      cumCost?: string
      /** the fill is part of the quantity the order was adopted with */
      beforeAdoption?: boolean
    }
  | { kind: 'filled' }
  | { kind: 'cancelled'; reason?: string }
  | { kind: 'expired'; reason?: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'amended'; qty?: string; limitPrice?: string; triggerPrice?: string }

export interface EventRef {
  clOrdId?: string
  orderId?: string
  protocol: Protocol
  at: number
}

export type ApplyResult =
  { changed: true; order: TrackedOrder } | { changed: false; order?: TrackedOrder; why: string }

/**
 * One state machine per client order id, fed by whichever protocol reports. Fills count once by
 * trade id (WS, FIX and a REST reconcile may all report the same fill); state never moves back
 * from a terminal state, and an event that arrives late (WS may reorder) cannot undo a later one.
 * Pure: no I/O, time passed in.
 */
export class OrderTracker {
  private readonly orders = new Map<string, TrackedOrder>()
  private readonly byVenueId = new Map<string, string>()
  /** every venue id an order was known by (an amend may bring another), forgotten with it */
  private readonly venueIds = new Map<string, string[]>()
  /**
   * The working orders, kept as states change (in the order they were first tracked): the order
   * path reads them on every order, and filtering every order of the day per keypress grew with
   * the day's history (issue 20).
   */
  private readonly live = new Map<string, TrackedOrder>()
  private readonly workingBySymbol = new Map<string, number>()
  /** finished orders' ids in the order they finished: the oldest are forgotten (FINISHED_KEPT) */
  private readonly finished = new Set<string>()
  /** fills of the orders forgotten: fillCount() still says every fill of the session */
  private forgottenFills = 0
  private readonly forgetListeners: ((o: TrackedOrder) => void)[] = []
  private readonly keepers: ((clOrdId: string) => boolean)[] = []
  /** bumped by every call that may change an order: views built from the tracker key on it */
  version = 0

  constructor(private readonly finishedKept = FINISHED_KEPT) {}

  /**
   * Be told each order forgotten (FINISHED_KEPT): what is kept per order elsewhere (fills counted
   * into positions, ends already said) goes with it — no event can reach that order any more.
   */
  onForget(listener: (o: TrackedOrder) => void): void {
    this.forgetListeners.push(listener)
  }

  /**
   * Never forget a finished order while `needed` says something still reads it (a bracket still
   * working sizes its legs from their orders' fills: a forgotten leg would read as never sent and
   * be sent again after a restart). Such orders do not count against FINISHED_KEPT.
   */
  keepWhile(needed: (clOrdId: string) => boolean): void {
    this.keepers.push(needed)
  }

  submit(intent: OrderIntent, at: number): TrackedOrder {
    this.version++
    if (this.orders.has(intent.clOrdId))
      throw new Error(`client order id ${intent.clOrdId} is already in use`)
    const o: TrackedOrder = {
      ...intent,
      state: 'pending-new',
      filledQty: fromUnits('0', intent.qtyPrecision),
      fills: [],
      createdAt: at,
      lastChangedAt: at,
      updatedAt: at,
    }
    this.orders.set(intent.clOrdId, o)
    this.keepLive(o)
    return o
  }

  private keepLive(o: TrackedOrder): void {
    if (TERMINAL.has(o.state)) {
      if (this.live.delete(o.clOrdId)) this.countWorking(o.symbol, -1)
      this.finished.add(o.clOrdId)
    } else {
      if (!this.live.has(o.clOrdId)) this.countWorking(o.symbol, 1)
      this.live.set(o.clOrdId, o)
      this.finished.delete(o.clOrdId)
    }
  }

  private countWorking(symbol: string, by: 1 | -1): void {
    const n = (this.workingBySymbol.get(symbol) ?? 0) + by
    if (n === 0) this.workingBySymbol.delete(symbol)
    else this.workingBySymbol.set(symbol, n)
  }

  /**
   * Working orders in one instrument, counted as they start and end: an order's risk check asks
   * it on the order path, where copying the working set (`working()`) cost ~40 µs an order at a
   * trader's pace and grew with every working order (issue 20).
   */
  workingCount(symbol: string): number {
    return this.workingBySymbol.get(symbol) ?? 0
  }

  /**
   * Forget the oldest finished orders beyond the bound. Called after an event, never from adopt:
   * a journal restore adopts the whole journal, then has every order's fills counted
   * (OrderOutcomes.onRestored) before the next event may forget any.
   */
  private prune(current?: string): void {
    let kept = 0
    for (const id of this.finished) {
      if (this.finished.size - kept <= this.finishedKept) return
      // never the order this event changed: its change is still to be told (a late fill to be
      // counted before the order goes); it goes with a later event
      if (id === current || this.keepers.some((needed) => needed(id))) {
        kept++
        continue
      }
      this.finished.delete(id)
      const o = this.orders.get(id)
      if (!o) continue
      this.orders.delete(id)
      this.forgottenFills += o.fills.length
      for (const v of this.venueIds.get(id) ?? []) if (this.byVenueId.get(v) === id) this.byVenueId.delete(v)
      this.venueIds.delete(id)
      for (const l of this.forgetListeners) l(o)
    }
  }

  private link(venueId: string, clOrdId: string): void {
    if (this.byVenueId.get(venueId) === clOrdId) return
    this.byVenueId.set(venueId, clOrdId)
    const ids = this.venueIds.get(clOrdId)
    if (ids) ids.push(venueId)
    else this.venueIds.set(clOrdId, [venueId])
  }

  get(clOrdId: string): TrackedOrder | undefined {
    return this.orders.get(clOrdId)
  }

  byOrderId(orderId: string): TrackedOrder | undefined {
    const cl = this.byVenueId.get(orderId)
    return cl ? this.orders.get(cl) : undefined
  }

  all(): TrackedOrder[] {
    return [...this.orders.values()]
  }

  /** How many fills the session's orders hold, forgotten ones included (each counted once, by trade id). */
  fillCount(): number {
    let n = this.forgottenFills
    for (const o of this.orders.values()) n += o.fills.length
    return n
  }

  working(): TrackedOrder[] {
    return [...this.live.values()]
  }

  /**
   * Adopt an order we did not place in this session: found at the venue (reconcile), or read back
   * from the journal after a restart (with its stored fills).
   */
  adopt(
    o: Omit<TrackedOrder, 'fills' | 'filledQty'> & { filledQty?: string; fills?: TrackedFill[] },
  ): TrackedOrder {
    this.version++
    const fills = o.fills ? [...o.fills] : []
    const filled = units(o.filledQty ?? '0', o.qtyPrecision)
    // what the adopted filled quantity holds beyond the listed fills (a journal restore lists them all)
    const beyond = filled === null ? 0n : filled - counted(fills, o.qtyPrecision)
    const t: TrackedOrder = {
      ...o,
      fills,
      // a quantity finer than the pair's precision is kept as the venue wrote it
      filledQty: filled === null ? o.filledQty! : fromUnits(filled.toString(), o.qtyPrecision),
    }
    if (o.adoptedQty === undefined) {
      if (beyond > 0n) t.adoptedQty = fromUnits(beyond.toString(), o.qtyPrecision)
      else delete t.adoptedQty
    }
    this.orders.set(t.clOrdId, t)
    this.keepLive(t)
    if (t.venueOrderId) this.link(t.venueOrderId, t.clOrdId)
    return t
  }

  apply(ref: EventRef, e: VenueEvent): ApplyResult {
    this.version++
    const o =
      (ref.clOrdId ? this.orders.get(ref.clOrdId) : undefined) ??
      (ref.orderId ? this.byOrderId(ref.orderId) : undefined)
    if (!o) return { changed: false, why: `no order for ${ref.clOrdId ?? ref.orderId}` }
    if (ref.orderId && !o.venueOrderId) {
      o.venueOrderId = ref.orderId
      this.link(ref.orderId, o.clOrdId)
    }
    const before = visible(o)
    const terminal = TERMINAL.has(o.state)
    switch (e.kind) {
      case 'accepted':
        o.venueOrderId ??= e.orderId
        this.link(e.orderId, o.clOrdId)
        if (o.state === 'pending-new') o.state = 'open'
        break
      case 'open':
        if (o.state === 'pending-new') o.state = 'open'
        break
      case 'fill': {
        if (o.fills.some((f) => f.tradeId === e.tradeId))
          return { changed: false, order: o, why: `fill ${e.tradeId} already counted` }
        const f: TrackedFill = {
          tradeId: e.tradeId,
          qty: e.qty,
          price: e.price,
          at: ref.at,
          protocol: ref.protocol,
        }
        if (e.fee !== undefined) f.fee = e.fee
        if (e.feeAsset !== undefined) f.feeAsset = e.feeAsset
        // only an order adopted with a filled quantity can have fills inside that quantity
        if (e.beforeAdoption && o.adoptedQty !== undefined) f.beforeAdoption = true
        o.fills.push(f)
        if (e.avgPrice !== undefined) o.avgPrice = e.avgPrice
        if (e.cumCost !== undefined) o.cumCost = e.cumCost
        let cum = BigInt(toUnits(o.adoptedQty ?? '0', o.qtyPrecision)) + counted(o.fills, o.qtyPrecision)
        // the venue's own running total is right when a fill in between never reached us
        const venue = e.cumQty === undefined ? null : units(e.cumQty, o.qtyPrecision)
        if (venue !== null && venue > cum) cum = venue
        o.filledQty = fromUnits(cum.toString(), o.qtyPrecision)
        const total = BigInt(toUnits(o.qty, o.qtyPrecision))
        // a fill is real even if the cancel overtook it; completing the order makes it filled
        if (cum >= total) o.state = 'filled'
        else if (!terminal) o.state = 'partially-filled'
        break
      }
      case 'filled':
        o.state = 'filled'
        break
      case 'cancelled':
      case 'expired':
      case 'rejected':
        if (!terminal) {
          o.state = e.kind === 'cancelled' ? 'cancelled' : e.kind
          if (e.reason) o.reason = e.reason
        }
        break
      case 'amended':
        if (terminal) break
        if (e.qty !== undefined) o.qty = e.qty
        if (e.limitPrice !== undefined) o.limitPrice = e.limitPrice
        if (e.triggerPrice !== undefined) o.triggerPrice = e.triggerPrice
        o.lastChangedAt = ref.at
        break
    }
    this.keepLive(o)
    this.prune(o.clOrdId)
    const changed = visible(o) !== before
    if (changed) o.updatedAt = ref.at
    return changed
      ? { changed: true, order: o }
      : { changed: false, order: o, why: `${e.kind} changes nothing in state ${o.state}` }
  }
}

/** What of an order a trader sees change: an event that moves none of it changes nothing. */
function visible(o: TrackedOrder): string {
  // the trigger too: a stop dragged on the ladder changes only its trigger, and must be seen to move
  return JSON.stringify([
    o.state,
    o.filledQty,
    o.fills.length,
    o.venueOrderId,
    o.qty,
    o.limitPrice,
    o.triggerPrice,
    o.reason,
  ])
}
