import { fromUnits, toUnits } from '../../../src-domain/decimal'
import type { PlaceResult } from '../../../src-preload/contract/types'
import { ocoRemaining, planBracket, type LegFill } from '../../core/brackets/bracketPlan'
import {
  adoptLegPrices,
  type Bracket,
  type BracketEntry,
  type BracketLeg,
} from '../../core/brackets/bracketState'
import { TemplateRefused } from '../../core/brackets/exitTemplate'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import { isTerminal, type OrderTracker, type TrackedOrder } from '../../core/orders/OrderTracker'
import type { BracketJournal } from '../../store/BracketJournal'
import type { NoticeBoard } from '../notices/NoticeBoard'
import type { OrderEntry } from '../orders/OrderCommands'
import { NOT_SENT } from '../orders/Reconciler'
import { BracketBook } from './BracketBook'
import { HeldTargets, insufficientFunds } from './HeldTargets'
import { LegSender, otherFills } from './LegSender'
import { StopMoves } from './StopMoves'

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
  /** finished entries kept in memory (BracketBook's FINISHED_ENTRIES_KEPT unless a test says) */
  finishedKept?: number
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
  /** entries and brackets; the oldest finished ones are forgotten with what is kept of them here */
  readonly book: BracketBook
  private loadedFrom: BracketJournal | null = null
  /** brackets read back from the journal: what a restart finds is said as such until the reconcile ends */
  private restarting = false
  /** claims the next order the order service creates (in the same turn, before its bytes leave) */
  private claim: ((o: TrackedOrder) => void) | null = null
  /** the order the claim took, until its first onOrder (which follows its send) */
  private claimed: string | null = null
  private readonly legs: LegSender
  private readonly held: HeldTargets
  private readonly stops: StopMoves
  private readonly now: () => number

  constructor(private readonly d: BracketDeskDeps) {
    this.now = d.now ?? Date.now
    this.book = new BracketBook(
      (b, legIds) => this.forget(b, legIds),
      d.finishedKept,
      (id) => d.journal()?.orderFolded(id) ?? false,
    )
    this.legs = new LegSender({
      entry: d.entry,
      notices: d.notices,
      cancelAsked: d.cancelAsked,
      claimNext: (fn) => (this.claim = fn),
      halted: d.halted ?? (() => null),
      keeps: (b, l, why) => this.held.keeps(b, l, why),
      retry: (b) => this.settle(b),
    })
    this.stops = new StopMoves({
      tracker: d.tracker,
      instrument: d.instrument,
      touch: d.touch,
      legs: this.legs,
      save: (b) => this.save(b),
      now: this.now,
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
      rateRoom: (symbol) => this.d.rateRoom?.(symbol) ?? true,
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
      if (this.book.entries.has(o.clOrdId)) return
      const e: BracketEntry = {
        entryClOrdId: o.clOrdId,
        symbol: o.symbol,
        side: o.side,
        template,
        covered: [],
        createdAt: this.now(),
      }
      this.book.addEntry(e)
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
      this.onEntry(this.book.entries.get(o.clOrdId)!, o)
    }
    return r
  }

  /**
   * A new order, journaled, before its bytes leave (OrderOutcomes.onNew): the claim waiting for it
   * takes it, and journals that before the send, so a restart never sends a leg twice.
   */
  onNew(o: TrackedOrder): void {
    const c = this.claim
    if (!c) return
    this.claim = null
    this.claimed = o.clOrdId
    c(o)
  }

  /** Every order change (OrderOutcomes): an entry's new fills get brackets, a leg's fill sizes the others. */
  onOrder(o: TrackedOrder, quiet: boolean): void {
    // a claimed order's first word (sent, pending): the claim has done what it needs
    if (this.claimed === o.clOrdId) {
      this.claimed = null
      if (o.state === 'pending-new' && o.fills.length === 0) return
    }
    if (quiet) return
    this.load()
    const e = this.book.entries.get(o.clOrdId)
    if (e) {
      this.onEntry(e, o)
      this.book.review(e.entryClOrdId, o)
    }
    const b = this.book.legOf(o.clOrdId)
    if (!b) return
    const l = [b.stop, ...b.targets].find((x) => x.clOrdId === o.clOrdId)
    // a price the trader gave the leg; not the desk's own stop move, which set the leg first
    const ownMove = l === b.stop && this.stops.moving(b)
    if (l && o.state === 'open' && !ownMove && adoptLegPrices(l, o)) this.save(b)
    this.settle(b)
  }

  /** A restart's reconcile ended: every bracket is checked against what the venue has now. */
  onRecovered(): void {
    this.load()
    for (const e of [...this.book.entries.values()]) {
      const o = this.d.tracker.get(e.entryClOrdId)
      if (o) this.onEntry(e, o)
    }
    for (const b of [...this.book.brackets.values()]) this.settle(b)
    this.restarting = false
  }

  /** The touch of a followed book moved: breakeven and trailing stops of that instrument follow. */
  onTop(symbol: string): void {
    for (const b of this.book.brackets.values()) {
      if (b.symbol !== symbol || b.phase !== 'working') continue
      this.held.onTop(b)
      const moves = b.template.breakevenAfterTicks !== undefined || b.template.trailTicks !== undefined
      // a stop move yields to one-cancels-other: the soak saw an OCO cancel wait 3 s on the counter
      if (moves && (this.d.rateRoom?.(symbol) ?? true)) this.stops.move(b)
    }
  }

  private onEntry(e: BracketEntry, o: TrackedOrder): void {
    const covered = this.book.covered(e)
    const fresh = o.fills.filter((f) => !covered.has(f.tradeId) && !f.beforeAdoption)
    if (!fresh.length) return
    const inst = this.d.instrument(o.symbol)
    if (!inst) return
    const units = fresh.reduce((s, f) => s + BigInt(toUnits(f.qty, inst.qtyPrecision)), 0n)
    // a fill below the venue minimum cannot be protected alone: it waits for the entry's next fill
    if (units < BigInt(toUnits(inst.ordermin, inst.qtyPrecision)) && !isTerminal(o.state)) return
    const qty = fromUnits(units.toString(), inst.qtyPrecision)
    const price = fresh.at(-1)!.price
    const n = this.book.bracketsOf(e.entryClOrdId).length + 1
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
    this.book.addBracket(b)
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
          this.book.linkLeg(o.clOrdId, b)
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
    if (b.phase === 'done') this.book.review(b.entryClOrdId, this.d.tracker.get(b.entryClOrdId))
    this.d.publish()
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
    const { book } = this
    for (const e of j.entries()) if (!book.entries.has(e.entryClOrdId)) book.addEntry(e)
    for (const b of j.brackets()) {
      if (book.brackets.has(b.id)) continue
      book.addBracket(b)
      if (b.phase === 'working') this.restarting = true
    }
    // the journal holds every day's brackets: only the newest finished ones stay in memory
    for (const e of [...book.entries.values()])
      book.review(e.entryClOrdId, this.d.tracker.get(e.entryClOrdId))
    return j
  }
  /** An unfinished entry or a working bracket still reads this order: the tracker keeps it (keepWhile). */
  needs(clOrdId: string): boolean {
    this.load()
    return this.book.needs(clOrdId)
  }

  /** A finished bracket forgotten (BracketBook): what is kept of it here goes with it. */
  private forget(b: Bracket, legIds: readonly string[]): void {
    this.stops.forget(b)
    this.legs.forget(b, legIds)
    this.held.forget(b)
  }
}
