import { toPriceUnits } from '../../../src-domain/decimal'

/** 10^k, exact as doubles up to 10^22 */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)

/**
 * `toPriceUnits` for the form every book level has, plain "65000.1" with at most `precision`
 * decimals and at most 15 digits: the digits are accumulated as a number (exact below 2^53), with
 * no intermediate strings. Anything else goes to `toPriceUnits`, so results and errors are the same.
 */
export function priceUnits(text: string, precision: number): number {
  const n = text.length
  if (n === 0 || n > 16 || precision > 22) return toPriceUnits(text, precision)
  let v = 0
  let dot = -1
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) v = v * 10 + (c - 48)
    else if (c === 46 && dot < 0 && i > 0 && i < n - 1) dot = i
    else return toPriceUnits(text, precision)
  }
  const decimals = dot < 0 ? 0 : n - dot - 1
  if (decimals > precision) return toPriceUnits(text, precision)
  v *= POW10[precision - decimals]!
  // a product above 2^53 may have been rounded: the general path says it is out of range
  return Number.isSafeInteger(v) ? v : toPriceUnits(text, precision)
}
