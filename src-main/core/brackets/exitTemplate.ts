import { toUnits } from '../../../src-domain/decimal'

/**
 * Exit templates (issue 18): what a bracket places for each fill of its entry. Offsets are
 * whole ticks or an exact price distance (decimal text); the split is whole percents. Pure.
 */

/** A distance from the entry's fill price: whole ticks, or a price distance as decimal text. */
export type Offset = { ticks: number } | { price: string }

export interface TargetSpec {
  offset: Offset
  /** whole percent of each fill this target closes; all targets add up to 100 */
  percent: number
}

export type StopType = 'stop-loss' | 'stop-loss-limit'

export interface StopSpec {
  offset: Offset
  type: StopType
  /** stop-loss-limit only: how far beyond the trigger the limit sits (0: at the trigger) */
  limitOffset?: Offset
}

export interface ExitTemplate {
  id: string
  name: string
  targets: TargetSpec[]
  stop: StopSpec
  /** move the stop to the entry price once the touch is this many ticks in the trade's favour */
  breakevenAfterTicks?: number
  /** the stop follows the touch at this many ticks (moved by amend, never away from the market) */
  trailTicks?: number
  /** the legs are good till this many seconds after the fill (GTD at Kraken) */
  timeLimitSec?: number
}

/** how many targets one template may split a fill into */
export const MAX_TARGETS = 4

const PRICE_RE = /^\d+(\.\d+)?$/

function offsetWords(o: Offset, what: string, allowZero = false): string | null {
  if ('ticks' in o) {
    if (!Number.isInteger(o.ticks) || o.ticks < 0) return `${what} must be a whole number of ticks`
    if (o.ticks === 0 && !allowZero) return `${what} is 0 ticks: it must be away from the entry price`
    return null
  }
  if (!PRICE_RE.test(o.price)) return `${what} ${o.price} is not a price distance like 0.5`
  if (!allowZero && !/[1-9]/.test(o.price)) return `${what} is 0: it must be away from the entry price`
  return null
}

/** Every reason the template cannot be used, in words (empty: it is valid). */
export function templateProblems(t: ExitTemplate): string[] {
  const out: string[] = []
  if (!t.name.trim()) out.push('Give the exit template a name')
  if (t.targets.length === 0) out.push('An exit template needs at least one target')
  if (t.targets.length > MAX_TARGETS)
    out.push(`At most ${MAX_TARGETS} targets (this one has ${t.targets.length})`)
  let sum = 0
  t.targets.forEach((g, i) => {
    const name = t.targets.length === 1 ? 'The target' : `Target ${i + 1}`
    const w = offsetWords(g.offset, `${name}'s offset`)
    if (w) out.push(w)
    if (!Number.isInteger(g.percent) || g.percent < 1 || g.percent > 100)
      out.push(`${name}'s share must be a whole percent from 1 to 100`)
    sum += g.percent
  })
  if (t.targets.length && sum !== 100) out.push(`The targets' shares add up to ${sum} %, not 100 %`)
  const s = offsetWords(t.stop.offset, "The stop's offset")
  if (s) out.push(s)
  if (t.stop.type === 'stop-loss-limit') {
    if (!t.stop.limitOffset)
      out.push('A stop-loss-limit needs a limit offset from its trigger (0 for at the trigger)')
    else {
      const l = offsetWords(t.stop.limitOffset, "The stop's limit offset", true)
      if (l) out.push(l)
    }
  } else if (t.stop.limitOffset) out.push('Only a stop-loss-limit has a limit offset')
  for (const [v, what] of [
    [t.breakevenAfterTicks, 'Breakeven after'],
    [t.trailTicks, 'The trailing distance'],
    [t.timeLimitSec, 'The time limit'],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) out.push(`${what} must be a whole number above 0`)
  }
  return out
}

/** An instrument's price grid: decimals and the tick, for offsets in price. */
export interface PriceGrid {
  id: string
  pricePrecision: number
  tickSize: string
}

/** An offset in price units of the instrument (a price off its tick is said in words). */
export function offsetUnits(o: Offset, grid: PriceGrid, what: string): bigint {
  const tick = BigInt(toUnits(grid.tickSize, grid.pricePrecision))
  if ('ticks' in o) return BigInt(o.ticks) * tick
  let u: bigint
  try {
    u = BigInt(toUnits(o.price, grid.pricePrecision))
  } catch {
    throw new TemplateRefused(
      `${what} ${o.price} has more decimals than ${grid.id} prices (${grid.pricePrecision})`,
    )
  }
  if (u % tick !== 0n)
    throw new TemplateRefused(`${what} ${o.price} is off the ${grid.id} tick of ${grid.tickSize}`)
  return u
}

/** Every offset of the template on this instrument's grid: refused in words if one is off it. */
export function checkOnGrid(t: ExitTemplate, grid: PriceGrid): void {
  t.targets.forEach((g, i) => offsetUnits(g.offset, grid, `Target ${i + 1}'s offset`))
  offsetUnits(t.stop.offset, grid, "The stop's offset")
  if (t.stop.limitOffset) offsetUnits(t.stop.limitOffset, grid, "The stop's limit offset")
}

/** A template that cannot be used here, in words. */
export class TemplateRefused extends Error {
  override readonly name = 'TemplateRefused'
}
