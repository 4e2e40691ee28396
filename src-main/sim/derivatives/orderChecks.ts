/**
 * Checks an order meets before the derivatives market takes it: reduce-only, maximum position,
 * and initial margin for orders that add risk. The refusal texts are OUR words: docs/kraken-
 * derivatives.md quotes "EOrder:Insufficient margin" only for Spot REST margin orders (§9) and no
 * derivatives order-rejection text, so the protocol layer should map these to Kraken's wire error
 * once the Unified WS error strings are known.
 */
import type { Side } from '../engine/types'
import { maxPositionUnits, perpetual } from './perpetuals'
import { signedQty } from './position'
import { abs, formatQty, formatUsd } from './units'

export interface PerpOrder {
  symbol: string
  side: Side
  /** base units, > 0 */
  qty: bigint
  /** limit price (price units); absent = a market order, assumed to fill at the mark */
  price?: bigint
  reduceOnly?: boolean
}

export type ReduceOnlyResult =
  | { kind: 'accept'; qty: bigint }
  | { kind: 'trim'; qty: bigint; reason: string }
  | { kind: 'refuse'; reason: string }

/**
 * Reduce-only against the current position. Model, not Kraken's documented rule (the trim-vs-refuse
 * behaviour is NOT FOUND in our docs): an order on the position's own side, or with no position, is
 * refused (it could only open or grow one); an opposite order larger than the position is TRIMMED to
 * the position, because reduce-only closes exactly the position and never flips it, and the trader
 * asking to close "more than all" still means "close all".
 */
export function reduceOnlyCheck(
  symbol: string,
  size: bigint,
  order: Pick<PerpOrder, 'side' | 'qty'>,
): ReduceOnlyResult {
  const inst = perpetual(symbol)
  if (size === 0n) return { kind: 'refuse', reason: `reduce-only: no open ${symbol} position to reduce` }
  const long = size > 0n
  if ((order.side === 'buy') === long)
    return {
      kind: 'refuse',
      reason: `reduce-only: a ${order.side} would increase the ${long ? 'long' : 'short'} ${symbol} position`,
    }
  if (order.qty > abs(size))
    return {
      kind: 'trim',
      qty: abs(size),
      reason: `reduce-only: trimmed to ${formatQty(inst, abs(size))} (the open position); it closes the position and never flips it`,
    }
  return { kind: 'accept', qty: order.qty }
}

/** Does the order grow the position's absolute size or flip it? Only such orders need margin. */
export function addsRisk(size: bigint, order: Pick<PerpOrder, 'side' | 'qty'>): boolean {
  const after = size + signedQty(order.side, order.qty)
  return abs(after) > abs(size) || (size !== 0n && after !== 0n && after > 0n !== size > 0n)
}

/** What the check needs from an account (MarginAccount implements it). */
export interface RiskView {
  sizeOf(symbol: string): bigint
  withFill(fill: { symbol: string; side: Side; qty: bigint; price: bigint }): RiskView
  equity(marks: ReadonlyMap<string, bigint>): bigint
  initialMargin(marks: ReadonlyMap<string, bigint>): bigint
}

/**
 * null when the order may go; else why not, in words. The account is valued as if the order had
 * filled entirely at its limit (a market order at the mark) and everything were marked at `marks`:
 * buying above the mark costs the difference at once. Model, not Kraken's documented rule (Kraken:
 * IM "required to open new positions"; how it values the order itself is NOT FOUND). Resting
 * orders' margin is not held here (the caller's job once orders rest on the derivatives book).
 */
export function breachesInitial(
  account: RiskView,
  order: PerpOrder,
  marks: ReadonlyMap<string, bigint>,
): string | null {
  const size = account.sizeOf(order.symbol)
  if (!addsRisk(size, order)) return null
  const inst = perpetual(order.symbol)
  const after = size + signedQty(order.side, order.qty)
  if (abs(after) > maxPositionUnits(inst))
    return `order would exceed the maximum position ${inst.maxPositionQty} ${inst.base} in ${order.symbol} (would be ${formatQty(inst, abs(after))})`
  const mark = marks.get(order.symbol)
  if (mark === undefined) throw new Error(`no mark price for ${order.symbol}`)
  const next = account.withFill({
    symbol: order.symbol,
    side: order.side,
    qty: order.qty,
    price: order.price ?? mark,
  })
  const equity = next.equity(marks)
  const im = next.initialMargin(marks)
  if (equity >= im) return null
  return `insufficient margin: after this order the positions need ${formatUsd(im)} USD initial margin; margin equity would be ${formatUsd(equity)} USD`
}
