import { fromUnits, toUnits } from '../../../src-domain/decimal'
import type { Bracket, BracketLeg } from '../../core/brackets/bracketState'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import { isTerminal, type OrderTracker, type TrackedOrder } from '../../core/orders/OrderTracker'
import type { NoticeBoard } from '../notices/NoticeBoard'
import { NOT_SENT } from '../orders/Reconciler'
import type { LegSender } from './LegSender'

/** the least time between two sendings of one bracket's held target (an IOC that found no bid) */
const FIRE_PACE_MS = 1000

export interface HeldTargetsDeps {
  tracker: OrderTracker
  instrument: (symbol: string) => Instrument | null
  touch: (symbol: string) => { bid: string | null; ask: string | null }
  notices: Pick<NoticeBoard, 'notice'>
  legs: LegSender
  /** journal the bracket (before the send that follows) and publish */
  save: (b: Bracket) => void
  /** place one leg through the order service (its id journaled before its bytes leave) */
  send: (b: Bracket, l: BracketLeg, qty: string, tif?: 'IOC') => void
  /** one cancels the other, again: run after a step changed what the legs hold */
  settle: (b: Bracket) => void
  now: () => number
  /**
   * the pair's trading counter is under half: a firing is a round trip of requests (at a
   * second's pace while its IOC misses) and starts only then, so it never spends the points kept
   * for cancels and one-cancels-other; once started, its steps are protective and go on
   */
  rateRoom?: (symbol: string) => boolean
}

/** Kraken's refusal of an order the account's available balance cannot hold. */
export const insufficientFunds = (why: string | undefined): boolean => /insufficient funds/i.test(why ?? '')

const where = (b: Bracket) => `Bracket ${b.id} (${b.qty} ${b.symbol} from ${b.entryPrice})`

/**
 * Trident-held targets (issue 18, spot). On Kraken spot every open sell holds its base asset (a buy
 * its quote): a long with exactly its position cannot have both a resting stop and a resting
 * target. Policy: the STOP always rests at Kraken — the protection that must work while Trident is
 * closed. A target Kraken refuses for insufficient funds rests in Trident instead. When the
 * followed book's touch reaches it (bid >= target for a long, ask <= target for a short):
 *   1. freeing: the stop is shrunk by the target's quantity (cancelled at 0), journaled first;
 *   2. sending: once the venue confirmed, the target goes out as a limit at its price, IOC — it
 *      never rests unseen holding the balance the stop needs, and an IOC that finds no bid costs
 *      nothing but the round trip;
 *   3. whatever it did not fill goes back on the stop (amend up, or a new stop if it was cancelled)
 *      and stays held in Trident for the next touch.
 * The position is without part of its stop only for these round trips. Each step is journaled
 * before its send; a restart mid-way abandons the sending and puts the stop back over the whole
 * remaining position.
 */
export class HeldTargets {
  private readonly firedAt = new Map<string, number>()

  constructor(private readonly d: HeldTargetsDeps) {}

  /** The desk forgot a finished bracket (BracketBook). */
  forget(b: Bracket): void {
    this.firedAt.delete(b.id)
  }

  /** Kraken refused a leg: true when this keeps it (a target refused for insufficient funds). */
  keeps(b: Bracket, l: BracketLeg, why: string): boolean {
    if (l.role !== 'target' || !insufficientFunds(why)) return false
    // the held target's own IOC refused: its step puts it back in Trident
    if (b.firing?.target !== l.n) this.hold(b, l)
    return true
  }

  /** Kraken refused this target for insufficient funds: it rests in Trident, and that is said. */
  hold(b: Bracket, l: BracketLeg): void {
    if (l.held === 'resting') return // the refusal seen twice (its report, then its answer)
    l.held = 'resting'
    delete l.clOrdId
    const inst = this.d.instrument(b.symbol)
    if (inst && l.priorFilled === undefined) l.priorFilled = fromUnits('0', inst.qtyPrecision)
    this.d.save(b)
    const touch = b.entrySide === 'buy' ? 'bid' : 'ask'
    this.d.notices.notice(
      'info',
      `${where(b)}: the balance is held by its stop at Kraken, so its target ${l.limitPrice ?? ''} (${l.qty}) is held in Trident: sent when the ${touch} reaches it, the stop shrunk for it first. It works only while Trident runs`,
    )
  }

  /** The stop filled (or part): a held target keeps only what is left, and is dropped at 0. */
  shrink(b: Bracket, l: BracketLeg, qty: string): void {
    l.qty = qty
    if (!/[1-9]/.test(qty)) {
      l.held = 'dropped'
      this.d.notices.notice(
        'info',
        `${where(b)}: its stop filled, so its Trident-held target ${l.limitPrice ?? ''} is dropped`,
      )
    }
    this.d.save(b)
  }

  /** The touch moved: a held target whose price is reached is sent (one at a time per bracket). */
  onTop(b: Bracket): void {
    if (b.phase !== 'working' || b.firing || this.d.rateRoom?.(b.symbol) === false) return
    if ((this.firedAt.get(b.id) ?? -Infinity) + FIRE_PACE_MS > this.d.now()) return
    const inst = this.d.instrument(b.symbol)
    if (!inst) return
    const { bid, ask } = this.d.touch(b.symbol)
    const touch = b.entrySide === 'buy' ? bid : ask
    if (!touch) return
    const pu = (t: string) => BigInt(toUnits(t, inst.pricePrecision))
    const reached = (l: BracketLeg) =>
      b.entrySide === 'buy' ? pu(touch) >= pu(l.limitPrice!) : pu(touch) <= pu(l.limitPrice!)
    const l = b.targets.find((t) => t.held === 'resting' && !t.clOrdId && /[1-9]/.test(t.qty) && reached(t))
    if (l) this.fire(b, l, inst)
  }

  /** Step 1: the stop gives up the target's quantity (journaled first). */
  private fire(b: Bracket, l: BracketLeg, inst: Instrument): void {
    const so = b.stop.clOrdId ? this.d.tracker.get(b.stop.clOrdId) : undefined
    if (!so || so.state !== 'open' || this.d.legs.pending(b.stop)) return
    const u = (t: string) => BigInt(toUnits(t, inst.qtyPrecision))
    const q = (x: bigint) => fromUnits(x.toString(), inst.qtyPrecision)
    const rem = u(so.qty) - u(so.filledQty)
    const left = rem > u(l.qty) ? rem - u(l.qty) : 0n
    this.firedAt.set(b.id, this.d.now())
    b.firing = { target: l.n, step: 'freeing', stopRemaining: q(left) }
    if (left > 0n) b.stop.qty = q(u(so.filledQty) + left)
    this.d.save(b) // on disk before the stop is touched
    const text = `${where(b)}: the ${b.entrySide === 'buy' ? 'bid' : 'ask'} reached its Trident-held target ${l.limitPrice ?? ''}, so its stop ${so.clOrdId} ${left > 0n ? `is shrunk to ${q(u(so.filledQty) + left)}` : 'is cancelled'} to free the balance for the target (${l.qty})`
    void this.d.legs.resize(b, b.stop, so, left > 0n ? q(u(so.filledQty) + left) : null, text).then((ok) => {
      if (!ok && b.firing?.target === l.n && b.firing.step === 'freeing') {
        delete b.firing
        this.d.save(b)
      }
      this.d.settle(b)
    })
  }

  /**
   * Move a bracket's held target along (run by every settle): once the stop's shrink is confirmed
   * the target is sent; once the target is done, what it left goes back on the stop. Outside a
   * sending, the stop of a bracket with held targets is kept over the whole remaining position.
   */
  step(b: Bracket, restarting: boolean): void {
    if (!b.targets.some((t) => t.held) || b.phase !== 'working') return
    const inst = this.d.instrument(b.symbol)
    if (!inst) return
    const u = (t: string) => BigInt(toUnits(t, inst.qtyPrecision))
    const f = b.firing
    if (!f) {
      this.restoreStop(b, inst, false)
      // the touch may have reached a target while the stop was not yet open (no top move since)
      return this.onTop(b)
    }
    const l = b.targets.find((t) => t.n === f.target)
    if (!l || l.held !== 'resting' || !/[1-9]/.test(l.qty) || (f.step === 'freeing' && restarting)) {
      // the target is no longer needed (the stop filled), or Trident stopped while freeing:
      // nothing was sent, so the stop goes back over what is left
      delete b.firing
      this.d.save(b)
      this.restoreStop(b, inst, true)
      return this.d.settle(b) // done, or working again without the sending
    }
    if (f.step === 'freeing') {
      const so = b.stop.clOrdId ? this.d.tracker.get(b.stop.clOrdId) : undefined
      const freed = !so || isTerminal(so.state) || u(so.qty) - u(so.filledQty) <= u(f.stopRemaining)
      if (!freed) return
      f.step = 'sending'
      this.d.save(b)
      this.d.send(b, l, l.qty, 'IOC')
      return
    }
    if (this.d.legs.pending(l)) return
    const to = l.clOrdId ? this.d.tracker.get(l.clOrdId) : undefined
    if (to && !isTerminal(to.state)) return
    const filled = to && to.reason !== NOT_SENT ? u(to.filledQty) : 0n
    const left = u(l.qty) - filled
    if (left > 0n) {
      // its order is done with: what it filled moves to the leg's earlier fills; the rest is held
      l.priorFilled = fromUnits((u(l.priorFilled ?? '0') + filled).toString(), inst.qtyPrecision)
      l.qty = fromUnits(left.toString(), inst.qtyPrecision)
      delete l.clOrdId
    }
    delete b.firing
    this.d.save(b)
    if (left > 0n)
      this.d.notices.notice(
        'info',
        `${where(b)}: its Trident-held target ${to?.clOrdId ?? ''} filled ${fromUnits(filled.toString(), inst.qtyPrecision)}; the ${l.qty} left goes back on the stop and stays held in Trident`,
      )
    this.restoreStop(b, inst, true)
    this.d.settle(b) // done, or working again without the sending
  }

  /**
   * The stop covers the whole remaining position again: amended up, or (after it was cancelled to
   * free the balance: `replace`) placed again with a new id.
   */
  private restoreStop(b: Bracket, inst: Instrument, replace: boolean): void {
    const s = b.stop
    if (this.d.legs.pending(s)) return
    const u = (t: string) => BigInt(toUnits(t, inst.qtyPrecision))
    const q = (x: bigint) => fromUnits(x.toString(), inst.qtyPrecision)
    const order = (l: BracketLeg): TrackedOrder | undefined => {
      const o = l.clOrdId ? this.d.tracker.get(l.clOrdId) : undefined
      return o?.reason === NOT_SENT ? undefined : o
    }
    const exited = [s, ...b.targets].reduce(
      (sum, l) => sum + u(l.priorFilled ?? '0') + u(order(l)?.filledQty ?? '0'),
      0n,
    )
    const open = u(b.qty) - exited
    if (open <= 0n) return
    const so = order(s)
    if (so && so.state === 'pending-new') return
    if (so && !isTerminal(so.state)) {
      if (u(so.qty) - u(so.filledQty) >= open) return
      const qty = q(u(so.filledQty) + open)
      // asked already: the venue's answer (an order change) settles it again
      if (s.qty === qty) return
      s.qty = qty
      this.d.save(b)
      const text = `${where(b)}: its stop ${so.clOrdId} is back to ${q(open)}, over the whole position`
      void this.d.legs.resize(b, s, so, qty, text).then((ok) => {
        // refused (and said): asked again on the next order change, not in a loop
        if (!ok) {
          s.qty = so.qty
          this.d.save(b)
        }
      })
      return
    }
    if (!replace) return
    s.priorFilled = q(u(s.priorFilled ?? '0') + u(so?.filledQty ?? '0'))
    delete s.clOrdId
    this.d.notices.notice('info', `${where(b)}: its stop is placed again for ${q(open)}, the whole position`)
    this.d.send(b, s, q(open))
  }
}
