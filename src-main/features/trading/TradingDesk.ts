import type { MarginPositionView } from '../../../src-preload/contract/types'
import type { OrderTracker } from '../../core/orders/OrderTracker'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import { PriceAlerts } from '../alerts/PriceAlerts'
import { NoticeBoard } from '../notices/NoticeBoard'
import { OrderCommands, type OrderEntry } from '../orders/OrderCommands'
import { OrderOutcomes, type CancelNotes } from '../orders/OrderOutcomes'
import { OrdersViews } from '../orders/OrdersViews'
import { Positions } from '../positions/Positions'
import { RiskControls } from '../risk/RiskControls'
import { RefusedError } from '../../ipc/StreamHub'

export interface TradingDeskDeps {
  /** the order service once the venue links are up (VenueExecution answers the same) */
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
  /** the session's order journal (asked-for cancels are noted there), null before a session */
  journal?: () => CancelNotes | null
  /**
   * a derivatives contract's position as the venue holds it (signed contracts), and the wallet's
   * margin equity; null/undefined for spot pairs, whose positions are summed from fills here
   */
  venuePosition?: (symbol: string) => string | null
  marginEquity?: () => string | undefined
  /** spot margin positions Kraken holds (REST OpenPositions), as last read */
  marginPositions?: () => MarginPositionView[]
  /** where the trader's risk limits and alerts are kept between launches (the settings table) */
  settings?: { get<T>(key: string): T | undefined; set(key: string, value: unknown): void }
}

/**
 * The trading features built together, because they answer to each other: notices (NoticeBoard),
 * risk (RiskControls), alerts (PriceAlerts), positions (Positions), orders (OrderCommands,
 * OrderOutcomes, OrdersViews). Each feature's commands and topics are registered on it directly
 * (registerTrading); the desk itself only holds what crosses features — the books main must
 * follow for alerts and marks, and what a top-of-book move means for both.
 */
export class TradingDesk {
  readonly notices: NoticeBoard
  readonly controls: RiskControls
  readonly alerts: PriceAlerts
  readonly positions: Positions
  readonly views: OrdersViews
  readonly outcomes: OrderOutcomes
  readonly commands: OrderCommands
  private watched = ''
  /** features that follow the touch of a followed book (brackets: breakeven, trailing) */
  private readonly topWatchers: ((symbol: string) => void)[] = []
  private readonly interests: (() => Iterable<string>)[] = []

  constructor(private readonly d: TradingDeskDeps) {
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
        // one commit for them all: the kill switch's cancels wait for nothing more
        this.outcomes.asked(...d.tracker.working().map((o) => o.clOrdId))
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
      ...(d.marginPositions ? { marginPositions: d.marginPositions } : {}),
      ...(d.touch ? { touch: d.touch } : {}),
      publish: () => d.publish('positions'),
      inBase: (tradeId) => d.journal?.()?.inBase?.(tradeId) ?? false,
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
      ...(d.journal ? { journal: d.journal } : {}),
    })
    this.commands = new OrderCommands({
      entry: d.execution,
      instrument: d.instrument,
      tracker: d.tracker,
      risk: this.controls.risk,
      mid: d.mid,
      net: (s) => d.venuePosition?.(s) ?? this.positions.net(s),
      ...(d.marginEquity ? { equity: d.marginEquity } : {}),
      notices: this.notices,
      refuse,
      refuseQuietly,
      cancelAsked: (id) => this.outcomes.asked(id),
      cancelNotSent: (id) => this.outcomes.notAsked(id),
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
    const more = this.interests.flatMap((f) => [...f()])
    return new Set<string>([...this.positions.held(), ...this.alerts.waiting(), ...more])
  }

  /**
   * A feature whose orders follow a book (chase orders) adds its instruments to the followed set;
   * it calls the function returned whenever they change.
   */
  followFor(instruments: () => Iterable<string>): () => void {
    this.interests.push(instruments)
    return () => this.watchBooks()
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
    for (const w of this.topWatchers) w(symbol)
  }

  /** Be told when the top of a followed book moved (at most once a frame per instrument). */
  onTop(w: (symbol: string) => void): void {
    this.topWatchers.push(w)
  }

  stop(): void {
    this.controls.stop()
  }
}
