import type { Instrument, InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { OrderRouter, RouteContext } from '../../core/orders/OrderRouter'
import {
  isTerminal,
  type EventRef,
  type OrderTracker,
  type Protocol,
  type TrackedOrder,
  type VenueEvent,
} from '../../core/orders/OrderTracker'
import { OrderRefused, orderIntent, validatePlace, type PlaceRequest } from '../../core/orders/PlaceRequest'
import type { Priority, RateGovernor } from '../../core/risk/RateGovernor'
import { adoptedOrder } from './adoption'
import { ClOrdIds } from './ClOrdIds'
import type { GatewayReport, GatewaySet, OrderChanges } from '../../core/orders/OrderGateway'
import type { OrderGateway, VenueOrderView } from '../../core/orders/OrderGateway'
import { knownInstrument, marketOpen, rateBudget, routed } from './venueChecks'
import { isDerivativesSymbol } from '../../../src-domain/derivatives'
import type { MarketStatus } from '../../core/orders/marketStatus'

/** Where every order change and venue event is written (the store's journal), before anyone else hears. */
export interface JournalPort {
  order(o: TrackedOrder): void
  /** a new order, on disk before its bytes leave (absent: `order`) */
  beforeSend?(o: TrackedOrder): void
  event(ref: EventRef, e: VenueEvent, changed: boolean): void
}

export interface OrderServiceDeps {
  registry: () => InstrumentRegistry
  tracker: OrderTracker
  router: OrderRouter
  governor: RateGovernor
  gateways: GatewaySet
  /**
   * derivatives contracts' gateways (Kraken's Unified WS, the derivatives FIX session): a second
   * endpoint behind the same service. Null or absent: the venue offers no derivatives (yet).
   */
  derivatives?: () => DerivativesGateways | null
  journal?: JournalPort
  /** an order changed (after the journal has it): views, positions, notices */
  onOrder?: (o: TrackedOrder) => void
  /**
   * a new order, journaled, before its bytes leave: only for what must own it before any answer
   * can exist (a bracket claims its leg's id and journals that). `onOrder` hears of it after the
   * send (issue 20: the views' work is not the order's wait).
   */
  onNew?: (o: TrackedOrder) => void
  /** something the trader must hear that is not an order state (a refused cancel, a routing note) */
  onNotice?: (text: string) => void
  /** fault injection for crash tests: called at 'before-send' and 'after-fill' */
  crashPoint?: (point: string) => void
  /** Kraken's engine state as the venue last said it (WS status channel); the pair's comes from the registry */
  engineStatus?: () => string | undefined
  now?: () => number
}

/** Derivatives have no REST order entry (Kraken retires Derivatives REST on 1 March 2027). */
export type DerivativesGateways = Partial<Record<Exclude<Protocol, 'rest'>, OrderGateway>>

/** how a refused request is named in words */
const WHAT: Record<string, string> = { amend: 'an amend', cancel: 'a cancel' }
const NAME: Record<Protocol, string> = { rest: 'REST', ws: 'WebSocket', fix: 'FIX' }

/**
 * The one order service (cf. NautilusTrader's ExecutionEngine in front of its venue clients):
 * mints client order ids, runs the venue end of the pre-trade pipeline, journals an order before
 * its bytes leave, routes it (core's OrderRouter) to one gateway per protocol, and applies what
 * the gateways report to the OrderTracker. Order state lives here and in the tracker only:
 * gateways translate, so a second venue or endpoint is another gateway, not another copy of this.
 */
export class OrderService {
  private readonly ids: ClOrdIds
  /** cancel/replace request ids minted for protocols that need them (FIX) -> the order's client id */
  private readonly requests = new Map<string, string>()
  /** an order's request ids, so they go with it when the tracker forgets it (FINISHED_KEPT) */
  private readonly requestsOf = new Map<string, string[]>()
  /** orders adopted from a WS executions snapshot: that snapshot's trades of them are inside cum_qty */
  private readonly snapshotAdopted = new Set<string>()
  private readonly now: () => number
  /** orders whose send got no answer before the link dropped: the reconcile asks Kraken about them */
  private readonly noAnswer = new Set<string>()
  /** why the derivatives dead-man switch was last missed (null: it was set) */
  private deadmanMiss: string | null = null

  constructor(private readonly d: OrderServiceDeps) {
    this.now = d.now ?? Date.now
    this.ids = new ClOrdIds(this.now)
    // what is kept per order here goes with it: a day of orders must not grow main's memory
    d.tracker.onForget((o) => {
      for (const id of this.requestsOf.get(o.clOrdId) ?? []) this.requests.delete(id)
      this.requestsOf.delete(o.clOrdId)
      if (o.venueOrderId !== undefined) this.snapshotAdopted.delete(o.venueOrderId)
      this.noAnswer.delete(o.clOrdId)
    })
  }

  /** How many FIX request ids are kept for their orders (bounded with the tracker's orders). */
  get requestIdsKept(): number {
    return this.requests.size
  }

  /** A spot client order id (the derivatives form is minted in place: ClOrdIds). */
  newClOrdId(): string {
    return this.ids.spot()
  }

  /** What can reach spot pairs now, or a derivatives contract's endpoint when `inst` is one. */
  context(inst?: Pick<Instrument, 'assetClass'>): RouteContext {
    const g = this.gatewaysOf(inst)
    return {
      links: { rest: g.rest?.up() ?? false, ws: g.ws?.up() ?? false, fix: g.fix?.up() ?? false },
      fixSession: g.fix?.session?.() ?? null,
    }
  }

  private gatewaysOf(inst?: Pick<Instrument, 'assetClass'>): Partial<Record<Protocol, OrderGateway>> {
    if (inst?.assetClass !== 'derivatives') return this.d.gateways
    return this.d.derivatives?.() ?? {}
  }

  private market(inst: Instrument): MarketStatus {
    return { engine: this.d.engineStatus?.(), pair: inst.status }
  }

  async place(req: PlaceRequest): Promise<TrackedOrder> {
    const inst = knownInstrument(this.d.registry(), req.symbol)
    validatePlace(req, inst)
    marketOpen(this.market(inst), 'add', req)
    const protocol = routed(
      this.d.router.place(this.context(inst), req.protocol, {
        tif: req.tif,
        ...(req.leverage !== undefined ? { leverage: req.leverage } : {}),
      }),
      this.d.onNotice,
    )
    rateBudget(this.d.governor, inst, { kind: 'add' }, req.protective ? 'protective' : 'normal')
    const clOrdId = inst.assetClass === 'derivatives' ? this.ids.contract() : this.newClOrdId()
    const session = protocol === 'fix' ? this.gatewaysOf(inst).fix?.session?.() : null
    const order = this.d.tracker.submit(orderIntent(req, inst, clOrdId, protocol, session), this.now())
    // journaled, then claimed, before it is sent: a bracket claims its leg's id and journals it
    // in onNew, so a restart never sends a leg twice
    const j = this.d.journal
    if (j?.beforeSend) j.beforeSend(order)
    else j?.order(order)
    this.d.onNew?.(order)
    this.d.crashPoint?.('before-send')
    const ref: EventRef = { clOrdId, protocol, at: this.now() }
    // a gateway's place writes its bytes before its first await (REST's fetch is the exception);
    // the views hear of the order once that has run, before any answer can be read
    let sent: Promise<{ orderId?: string }>
    try {
      sent = this.gateway(protocol, inst).place({ req, inst, clOrdId })
    } catch (e) {
      sent = Promise.reject(e as Error)
    }
    // the bytes have left: a view that fails must not lose the venue's answer to a live order
    try {
      this.d.onOrder?.(order)
    } catch (e) {
      this.d.onNotice?.(`${clOrdId} was sent, but the views could not show it: ${(e as Error).message}`)
    }
    try {
      const r = await sent
      if (r.orderId !== undefined) this.apply(ref, { kind: 'accepted', orderId: r.orderId })
    } catch (e) {
      const msg = (e as Error).message
      if (/outcome unknown|no answer/.test(msg)) {
        // never resend blindly: reconcile will find it (or not) by its client order id
        this.noAnswer.add(clOrdId)
        this.d.onNotice?.(`${clOrdId}: ${msg}`)
      } else {
        this.apply(ref, { kind: 'rejected', reason: msg.replace(/^\w+: /, '') })
      }
    }
    return this.d.tracker.get(clOrdId)!
  }

  /** The bracket desk's amend of a leg's size: may use the kept points. Its own method, so no
   * wrapper can drop the priority (VenueExecution's did) and no frame can reach it. */
  amendProtective(clOrdId: string, changes: { qty: string }): Promise<void> {
    return this.amendAs('protective', clOrdId, changes)
  }

  amend(clOrdId: string, changes: OrderChanges, override?: Protocol): Promise<void> {
    return this.amendAs('normal', clOrdId, changes, override)
  }

  private async amendAs(
    p: Priority,
    clOrdId: string,
    changes: OrderChanges,
    override?: Protocol,
  ): Promise<void> {
    const order = this.working(clOrdId)
    const inst = knownInstrument(this.d.registry(), order.symbol)
    marketOpen(this.market(inst), 'amend', order)
    const ctx = this.context(inst)
    if (inst.assetClass === 'derivatives') {
      // Kraken's Unified FIX lists OrderCancelReplaceRequest as "coming soon" for derivatives:
      // the Unified WS amends any order of the account, whichever wire placed it
      if (override === 'fix')
        throw new OrderRefused(
          `Kraken's FIX does not amend derivatives orders yet; amend ${order.clOrdId} over WebSocket`,
        )
      ctx.links.fix = false
    }
    const protocol = routed(this.d.router.modify('amend', order, ctx, override), this.d.onNotice)
    rateBudget(this.d.governor, inst, { kind: 'amend', ageMs: this.now() - order.lastChangedAt }, p)
    const gw = this.gateway(protocol, inst)
    await gw.amend(order, inst, changes, this.requestId(gw, clOrdId))
  }

  async cancel(clOrdId: string, override?: Protocol): Promise<void> {
    const order = this.working(clOrdId)
    marketOpen({ engine: this.d.engineStatus?.() }, 'cancel', order)
    // a contract the registry does not list yet (a restart, before the Unified WS listed it) is
    // still a contract: never cancelled over the spot links
    const inst =
      this.d.registry().resolveIfKnown(order.symbol) ??
      (isDerivativesSymbol(order.symbol)
        ? { assetClass: 'derivatives' as const, id: order.symbol }
        : undefined)
    const protocol = routed(
      this.d.router.modify('cancel', order, this.context(inst), override),
      this.d.onNotice,
    )
    const age = this.now() - order.lastChangedAt
    // charged to the order's own pair, as it was placed
    const of = inst ? { id: order.symbol, assetClass: inst.assetClass } : { id: order.symbol }
    rateBudget(this.d.governor, of, { kind: 'cancel', ageMs: age })
    const gw = this.gateway(protocol, inst)
    const id = this.requestId(gw, clOrdId)
    // read only by a wire that names the pair (FIX): elsewhere a cancel needs no instrument
    await gw.cancel(order, () => knownInstrument(this.d.registry(), order.symbol), id)
  }

  /**
   * Kraken's dead-man switch: every order of the account is cancelled `seconds` from now unless
   * this is called again first (0 disarms). Over WS when it is up, else REST. When it would fire.
   */
  async cancelAllAfter(seconds: number): Promise<number> {
    const ws = this.d.gateways.ws
    const gw = this.context().links.ws && ws?.cancelAllAfter ? ws : this.d.gateways.rest
    // derivatives orders sit on another endpoint with its own switch: armed (and disarmed) alike;
    // the main process re-arms every few seconds, so a switch missed now is set on the next one
    const drv = this.d.derivatives?.()?.ws
    const [spot, contracts] = await Promise.allSettled([
      gw.cancelAllAfter!(seconds),
      drv?.up() && drv.cancelAllAfter ? drv.cancelAllAfter(seconds) : Promise.resolve(null),
    ])
    const what = seconds > 0 ? 'armed' : 'disarmed'
    const why =
      contracts.status === 'rejected'
        ? (contracts.reason as Error).message
        : drv && !drv.up()
          ? 'the Unified WebSocket is down'
          : null
    // said once per cause, not on every re-arm while it lasts
    if (why !== this.deadmanMiss) {
      if (why) this.d.onNotice?.(`Derivatives dead-man switch not ${what}: ${why}`)
      this.deadmanMiss = why
    }
    if (spot.status === 'rejected') throw spot.reason
    return spot.value
  }

  /** Kill switch: cancel everything on every protocol that is up; returns what each said. */
  async cancelEverything(): Promise<string[]> {
    const said: string[] = []
    for (const p of this.d.router.cancelEverything(this.context())) {
      try {
        const gw = this.gateway(p)
        said.push(await gw.cancelAll(p === 'fix' ? this.newClOrdId() : ''))
      } catch (e) {
        said.push(`${p}: ${(e as Error).message}`)
      }
    }
    const contracts = { assetClass: 'derivatives' } as const
    for (const p of this.d.router.cancelEverything(this.context(contracts))) {
      try {
        const gw = this.gateway(p, contracts)
        said.push(`Derivatives ${await gw.cancelAll(p === 'fix' ? this.ids.contract() : '')}`)
      } catch (e) {
        said.push(`derivatives ${p}: ${(e as Error).message}`)
      }
    }
    return said
  }

  // ------------------------------------------------------------------ what the venue said

  /** Everything a gateway heard comes here: the one place venue reports meet order state. */
  onReport(r: GatewayReport): void {
    if (r.kind === 'refused') return this.onRefused(r)
    const ref: EventRef = { ...r.ref }
    if (r.request && ref.clOrdId !== undefined) {
      // a FIX report names the request it answers (ours for a cancel/replace) or the order
      const cl = ref.clOrdId
      ref.clOrdId = this.requests.get(cl) ?? (this.d.tracker.get(cl) ? cl : (r.origClOrdId ?? cl))
    }
    if (r.snapshot && !this.known(ref)) {
      // an order we do not know, in a reconnect's snapshot: adopted, never applied
      if (r.adoptable) {
        this.snapshotAdopted.add(String(ref.orderId))
        this.adopt(r.adoptable, String(ref.orderId), ref.protocol, ref.clOrdId)
      }
      return
    }
    for (const e of r.events) {
      // a snapshot's trade of an order adopted from a snapshot is inside its cum_qty
      const before = e.kind === 'fill' && r.snapshot && ref.orderId && this.snapshotAdopted.has(ref.orderId)
      this.apply(ref, before ? { ...e, beforeAdoption: true } : e)
    }
  }

  private onRefused(r: GatewayReport & { kind: 'refused' }): void {
    if (r.action === 'place' && this.d.tracker.get(r.requestId)) {
      this.apply(
        { clOrdId: r.requestId, protocol: r.protocol, at: this.now() },
        { kind: 'rejected', reason: r.text ?? 'rejected' },
      )
      return
    }
    const forOrder = this.requests.get(r.requestId) ?? r.origClOrdId
    this.d.onNotice?.(
      `${NAME[r.protocol]} refused ${WHAT[r.action] ?? 'a request'}${forOrder ? ` for ${forOrder}` : ''}: ${r.text ?? ''}`,
    )
  }

  /** Apply one venue event: journaled, then told; whether it changed the order. */
  apply(ref: EventRef, e: VenueEvent): boolean {
    const r = this.d.tracker.apply(ref, e)
    this.d.journal?.event(ref, e, r.changed)
    if (r.changed) this.changed(r.order)
    if (e.kind === 'fill' && r.changed) this.d.crashPoint?.('after-fill')
    return r.changed
  }

  /** The order's send got no answer and nothing has been heard of it since (still pending-new). */
  unanswered(clOrdId: string): boolean {
    if (!this.noAnswer.has(clOrdId)) return false
    if (this.d.tracker.get(clOrdId)?.state === 'pending-new') return true
    this.noAnswer.delete(clOrdId)
    return false
  }

  known(ref: EventRef): boolean {
    return !!(
      (ref.clOrdId && this.d.tracker.get(ref.clOrdId)) ||
      (ref.orderId && this.d.tracker.byOrderId(ref.orderId))
    )
  }

  /** Track an order Trident did not place, with everything the venue said about it. */
  adopt(v: VenueOrderView, venueOrderId: string, protocol: Protocol, clOrdId: unknown): void {
    const inst = this.d.registry().resolve(v.symbol)
    const id = typeof clOrdId === 'string' && clOrdId !== '' ? clOrdId : `venue:${venueOrderId}`
    this.changed(this.d.tracker.adopt(adoptedOrder(v, inst, id, venueOrderId, protocol, this.now())))
  }

  // ------------------------------------------------------------------ helpers

  /** Every change of an order: on disk first, then told (views, positions, notices). */
  private changed(o: TrackedOrder): void {
    this.d.journal?.order(o)
    this.d.onOrder?.(o)
  }

  /** A fresh request id mapped to its order where the protocol needs one (FIX 35=F/G); else the order's. */
  private requestId(gw: OrderGateway, clOrdId: string): string {
    if (gw.protocol !== 'fix') return clOrdId
    const id = this.newClOrdId()
    this.requests.set(id, clOrdId)
    const ids = this.requestsOf.get(clOrdId)
    if (ids) ids.push(id)
    else this.requestsOf.set(clOrdId, [id])
    return id
  }

  private gateway(p: Protocol, inst?: { assetClass?: Instrument['assetClass']; id?: string }): OrderGateway {
    const gw = this.gatewaysOf(inst)[p]
    if (!gw) {
      if (inst?.assetClass === 'derivatives')
        throw new OrderRefused(`${inst.id ?? 'Derivatives'}: no derivatives ${NAME[p]} connection is up`)
      throw new OrderRefused(`${NAME[p]} is not connected`)
    }
    return gw
  }

  private working(clOrdId: string): TrackedOrder {
    const o = this.d.tracker.get(clOrdId)
    if (!o) throw new OrderRefused(`No order ${clOrdId}`)
    if (isTerminal(o.state)) throw new OrderRefused(`Order ${clOrdId} is already ${o.state}`)
    return o
  }
}
