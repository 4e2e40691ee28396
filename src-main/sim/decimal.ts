/**
 * The simulator's own exact decimal handling (it shares no code with the client on purpose).
 */

/** bigint/number units -> decimal text with exactly `precision` decimals, as Kraken prints them. */
export function unitsToDecimal(units: bigint | number, precision: number): string {
  const neg = units < 0
  const s = (neg ? -BigInt(units) : BigInt(units)).toString().padStart(precision + 1, '0')
  const out = precision === 0 ? s : `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`
  return neg ? `-${out}` : out
}

/**
 * Exact decimal text -> units of 10^-precision. Returns null for anything that is not a plain
 * non-negative decimal or that has more decimals (other than trailing zeros) than `precision`.
 */
export function decimalToUnits(text: string, precision: number): bigint | null {
  const m = /^(\d{1,30})(?:\.(\d{1,30}))?$/.exec(text)
  if (!m) return null
  let frac = m[2] ?? ''
  if (frac.length > precision) {
    if (!/^0*$/.test(frac.slice(precision))) return null
    frac = frac.slice(0, precision)
  }
  return BigInt(m[1]! + frac.padEnd(precision, '0'))
}
