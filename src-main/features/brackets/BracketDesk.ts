import { fromUnits, toUnits } from '../../../src-domain/decimal'
import type { PlaceResult } from '../../../src-preload/contract/types'
import { ocoRemaining, planBracket, stopTarget, type LegFill } from '../../core/brackets/bracketPlan'
import {
  adoptLegPrices,
  type Bracket,
  type BracketEntry,
  type BracketLeg,
} from '../../core/brackets/bracketState'
import { offsetUnits, TemplateRefused } from '../../core/brackets/exitTemplate'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import { isTerminal, type OrderTracker, type TrackedOrder } from '../../core/orders/OrderTracker'
import type { BracketJournal } from '../../store/BracketJournal'
import type { NoticeBoard } from '../notices/NoticeBoard'
import type { OrderEntry } from '../orders/OrderCommands'
import { NOT_SENT } from '../orders/Reconciler'
import { HeldTargets, insufficientFunds } from './HeldTargets'
import { LegSender, otherFills } from './LegSender'

const STOP_MOVE_PACE_MS = 1000 // the least time between two moves of one stop (breakeven, trailing)
export interface BracketDeskDeps {
  /** the one order service, once the venue is up */
  entry: () => OrderEntry | null
  tracker: OrderTracker
  instrument: (symbol: string) => Instrument | null
  touch: (symbol: string) => { bid: string | null; ask: string | null }
  notices: Pick<NoticeBoard, 'notice'>
  /** the trader's side asked for this cancel: its end is not news (OrderOutcomes.asked) */
  cancelAsked: (clOrdId: string) => void
  /** this session's bracket journal (null before the venue session is open) */
  journal: () => BracketJournal | null
  publish: () => void
  /** why no new order may be sent now (the kill switch), or null */
  halted?: () => string | null
  /** can the balance hold this leg beside the working orders (null: cannot tell; Kraken answers) */
  room?: (symbol: string, l: BracketLeg) => boolean | null
  /** the pair's trading counter has room (under half): stop moves leave the rest to protection */
  rateRoom?: (symbol: string) => boolean
  now?: () => number
}

/**
 * Brackets on fill (issue 18): every fill of an entry placed with an exit template gets its own
 * targets and stop, sized to that fill; when a leg fills (or partly), the others are cancelled or
 * shrunk at once; breakeven and trailing move the stop from the followed book's touch. Legs go
 * through the one order service like any order. Bracket state is journaled before every send and
 * rebuilt from the journal and the venue after a restart.
 */
export class BracketDesk {
  readonly entries = new Map<string, BracketEntry>()
  readonly brackets = new Map<string, Bracket>()
  private readonly byLeg = new Map<string, string>()
  private loadedFrom: BracketJournal | null = null
  /** brackets read back from the journal: what a restart finds is said as such until the reconcile ends */
  private restarting = false
  /** claims the next order the order service creates (in the same turn, before its bytes leave) */
  private claim: ((o: TrackedOrder) => void) | null = null
  private readonly moving = new Set<string>()
  private readonly movedAt = new Map<string, number>()
  private readonly recheck = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly legs: LegSender
  private readonly held: HeldTargets
  private readonly now: () => number

  constructor(private readonly d: BracketDeskDeps) {
    this.now = d.now ?? Date.now
    this.legs = new LegSender({
      entry: d.entry,
      notices: d.notices,
      cancelAsked: d.cancelAsked,
      claimNext: (fn) => (this.claim = fn),
      halted: d.halted ?? (() => null),
      keeps: (b, l, why) => this.held.keeps(b, l, why),
      retry: (b) => this.settle(b),
    })
    this.held = new HeldTargets({
      tracker: d.tracker,
      instrument: d.instrument,
      touch: d.touch,
      notices: d.notices,
      legs: this.legs,
      save: (b) => this.save(b),
      send: (b, l, qty, tif) => this.send(b, l, qty, tif),
      settle: (b) => this.settle(b),
      now: this.now,
    })
  }

  /**
   * Run `send` (the trader's order command) and adopt the order it creates as an entry with this
   * template; journaled before the entry's bytes leave.
   */
  async placeEntry(
    template: BracketEntry['template'],
    send: () => Promise<PlaceResult>,
  ): Promise<PlaceResult> {
    const j = this.load()
    const adopt = (o: { clOrdId: string; symbol: string; side: 'buy' | 'sell' }) => {
      if (this.entries.has(o.clOrdId)) return
      const e: BracketEntry = {
        entryClOrdId: o.clOrdId,
        symbol: o.symbol,
        side: o.side,
        template,
        covered: [],
        createdAt: this.now(),
      }
      this.entries.set(o.clOrdId, e)
      j?.saveEntry(e)
      this.d.publish()
    }
    this.claim = adopt
    let p: Promise<PlaceResult>
    try {
      p = send()
    } finally {
      this.claim = null
    }
    const r = await p
    const o = 'clOrdId' in r ? this.d.tracker.get(r.clOrdId) : undefined
    if (o) {
      adopt(o)
      this.onEntry(this.entries.get(o.clOrdId)!, o)
    }
    return r
  }

  /** Every order change (OrderOutcomes): an entry's new fills get brackets, a leg's fill sizes the others. */
  onOrder(o: TrackedOrder, quiet: boolean): void {
    if (this.claim && o.state === 'pending-new' && o.fills.length === 0) {
      const c = this.claim
      this.claim = null
      c(o)
      return
    }
    if (quiet) return
    this.load()
    const e = this.entries.get(o.clOrdId)
    if (e) this.onEntry(e, o)
    const b = this.brackets.get(this.byLeg.get(o.clOrdId) ?? '')
    if (!b) return
    const l = [b.stop, ...b.targets].find((x) => x.clOrdId === o.clOrdId)
    // a price the trader gave the leg; not the desk's own stop move, which set the leg first
    const ownMove = l === b.stop && this.moving.has(b.id)
    if (l && o.state === 'open' && !ownMove && adoptLegPrices(l, o)) this.save(b)
    this.settle(b)
  }

  /** A restart's reconcile ended: every bracket is checked against what the venue has now. */
  onRecovered(): void {
    this.load()
    for (const e of this.entries.values()) {
      const o = this.d.tracker.get(e.entryClOrdId)
      if (o) this.onEntry(e, o)
    }
    for (const b of this.brackets.values()) this.settle(b)
    this.restarting = false
  }

  /** The touch of a followed book moved: breakeven and trailing stops of that instrument follow. */
  onTop(symbol: string): void {
    for (const b of this.brackets.values()) {
      if (b.symbol !== symbol || b.phase !== 'working') continue
      this.held.onTop(b)
      const moves = b.template.breakevenAfterTicks !== undefined || b.template.trailTicks !== undefined
      // a stop move yields to one-cancels-other: the soak saw an OCO cancel wait 3 s on the counter
      if (moves && (this.d.rateRoom?.(symbol) ?? true)) this.moveStop(b)
    }
  }

  private onEntry(e: BracketEntry, o: TrackedOrder): void {
    const covered = new Set(e.covered)
    for (const b of this.brackets.values())
      if (b.entryClOrdId === e.entryClOrdId) b.tradeIds.forEach((t) => covered.add(t))
    const fresh = o.fills.filter((f) => !covered.has(f.tradeId) && !f.beforeAdoption)
    if (!fresh.length) return
    const inst = this.d.instrument(o.symbol)
    if (!inst) return
    const units = fresh.reduce((s, f) => s + BigInt(toUnits(f.qty, inst.qtyPrecision)), 0n)
    // a fill below the venue minimum cannot be protected alone: it waits for the entry's next fill
    if (units < BigInt(toUnits(inst.ordermin, inst.qtyPrecision)) && !isTerminal(o.state)) return
    const qty = fromUnits(units.toString(), inst.qtyPrecision)
    const price = fresh.at(-1)!.price
    const n = [...this.brackets.values()].filter((b) => b.entryClOrdId === e.entryClOrdId).length + 1
    const id = `${e.entryClOrdId}-${n}`
    let plan
    try {
      plan = planBracket(e.template, e.side, { qty, price }, inst)
    } catch (err) {
      if (!(err instanceof TemplateRefused)) throw err
      e.covered.push(...fresh.map((f) => f.tradeId))
      this.d.journal()?.saveEntry(e)
      this.d.notices.notice(
        'error',
        `No bracket for ${qty} ${o.symbol} filled at ${price}: ${err.message}. It is not protected`,
      )
      return
    }
    const expireAt = e.template.timeLimitSec ? this.now() + e.template.timeLimitSec * 1000 : undefined
    const leg = (role: 'target' | 'stop', n: number, p: (typeof plan.targets)[number]): BracketLeg => ({
      ...p,
      role,
      n,
      ...(expireAt ? { expireAt } : {}),
    })
    const b: Bracket = {
      id,
      entryClOrdId: e.entryClOrdId,
      symbol: o.symbol,
      entrySide: e.side,
      tradeIds: fresh.map((f) => f.tradeId),
      qty,
      entryPrice: price,
      template: e.template,
      targets: plan.targets.map((t, i) => leg('target', i + 1, t)),
      stop: leg('stop', 0, plan.stop),
      phase: 'working',
      createdAt: this.now(),
    }
    this.brackets.set(id, b)
    this.save(b) // before any leg is sent
    // the stop first: protection before profit; a target the balance cannot hold beside it rests in Trident
    for (const l of [b.stop, ...b.targets])
      if (l.role === 'target' && this.d.room?.(b.symbol, l) === false) this.held.hold(b, l)
      else this.send(b, l, l.qty)
  }

  /** Place one leg; its client order id is journaled before its bytes leave. */
  private send(b: Bracket, l: BracketLeg, qty: string, tif?: 'IOC'): void {
    l.qty = qty
    this.legs
      .place(
        b,
        l,
        (o) => {
          l.clOrdId = o.clOrdId
          this.byLeg.set(o.clOrdId, b.id)
          this.save(b)
        },
        tif,
      )
      .then(
        () => this.settle(b),
        () => this.settle(b),
      )
  }

  /**
   * One cancels the other: each working leg is shrunk to what the bracket still holds (or
   * cancelled at 0); a leg never sent (Trident stopped first) is sent now if still needed.
   */
  private settle(b: Bracket): void {
    if (b.phase !== 'working') return
    const inst = this.d.instrument(b.symbol)
    if (!inst) return
    const u = (t: string) => BigInt(toUnits(t, inst.qtyPrecision))
    const all = [b.stop, ...b.targets]
    // a leg journaled but never sent (Trident stopped between the two) counts as not placed yet
    const orders = all.map((l) => {
      const o = l.clOrdId ? this.d.tracker.get(l.clOrdId) : undefined
      return o?.state === 'rejected' && o.reason === NOT_SENT ? undefined : o
    })
    // a leg's earlier orders (a held target sent again, a stop placed again) count with its own
    const fillOf = (l: BracketLeg, o: TrackedOrder | undefined): LegFill => {
      const prior = u(l.priorFilled ?? '0')
      if (o) return { qty: prior + u(o.qty), filled: prior + u(o.filledQty), working: !isTerminal(o.state) }
      if (l.held) return { qty: prior + u(l.qty), filled: prior, working: l.held === 'resting' }
      return { qty: u(l.qty), filled: 0n, working: !this.legs.failed(l) }
    }
    const [stopFill, ...targetFills] = all.map((l, i) => fillOf(l, orders[i]))
    const want = ocoRemaining(u(b.qty), targetFills, stopFill!)
    const wants = [want.stop, ...want.targets]
    let live = 0
    all.forEach((l, i) => {
      const o = orders[i]
      const f = i === 0 ? stopFill! : targetFills[i - 1]!
      const w = wants[i]!
      if (l.held && !o) {
        // a Trident-held target: never sent to rest (not after a restart either); sized in Trident
        if (b.firing?.target === l.n || l.held !== 'resting') return
        if (w < u(l.qty)) this.held.shrink(b, l, fromUnits(w.toString(), inst.qtyPrecision))
        if (w > 0n) live++
        return
      }
      if (!o) {
        if (this.legs.pending(l) || this.legs.failed(l)) return void (live += this.legs.pending(l) ? 1 : 0)
        if (w > 0n && (this.restarting || this.legs.takeDue(l))) {
          // journaled but never sent (Trident stopped between the two), or held back by the counter
          this.send(b, l, fromUnits(w.toString(), inst.qtyPrecision))
          live++
        }
        return
      }
      if (o.state === 'rejected' && l.role === 'target' && !l.held && insufficientFunds(o.reason))
        return void this.held.hold(b, l) // refused before the restart, never held: held now
      if (isTerminal(o.state)) return
      live++
      if (o.state === 'pending-new') return // sized once the venue has it
      const rem = f.qty - f.filled
      if (rem <= w) return
      const why = otherFills(b, l, orders)
      if (w === 0n) this.legs.cancel(b, l, o, why, this.restarting)
      else this.legs.shrink(b, l, o, fromUnits((u(o.filledQty) + w).toString(), inst.qtyPrecision), why)
    })
    if (b.firing) live++ // a held target on its way out: the stop comes back after it
    if (live === 0) {
      b.phase = 'done'
      this.save(b)
    }
    this.held.step(b, this.restarting)
    this.d.publish()
  }

  /**
   * Breakeven and trailing: amend the stop's trigger (and its limit with it), journaled first.
   * At most one amend a second per stop (each amend of a young order costs Kraken's rate counter
   * more): a touch that moved meanwhile is looked at again when the second is up. A stop the
   * trader moved while the amend was on its way is theirs: adopted once the amend is answered.
   */
  private moveStop(b: Bracket): void {
    const l = b.stop
    const o = l.clOrdId ? this.d.tracker.get(l.clOrdId) : undefined
    if (!o || o.state !== 'open' || this.moving.has(b.id) || !l.triggerPrice) return
    const wait = (this.movedAt.get(b.id) ?? -Infinity) + STOP_MOVE_PACE_MS - this.now()
    if (wait > 0) {
      if (!this.recheck.has(b.id)) {
        const t = setTimeout(() => {
          this.recheck.delete(b.id)
          this.moveStop(b)
        }, wait)
        t.unref?.()
        this.recheck.set(b.id, t)
      }
      return
    }
    const inst = this.d.instrument(b.symbol)
    if (!inst) return
    const pu = (t: string) => BigInt(toUnits(t, inst.pricePrecision))
    const { bid, ask } = this.d.touch(b.symbol)
    const touch = b.entrySide === 'buy' ? bid : ask
    if (!touch) return
    const t = stopTarget({
      entrySide: b.entrySide,
      entry: pu(b.entryPrice),
      trigger: pu(l.triggerPrice),
      touch: pu(touch),
      tick: pu(inst.tickSize),
      breakevenAfterTicks: b.template.breakevenAfterTicks,
      trailTicks: b.template.trailTicks,
    })
    if (!t) return
    const before = { trigger: l.triggerPrice, limit: l.limitPrice }
    l.triggerPrice = fromUnits(t.trigger.toString(), inst.pricePrecision)
    if (l.limitPrice !== undefined) {
      const dir = b.entrySide === 'buy' ? 1n : -1n
      const off = offsetUnits(b.template.stop.limitOffset ?? { ticks: 0 }, inst, 'limit offset')
      l.limitPrice = fromUnits((t.trigger - dir * off).toString(), inst.pricePrecision)
    }
    this.save(b) // the new trigger is on disk before the amend leaves
    this.moving.add(b.id)
    this.movedAt.set(b.id, this.now())
    this.legs
      .move(b, o, l, t.why)
      .catch(() => {
        l.triggerPrice = before.trigger
        if (before.limit !== undefined) l.limitPrice = before.limit
        this.save(b)
      })
      .finally(() => {
        this.moving.delete(b.id)
        const at = this.d.tracker.get(o.clOrdId)
        if (at?.state === 'open' && at.triggerPrice !== before.trigger && adoptLegPrices(l, at)) this.save(b)
      })
  }

  private save(b: Bracket): void {
    this.d.journal()?.saveBracket(b)
    this.d.publish()
  }

  /** This session's journal read once (after a restart: the brackets still working, by leg). */
  private load(): BracketJournal | null {
    const j = this.d.journal()
    if (!j || this.loadedFrom === j) return j
    this.loadedFrom = j
    for (const e of j.entries()) if (!this.entries.has(e.entryClOrdId)) this.entries.set(e.entryClOrdId, e)
    for (const b of j.brackets()) {
      if (this.brackets.has(b.id)) continue
      this.brackets.set(b.id, b)
      for (const l of [b.stop, ...b.targets]) if (l.clOrdId) this.byLeg.set(l.clOrdId, b.id)
      if (b.phase === 'working') this.restarting = true
    }
    return j
  }
  /** A bracket not done still reads this order (its entry or a leg): the tracker keeps it (keepWhile). */
  needs(clOrdId: string): boolean {
    this.load()
    return this.entries.has(clOrdId) || this.brackets.get(this.byLeg.get(clOrdId) ?? '')?.phase === 'working'
  }
}
