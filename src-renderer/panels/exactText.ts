/**
 * Exact arithmetic and display on decimal text (signed, any scale) for the derivatives views:
 * margin, liquidation distance and sizes arrive as text and must never pass through a float.
 */

/** "-1.25" -> { units: -125n, scale: 2 }; null for anything that is not a plain signed decimal. */
export function parseSigned(text: string): { units: bigint; scale: number } | null {
  // as the ticket takes them: "0.5", ".5" and "5." are all numbers a trader means
  const m = /^(-?)(\d+\.?\d*|\.\d+)$/.exec(text.trim())
  if (!m) return null
  const [int = '', frac = ''] = (m[2] ?? '').split('.')
  const units = BigInt((int || '0') + frac)
  return { units: m[1] === '-' ? -units : units, scale: frac.length }
}

/** Both texts as integers at one common scale, or null if either is not a decimal. */
export function common(a: string, b: string): { a: bigint; b: bigint; scale: number } | null {
  const x = parseSigned(a)
  const y = parseSigned(b)
  if (!x || !y) return null
  const scale = Math.max(x.scale, y.scale)
  return {
    a: x.units * 10n ** BigInt(scale - x.scale),
    b: y.units * 10n ** BigInt(scale - y.scale),
    scale,
  }
}

/** -1, 0 or 1 as a < b, a = b, a > b; null if either is not a decimal. */
export function compareText(a: string, b: string): -1 | 0 | 1 | null {
  const c = common(a, b)
  if (!c) return null
  return c.a < c.b ? -1 : c.a > c.b ? 1 : 0
}

/** Whether the text is a decimal equal to zero ("0", "-0.000"). */
export function isZeroText(text: string): boolean {
  const p = parseSigned(text)
  return p !== null && p.units === 0n
}

/** "64000.5" -> "64,000.5"; "-1234567" -> "-1,234,567": thousands grouped, digits unchanged. */
export function grouped(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text)
  if (!m) return text
  return `${m[1]}${(m[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`
}

/** The whole part of a decimal text, cut toward zero ("7812.99" -> "7812", "-0.5" -> "0"). */
export function wholePart(text: string): string {
  const m = /^(-?)(\d+)/.exec(text)
  if (!m) return text
  const digits = (m[2] ?? '0').replace(/^0+(?=\d)/, '')
  return digits === '0' ? '0' : `${m[1]}${digits}`
}

/**
 * |a − b| ÷ b as a percentage, cut to `decimals` places ("1.9"); null when either is not a
 * decimal or b is zero.
 */
export function pctDistance(a: string, b: string, decimals = 1): string | null {
  const c = common(a, b)
  if (!c || c.b === 0n) return null
  const diff = c.a > c.b ? c.a - c.b : c.b - c.a
  const base = c.b < 0n ? -c.b : c.b
  const scaled = (diff * 100n * 10n ** BigInt(decimals)) / base
  const s = scaled.toString().padStart(decimals + 1, '0')
  return decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`
}

/** Whether |a − b| ÷ |b| × 100 ≤ pct, exactly; false when any is not a decimal. */
export function withinPct(a: string, b: string, pct: string): boolean {
  const c = common(a, b)
  const p = parseSigned(pct)
  if (!c || !p) return false
  const diff = c.a > c.b ? c.a - c.b : c.b - c.a
  const base = c.b < 0n ? -c.b : c.b
  // diff × 100 × 10^p.scale ≤ p.units × base, both at the scale of a and b
  return diff * 100n * 10n ** BigInt(p.scale) <= p.units * base
}
