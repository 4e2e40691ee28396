import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import type { OrderTracker } from '../../core/orders/OrderTracker'
import { checkOnGrid, TemplateRefused } from '../../core/brackets/exitTemplate'
import { RefusedError, sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import { BracketJournal } from '../../store/BracketJournal'
import type { Db } from '../../store/TridentDb'
import type { OrderEntry } from '../orders/OrderCommands'
import type { TradingDesk } from '../trading/TradingDesk'
import { counterOf, type RateGovernor } from '../../core/risk/RateGovernor'
import { sellRoom } from './balanceRoom'
import { BracketDesk } from './BracketDesk'
import { ChaseOrders } from './ChaseOrders'
import { bracketsView } from './bracketsView'
import { ExitTemplates } from './ExitTemplates'

export interface BracketsDeps {
  db: Db
  settings: { get<T>(key: string): T | undefined; set(key: string, value: unknown): void }
  trading: TradingDesk
  tracker: OrderTracker
  execution: () => OrderEntry | null
  instrument: (symbol: string) => Instrument | null
  touch: (symbol: string) => { bid: string | null; ask: string | null }
  /** the order journal's profile key of the open venue session (brackets are journaled beside its orders) */
  profile: () => string | null
  /** the session's model of Kraken's rate counters (chase orders keep to half a pair's counter) */
  governor: () => Pick<RateGovernor, 'load'> | null
}

/**
 * Brackets (issue 18): exit templates, entries placed with one, and their brackets. Built over
 * the trading desk: orders it places go through the same trader checks and the one order service;
 * it watches order changes (OrderOutcomes) and the followed books' touch (TradingDesk).
 */
export function registerBrackets(hub: StreamHub, d: BracketsDeps): BracketDesk {
  const { notices } = d.trading
  const publish = () => hub.publish('brackets', 'all')
  const refuse = (text: string): never => {
    notices.notice('warn', text, 'refusal')
    throw new RefusedError(text)
  }
  const templates = new ExitTemplates({ settings: d.settings, refuse, publish })
  let journal: BracketJournal | null = null
  // under half the pair's trading counter: what chases and stop moves may use, the rest kept
  // for protective legs and one-cancels-other
  const rateRoom = (symbol: string): boolean => {
    // a contract's moves spend the derivatives budget, not a counter named after the contract
    const counter = counterOf(d.instrument(symbol) ?? { id: symbol })
    const c = d
      .governor()
      ?.load()
      .trading.find((x) => x.symbol === counter)
    return !c || c.level <= c.max / 2
  }
  const desk = new BracketDesk({
    entry: d.execution,
    tracker: d.tracker,
    instrument: d.instrument,
    touch: d.touch,
    notices,
    cancelAsked: (id) => d.trading.outcomes.asked(id),
    halted: () =>
      d.trading.controls.risk.killed
        ? 'Trading is stopped by the kill switch. Re-arm it to trade again.'
        : null,
    journal: () => {
      const p = d.profile()
      if (p && journal?.profile !== p) journal = new BracketJournal(d.db, p)
      return p ? journal : null
    },
    room: (symbol, l) => {
      const inst = d.instrument(symbol)
      if (!inst) return null
      const balances = d.trading.positions.view().balances
      const balance = (asset: string) => balances.find((b) => b.asset === asset)?.balance ?? null
      return sellRoom(inst, l.side, l.qty, balance, d.tracker.working(), d.instrument)
    },
    rateRoom,
    publish,
  })
  // a working bracket's entry and legs stay in the tracker: its legs are sized from their fills
  d.tracker.keepWhile((id) => desk.needs(id))

  const chases = new ChaseOrders({
    entry: d.execution,
    tracker: d.tracker,
    instrument: d.instrument,
    touch: d.touch,
    notices,
    rateRoom,
    refuse,
    publish,
    interestChanged: () => chaseInterest(),
  })
  const chaseInterest = d.trading.followFor(() => chases.instruments())
  d.trading.outcomes.watch({
    order: (o, quiet) => {
      desk.onOrder(o, quiet)
      if (!quiet) chases.onOrder(o)
    },
    created: (o) => desk.onNew(o),
    recovered: () => desk.onRecovered(),
  })
  d.trading.onTop((s) => {
    desk.onTop(s)
    chases.onTop(s)
  })

  hub.command('brackets.templates.save', (t) => templates.save(t))
  hub.command('brackets.templates.delete', ({ id }) => {
    templates.delete(id)
    return { ok: true as const }
  })
  hub.command('brackets.place', ({ templateId, ...order }) => {
    const t = templates.get(templateId) ?? refuse(`No exit template ${templateId}`)
    const inst = d.instrument(order.symbol) ?? refuse(`Unknown instrument ${order.symbol}`)
    try {
      checkOnGrid(t, inst)
    } catch (e) {
      if (e instanceof TemplateRefused) refuse(e.message)
      throw e
    }
    return desk.placeEntry(t, () => d.trading.commands.place(order))
  })
  hub.command('brackets.chase', ({ offsetTicks, maxChaseTicks, ...o }) =>
    chases.start({ ...o, offsetTicks, maxChaseTicks }, (limitPrice) =>
      d.trading.commands.place({ ...o, type: 'limit', limitPrice, tif: 'GTC' }),
    ),
  )
  hub.topic(
    'brackets',
    sharedTopic(() => bracketsView(templates.all(), desk, d.tracker, chases.view())),
  )
  return desk
}
