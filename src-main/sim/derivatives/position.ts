/**
 * One perpetual position and what a fill does to it, as pure functions on exact units.
 *
 * The cost basis is kept as a signed money value (Σ signed qty × price), not as an average price:
 * averages of several fills are not exact decimals, sums are. Closing part of a position takes the
 * cost basis pro rata, truncated at 10^-18 USD; the remainder stays with the open part, so realised
 * plus remaining basis always equals what was paid (nothing is created or lost by rounding).
 */
import type { Side } from '../engine/types'
import { abs, notional, type Precisions } from './units'

export interface Position {
  readonly symbol: string
  /** signed base units (long > 0, short < 0) */
  size: bigint
  /** signed money: Σ signed qty × price of the open part */
  entryValue: bigint
  /** realised trading PnL since the position opened (money) */
  realisedPnl: bigint
  /** funding settled so far, money; positive = paid by this position */
  fundingPaid: bigint
  /** funding accrued since the last settlement, money; positive = received (it is unrealised PnL) */
  fundingAccrued: bigint
}

export interface PerpFill {
  symbol: string
  side: Side
  /** base units, > 0 */
  qty: bigint
  /** price units */
  price: bigint
  /** money charged for the fill, if any (fees are the caller's schedule) */
  fee?: bigint
}

export const signedQty = (side: Side, qty: bigint): bigint => (side === 'buy' ? qty : -qty)

export function emptyPosition(symbol: string): Position {
  return { symbol, size: 0n, entryValue: 0n, realisedPnl: 0n, fundingPaid: 0n, fundingAccrued: 0n }
}

/**
 * Apply a fill: opening or adding grows the basis at the fill price; reducing or closing realises
 * PnL on the closed part; a fill larger than the position closes it and opens the rest the other
 * way at the fill price (a flip). Returns the realised PnL (money) of this fill.
 */
export function applyFillToPosition(
  inst: Precisions,
  pos: Position,
  side: Side,
  qty: bigint,
  price: bigint,
): bigint {
  if (qty <= 0n) throw new Error(`${inst.symbol}: fill size must be positive`)
  const delta = signedQty(side, qty)
  if (pos.size === 0n || pos.size > 0n === delta > 0n) {
    pos.size += delta
    pos.entryValue += notional(inst, delta, price)
    return 0n
  }
  const closing = qty < abs(pos.size) ? qty : abs(pos.size)
  const closedBasis = (pos.entryValue * closing) / abs(pos.size)
  const closedSigned = pos.size > 0n ? closing : -closing
  const realised = notional(inst, closedSigned, price) - closedBasis
  pos.size -= closedSigned
  pos.entryValue -= closedBasis
  pos.realisedPnl += realised
  const rest = qty - closing
  if (rest > 0n) {
    pos.size = signedQty(side, rest)
    pos.entryValue = notional(inst, pos.size, price)
  }
  return realised
}

/** Price PnL at `mark` (money, signed), without funding. */
export function pricePnl(inst: Precisions, pos: Position, mark: bigint): bigint {
  return notional(inst, pos.size, mark) - pos.entryValue
}
