import type {
  AlertsView,
  Notice,
  NoticeKind,
  NoticesView,
  OrdersView,
  PlaceResult,
  PositionsView,
  RiskView,
} from '../../src-preload/contract/types'
import type { CommandRequest } from '../../src-preload/contract/contract'
import type { OrderTracker, TrackedOrder } from '../core/orders/OrderTracker'
import type { RiskManager } from '../core/risk/RiskManager'
import type { Instrument } from '../core/instruments/InstrumentRegistry'
import { PriceAlerts } from '../features/alerts/PriceAlerts'
import { NoticeBoard } from '../features/notices/NoticeBoard'
import { OrderCommands, type OrderEntry } from '../features/orders/OrderCommands'
import { OrderOutcomes } from '../features/orders/OrderOutcomes'
import { OrdersViews } from '../features/orders/OrdersViews'
import { Positions } from '../features/positions/Positions'
import { RiskControls } from '../features/risk/RiskControls'
import { RefusedError } from '../ipc/StreamHub'

export interface TradingDeps {
  /** the order service once the venue links are up (KrakenExecutionClient answers the same) */
  execution: () => OrderEntry | null
  instrument: (symbol: string) => Instrument | null
  tracker: OrderTracker
  /** mid price text of a symbol's book, or null */
  mid: (symbol: string) => string | null
  /** best bid and offer of a symbol's live book (either null when that side is empty) */
  touch?: (symbol: string) => { bid: string | null; ask: string | null }
  /**
   * The books main itself must follow (alerts waiting, positions held) changed: the core keeps
   * those subscribed whether or not any window shows them.
   */
  watchBooks?: (symbols: ReadonlySet<string>) => void
  publish: (topic: 'orders' | 'positions' | 'risk' | 'notices' | 'alerts') => void
  now?: () => number
  /** where the trader's risk limits and alerts are kept between launches (the settings table) */
  settings?: { get<T>(key: string): T | undefined; set(key: string, value: unknown): void }
}

/**
 * TRANSITIONAL facade (issue 16): the trading features behind the API TridentCore calls today.
 * It builds them and delegates; each feature lives in features/: notices (NoticeBoard), risk
 * (RiskControls), alerts (PriceAlerts), positions (Positions), orders (OrderCommands,
 * OrderOutcomes, OrdersViews). The composition root can build those directly and drop this.
 */
export class TradingService {
  readonly risk: RiskManager
  readonly notices: NoticeBoard
  readonly controls: RiskControls
  readonly alerts: PriceAlerts
  readonly positions: Positions
  readonly views: OrdersViews
  readonly outcomes: OrderOutcomes
  readonly commands: OrderCommands
  private watched = ''

  constructor(private readonly d: TradingDeps) {
    const now = d.now ?? Date.now
    const refuse = (text: string): never => {
      this.notices.notice('warn', text, 'refusal')
      throw new RefusedError(text)
    }
    const refuseQuietly = (text: string): never => {
      throw new RefusedError(text)
    }
    const interestChanged = () => this.watchBooks()
    this.notices = new NoticeBoard({ publish: () => d.publish('notices'), now })
    const settings = d.settings ? { settings: d.settings } : {}
    this.controls = new RiskControls({
      notices: this.notices,
      publish: () => d.publish('risk'),
      refuse,
      cancelEverything: () => {
        for (const o of d.tracker.working()) this.outcomes.asked(o.clOrdId)
        return d.execution()?.cancelEverything() ?? Promise.resolve([])
      },
      cancelAllAfter: (s) =>
        (
          d.execution() ??
          refuseQuietly('Trading is not available yet: the venue connection is still starting')
        ).cancelAllAfter(s),
      ...settings,
      now,
    })
    this.risk = this.controls.risk
    this.alerts = new PriceAlerts({
      known: (s) => d.instrument(s) !== null,
      mid: d.mid,
      notices: this.notices,
      publish: () => d.publish('alerts'),
      interestChanged,
      refuse,
      ...settings,
      now,
    })
    this.positions = new Positions({
      mid: d.mid,
      ...(d.touch ? { touch: d.touch } : {}),
      publish: () => d.publish('positions'),
    })
    this.views = new OrdersViews(d.tracker)
    this.outcomes = new OrderOutcomes({
      tracker: d.tracker,
      positions: this.positions,
      views: this.views,
      notices: this.notices,
      publish: (t) => d.publish(t),
      interestChanged,
      cancel: () => {
        const e = d.execution()
        return e ? (id) => e.cancel(id) : null
      },
    })
    this.commands = new OrderCommands({
      entry: d.execution,
      instrument: d.instrument,
      tracker: d.tracker,
      risk: this.risk,
      mid: d.mid,
      net: (s) => this.positions.net(s),
      notices: this.notices,
      refuse,
      refuseQuietly,
      cancelAsked: (id) => this.outcomes.asked(id),
      sayRejected: (o) => this.outcomes.sayRejected(o),
      now,
    })
  }

  /**
   * The books main follows for the trader: every instrument with an alert still waiting or a
   * position held (not flat). Alerts must fire and marks must move with no window open on that book.
   */
  bookInterest(): Set<string> {
    // a flat instrument needs no mark: its book is let go (a window may still show it)
    return new Set<string>([...this.positions.held(), ...this.alerts.waiting()])
  }

  /** Tell the core when the set changes (not on every alert or fill). */
  private watchBooks(): void {
    const now = this.bookInterest()
    const key = [...now].sort().join(',')
    if (key === this.watched) return
    this.watched = key
    this.d.watchBooks?.(now)
  }

  /**
   * The top of a followed book changed (the core calls this at most once a frame per
   * instrument, whatever the message rate): alerts are checked on the mid, and a position in the
   * instrument is re-marked, pushed on the positions topic (frame-paced by the hub).
   */
  onTopOfBook(symbol: string): void {
    const mid = this.d.mid(symbol)
    if (mid) this.alerts.check(symbol, mid)
    if (this.positions.symbols().includes(symbol)) this.d.publish('positions')
  }

  checkAlerts(symbol: string, mid: string): void {
    this.alerts.check(symbol, mid)
  }
  addAlert(a: { symbol: string; op: 'above' | 'below'; price: string }): AlertsView {
    return this.alerts.add(a)
  }
  removeAlert(id: number): AlertsView {
    return this.alerts.remove(id)
  }
  alertsView(): AlertsView {
    return this.alerts.view()
  }

  notice(level: Notice['level'], text: string, kind: NoticeKind = 'note'): void {
    this.notices.notice(level, text, kind)
  }
  dismissNotices(ids?: number[]): NoticesView {
    return this.notices.dismiss(ids)
  }
  noticesView(): NoticesView {
    return this.notices.view()
  }

  place(c: CommandRequest<'orders.place'>): Promise<PlaceResult> {
    return this.commands.place(c)
  }
  amend(c: CommandRequest<'orders.amend'>): Promise<{ ok: true }> {
    return this.commands.amend(c)
  }
  cancel(c: CommandRequest<'orders.cancel'>): Promise<{ ok: true }> {
    return this.commands.cancel(c)
  }
  cancelAll(c: CommandRequest<'orders.cancelAll'>): Promise<{ count: number }> {
    return this.commands.cancelAll(c)
  }

  killSwitch(engaged: boolean): Promise<RiskView> {
    return this.controls.killSwitch(engaged)
  }
  setDeadman(timeoutSec: number): Promise<RiskView> {
    return this.controls.setDeadman(timeoutSec)
  }
  setLimits(l: CommandRequest<'risk.setLimits'>): RiskView {
    return this.controls.setLimits(l)
  }
  riskView(): RiskView {
    return this.controls.view()
  }

  onBalances(entries: Record<string, unknown>[]): void {
    this.positions.onBalances(entries)
  }
  positionsView(): PositionsView {
    return this.positions.view()
  }

  stop(): void {
    this.controls.stop()
  }

  onRestored(): void {
    this.outcomes.onRestored()
  }
  onRecovered(r: { fills: number; adopted: number; notSent: string[] }): void {
    this.outcomes.onRecovered(r)
  }
  onOrder(o: TrackedOrder, quiet = false): void {
    this.outcomes.onOrder(o, quiet)
  }
  ordersView(): OrdersView {
    return this.views.view()
  }
  workingOrdersView(): OrdersView {
    return this.views.working()
  }
}
