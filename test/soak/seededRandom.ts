/**
 * xorshift32 from a seed: the soaks' orders and faults are the same for the same seed, so a
 * failing run can be run again (TRIDENT_SOAK_SEED).
 */
export function seededRandom(seed: number): () => number {
  let rnd = seed >>> 0 || 1
  return () => {
    rnd ^= rnd << 13
    rnd ^= rnd >>> 17
    rnd ^= rnd << 5
    return (rnd >>> 0) / 0x1_0000_0000
  }
}

/** An engine price (integer units of the tick) as decimal text with `decimals` places. */
export function priceText(units: number, decimals: number): string {
  if (decimals === 0) return String(units)
  const s = String(units).padStart(decimals + 1, '0')
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`
}

/** Decimal text as an integer scaled by 10^decimals (exact; extra digits must be zeros). */
export function scaled(text: string, decimals: number): bigint {
  const neg = text.startsWith('-')
  const [int = '0', frac = ''] = (neg ? text.slice(1) : text).split('.')
  const f = frac.padEnd(decimals, '0')
  if (/[1-9]/.test(f.slice(decimals))) throw new Error(`${text} has more than ${decimals} decimals`)
  const v = BigInt(int || '0') * 10n ** BigInt(decimals) + BigInt(f.slice(0, decimals) || '0')
  return neg ? -v : v
}
