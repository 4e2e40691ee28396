import { fromUnits, toUnits } from '../../../src-domain/decimal'
import { stopTarget } from '../../core/brackets/bracketPlan'
import { adoptLegPrices, type Bracket } from '../../core/brackets/bracketState'
import { offsetUnits } from '../../core/brackets/exitTemplate'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import type { OrderTracker } from '../../core/orders/OrderTracker'
import type { LegSender } from './LegSender'

const STOP_MOVE_PACE_MS = 1000 // the least time between two moves of one stop (breakeven, trailing)

export interface StopMovesDeps {
  tracker: OrderTracker
  instrument: (symbol: string) => Instrument | null
  touch: (symbol: string) => { bid: string | null; ask: string | null }
  legs: Pick<LegSender, 'move'>
  /** journal the bracket (and publish it) */
  save: (b: Bracket) => void
  now: () => number
}

/**
 * Breakeven and trailing: amend the stop's trigger (and its limit with it), journaled first.
 * At most one amend a second per stop (each amend of a young order costs Kraken's rate counter
 * more): a touch that moved meanwhile is looked at again when the second is up. A stop the
 * trader moved while the amend was on its way is theirs: adopted once the amend is answered.
 */
export class StopMoves {
  private readonly inFlight = new Set<string>()
  private readonly movedAt = new Map<string, number>()
  private readonly recheck = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(private readonly d: StopMovesDeps) {}

  /** This bracket's stop is being moved by the desk (its amend is on its way). */
  moving(b: Bracket): boolean {
    return this.inFlight.has(b.id)
  }

  /** The desk forgot a finished bracket (BracketBook). */
  forget(b: Bracket): void {
    this.inFlight.delete(b.id)
    this.movedAt.delete(b.id)
    clearTimeout(this.recheck.get(b.id))
    this.recheck.delete(b.id)
  }

  /** How many brackets' move times are kept (for the bound's test). */
  get kept(): number {
    return this.movedAt.size + this.recheck.size + this.inFlight.size
  }

  move(b: Bracket): void {
    const l = b.stop
    const o = l.clOrdId ? this.d.tracker.get(l.clOrdId) : undefined
    if (!o || o.state !== 'open' || this.inFlight.has(b.id) || !l.triggerPrice) return
    const wait = (this.movedAt.get(b.id) ?? -Infinity) + STOP_MOVE_PACE_MS - this.d.now()
    if (wait > 0) {
      if (!this.recheck.has(b.id)) {
        const t = setTimeout(() => {
          this.recheck.delete(b.id)
          this.move(b)
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
    this.d.save(b) // the new trigger is on disk before the amend leaves
    this.inFlight.add(b.id)
    this.movedAt.set(b.id, this.d.now())
    this.d.legs
      .move(b, o, l, t.why)
      .catch(() => {
        l.triggerPrice = before.trigger
        if (before.limit !== undefined) l.limitPrice = before.limit
        this.d.save(b)
      })
      .finally(() => {
        this.inFlight.delete(b.id)
        const at = this.d.tracker.get(o.clOrdId)
        if (at?.state === 'open' && at.triggerPrice !== before.trigger && adoptLegPrices(l, at))
          this.d.save(b)
      })
  }
}
