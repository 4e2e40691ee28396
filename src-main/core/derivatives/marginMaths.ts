import { MARGIN_AMBER_LEVEL, MARGIN_RED_LEVEL, type MarginState } from '../../../src-domain/derivatives'

/*
 * The derivatives figures the trader reads that Kraken's Unified WS does not send as such
 * (docs/kraken-derivatives.md §4.2–§4.3, §11): unrealised PnL at the mark, a position's
 * liquidation price, the margin level and its gauge state. Exact: decimal text in, decimal text
 * out, fixed-point bigint in between (18 decimals), never a JS float.
 */

const DIGITS = 18
const ONE = 10n ** BigInt(DIGITS)

/** Decimal text (optionally signed) → fixed point. */
export function fx(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!m) throw new Error(`not a decimal number: ${text}`)
  const frac = (m[3] ?? '').slice(0, DIGITS).padEnd(DIGITS, '0')
  const v = BigInt(m[2]!) * ONE + BigInt(frac)
  return m[1] ? -v : v
}

/** Fixed point → decimal text with exactly `decimals` places, rounded half away from zero. */
export function text(v: bigint, decimals: number): string {
  const neg = v < 0n
  let a = neg ? -v : v
  const drop = 10n ** BigInt(DIGITS - decimals)
  a = (a + drop / 2n) / drop
  const s = a.toString().padStart(decimals + 1, '0')
  const whole = decimals ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s
  return neg && a !== 0n ? `-${whole}` : whole
}

const mul = (a: bigint, b: bigint): bigint => (a * b) / ONE
const div = (a: bigint, b: bigint): bigint => (a * ONE) / b
const abs = (v: bigint): bigint => (v < 0n ? -v : v)

export interface MarginLevel {
  contracts: string
  initialMargin: string
  maintenanceMargin: string
}

/** The tier a position of |size| contracts falls in (Kraken's marginLevels, smallest first). */
export function tierFor(levels: readonly MarginLevel[], size: string): MarginLevel {
  const a = abs(fx(size))
  let tier = levels[0]
  if (!tier) throw new Error('a contract with no margin levels')
  for (const l of levels) if (a >= fx(l.contracts)) tier = l
  return tier
}

/** size × (mark − entry) × contract size, in the quote currency (USD), 2 decimals. */
export function unrealisedPnl(size: string, entry: string, mark: string, contractSize: string): string {
  return text(mul(mul(fx(size), fx(mark) - fx(entry)), fx(contractSize)), 2)
}

/** |size| × mark × contract size × rate (an initial or maintenance margin), USD, 2 decimals. */
export function marginFor(size: string, mark: string, contractSize: string, rate: string): string {
  return text(mul(mul(mul(abs(fx(size)), fx(mark)), fx(contractSize)), fx(rate)), 2)
}

export interface LiquidationInput {
  /** signed contracts */
  size: string
  /** the mark now */
  mark: string
  contractSize: string
  /** the maintenance rate of the position's tier */
  maintenanceRate: string
  /** the wallet's margin equity now (collateral + every unrealised PnL, at the marks now) */
  equity: string
  /** maintenance margin of the wallet's other positions (held constant) */
  otherMaintenance: string
}

/**
 * The mark at which this position alone would take the wallet's equity down to its maintenance
 * margin (the other positions held where they are): Kraken liquidates there (§7.4).
 * For size q, contract size c, rate r, equity E now at mark m0 and the others' margin M:
 *   E + q·c·(m − m0) − M = |q|·c·m·r
 * long (q > 0): m = (q·c·m0 − E + M) ÷ (q·c·(1 − r)); short: m = (E − M − q·c·m0) ÷ (|q|·c·(1 + r)).
 * '' when flat, or when no positive price liquidates it (a long covered in full).
 */
export function liquidationPrice(p: LiquidationInput, decimals: number): string {
  const q = fx(p.size)
  if (q === 0n) return ''
  const c = fx(p.contractSize)
  const r = fx(p.maintenanceRate)
  const free = fx(p.equity) - fx(p.otherMaintenance)
  const qc = mul(q, c)
  const m =
    q > 0n
      ? div(mul(qc, fx(p.mark)) - free, mul(qc, ONE - r))
      : div(free - mul(qc, fx(p.mark)), mul(-qc, ONE + r))
  return m > 0n ? text(m, decimals) : ''
}

/**
 * Isolated margin (a market with fixed leverage L): the position holds notional ÷ L at entry and
 * loses only that. Long: entry·(1 − 1/L) ÷ (1 − r); short: entry·(1 + 1/L) ÷ (1 + r).
 */
export function isolatedLiquidationPrice(
  size: string,
  entry: string,
  leverage: string,
  maintenanceRate: string,
  decimals: number,
): string {
  const q = fx(size)
  const lev = fx(leverage)
  if (q === 0n || lev <= 0n) return ''
  const r = fx(maintenanceRate)
  const held = div(ONE, lev)
  const m = q > 0n ? div(mul(fx(entry), ONE - held), ONE - r) : div(mul(fx(entry), ONE + held), ONE + r)
  return m > 0n ? text(m, decimals) : ''
}

/**
 * |size| × entry × contract size ÷ leverage: what a fixed-leverage position holds (set aside at
 * entry, as the liquidation price above assumes), USD, 2 decimals.
 */
export function isolatedMargin(size: string, entry: string, contractSize: string, leverage: string): string {
  return text(div(mul(mul(abs(fx(size)), fx(entry)), fx(contractSize)), fx(leverage)), 2)
}

/** equity ÷ maintenance margin, 2 decimals; '' when nothing is held. */
export function marginLevel(equity: string, maintenance: string): string {
  const mm = fx(maintenance)
  return mm > 0n ? text(div(fx(equity), mm), 2) : ''
}

/** The gauge: liquidation below 1×, red below MARGIN_RED_LEVEL, amber below MARGIN_AMBER_LEVEL. */
export function marginState(level: string): MarginState {
  if (level === '') return 'ok'
  const l = fx(level)
  if (l < ONE) return 'liquidation'
  if (l < fx(MARGIN_RED_LEVEL)) return 'red'
  if (l < fx(MARGIN_AMBER_LEVEL)) return 'amber'
  return 'ok'
}

/** |size| × mark × contract size ÷ equity, 2 decimals; '' when equity is not positive. */
export function effectiveLeverage(size: string, mark: string, contractSize: string, equity: string): string {
  const e = fx(equity)
  return e > 0n ? text(div(mul(mul(abs(fx(size)), fx(mark)), fx(contractSize)), e), 2) : ''
}

/** Is the mark within `pct` percent of the liquidation price (measured from the mark)? */
export function nearLiquidation(mark: string, liquidation: string, pct: string): boolean {
  if (liquidation === '' || mark === '') return false
  const m = fx(mark)
  if (m <= 0n) return false
  return div(abs(m - fx(liquidation)) * 100n, m) <= fx(pct)
}

export function sum(values: readonly string[], decimals: number): string {
  return text(
    values.reduce((a, v) => a + fx(v), 0n),
    decimals,
  )
}
