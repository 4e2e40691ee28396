import type { InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { PlaceRequest } from '../../core/orders/PlaceRequest'
import type { OrderRouter, RouteContext } from '../../core/orders/OrderRouter'
import type {
  EventRef,
  OrderTracker,
  Protocol,
  TrackedOrder,
  VenueEvent,
} from '../../core/orders/OrderTracker'
import type { RateGovernor } from '../../core/risk/RateGovernor'
import { OrderService, type DerivativesGateways, type JournalPort } from './OrderService'
import { Reconciler, type ReconcileResult } from './Reconciler'
import type { DecodedFix } from '../../kraken/fix/fixFields'
import { FixOrderGateway } from '../../kraken/fix/FixOrderGateway'
import type { KrakenFixClient } from '../../kraken/fix/KrakenFixClient'
import type { KrakenRestClient } from '../../kraken/rest/KrakenRestClient'
import { RestOrderGateway } from '../../kraken/rest/RestOrderGateway'
import type { KrakenWsPrivateClient } from '../../kraken/ws/KrakenWsPrivateClient'
import { WsOrderGateway } from '../../kraken/ws/WsOrderGateway'

export { NOT_SENT } from './Reconciler'
export { restOrderView, wsOrderView, type OrderView } from '../../kraken/orderViews'

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
  /** a new order, journaled, before its bytes leave (OrderService's `onNew`: a bracket's claim) */
  onNew?: (o: TrackedOrder) => void
  /** the journal: every order change (a new order before its bytes leave) and every venue event */
  journal?: JournalPort
  /** every venue event as translated, and whether it changed the order (without a journal) */
  onEvent?: (ref: EventRef, e: VenueEvent, changed: boolean) => void
  /**
   * FIX can take orders: logged on and the venue's FIX symbols known (InstrumentList, 35=y).
   * Before that an order would carry the WS name and Kraken would refuse it as an unknown pair.
   */
  fixReady?: () => boolean
  /** derivatives contracts' gateways (Kraken's Unified WS): a second endpoint behind the same service */
  derivatives?: () => DerivativesGateways | null
  /** fault injection for crash tests: called at 'before-send' and 'after-fill' */
  crashPoint?: (point: string) => void
  /** something the trader must hear about that is not an order state (a refused cancel, a routing note) */
  onNotice?: (text: string) => void
  log?: (line: string) => void
  /** the journal's newest trade ids (the reconcile's trade history stops at a known one) */
  knownTrades?: () => Iterable<string>
}

/**
 * TRANSITIONAL facade (issue 16): the entry point TridentCore and the tests construct today,
 * wiring the order service (features/orders/OrderService), one gateway per protocol
 * (kraken/{rest,ws,fix}/*OrderGateway) and the reconciler, and delegating to them. It holds no
 * order state of its own; the composition root will build those parts directly and drop it.
 */
export class VenueExecution {
  readonly orders: OrderService
  readonly gateways: { rest: RestOrderGateway; ws?: WsOrderGateway; fix?: FixOrderGateway }
  /** reads reports even where the profile has no such link (recorded-payload tests feed them) */
  private readonly readers: { ws: WsOrderGateway; fix: FixOrderGateway }
  readonly reconciler: Reconciler

  constructor(private readonly o: ExecutionClientOptions) {
    const registry = (): InstrumentRegistry => this.o.registry
    const emit = (r: Parameters<OrderService['onReport']>[0]): void => this.orders.onReport(r)
    const common = { registry, emit, ...(o.now ? { now: o.now } : {}) }
    const rest = new RestOrderGateway({ rest: o.rest, ...common })
    const ws = new WsOrderGateway({ ws: o.ws, ...common })
    const fix = new FixOrderGateway({ fix: o.fix, ...common, ...(o.fixReady ? { ready: o.fixReady } : {}) })
    this.readers = { ws, fix }
    this.gateways = { rest }
    if (o.ws) this.gateways.ws = ws
    if (o.fix) this.gateways.fix = fix
    // without a journal, venue events still reach onEvent (recorded-payload tests read them)
    const journal = o.journal ?? (o.onEvent ? { order: () => {}, event: o.onEvent } : undefined)
    this.orders = new OrderService({
      registry,
      tracker: o.tracker,
      router: o.router,
      governor: o.governor,
      gateways: this.gateways,
      ...(journal ? { journal } : {}),
      ...(o.onOrder ? { onOrder: o.onOrder } : {}),
      ...(o.onNew ? { onNew: o.onNew } : {}),
      ...(o.onNotice ? { onNotice: o.onNotice } : {}),
      ...(o.crashPoint ? { crashPoint: o.crashPoint } : {}),
      engineStatus: () => o.ws?.systemStatus,
      ...(o.derivatives ? { derivatives: o.derivatives } : {}),
      ...(o.now ? { now: o.now } : {}),
    })
    this.reconciler = new Reconciler({
      queries: rest,
      orders: this.orders,
      tracker: o.tracker,
      registry,
      ...(o.onNotice ? { onNotice: o.onNotice } : {}),
      ...(o.now ? { now: o.now } : {}),
      ...(o.knownTrades ? { knownTrades: o.knownTrades } : {}),
    })
  }

  /** New reference data (e.g. FIX symbols from InstrumentList) replaces the old. */
  setRegistry(registry: InstrumentRegistry): void {
    this.o.registry = registry
  }

  newClOrdId(): string {
    return this.orders.newClOrdId()
  }

  context(): RouteContext {
    return this.orders.context()
  }

  place(req: PlaceRequest): Promise<TrackedOrder> {
    return this.orders.place(req)
  }

  amend(
    clOrdId: string,
    changes: { qty?: string; limitPrice?: string; triggerPrice?: string },
    override?: Protocol,
  ): Promise<void> {
    return this.orders.amend(clOrdId, changes, override)
  }

  amendProtective(clOrdId: string, changes: { qty: string }): Promise<void> {
    return this.orders.amendProtective(clOrdId, changes)
  }

  cancel(clOrdId: string, override?: Protocol): Promise<void> {
    return this.orders.cancel(clOrdId, override)
  }

  cancelAllAfter(seconds: number): Promise<number> {
    return this.orders.cancelAllAfter(seconds)
  }

  cancelEverything(): Promise<string[]> {
    return this.orders.cancelEverything()
  }

  handleWsExecution(e: Record<string, unknown>, snapshot: boolean): void {
    this.readers.ws.onExecution(e, snapshot)
  }

  handleFixMessage(m: DecodedFix): void {
    this.readers.fix.onMessage(m)
  }

  reconcile(opts: { restored?: ReadonlySet<string> } = {}): Promise<ReconcileResult> {
    return this.reconciler.reconcile(opts)
  }
}
