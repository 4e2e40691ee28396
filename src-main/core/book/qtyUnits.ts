import { toUnits } from '../../../src-domain/decimal'

/** "", "0", "00", ... : the zeros that pad a quantity to its precision */
const ZEROS = Array.from({ length: 41 }, (_, k) => '0'.repeat(k))

/**
 * `toUnits` for the form every book quantity has, plain "0.10000000" with at most `precision`
 * decimals: one scan finds the dot and the first significant digit, then at most two slices
 * (for a quantity below 1, one), with no stripping pass over a joined string. Anything else goes
 * to `toUnits`, so results and errors are the same.
 */
export function qtyUnits(text: string, precision: number): string {
  const n = text.length
  if (n === 0 || n > 40 || precision > 40) return toUnits(text, precision)
  let dot = -1
  let first = -1
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (first < 0 && c !== 48) first = i
    } else if (c === 46 && dot < 0 && i > 0 && i < n - 1) dot = i
    else return toUnits(text, precision)
  }
  const decimals = dot < 0 ? 0 : n - dot - 1
  if (decimals > precision) return toUnits(text, precision)
  if (first < 0) return '0'
  const pad = ZEROS[precision - decimals]!
  if (dot < 0 || first > dot) return pad === '' ? text.slice(first) : text.slice(first) + pad
  return text.slice(first, dot) + text.slice(dot + 1) + pad
}
