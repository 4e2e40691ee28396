import { fromUnits, toUnits } from '../../../src-domain/decimal'
import type { Side } from '../../../src-domain/orders'
import { offsetUnits, TemplateRefused, type ExitTemplate, type PriceGrid } from './exitTemplate'

/**
 * What one bracket places for one fill of its entry: the targets (limits on the exit side) and
 * the stop, priced from the fill price and sized from the fill quantity. Exact: prices and
 * quantities are integer units of the instrument's precisions. Pure.
 */

export interface Market extends PriceGrid {
  qtyPrecision: number
  /** the venue's minimum order quantity (decimal text) */
  ordermin: string
}

export interface PlannedLeg {
  side: Side
  type: 'limit' | 'stop-loss' | 'stop-loss-limit'
  qty: string
  limitPrice?: string
  triggerPrice?: string
}

export interface BracketPlan {
  targets: PlannedLeg[]
  stop: PlannedLeg
}

export const exitSide = (entry: Side): Side => (entry === 'buy' ? 'sell' : 'buy')

/**
 * The legs for a fill of `qty` at `price` of an entry on `entrySide`. A target share that would
 * fall below the venue's minimum is merged into the next target (the last takes what is left, and
 * a last share still under the minimum joins the target before it), so every leg is an order the
 * venue takes (a fill under the minimum alone still gets its one leg). Throws TemplateRefused in words.
 */
export function planBracket(
  t: ExitTemplate,
  entrySide: Side,
  fill: { qty: string; price: string },
  m: Market,
): BracketPlan {
  const side = exitSide(entrySide)
  const dir = entrySide === 'buy' ? 1n : -1n // a target is above a long's entry, a stop below
  const price = BigInt(toUnits(fill.price, m.pricePrecision))
  const qty = BigInt(toUnits(fill.qty, m.qtyPrecision))
  const min = BigInt(toUnits(m.ordermin, m.qtyPrecision))
  const px = (u: bigint, what: string): string => {
    if (u <= 0n) throw new TemplateRefused(`${what} would be at or below zero`)
    return fromUnits(u.toString(), m.pricePrecision)
  }
  const sizes: bigint[] = []
  let given = 0n
  let carried = 0n
  t.targets.forEach((g, i) => {
    const last = i === t.targets.length - 1
    const share = last ? qty - given : (qty * BigInt(g.percent)) / 100n
    given += share
    carried += share
    if (last || carried >= min) {
      sizes.push(carried)
      carried = 0n
    } else sizes.push(0n)
  })
  // the last share under the minimum (earlier ones took theirs) joins the nearest target before
  // it that is an order: a leg the venue refuses would leave that part of the fill without a target
  const tail = sizes.length - 1
  const before = sizes.findLastIndex((s, i) => i < tail && s > 0n)
  if (sizes[tail]! < min && before >= 0) {
    sizes[before]! += sizes[tail]!
    sizes[tail] = 0n
  }
  const targets: PlannedLeg[] = []
  sizes.forEach((s, i) => {
    if (s === 0n) return
    const off = offsetUnits(t.targets[i]!.offset, m, `Target ${i + 1}'s offset`)
    targets.push({
      side,
      type: 'limit',
      qty: fromUnits(s.toString(), m.qtyPrecision),
      limitPrice: px(price + dir * off, `Target ${i + 1}`),
    })
  })
  const trigger = price - dir * offsetUnits(t.stop.offset, m, "The stop's offset")
  const stop: PlannedLeg = {
    side,
    type: t.stop.type,
    qty: fromUnits(qty.toString(), m.qtyPrecision),
    triggerPrice: px(trigger, 'The stop'),
  }
  if (t.stop.type === 'stop-loss-limit') {
    const lim = trigger - dir * offsetUnits(t.stop.limitOffset ?? { ticks: 0 }, m, "The stop's limit offset")
    stop.limitPrice = px(lim, "The stop's limit")
  }
  return { targets, stop }
}

/** One leg as the venue has it now (integer units): its order quantity and what of it filled. */
export interface LegFill {
  qty: bigint
  filled: bigint
  /** the leg can still fill (not cancelled, filled, rejected or expired) */
  working: boolean
}

/**
 * One cancels the other, sized: whatever any leg filled is no longer open, so the stop's
 * remaining quantity is what the bracket still holds and the targets' remainders add up to it
 * (a stop fill takes quantity from the farthest target first). Returns the remaining quantity
 * each leg should have; a leg whose remaining is above it must be shrunk (or cancelled at 0).
 */
export function ocoRemaining(
  total: bigint,
  targets: readonly LegFill[],
  stop: LegFill,
): { stop: bigint; targets: bigint[] } {
  const exited = targets.reduce((s, g) => s + g.filled, 0n) + stop.filled
  const open = total > exited ? total - exited : 0n
  const rem = targets.map((g) => (g.working ? g.qty - g.filled : 0n))
  let excess = rem.reduce((s, r) => s + r, 0n) - open
  for (let i = rem.length - 1; i >= 0 && excess > 0n; i--) {
    const cut = rem[i]! < excess ? rem[i]! : excess
    rem[i] = rem[i]! - cut
    excess -= cut
  }
  return { stop: open, targets: rem }
}

/**
 * Where the stop's trigger should be now for the touch the trade is measured on (the bid for a
 * long, the ask for a short), or null to leave it: breakeven moves it to the entry price once
 * the touch is N ticks in the trade's favour; trailing keeps it that many ticks behind the touch.
 * A stop only ever moves toward the market, never away.
 */
export function stopTarget(a: {
  entrySide: Side
  entry: bigint
  trigger: bigint
  touch: bigint
  tick: bigint
  breakevenAfterTicks?: number | undefined
  trailTicks?: number | undefined
}): { trigger: bigint; why: 'breakeven' | 'trailing' } | null {
  const long = a.entrySide === 'buy'
  const better = (x: bigint, y: bigint) => (long ? x > y : x < y)
  const favour = long ? a.touch - a.entry : a.entry - a.touch
  let best = a.trigger
  let why: 'breakeven' | 'trailing' = 'breakeven'
  if (a.breakevenAfterTicks !== undefined && favour >= BigInt(a.breakevenAfterTicks) * a.tick) {
    if (better(a.entry, best)) best = a.entry
  }
  if (a.trailTicks !== undefined) {
    const d = BigInt(a.trailTicks) * a.tick
    const trail = long ? a.touch - d : a.touch + d
    if (better(trail, best)) {
      best = trail
      why = 'trailing'
    }
  }
  return best === a.trigger ? null : { trigger: best, why }
}
