/**
 * Exact units of the perpetuals model. No float touches money, price or size:
 * - quantity: bigint units of 10^-qtyPrecision of the base (PF_XBTUSD 0.0001 BTC),
 * - price: bigint units of 10^-pricePrecision USD, which for these contracts is the tick itself
 *   (PF_XBTUSD 1, PF_ETHUSD 0.1), so every price in the model is on the tick,
 * - money: bigint units of 10^-18 USD (the spot engine's ASSET_SCALE, so the two can meet later),
 * - rates (margin, funding): bigint millionths (2 % = 20,000).
 * qty × price is then money × 10^(18 − qtyPrecision − pricePrecision), exactly.
 */
import { decimalToUnits, unitsToDecimal } from '../decimal'
import { ASSET_DECIMALS, ASSET_SCALE } from '../engine/types'

export const MONEY_DECIMALS = ASSET_DECIMALS
export const MONEY_SCALE = ASSET_SCALE
export const RATE_SCALE = 1_000_000n

export interface Precisions {
  readonly symbol: string
  readonly pricePrecision: number
  readonly qtyPrecision: number
  readonly tickSize: string
}

/** money per (1 qty unit × 1 price unit) */
export function moneyPerQtyPrice(p: Precisions): bigint {
  return 10n ** BigInt(MONEY_DECIMALS - p.qtyPrecision - p.pricePrecision)
}

/** Notional (signed when qty is) of qty at price, in money units: exact. */
export function notional(p: Precisions, qty: bigint, price: bigint): bigint {
  return qty * price * moneyPerQtyPrice(p)
}

/** money × rate (millionths), truncated toward zero at 10^-18 USD */
export function applyRate(money: bigint, rate: bigint): bigint {
  return (money * rate) / RATE_SCALE
}

export const abs = (v: bigint): bigint => (v < 0n ? -v : v)
export const sign = (v: bigint): bigint => (v < 0n ? -1n : v > 0n ? 1n : 0n)

/** ⌊a / b⌋ for any signs (bigint division truncates toward zero) */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

/** ⌈a / b⌉ for any signs */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b)
}

/** "3000.1" → 30001n for PF_ETHUSD; refuses a price off the tick (or negative) in words. */
export function parsePrice(p: Precisions, text: string): bigint {
  const u = decimalToUnits(text, p.pricePrecision)
  if (u === null) throw new Error(`${p.symbol}: price ${text} is not on the tick ${p.tickSize}`)
  return u
}

/** "1.234" → 1234n for PF_ETHUSD; refuses a size finer than the lot increment. */
export function parseQty(p: Precisions, text: string): bigint {
  const u = decimalToUnits(text, p.qtyPrecision)
  if (u === null)
    throw new Error(`${p.symbol}: size ${text} is not a multiple of ${unitsToDecimal(1n, p.qtyPrecision)}`)
  return u
}

export const formatQty = (p: Precisions, qty: bigint): string => unitsToDecimal(qty, p.qtyPrecision)
export const formatPrice = (p: Precisions, price: bigint): string => unitsToDecimal(price, p.pricePrecision)

/** money → USD text with `decimals` places, truncated toward zero (for messages and panels) */
export function formatUsd(money: bigint, decimals = 2): string {
  return unitsToDecimal(money / 10n ** BigInt(MONEY_DECIMALS - decimals), decimals)
}

/** Rate text ("0.02") → millionths; the table is written in Kraken's decimal form. */
export function parseRate(text: string): bigint {
  const u = decimalToUnits(text, 6)
  if (u === null) throw new Error(`rate ${text} has more than 6 decimals`)
  return u
}

/** "10000" / "2500.5" (USD, decimal text) → money units; refuses anything but a plain amount */
export function parseUsd(text: string): bigint {
  const v = decimalToUnits(text, MONEY_DECIMALS)
  if (v === null) throw new Error(`a USD amount must be plain decimal text, got ${text}`)
  return v
}
