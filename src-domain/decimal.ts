/**
 * Exact decimal <-> scaled-integer conversion, shared by main and renderer (pure, no I/O).
 *
 * Prices and quantities never pass through binary floating point. A decimal text such as
 * "0.00100000" at precision 8 becomes the integer text "100000" (units of 10^-8), which is also
 * exactly the form Kraken's book checksum wants (dot removed, leading zeros stripped).
 * Integer texts are kept as strings so that quantities of large-supply tokens cannot overflow.
 */

export class DecimalError extends Error {
  override readonly name = 'DecimalError'
}

const DECIMAL_RE = /^(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/**
 * Plain "123.456" at or below the precision, without a regex or intermediate arrays: the common
 * case on the hot path of every book update. Returns null for anything else (the general path decides).
 */
function fastUnits(text: string, precision: number): string | null {
  const n = text.length
  if (n === 0 || n > 40) return null
  let dot = -1
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) {
      if (dot >= 0 || i === 0 || i === n - 1) return null
      dot = i
    } else if (c < 48 || c > 57) return null
  }
  const decimals = dot < 0 ? 0 : n - dot - 1
  if (decimals > precision) return null
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1)
  const padded = decimals === precision ? digits : digits + '0'.repeat(precision - decimals)
  let k = 0
  while (k < padded.length - 1 && padded.charCodeAt(k) === 48) k++
  return k === 0 ? padded : padded.slice(k)
}

/** Decimal text (optionally with exponent, as JSON allows) -> integer text in units of 10^-precision. */
export function toUnits(text: string, precision: number): string {
  const fast = fastUnits(text, precision)
  if (fast !== null) return fast
  const m = DECIMAL_RE.exec(text)
  if (!m) throw new DecimalError(`not a non-negative decimal: ${JSON.stringify(text)}`)
  let intPart = m[1] ?? ''
  let frac = m[2] ?? ''
  const exp = m[3] ? Number(m[3]) : 0
  if (exp !== 0) {
    // Move the decimal point |exp| places; exact string shifting, no arithmetic.
    const digits = intPart + frac
    const point = intPart.length + exp
    if (point <= 0) {
      intPart = '0'
      frac = '0'.repeat(-point) + digits
    } else if (point >= digits.length) {
      intPart = digits + '0'.repeat(point - digits.length)
      frac = ''
    } else {
      intPart = digits.slice(0, point)
      frac = digits.slice(point)
    }
  }
  if (frac.length > precision) {
    const extra = frac.slice(precision)
    if (!/^0*$/.test(extra)) {
      throw new DecimalError(`${text} has more than ${precision} decimals`)
    }
    frac = frac.slice(0, precision)
  } else if (frac.length < precision) {
    frac = frac + '0'.repeat(precision - frac.length)
  }
  return stripLeadingZeros(intPart + frac)
}

/** Integer text in units of 10^-precision -> decimal text with exactly `precision` decimals. */
export function fromUnits(units: string, precision: number): string {
  if (!/^\d+$/.test(units)) throw new DecimalError(`not an integer unit count: ${JSON.stringify(units)}`)
  if (precision === 0) return stripLeadingZeros(units)
  const padded = units.padStart(precision + 1, '0')
  const cut = padded.length - precision
  return `${stripLeadingZeros(padded.slice(0, cut))}.${padded.slice(cut)}`
}

/**
 * Decimal text without trailing zeros after its point ("0.0100" -> "0.01", "65000.0" -> "65000");
 * a whole number keeps its zeros ("100" stays "100"). By character, not regex: the duplicate
 * check runs it on every order (issue 20).
 */
export function trimZeros(text: string): string {
  if (!text.includes('.')) return text
  let end = text.length
  while (text.charCodeAt(end - 1) === 48) end-- // '0'
  if (text.charCodeAt(end - 1) === 46) end-- // '.'
  return end === text.length ? text : text.slice(0, end)
}

export function stripLeadingZeros(digits: string): string {
  let i = 0
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++
  return digits.slice(i)
}

/**
 * Price as a safe integer count of 10^-precision units. Prices are bounded (no pair trades above
 * ~10^9 with 8 decimals), so a number is exact here and much faster to sort than a string.
 */
export function toPriceUnits(text: string, precision: number): number {
  const n = Number(toUnits(text, precision))
  if (!Number.isSafeInteger(n))
    throw new DecimalError(`price ${text} is out of range at precision ${precision}`)
  return n
}
