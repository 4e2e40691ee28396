import type { Instrument, InstrumentRegistry } from '../core/instruments/InstrumentRegistry'
import { OrderRefused, validatePlace, type PlaceRequest } from '../core/orders/PlaceRequest'
import type { OrderRouter, Route, RouteContext } from '../core/orders/OrderRouter'
import {
  isTerminal,
  type EventRef,
  type OrderState,
  type OrderTracker,
  type Protocol,
  type TrackedOrder,
  type VenueEvent,
} from '../core/orders/OrderTracker'
import type { RateGovernor, TradingAction } from '../core/risk/RateGovernor'
import type { DecodedFix } from './fix/fixFields'
import type { KrakenFixClient } from './fix/KrakenFixClient'
import type { KrakenRestClient } from './rest/KrakenRestClient'
import type { KrakenWsPrivateClient } from './ws/KrakenWsPrivateClient'
import {
  addOrderParams,
  amendOrderParams,
  cancelAllAfterParams,
  cancelOrderParams,
  type Params,
} from './ws/wsv2Requests'

type Json = Record<string, unknown>

export interface ExecutionClientOptions {
  registry: InstrumentRegistry
  rest: KrakenRestClient
  ws: KrakenWsPrivateClient | null
  fix: KrakenFixClient | null
  tracker: OrderTracker
  router: OrderRouter
  governor: RateGovernor
  now?: () => number
  onOrder?: (o: TrackedOrder) => void
  /** every venue event as translated, and whether it changed the order (the journal) */
  onEvent?: (ref: EventRef, e: VenueEvent, changed: boolean) => void
  /**
   * FIX can take orders: logged on and the venue's FIX symbols known (InstrumentList, 35=y).
   * Before that an order would carry the WS name and Kraken would refuse it as an unknown pair.
   */
  fixReady?: () => boolean
  /** fault injection for crash tests: called at 'before-send' and 'after-fill' */
  crashPoint?: (point: string) => void
  /** something the trader must hear about that is not an order state (a refused cancel, a routing note) */
  onNotice?: (text: string) => void
  log?: (line: string) => void
}

/** The reason shown for an order journaled before a crash that never reached the venue. */
export const NOT_SENT = 'Not sent: Trident stopped before the exchange received this order'

/** Reconcile is background work: it waits for room on Kraken's REST counter instead of failing. */
const QUEUE = { queue: true }

/**
 * The execution client for Kraken (cf. NautilusTrader's adapters/kraken/execution): takes the
 * app's order requests, routes them (WS, FIX or REST), keeps Kraken's rate limits, and turns
 * every protocol's reports into the app's order events. Fills are keyed by the venue's per-pair
 * trade sequence, so a fill reported over WS, FIX and REST counts once.
 */
export class KrakenExecutionClient {
  private seq = 0
  /** FIX cancel/replace ClOrdID -> the order's client id */
  private readonly fixRequests = new Map<string, string>()
  /** orders adopted from a WS executions snapshot: that snapshot's trades of them are inside cum_qty */
  private readonly snapshotAdopted = new Set<string>()
  /** trade txids each REST-adopted order listed (trades=true): inside its vol_exec */
  private readonly adoptedTrades = new Map<string, Set<string>>()
  private readonly now: () => number

  constructor(private readonly o: ExecutionClientOptions) {
    this.now = o.now ?? Date.now
  }

  /** New reference data (e.g. FIX symbols from InstrumentList) replaces the old. */
  setRegistry(registry: InstrumentRegistry): void {
    this.o.registry = registry
  }

  /** 18 digits, increasing: valid as Kraken cl_ord_id on REST/WS and as a FIX ClOrdID. */
  newClOrdId(): string {
    const ms = BigInt(this.now())
    const id = ms * 100_000n + BigInt(this.seq++ % 100_000)
    return id.toString().padStart(18, '0').slice(-18)
  }

  context(): RouteContext {
    return {
      links: {
        rest: true,
        ws: this.o.ws?.state === 'online',
        fix: this.o.fix?.state === 'online' && (this.o.fixReady?.() ?? true),
      },
      fixSession: this.o.fix?.state === 'online' ? this.o.fix.sessionId : null,
    }
  }

  private route(r: Route): Protocol {
    if ('refused' in r) throw new OrderRefused(r.refused)
    if (r.note) this.o.onNotice?.(r.note)
    return r.protocol
  }

  private govern(symbol: string, a: TradingAction): void {
    const d = this.o.governor.tryTrading(symbol, a)
    if (!d.ok) throw new OrderRefused(d.reason)
  }

  private emit(ref: EventRef, e: VenueEvent): boolean {
    const r = this.o.tracker.apply(ref, e)
    this.o.onEvent?.(ref, e, r.changed)
    if (r.changed) this.o.onOrder?.(r.order)
    if (e.kind === 'fill' && r.changed) this.o.crashPoint?.('after-fill')
    return r.changed
  }

  // ------------------------------------------------------------------ actions

  async place(req: PlaceRequest): Promise<TrackedOrder> {
    const inst = this.instrument(req.symbol)
    validatePlace(req, inst)
    const protocol = this.route(this.o.router.place(this.context(), req.protocol, { tif: req.tif }))
    this.govern(inst.id, { kind: 'add' })
    const clOrdId = this.newClOrdId()
    const intent: Parameters<OrderTracker['submit']>[0] = {
      clOrdId,
      symbol: inst.id,
      side: req.side,
      type: req.type,
      qty: req.qty,
      tif: req.tif,
      protocol,
      qtyPrecision: inst.qtyPrecision,
      pricePrecision: inst.pricePrecision,
    }
    if (req.limitPrice !== undefined) intent.limitPrice = req.limitPrice
    if (req.triggerPrice !== undefined) intent.triggerPrice = req.triggerPrice
    if (protocol === 'fix') intent.fixSession = this.o.fix!.sessionId
    if (req.reduceOnly) intent.reduceOnly = true
    if (req.postOnly) intent.postOnly = true
    if (req.displayQty !== undefined) intent.displayQty = req.displayQty
    const order = this.o.tracker.submit(intent, this.now()) // journaled before it is sent
    this.o.onOrder?.(order)
    this.o.crashPoint?.('before-send')
    const ref: EventRef = { clOrdId, protocol, at: this.now() }
    try {
      if (protocol === 'ws') {
        const r = await this.o.ws!.request('add_order', this.wsOrder(req, inst, clOrdId))
        this.emit(ref, { kind: 'accepted', orderId: String((r.result as Json).order_id) })
      } else if (protocol === 'fix') {
        const f: Parameters<KrakenFixClient['newOrder']>[0] = {
          clOrdId,
          symbol: inst.fixSymbol,
          side: req.side,
          type: req.type,
          qty: req.qty,
          tif: req.tif,
        }
        if (req.limitPrice !== undefined) f.limitPrice = req.limitPrice
        if (req.triggerPrice !== undefined) f.triggerPrice = req.triggerPrice
        if (req.displayQty !== undefined) f.displayQty = req.displayQty
        if (req.expireAt !== undefined) f.expireAt = req.expireAt
        if (req.postOnly) f.postOnly = true
        this.o.fix!.newOrder(f)
      } else {
        const r = await this.o.rest.addOrder({ ...this.restOrder(req, inst), cl_ord_id: clOrdId })
        this.emit(ref, { kind: 'accepted', orderId: r.txid })
      }
    } catch (e) {
      const msg = (e as Error).message
      if (/outcome unknown|no answer/.test(msg)) {
        // never resend blindly: reconcile will find it (or not) by its client order id
        this.o.onNotice?.(`${clOrdId}: ${msg}`)
      } else {
        this.emit(ref, { kind: 'rejected', reason: msg.replace(/^\w+: /, '') })
      }
    }
    return this.o.tracker.get(clOrdId)!
  }

  async amend(
    clOrdId: string,
    changes: { qty?: string; limitPrice?: string; triggerPrice?: string },
    override?: Protocol,
  ): Promise<void> {
    const order = this.working(clOrdId)
    const inst = this.instrument(order.symbol)
    const protocol = this.route(this.o.router.modify('amend', order, this.context(), override))
    this.govern(inst.id, { kind: 'amend', ageMs: this.now() - order.lastChangedAt })
    if (protocol === 'ws') {
      await this.o.ws!.request(
        'amend_order',
        amendOrderParams(order.venueOrderId ? { orderId: order.venueOrderId } : { clOrdId }, changes),
      )
    } else if (protocol === 'fix') {
      const id = this.newClOrdId()
      this.fixRequests.set(id, clOrdId)
      const r: Parameters<KrakenFixClient['replace']>[0] = {
        clOrdId: id,
        origClOrdId: clOrdId,
        symbol: inst.fixSymbol,
        side: order.side,
        type: order.type as Parameters<KrakenFixClient['replace']>[0]['type'],
        qty: changes.qty ?? order.qty,
      }
      if (order.venueOrderId) r.orderId = order.venueOrderId
      const lp = changes.limitPrice ?? order.limitPrice
      const tp = changes.triggerPrice ?? order.triggerPrice
      if (lp !== undefined) r.limitPrice = lp
      if (tp !== undefined) r.triggerPrice = tp
      this.o.fix!.replace(r)
    } else {
      const p = {
        ...(order.venueOrderId ? { txid: order.venueOrderId } : { cl_ord_id: clOrdId }),
        ...amendFields(changes),
      }
      await this.o.rest.private('AmendOrder', p)
      this.emit({ clOrdId, protocol: 'rest', at: this.now() }, { kind: 'amended', ...changes })
    }
  }

  async cancel(clOrdId: string, override?: Protocol): Promise<void> {
    const order = this.working(clOrdId)
    const protocol = this.route(this.o.router.modify('cancel', order, this.context(), override))
    this.govern(order.symbol, { kind: 'cancel', ageMs: this.now() - order.lastChangedAt })
    if (protocol === 'ws') {
      await this.o.ws!.request(
        'cancel_order',
        cancelOrderParams([order.venueOrderId ? { orderId: order.venueOrderId } : { clOrdId }]),
      )
    } else if (protocol === 'fix') {
      const id = this.newClOrdId()
      this.fixRequests.set(id, clOrdId)
      const c: Parameters<KrakenFixClient['cancel']>[0] = {
        clOrdId: id,
        origClOrdId: clOrdId,
        symbol: this.instrument(order.symbol).fixSymbol,
        side: order.side,
      }
      if (order.venueOrderId) c.orderId = order.venueOrderId
      this.o.fix!.cancel(c)
    } else {
      await this.o.rest.private(
        'CancelOrder',
        order.venueOrderId ? { txid: order.venueOrderId } : { cl_ord_id: clOrdId },
      )
      this.emit(
        { clOrdId, protocol: 'rest', at: this.now() },
        { kind: 'cancelled', reason: 'User requested' },
      )
    }
  }

  /**
   * Kraken's dead-man switch: every order of the account is cancelled `seconds` from now unless
   * this is called again first (0 disarms). Returns when it would fire (ms since epoch, 0 = off).
   */
  async cancelAllAfter(seconds: number): Promise<number> {
    const r =
      this.context().links.ws && this.o.ws
        ? ((await this.o.ws.request('cancel_all_orders_after', cancelAllAfterParams(seconds))).result as Json)
        : await this.o.rest.private<Json>('CancelAllOrdersAfter', { timeout: String(seconds) })
    const t = Date.parse(String(r.triggerTime))
    return Number.isFinite(t) ? t : 0
  }

  /** Kill switch: cancel everything on every protocol that is up; returns what each said. */
  async cancelEverything(): Promise<string[]> {
    const said: string[] = []
    for (const p of this.o.router.cancelEverything(this.context())) {
      try {
        if (p === 'ws')
          said.push(
            `WebSocket: ${String(((await this.o.ws!.request('cancel_all', {})).result as Json).count)} cancelled`,
          )
        else if (p === 'fix') {
          this.o.fix!.massCancel(this.newClOrdId(), { kind: 'all' })
          said.push('FIX: mass cancel sent')
        } else
          said.push(
            `REST: ${String((await this.o.rest.private<{ count: string }>('CancelAll')).count)} cancelled`,
          )
      } catch (e) {
        said.push(`${p}: ${(e as Error).message}`)
      }
    }
    return said
  }

  // ------------------------------------------------------------------ reports

  handleWsExecution(e: Json, snapshot: boolean): void {
    const ref: EventRef = { protocol: 'ws', at: this.now() }
    if (typeof e.cl_ord_id === 'string') ref.clOrdId = e.cl_ord_id
    if (typeof e.order_id === 'string') ref.orderId = e.order_id
    // A snapshot's order entries (open orders; Kraken sends order_qty and cum_qty on them) adopt
    // an order we do not know whatever their exec_type; its trade-only entries (snap_trades:
    // no order_qty) of an unknown order have nothing to adopt from.
    if (snapshot && !this.known(ref)) {
      if (e.order_qty !== undefined) this.adoptWs(e)
      return
    }
    const symbol =
      typeof e.symbol === 'string' && this.o.registry.has(e.symbol)
        ? this.o.registry.resolve(e.symbol).id
        : undefined
    switch (e.exec_type) {
      case 'pending_new':
        if (ref.orderId) this.emit(ref, { kind: 'accepted', orderId: ref.orderId })
        return
      case 'new':
        this.emit(ref, { kind: 'open' })
        return
      case 'trade':
        if (symbol && e.trade_id !== undefined) {
          const f: VenueEvent & { kind: 'fill' } = {
            kind: 'fill',
            tradeId: `${symbol}:${String(e.trade_id)}`,
            qty: String(e.last_qty),
            price: String(e.last_price),
            ...wsFee(e),
          }
          if (e.cum_qty !== undefined) f.cumQty = String(e.cum_qty)
          if (e.avg_price !== undefined) f.avgPrice = String(e.avg_price)
          if (e.cum_cost !== undefined) f.cumCost = String(e.cum_cost)
          // a snapshot's trade of an order adopted from a snapshot is inside its cum_qty
          if (snapshot && ref.orderId && this.snapshotAdopted.has(ref.orderId)) f.beforeAdoption = true
          this.emit(ref, f)
        } else if (snapshot && e.order_qty !== undefined) {
          // an open order's entry in the snapshot (no trade of its own): its cum_qty and averages
          this.emit(ref, { kind: 'open' })
        }
        if (e.order_status === 'filled' && !snapshot) this.emit(ref, { kind: 'filled' })
        return
      case 'filled':
        this.emit(ref, { kind: 'filled' })
        return
      case 'canceled':
        this.emit(ref, { kind: 'cancelled', reason: String(e.cancel_reason ?? e.reason ?? 'cancelled') })
        return
      case 'expired':
        this.emit(ref, { kind: 'expired', reason: String(e.cancel_reason ?? 'expired') })
        return
      case 'amended': {
        const a: VenueEvent = { kind: 'amended' }
        if (e.order_qty !== undefined) a.qty = String(e.order_qty)
        if (e.limit_price !== undefined) a.limitPrice = String(e.limit_price)
        this.emit(ref, a)
        return
      }
    }
  }

  handleFixMessage(m: DecodedFix): void {
    if (m.type === 'j' || m.type === '3') {
      const ref = m.get(379) ?? ''
      const forOrder = this.fixRequests.get(ref)
      if (m.get(372) === 'D' && this.o.tracker.get(ref)) {
        this.emit(
          { clOrdId: ref, protocol: 'fix', at: this.now() },
          { kind: 'rejected', reason: stripTs(m.get(58) ?? 'rejected') },
        )
      } else {
        this.o.onNotice?.(
          `FIX refused ${m.get(372) === 'F' ? 'a cancel' : m.get(372) === 'G' ? 'an amend' : 'a request'}${forOrder ? ` for ${forOrder}` : ''}: ${stripTs(m.get(58) ?? '')}`,
        )
      }
      return
    }
    if (m.type === '9') {
      // OrderCancelReject: the order stands; say why the cancel or replace failed
      const forOrder = this.fixRequests.get(m.get(11) ?? '') ?? m.get(41)
      this.o.onNotice?.(
        `FIX refused ${m.get(434) === '2' ? 'an amend' : 'a cancel'}${forOrder ? ` for ${forOrder}` : ''}: ${m.get(58) ?? `reason ${m.get(102) ?? 'unknown'}`}`,
      )
      return
    }
    if (m.type !== '8') return
    const cl = m.get(11) ?? ''
    const origin = this.fixRequests.get(cl) ?? (this.o.tracker.get(cl) ? cl : (m.get(41) ?? cl))
    const ref: EventRef = { clOrdId: origin, protocol: 'fix', at: this.now() }
    const orderId = m.get(37)
    if (orderId) ref.orderId = orderId
    const symbol = this.o.registry.has(m.get(55) ?? '') ? this.o.registry.resolve(m.get(55)!).id : undefined
    switch (m.get(150)) {
      case 'A':
      case '0':
        if (orderId) this.emit(ref, { kind: 'accepted', orderId })
        return
      case 'F':
        if (symbol && m.get(527)) {
          const f: VenueEvent & { kind: 'fill' } = {
            kind: 'fill',
            tradeId: `${symbol}:${m.get(527)}`,
            qty: m.get(32)!,
            price: m.get(31)!,
          }
          // the venue's running totals: CumQty keeps an adopted order's earlier fills counted
          if (m.get(14)) f.cumQty = m.get(14)!
          const avg = priceText(m.get(6))
          if (avg) f.avgPrice = avg
          this.emit(ref, f)
        }
        if (m.get(39) === '2') this.emit(ref, { kind: 'filled' })
        return
      case '4':
        this.emit(ref, { kind: 'cancelled', reason: m.get(58) ?? 'User requested' })
        return
      case 'C':
        this.emit(ref, { kind: 'expired', reason: m.get(58) ?? 'expired' })
        return
      case '5': {
        const a: VenueEvent = { kind: 'amended' }
        if (m.get(38)) a.qty = m.get(38)!
        if (m.get(44)) a.limitPrice = m.get(44)!
        this.emit(ref, a)
        return
      }
      case '8':
        this.emit(ref, { kind: 'rejected', reason: m.get(58) ?? 'rejected' })
        return
    }
  }

  /**
   * After a reconnect or restart: ask REST what is open, what happened to what we thought was
   * working, and which fills we missed. Everything goes through the tracker, so nothing doubles.
   */
  async reconcile(
    opts: {
      /** orders from before a restart: not found at the venue means never sent, and is said so */
      restored?: ReadonlySet<string>
    } = {},
  ): Promise<{ adopted: number; fills: number; notSent: string[] }> {
    let adopted = 0
    let fills = 0
    const notSent: string[] = []
    const open = await this.o.rest.private<{ open: Record<string, Json> }>(
      'OpenOrders',
      { trades: true },
      QUEUE,
    )
    for (const [txid, info] of Object.entries(open.open ?? {})) {
      const ref: EventRef = { orderId: txid, protocol: 'rest', at: this.now() }
      if (typeof info.cl_ord_id === 'string') ref.clOrdId = info.cl_ord_id
      if (!this.known(ref)) {
        this.adoptRest(txid, info)
        adopted++
      } else this.emit(ref, { kind: 'accepted', orderId: txid })
    }
    const stale = this.o.tracker
      .working()
      .filter((o) => !o.venueOrderId || !(o.venueOrderId in (open.open ?? {})))
    const ids = stale.map((o) => o.venueOrderId).filter((x): x is string => !!x)
    if (ids.length) {
      const q = await this.o.rest.private<Record<string, Json>>(
        'QueryOrders',
        {
          txid: ids.slice(0, 50).join(','),
          trades: true,
        },
        QUEUE,
      )
      for (const [txid, info] of Object.entries(q)) {
        const ref: EventRef = { orderId: txid, protocol: 'rest', at: this.now() }
        const st = String(info.status)
        if (st === 'canceled')
          this.emit(ref, { kind: 'cancelled', reason: String(info.reason ?? 'cancelled') })
        else if (st === 'expired')
          this.emit(ref, { kind: 'expired', reason: String(info.reason ?? 'expired') })
      }
    }
    for (const o of stale.filter((x) => !x.venueOrderId)) {
      const txid = await this.o.rest.findByClOrdId(o.clOrdId, QUEUE)
      if (txid)
        this.emit(
          { clOrdId: o.clOrdId, protocol: 'rest', at: this.now() },
          { kind: 'accepted', orderId: txid },
        )
      else if (opts.restored?.has(o.clOrdId) && o.state === 'pending-new') {
        // journaled, then Trident stopped; the venue has never heard of it
        this.emit(
          { clOrdId: o.clOrdId, protocol: 'rest', at: this.now() },
          { kind: 'rejected', reason: NOT_SENT },
        )
        notSent.push(o.clOrdId)
      }
    }
    // Fills since the last one we saw: page back through TradesHistory (newest first) until a
    // page holds a fill we already know, or it runs out (bounded).
    const known = new Set(this.o.tracker.all().flatMap((o) => o.fills.map((f) => f.tradeId)))
    for (let ofs = 0; ofs < 1000; ofs += 50) {
      const hist = await this.o.rest.private<{ trades: Record<string, Json> }>(
        'TradesHistory',
        { ofs },
        QUEUE,
      )
      const page = Object.values(hist.trades ?? {})
      let reachedKnown = false
      for (const [txid, t] of Object.entries(hist.trades ?? {})) {
        if (!this.o.registry.has(String(t.pair))) continue
        const inst = this.o.registry.resolve(String(t.pair))
        const tradeId = `${inst.id}:${String(t.trade_id)}`
        if (known.has(tradeId)) reachedKnown = true
        if (!this.o.tracker.byOrderId(String(t.ordertxid))) continue
        const fill: VenueEvent & { kind: 'fill' } = {
          kind: 'fill',
          tradeId,
          qty: String(t.vol),
          price: String(t.price),
        }
        // TradesHistory's fee is "total fee (quote currency)" per Kraken's docs; it names no asset
        if (t.fee !== undefined) {
          fill.fee = String(t.fee)
          fill.feeAsset = inst.quote
        }
        if (this.adoptedTrades.get(String(t.ordertxid))?.has(txid)) fill.beforeAdoption = true
        const changed = this.emit({ orderId: String(t.ordertxid), protocol: 'rest', at: this.now() }, fill)
        if (changed) fills++
      }
      if (reachedKnown || page.length < 50) break
    }
    // closed orders we thought working: their final state (after the fills above)
    const closedIds = this.o.tracker
      .working()
      .map((o) => o.venueOrderId)
      .filter((x): x is string => !!x)
    if (closedIds.length) {
      const q = await this.o.rest.private<Record<string, Json>>(
        'QueryOrders',
        {
          txid: closedIds.slice(0, 50).join(','),
        },
        QUEUE,
      )
      for (const [txid, info] of Object.entries(q)) {
        const ref: EventRef = { orderId: txid, protocol: 'rest', at: this.now() }
        const st = String(info.status)
        if (st === 'closed') this.emit(ref, { kind: 'filled' })
        else if (st === 'canceled')
          this.emit(ref, { kind: 'cancelled', reason: String(info.reason ?? 'cancelled') })
        else if (st === 'expired')
          this.emit(ref, { kind: 'expired', reason: String(info.reason ?? 'expired') })
      }
    }
    return { adopted, fills, notSent }
  }

  // ------------------------------------------------------------------ helpers

  private known(ref: EventRef): boolean {
    return !!(
      (ref.clOrdId && this.o.tracker.get(ref.clOrdId)) ||
      (ref.orderId && this.o.tracker.byOrderId(ref.orderId))
    )
  }

  private adoptWs(e: Json): void {
    const v = wsOrderView(e)
    if (!this.o.registry.has(v.symbol)) return
    this.snapshotAdopted.add(String(e.order_id))
    this.adopt(`venue:${String(e.order_id)}`, String(e.order_id), v, 'ws', e.cl_ord_id)
  }

  private adoptRest(txid: string, info: Json): void {
    const v = restOrderView(info)
    if (!v || !this.o.registry.has(v.pair)) {
      this.o.onNotice?.(`Kraken reports open order ${txid}, which Trident cannot read: not tracked`)
      return
    }
    if (Array.isArray(info.trades)) this.adoptedTrades.set(txid, new Set(info.trades.map(String)))
    this.adopt(`venue:${txid}`, txid, { ...v, symbol: v.pair }, 'rest', info.cl_ord_id)
  }

  /** Track an order Trident did not place, with everything the venue said about it. */
  private adopt(
    fallbackId: string,
    venueOrderId: string,
    v: OrderView & { symbol: string },
    protocol: Protocol,
    clOrdId: unknown,
  ): void {
    const inst = this.o.registry.resolve(v.symbol)
    const t = this.o.tracker.adopt({
      clOrdId: typeof clOrdId === 'string' && clOrdId !== '' ? clOrdId : fallbackId,
      venueOrderId,
      symbol: inst.id,
      side: v.side,
      type: v.type,
      qty: v.qty,
      filledQty: v.filledQty,
      tif: v.tif,
      protocol,
      qtyPrecision: inst.qtyPrecision,
      pricePrecision: inst.pricePrecision,
      state: v.state,
      createdAt: this.now(),
      lastChangedAt: this.now(),
      updatedAt: this.now(),
      ...(v.limitPrice !== undefined ? { limitPrice: v.limitPrice } : {}),
      ...(v.triggerPrice !== undefined ? { triggerPrice: v.triggerPrice } : {}),
      ...(v.reason !== undefined ? { reason: v.reason } : {}),
      ...(v.postOnly ? { postOnly: true } : {}),
      ...(v.displayQty !== undefined ? { displayQty: v.displayQty } : {}),
      ...(v.avgPrice !== undefined ? { avgPrice: v.avgPrice } : {}),
      ...(v.cumCost !== undefined ? { cumCost: v.cumCost } : {}),
    })
    this.o.onOrder?.(t)
  }

  private working(clOrdId: string): TrackedOrder {
    const o = this.o.tracker.get(clOrdId)
    if (!o) throw new OrderRefused(`No order ${clOrdId}`)
    if (isTerminal(o.state)) throw new OrderRefused(`Order ${clOrdId} is already ${o.state}`)
    return o
  }

  private instrument(symbol: string): Instrument {
    if (!this.o.registry.has(symbol)) throw new OrderRefused(`Unknown instrument ${symbol}`)
    return this.o.registry.resolve(symbol)
  }

  private wsOrder(req: PlaceRequest, inst: Instrument, clOrdId: string): Params {
    return addOrderParams(inst.wsSymbol, {
      type: req.type,
      side: req.side,
      qty: req.qty,
      ...(req.limitPrice !== undefined ? { limitPrice: req.limitPrice } : {}),
      ...(req.triggerPrice !== undefined ? { triggerPrice: req.triggerPrice } : {}),
      ...(req.displayQty !== undefined ? { displayQty: req.displayQty } : {}),
      tif: req.tif,
      ...(req.expireAt !== undefined ? { expireAt: req.expireAt } : {}),
      ...(req.postOnly ? { postOnly: true } : {}),
      clOrdId,
    })
  }

  private restOrder(req: PlaceRequest, inst: Instrument): Record<string, string> {
    const p: Record<string, string> = {
      pair: inst.restPair,
      type: req.side,
      ordertype: req.type,
      volume: req.qty,
    }
    // GTC is Kraken's default and its documented bodies leave it out
    if (req.tif !== 'GTC') p.timeinforce = req.tif
    if (req.type === 'limit' || req.type === 'iceberg') p.price = req.limitPrice!
    else if (req.type === 'trailing-stop') {
      // the offset is relative ("+"); the reference named as in ccxt's bodies, which Kraken accepts
      p.trigger = 'last'
      p.price = `+${req.triggerPrice!}`
    } else if (req.type !== 'market') {
      p.price = req.triggerPrice!
      if (req.limitPrice !== undefined) p.price2 = req.limitPrice
    }
    if (req.displayQty !== undefined) p.displayvol = req.displayQty
    if (req.expireAt !== undefined) p.expiretm = String(Math.floor(req.expireAt / 1000))
    if (req.postOnly) p.oflags = 'post'
    return p
  }
}

/** REST AmendOrder and WS amend_order name the changes alike. */
function amendFields(c: {
  qty?: string
  limitPrice?: string
  triggerPrice?: string
}): Record<string, string> {
  const p: Record<string, string> = {}
  if (c.qty !== undefined) p.order_qty = c.qty
  if (c.limitPrice !== undefined) p.limit_price = c.limitPrice
  if (c.triggerPrice !== undefined) p.trigger_price = c.triggerPrice
  return p
}

function stripTs(text: string): string {
  return text.replace(/^\d+ : /, '')
}

/** What Kraken says about one order, in Trident's terms (decimal text kept as Kraken wrote it). */
export interface OrderView {
  side: 'buy' | 'sell'
  type: string
  qty: string
  filledQty: string
  limitPrice?: string
  /** trigger price; for a trailing stop the offset in quote currency */
  triggerPrice?: string
  tif: string
  postOnly: boolean
  displayQty?: string
  /** average fill price and cumulative cost (quote) as Kraken reports them, when anything filled */
  avgPrice?: string
  cumCost?: string
  state: OrderState
  reason?: string
}

/** A WS v2 execution's fee: fees[0] as sent (qty + asset), never fee_usd_equiv (a USD estimate). */
function wsFee(e: Json): { fee?: string; feeAsset?: string } {
  const f = Array.isArray(e.fees) ? (e.fees[0] as Json | undefined) : undefined
  return f && f.qty !== undefined && typeof f.asset === 'string'
    ? { fee: String(f.qty), feeAsset: f.asset }
    : {}
}

/** "0", "0.00000", "" and absent all mean "no price" in Kraken's order reports. */
function priceText(v: unknown): string | undefined {
  const t = typeof v === 'number' ? String(v) : v
  return typeof t === 'string' && /^\d+(\.\d+)?$/.test(t) && /[1-9]/.test(t) ? t : undefined
}

/** A trailing offset "+50.0" -> "50.0"; a percent offset ("+50.0000%") has no quote amount. */
function offsetText(v: unknown): string | undefined {
  return typeof v === 'string' ? priceText(v.replace(/^[+-]/, '')) : undefined
}

const REST_STATE: Record<string, OrderState> = {
  closed: 'filled',
  canceled: 'cancelled',
  expired: 'expired',
}

/**
 * One entry of REST OpenOrders / ClosedOrders / QueryOrders, read as Kraken documents it
 * (docs.kraken.com/api/docs/rest-api/get-open-orders): descr.price is the primary price (the
 * limit of limit/iceberg, the trigger of stop-loss, take-profit and their -limit forms, the
 * "+offset" of trailing stops), descr.price2 the secondary (the limit of -limit orders);
 * top-level stopprice/limitprice are the stop and triggered limit once known; vol_exec is what
 * filled; oflags lists post; expiretm non-zero means good-till-date. Null if the entry names no
 * pair or order type (nor an "order" text to read them from).
 */
export function restOrderView(info: Json): (OrderView & { pair: string }) | null {
  const d = (info.descr ?? {}) as Json
  let pair = typeof d.pair === 'string' ? d.pair : undefined
  let side = d.type
  let type = typeof d.ordertype === 'string' ? d.ordertype : undefined
  let price: unknown = d.price
  // older reports (and Kraken's first examples) carry only descr.order: "sell 3.00000000 XBTUSD @ limit 500.00000"
  const text =
    typeof d.order === 'string' ? /^(buy|sell) \S+ (\S+) @ (limit|market)(?: (\S+))?/.exec(d.order) : null
  if ((!pair || !type) && text) {
    ;[, side, pair, type, price] = text
  }
  if (!pair || !type || (side !== 'buy' && side !== 'sell')) return null
  const v: OrderView & { pair: string } = {
    pair,
    side,
    type,
    qty: String(info.vol),
    filledQty: info.vol_exec === undefined ? '0' : String(info.vol_exec),
    tif: priceText(info.expiretm) ? 'GTD' : 'GTC',
    postOnly: typeof info.oflags === 'string' && info.oflags.split(',').includes('post'),
    state: 'open',
  }
  if (type === 'limit' || type === 'iceberg') {
    const lp = priceText(price)
    if (lp) v.limitPrice = lp
  } else if (type.startsWith('trailing-stop')) {
    const tp = offsetText(price)
    if (tp) v.triggerPrice = tp
  } else if (type !== 'market') {
    const tp = priceText(price) ?? priceText(info.stopprice)
    if (tp) v.triggerPrice = tp
    if (type.endsWith('-limit')) {
      const lp = priceText(d.price2) ?? priceText(info.limitprice)
      if (lp) v.limitPrice = lp
    }
  }
  if (priceText(info.vol_exec)) {
    const avg = priceText(info.price)
    const cost = priceText(info.cost)
    if (avg) v.avgPrice = avg
    if (cost) v.cumCost = cost
  }
  const dv = priceText(info.displayvol)
  if (dv) v.displayQty = dv
  const status = String(info.status ?? 'open')
  v.state = REST_STATE[status] ?? (priceText(v.filledQty) ? 'partially-filled' : 'open')
  if (v.state !== 'open' && v.state !== 'partially-filled' && typeof info.reason === 'string')
    v.reason = info.reason
  return v
}

/**
 * One entry of a WS v2 executions snapshot (docs.kraken.com/api/docs/websocket-v2/executions):
 * order_qty, cum_qty (filled), limit_price, triggers.price (the trigger; for a trailing stop the
 * offset when price_type is quote), time_in_force, post_only. Numbers arrive as exact text.
 */
export function wsOrderView(e: Json): OrderView & { symbol: string } {
  const trig = (e.triggers ?? {}) as Json
  const v: OrderView & { symbol: string } = {
    symbol: String(e.symbol),
    side: e.side === 'sell' ? 'sell' : 'buy',
    type: String(e.order_type),
    qty: String(e.order_qty),
    filledQty: e.cum_qty === undefined ? '0' : String(e.cum_qty),
    tif: String(e.time_in_force ?? 'GTC').toUpperCase(),
    postOnly: e.post_only === true,
    state: 'open',
  }
  const lp = priceText(e.limit_price)
  if (lp) v.limitPrice = lp
  // a pct trailing offset is not a price Trident can show or amend
  const tp = trig.price_type === 'pct' ? undefined : priceText(trig.price)
  if (tp) v.triggerPrice = tp
  if (priceText(v.filledQty)) {
    v.state = 'partially-filled'
    const avg = priceText(e.avg_price)
    const cost = priceText(e.cum_cost)
    if (avg) v.avgPrice = avg
    if (cost) v.cumCost = cost
  }
  const dv = priceText(e.display_qty)
  if (dv) v.displayQty = dv
  return v
}
