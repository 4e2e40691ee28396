/**
 * Sums and comparisons of signed decimal text ("-12.5", "0.0030") without a double: both sides
 * are scaled to the larger number of decimals and added as bigints. The practice session result's
 * money, and a price alert's price against the mid.
 */

function parse(text: string): { units: bigint; scale: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(text)}`)
  const frac = m[3] ?? ''
  const units = BigInt(m[2]! + frac)
  return { units: m[1] ? -units : units, scale: frac.length }
}

function format(units: bigint, scale: number): string {
  const neg = units < 0n
  const digits = (neg ? -units : units).toString().padStart(scale + 1, '0')
  const int = digits.slice(0, digits.length - scale)
  const text = scale ? `${int}.${digits.slice(digits.length - scale)}` : int
  return neg ? `-${text}` : text
}

function align(a: string, b: string): [bigint, bigint, number] {
  const x = parse(a)
  const y = parse(b)
  const scale = Math.max(x.scale, y.scale)
  return [x.units * 10n ** BigInt(scale - x.scale), y.units * 10n ** BigInt(scale - y.scale), scale]
}

/** a + b, with as many decimals as the longer of the two */
export function addSigned(a: string, b: string): string {
  const [x, y, scale] = align(a, b)
  return format(x + y, scale)
}

export function negate(a: string): string {
  const { units, scale } = parse(a)
  return format(-units, scale)
}

/** -1, 0 or 1 as a is below, equal to or above b */
export function compareSigned(a: string, b: string): number {
  const [x, y] = align(a, b)
  return x < y ? -1 : x > y ? 1 : 0
}
