import type {
  AlertsView,
  FillView,
  PriceAlert,
  Notice,
  NoticeKind,
  NoticesView,
  OrderView,
  OrdersView,
  PlaceResult,
  PositionsView,
  PositionView,
  RiskView,
} from '../../src-preload/contract/types'
import type { CommandRequest } from '../../src-preload/contract/contract'
import { toUnits } from '../../src-domain/decimal'
import { OrderRefused, type PlaceRequest } from '../core/orders/PlaceRequest'
import { cancelWords } from './cancelWords'
import { isTerminal, type OrderTracker, type Protocol, type TrackedOrder } from '../core/orders/OrderTracker'
import { PositionBook } from '../core/positions/PositionBook'
import { RiskManager } from '../core/risk/RiskManager'
import { DuplicateGuard } from '../core/risk/DuplicateGuard'
import { reduceOnlyExcess, reduceOnlyProblem, type WorkingReduceOnly } from '../core/risk/reduceOnly'
import { fromUnits } from '../../src-domain/decimal'
import type { KrakenExecutionClient } from '../kraken/KrakenExecutionClient'
import type { Instrument } from '../core/instruments/InstrumentRegistry'
import { RefusedError } from './StreamHub'

const HISTORY = 2000
const FILLS = 2000
/** the notices log keeps the session's last 500 (pinned ones however old) */
const NOTICES = 500
/** kinds that stay on the strip until dismissed: what the trader must not miss */
const PINNED: ReadonlySet<NoticeKind> = new Set(['refusal', 'reject', 'venue-cancel', 'alert'])

export interface TradingDeps {
  execution: () => KrakenExecutionClient | null
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

const ALERTS_KEY = 'alerts'
const LIMITS_KEY = 'risk.limits'

/**
 * The trader's actions, checked in main whatever the renderer shows: risk limits, the kill
 * switch, confirmation above a threshold. Turns tracked orders and fills into views, and keeps the
 * notices (refusals, routing notes) the trader must see.
 */
export class TradingService {
  readonly risk = new RiskManager()
  private readonly duplicates = new DuplicateGuard()
  private readonly positions = new PositionBook()
  private readonly applied = new Set<string>()
  private readonly fills: FillView[] = []
  private readonly notices: Notice[] = []
  private noticeId = 0
  private readonly now: () => number
  private deadman: { timeoutSec: number; triggerAt: number | null; timer: NodeJS.Timeout | null } = {
    timeoutSec: 0,
    triggerAt: null,
    timer: null,
  }

  private readonly alerts: PriceAlert[] = []
  private alertId = 0

  constructor(private readonly d: TradingDeps) {
    this.now = d.now ?? Date.now
    // the trader's limits and alerts from the last launch; anything unreadable is said and dropped
    const limits = d.settings?.get<CommandRequest<'risk.setLimits'>>(LIMITS_KEY)
    if (limits) {
      try {
        this.risk.setDefaults(limits)
      } catch (e) {
        this.notice('warn', `Saved risk limits ignored (${(e as Error).message}); using the defaults`)
      }
    }
    const saved = d.settings?.get<PriceAlert[]>(ALERTS_KEY)
    if (Array.isArray(saved))
      for (const a of saved)
        if (
          a &&
          typeof a.symbol === 'string' &&
          (a.op === 'above' || a.op === 'below') &&
          /^\d+(\.\d+)?$/.test(a.price)
        ) {
          this.alerts.push({ ...a, id: ++this.alertId })
        }
  }

  private saveAlerts(): void {
    this.d.settings?.set(ALERTS_KEY, this.alerts)
  }

  addAlert(a: { symbol: string; op: 'above' | 'below'; price: string }): AlertsView {
    if (!this.d.instrument(a.symbol)) this.refuse(`Unknown instrument ${a.symbol}: no alert set`)
    this.alerts.push({ id: ++this.alertId, symbol: a.symbol, op: a.op, price: a.price, triggeredAt: null })
    this.saveAlerts()
    this.d.publish('alerts')
    const mid = this.d.mid(a.symbol)
    if (mid) this.checkAlerts(a.symbol, mid)
    this.watchBooks()
    return this.alertsView()
  }

  removeAlert(id: number): AlertsView {
    const i = this.alerts.findIndex((x) => x.id === id)
    if (i >= 0) this.alerts.splice(i, 1)
    this.saveAlerts()
    this.d.publish('alerts')
    this.watchBooks()
    return this.alertsView()
  }

  /**
   * The books main follows for the trader: every instrument with an alert still waiting or a
   * position held (not flat). Alerts must fire and marks must move with no window open on that book.
   */
  bookInterest(): Set<string> {
    // a flat instrument needs no mark: its book is let go (a window may still show it)
    const s = new Set<string>(this.positions.symbols().filter((x) => /[1-9]/.test(this.positions.net(x))))
    for (const a of this.alerts) if (a.triggeredAt === null) s.add(a.symbol)
    return s
  }

  private watched = ''
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
    if (mid) this.checkAlerts(symbol, mid)
    if (this.positions.symbols().includes(symbol)) this.d.publish('positions')
  }

  /** Fire alerts whose condition the mid now meets, once (called on every top-of-book change). */
  checkAlerts(symbol: string, mid: string): void {
    let fired = false
    for (const a of this.alerts) {
      if (a.symbol !== symbol || a.triggeredAt !== null) continue
      // exact decimal comparison at whichever scale is finer, never floats
      const scale = Math.max(decimals(mid), decimals(a.price))
      const u = (t: string): bigint => BigInt(toUnits(t, scale))
      const hit = a.op === 'above' ? u(mid) >= u(a.price) : u(mid) <= u(a.price)
      if (!hit) continue
      a.triggeredAt = this.now()
      a.triggerMid = mid
      this.saveAlerts()
      this.notice(
        'warn',
        `Alert: ${symbol} mid ${mid} is ${a.op === 'above' ? 'at or above' : 'at or below'} ${a.price}`,
        'alert',
      )
      this.d.publish('alerts')
      fired = true
    }
    // a fired alert no longer needs its book followed
    if (fired) this.watchBooks()
  }

  alertsView(): AlertsView {
    return { alerts: this.alerts }
  }

  /**
   * Tell the trader. Refusals, rejects, cancels they did not ask for, alerts and errors are
   * pinned: a burst of fill notices must never push them off the strip (a refusal was gone
   * within a second). The log keeps the last NOTICES, dropping the oldest unpinned first.
   */
  notice(level: Notice['level'], text: string, kind: NoticeKind = 'note'): void {
    const pinned = PINNED.has(kind) || level === 'error'
    this.notices.push({ id: ++this.noticeId, at: this.now(), level, text, kind, pinned })
    if (this.notices.length > NOTICES) {
      const i = this.notices.findIndex((n) => !n.pinned)
      this.notices.splice(i >= 0 ? i : 0, 1)
    }
    this.d.publish('notices')
  }

  /** The trader read them: off the strip, still in the log. No ids: every pinned notice. */
  dismissNotices(ids?: number[]): NoticesView {
    const which = ids ? new Set(ids) : null
    for (const n of this.notices) if (n.pinned && (!which || which.has(n.id))) n.pinned = false
    this.d.publish('notices')
    return this.noticesView()
  }

  private exec(): KrakenExecutionClient {
    const e = this.d.execution()
    if (!e) throw new RefusedError('Trading is not available yet: the venue connection is still starting')
    return e
  }

  private refuse(text: string): never {
    this.notice('warn', text, 'refusal')
    throw new RefusedError(text)
  }

  async place(c: CommandRequest<'orders.place'>): Promise<PlaceResult> {
    const inst = this.d.instrument(c.symbol)
    if (!inst) this.refuse(`Unknown instrument ${c.symbol}`)
    const req: PlaceRequest = {
      symbol: c.symbol,
      side: c.side,
      type: c.type,
      qty: c.qty,
      tif: c.tif ?? 'GTC',
    }
    if (c.limitPrice !== undefined) req.limitPrice = c.limitPrice
    if (c.triggerPrice !== undefined) req.triggerPrice = c.triggerPrice
    if (c.displayQty !== undefined) req.displayQty = c.displayQty
    if (c.expireAt !== undefined) req.expireAt = c.expireAt
    if (c.postOnly) req.postOnly = true
    if (c.protocol && c.protocol !== 'auto') req.protocol = c.protocol
    if (c.reduceOnly) {
      const problem = reduceOnlyProblem(
        { symbol: inst.id, side: c.side, qty: c.qty },
        this.positions.net(inst.id),
        this.reduceOnlyWorking(inst.id),
        inst.qtyPrecision,
      )
      if (problem) this.refuse(problem)
      req.reduceOnly = true
    }
    const working = this.d.tracker.working().filter((o) => o.symbol === inst.id).length
    const verdict = this.risk.check(
      req,
      inst,
      { mid: this.d.mid(inst.id), openOrders: working, position: this.positions.net(inst.id) },
      c.confirmed ?? false,
    )
    if (!verdict.ok && 'reason' in verdict) this.refuse(verdict.reason)
    // the same order again moments later: asked like an order above the value threshold
    const window = this.risk.limitsFor(inst.id).duplicateWindowMs
    const again = this.duplicates.check(req, window, this.now(), c.confirmed ?? false)
    if (!verdict.ok || again) {
      const why: ('value' | 'duplicate')[] = []
      const words: string[] = []
      if (again) {
        why.push('duplicate')
        words.push(again)
      }
      if (!verdict.ok && 'confirm' in verdict) {
        why.push('value')
        words.push(verdict.confirm)
      }
      return { confirm: words.join(' '), why }
    }
    const exec = this.exec()
    this.duplicates.noteSent(req, this.now(), window)
    try {
      const o = await exec.place(req)
      if (o.state === 'rejected' && !this.told.has(o.clOrdId)) {
        this.told.add(o.clOrdId)
        this.notice('error', `${what(o)} rejected by Kraken: ${o.reason ?? 'no reason given'}`, 'reject')
      }
      const r: PlaceResult = { clOrdId: o.clOrdId, state: o.state }
      if (o.reason) r.reason = o.reason
      return r
    } catch (e) {
      if (e instanceof OrderRefused) this.refuse(e.message)
      throw e
    }
  }

  async amend(c: CommandRequest<'orders.amend'>): Promise<{ ok: true }> {
    const changes: { qty?: string; limitPrice?: string; triggerPrice?: string } = {}
    if (c.qty !== undefined) changes.qty = c.qty
    if (c.limitPrice !== undefined) changes.limitPrice = c.limitPrice
    if (c.triggerPrice !== undefined) changes.triggerPrice = c.triggerPrice
    const o = this.d.tracker.get(c.clOrdId)
    if (o && changes.limitPrice !== undefined) {
      const mid = this.d.mid(o.symbol)
      const inst = this.d.instrument(o.symbol)
      if (inst) {
        const v = this.risk.check(
          {
            symbol: o.symbol,
            side: o.side,
            type: 'limit',
            qty: changes.qty ?? o.qty,
            limitPrice: changes.limitPrice,
            tif: 'GTC',
          },
          inst,
          { mid, openOrders: 0, position: '0' },
          true,
        )
        if (!v.ok && 'reason' in v) this.refuse(v.reason)
      }
    }
    await this.guard(() => this.exec().amend(c.clOrdId, changes, this.protocol(c.protocol)))
    return { ok: true }
  }

  async cancel(c: CommandRequest<'orders.cancel'>): Promise<{ ok: true }> {
    this.cancelAsked.add(c.clOrdId)
    await this.guard(() => this.exec().cancel(c.clOrdId, this.protocol(c.protocol)))
    return { ok: true }
  }

  async cancelAll(c: CommandRequest<'orders.cancelAll'>): Promise<{ count: number }> {
    const targets = this.d.tracker.working().filter((o) => c.symbol === undefined || o.symbol === c.symbol)
    let count = 0
    for (const o of targets) {
      this.cancelAsked.add(o.clOrdId)
      try {
        await this.exec().cancel(o.clOrdId)
        count++
      } catch (e) {
        this.notice('warn', `Could not cancel ${o.clOrdId}: ${(e as Error).message}`)
      }
    }
    return { count }
  }

  async killSwitch(engaged: boolean): Promise<RiskView> {
    if (engaged) {
      this.risk.kill('trader', this.now())
      for (const o of this.d.tracker.working()) this.cancelAsked.add(o.clOrdId)
      this.d.publish('risk')
      const said = this.d.execution() ? await this.exec().cancelEverything() : []
      this.notice('error', `Kill switch engaged: trading stopped. ${said.join('; ')}`)
    } else {
      this.risk.rearm()
      this.notice('info', 'Kill switch re-armed: trading allowed again')
    }
    this.d.publish('risk')
    return this.riskView()
  }

  /**
   * Arm (or disarm with 0) Kraken's dead-man switch and keep it armed: main re-arms it every
   * quarter of the timeout (Kraken suggests every 15-30 s for 60 s), so it fires only if Trident
   * itself stops, or loses the venue.
   */
  async setDeadman(timeoutSec: number): Promise<RiskView> {
    if (this.deadman.timer) clearInterval(this.deadman.timer)
    this.deadman = { timeoutSec, triggerAt: null, timer: null }
    const arm = async (): Promise<void> => {
      try {
        const at = await this.exec().cancelAllAfter(timeoutSec)
        this.deadman.triggerAt = at || null
      } catch (e) {
        this.notice('error', `Dead-man switch could not be re-armed: ${(e as Error).message}`)
      }
      this.d.publish('risk')
    }
    await arm()
    if (timeoutSec > 0) {
      this.deadman.timer = setInterval(() => void arm(), Math.max(1000, (timeoutSec * 1000) / 4))
      this.deadman.timer.unref()
      this.notice(
        'info',
        `Dead-man switch armed: Kraken cancels everything if Trident goes quiet for ${timeoutSec} s`,
      )
    } else this.notice('info', 'Dead-man switch disarmed')
    return this.riskView()
  }

  setLimits(l: CommandRequest<'risk.setLimits'>): RiskView {
    try {
      this.risk.setDefaults(l)
    } catch (e) {
      this.refuse(`Those limits are not valid: ${(e as Error).message}`)
    }
    this.d.settings?.set(LIMITS_KEY, this.risk.limitsFor(''))
    this.notice(
      'info',
      `Risk limits set: max ${l.maxOrderQty} per order, value ${l.maxNotional}, band ${l.priceBandPct}%, ${l.maxOpenOrders} working, position ${l.maxPosition}, confirm above ${l.confirmAbove}, ${dupWords(this.risk.limitsFor('').duplicateWindowMs)}`,
    )
    this.d.publish('risk')
    return this.riskView()
  }

  /** Balances as the venue reports them (WS balances channel). */
  private readonly balances = new Map<string, string>()
  onBalances(entries: Record<string, unknown>[]): void {
    for (const e of entries)
      if (typeof e.asset === 'string' && e.balance !== undefined)
        this.balances.set(e.asset, String(e.balance))
    this.d.publish('positions')
  }

  stop(): void {
    if (this.deadman.timer) clearInterval(this.deadman.timer)
  }

  private protocol(p: string | undefined): Protocol | undefined {
    return p && p !== 'auto' ? (p as Protocol) : undefined
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn()
    } catch (e) {
      if (e instanceof OrderRefused) this.refuse(e.message)
      this.notice('error', (e as Error).message)
      throw new RefusedError((e as Error).message)
    }
  }

  /** Orders read back from the journal after a restart: their fills count once, without fanfare. */
  onRestored(): void {
    const orders = this.d.tracker.all()
    for (const o of orders) this.onOrder(o, true)
    const fills = this.d.tracker.fillCount()
    this.notice(
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
    this.notice('info', `Reconciled with the exchange: ${parts.join('; ')}`)
    if (r.notSent.length)
      this.notice(
        'warn',
        `${r.notSent.length} order${r.notSent.length === 1 ? ' was' : 's were'} never sent (Trident stopped first): ${r.notSent.join(', ')}`,
      )
  }

  private reduceOnlyWorking(symbol: string): WorkingReduceOnly[] {
    return this.d.tracker
      .working()
      .filter((o) => o.symbol === symbol && o.reduceOnly)
      .map((o) => ({
        clOrdId: o.clOrdId,
        side: o.side,
        remaining: fromUnits(
          (BigInt(toUnits(o.qty, o.qtyPrecision)) - BigInt(toUnits(o.filledQty, o.qtyPrecision))).toString(),
          o.qtyPrecision,
        ),
        createdAt: o.createdAt,
      }))
  }

  /** The position moved: working reduce-only orders that could now grow it are cancelled, and said. */
  private enforceReduceOnly(symbol: string, qtyPrecision: number): void {
    const excess = reduceOnlyExcess(this.positions.net(symbol), this.reduceOnlyWorking(symbol), qtyPrecision)
    for (const clOrdId of excess) {
      if (this.reduceOnlyCancelling.has(clOrdId)) continue
      this.reduceOnlyCancelling.add(clOrdId)
      // said here, with the reason; the cancel coming back is not said twice
      this.cancelAsked.add(clOrdId)
      this.notice(
        'warn',
        `Reduce-only ${clOrdId} cancelled: the ${symbol} position is now ${this.positions.net(symbol)}, and it could grow it`,
        'venue-cancel',
      )
      const e = this.d.execution()
      void e
        ?.cancel(clOrdId)
        .catch((err: unknown) =>
          this.notice('error', `Could not cancel reduce-only ${clOrdId}: ${(err as Error).message}`),
        )
    }
  }
  private readonly reduceOnlyCancelling = new Set<string>()

  /** orders whose end was already said (or restored from the journal, said in an earlier run) */
  private readonly told = new Set<string>()
  /** orders the trader (or main on their behalf: kill switch) asked to cancel */
  private readonly cancelAsked = new Set<string>()

  /**
   * An order ended without filling: a venue reject, or a cancel the trader did not ask for, said
   * with its reason in words (a self-trade-prevention cancel showed only in History).
   */
  private sayEnd(o: TrackedOrder): void {
    if (o.state === 'rejected') {
      this.notice('error', `${what(o)} rejected by Kraken: ${o.reason ?? 'no reason given'}`, 'reject')
      return
    }
    if (this.cancelAsked.has(o.clOrdId)) return // the trader's own cancel: the blotter shows it
    const why = cancelWords(o.reason)
    if (!why) return // replaced by an amend: the order lives on under the new terms
    const filled = /[1-9]/.test(o.filledQty) ? ` after ${o.filledQty} filled` : ''
    const verb = o.state === 'expired' ? 'expired' : 'cancelled'
    this.notice(why.level, `${what(o)} ${verb}${filled}: ${why.text}`, why.kind)
  }

  /** Called for every order change: new fills move positions exactly once. */
  onOrder(o: TrackedOrder, quiet = false): void {
    let moved = false
    for (const f of o.fills) {
      const key = `${o.clOrdId}|${f.tradeId}`
      if (this.applied.has(key)) continue
      this.applied.add(key)
      this.positions.apply({
        symbol: o.symbol,
        side: o.side,
        qty: f.qty,
        price: f.price,
        qtyPrecision: o.qtyPrecision,
        pricePrecision: o.pricePrecision,
      })
      const fv: FillView = {
        tradeId: f.tradeId,
        clOrdId: o.clOrdId,
        symbol: o.symbol,
        side: o.side,
        qty: f.qty,
        price: f.price,
        at: f.at,
        protocol: f.protocol,
      }
      if (f.fee !== undefined) fv.fee = f.fee
      if (f.feeAsset !== undefined) fv.feeAsset = f.feeAsset
      this.fills.unshift(fv)
      if (this.fills.length > FILLS) this.fills.length = FILLS
      moved = true
      this.watchBooks()
      if (!quiet)
        this.notice(
          'info',
          `Filled: ${o.side === 'buy' ? 'bought' : 'sold'} ${f.qty} ${o.symbol} at ${f.price} (order ${o.clOrdId}, ${f.protocol})`,
          'fill',
        )
      this.d.publish('positions')
    }
    if (moved && !quiet) this.enforceReduceOnly(o.symbol, o.qtyPrecision)
    if (isTerminal(o.state) && o.state !== 'filled' && !this.told.has(o.clOrdId)) {
      this.told.add(o.clOrdId)
      if (!quiet) this.sayEnd(o)
    }
    this.ordersCache = null
    this.d.publish('orders')
  }

  /**
   * Built once per change, not once per window: the hub reads the latest view for every window
   * it flushes, and sorting every order of the session ten times a frame is main's time wasted.
   */
  private ordersCache: OrdersView | null = null
  private ordersCacheVersion = -1

  ordersView(): OrdersView {
    const version = this.d.tracker.version
    if (this.ordersCache && this.ordersCacheVersion === version) return this.ordersCache
    this.ordersCache = this.buildOrdersView()
    this.ordersCacheVersion = version
    return this.ordersCache
  }

  /** the working-only view, derived from (and rebuilt with) the full one */
  private working: { of: OrdersView; view: OrdersView } | null = null

  /** Working orders only (history and fills empty): what a window without a blotter needs. */
  workingOrdersView(): OrdersView {
    const all = this.ordersView()
    if (this.working?.of !== all)
      this.working = { of: all, view: { working: all.working, history: [], fills: [] } }
    return this.working.view
  }

  private buildOrdersView(): OrdersView {
    const all = this.d.tracker.all()
    const view = (o: TrackedOrder): OrderView => {
      const v: OrderView = {
        clOrdId: o.clOrdId,
        symbol: o.symbol,
        side: o.side,
        type: o.type,
        qty: o.qty,
        tif: o.tif,
        protocol: o.protocol,
        state: o.state,
        filledQty: o.filledQty,
        createdAt: o.createdAt,
        updatedAt: o.updatedAt,
      }
      if (o.venueOrderId) v.venueOrderId = o.venueOrderId
      if (o.limitPrice !== undefined) v.limitPrice = o.limitPrice
      if (o.triggerPrice !== undefined) v.triggerPrice = o.triggerPrice
      if (o.reason) v.reason = o.reason
      if (o.reduceOnly) v.reduceOnly = true
      if (o.postOnly) v.postOnly = true
      if (o.avgPrice !== undefined) v.avgPrice = o.avgPrice
      if (o.cumCost !== undefined) v.cumCost = o.cumCost
      return v
    }
    const terminal = (o: TrackedOrder) => isTerminal(o.state)
    return {
      working: all
        .filter((o) => !terminal(o))
        .sort((a, b) => b.createdAt - a.createdAt || newerId(a, b))
        .map(view),
      history: all
        .filter(terminal)
        .sort((a, b) => b.updatedAt - a.updatedAt || newerId(a, b))
        .slice(0, HISTORY)
        .map(view),
      fills: this.fills,
    }
  }

  /**
   * A position is marked where it would close: a long at the best bid, a short at the best offer
   * (what flattening now would get before fees, not the mid a trader could not trade at); flat, at
   * the mid. Without that side of the book, the mid; without a book, no mark.
   */
  private mark(symbol: string): { price: string | null; source: PositionView['markSource'] } {
    const net = this.positions.net(symbol)
    const top = this.d.touch?.(symbol)
    const side = net.startsWith('-') ? 'ask' : /[1-9]/.test(net) ? 'bid' : null
    const price = side && top ? top[side] : null
    if (side && price) return { price, source: side }
    const mid = this.d.mid(symbol)
    return { price: mid, source: mid ? 'mid' : 'none' }
  }

  positionsView(): PositionsView {
    return {
      positions: this.positions.symbols().map((s) => {
        const m = this.mark(s)
        return { ...this.positions.view(s, m.price)!, mark: m.price ?? '', markSource: m.source }
      }),
      balances: [...this.balances]
        .map(([asset, balance]) => ({ asset, balance }))
        .sort((a, b) => a.asset.localeCompare(b.asset)),
    }
  }

  riskView(): RiskView {
    return {
      killed: this.risk.killed !== null,
      killedAt: this.risk.killed?.at ?? null,
      defaults: this.risk.limitsFor(''),
      deadman: {
        armed: this.deadman.timeoutSec > 0,
        timeoutSec: this.deadman.timeoutSec,
        triggerAt: this.deadman.triggerAt,
      },
    }
  }

  noticesView(): NoticesView {
    return { notices: this.notices }
  }
}

/** "Sell 0.01 BTC/USD @ 65000.0": an order as the trader typed it. */
function what(o: { side: string; qty: string; symbol: string; limitPrice?: string | undefined }): string {
  return `${o.side === 'buy' ? 'Buy' : 'Sell'} ${o.qty} ${o.symbol}${o.limitPrice ? ` @ ${o.limitPrice}` : ''}`
}

function dupWords(ms: number): string {
  return ms > 0 ? `confirm the same order again within ${ms} ms` : 'no duplicate-order check'
}

function decimals(text: string): number {
  return text.split('.')[1]?.length ?? 0
}

/** Within one millisecond the client order id says which came later (ours increase). */
function newerId(a: TrackedOrder, b: TrackedOrder): number {
  return a.clOrdId < b.clOrdId ? 1 : a.clOrdId > b.clOrdId ? -1 : 0
}
