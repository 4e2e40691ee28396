/**
 * Leverage preference per market (Kraken's `set_preference` → `leverage_mode`, docs/kraken-
 * derivatives.md §5.6): a number = fixed (isolated-style) maximum leverage, null = cross margin.
 *
 * Model, not Kraken's documented rule (how the engine applies it is NOT FOUND): with a fixed
 * leverage L a market's initial margin is max(tier IM, |notional| / L), so L caps how large a
 * position the collateral may carry; cross margin uses the tier IM alone. The money stays in the
 * one multi-collateral wallet; a fixed-leverage position is liquidated on its own margin
 * (isolated.ts). Refusals use §5.6's texts.
 */
import type { MarginAccount, Marks } from './MarginAccount'
import { marginRates, perpetual } from './perpetuals'
import { abs, applyRate, notional, RATE_SCALE } from './units'

/** symbol -> max leverage in millionths (5x = 5,000,000n); absent = cross */
export type LeveragePrefs = ReadonlyMap<string, bigint>

/** Initial margin of every position, each at max(tier IM, |notional| / its fixed leverage). */
export function initialWithLeverage(acct: MarginAccount, marks: Marks, prefs: LeveragePrefs): bigint {
  let sum = 0n
  for (const p of acct.positions()) {
    const inst = perpetual(p.symbol)
    const mark = marks.get(p.symbol)
    if (mark === undefined) throw new Error(`no mark price for ${p.symbol}`)
    const value = abs(notional(inst, p.size, mark))
    const tier = applyRate(value, marginRates(inst, abs(p.size), acct.retail).initial)
    const lev = prefs.get(p.symbol)
    const fixed = lev === undefined ? 0n : (value * RATE_SCALE + lev - 1n) / lev
    sum += fixed > tier ? fixed : tier
  }
  return sum
}

/** "5" / "12.5" (a JSON number's text) -> millionths; null when it is not a plain positive decimal */
export function parseLeverage(text: string): bigint | null {
  const m = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(text)
  if (!m) return null
  return BigInt(m[1]!) * RATE_SCALE + BigInt((m[2] ?? '').padEnd(6, '0'))
}

/**
 * null when `symbol` may take leverage `lev` (null = cross) for this account; else §5.6's text.
 * The permitted range is 1x up to 1 / the lowest tier's IM (50x at 2 %); a position already in a
 * higher tier caps it at 1 / that tier's IM; the account must carry its positions' IM under the
 * new setting.
 */
export function leverageRefusal(
  acct: MarginAccount,
  symbol: string,
  lev: bigint | null,
  marks: Marks,
  prefs: LeveragePrefs,
): string | null {
  const inst = perpetual(symbol)
  if (lev !== null) {
    const firstIm = marginRates(inst, 0n, acct.retail).initial
    const max = (RATE_SCALE * RATE_SCALE) / firstIm
    if (lev < RATE_SCALE || lev > max) return 'Leverage is outside the permitted range for this market'
    const tierIm = marginRates(inst, abs(acct.sizeOf(symbol)), acct.retail).initial
    if (lev * tierIm > RATE_SCALE * RATE_SCALE) return "Leverage exceeds the market's margin schedule"
  }
  const next = new Map(prefs)
  if (lev === null) next.delete(symbol)
  else next.set(symbol, lev)
  const equity = acct.equity(marks)
  if (equity < acct.maintenanceMargin(marks)) return 'Leverage change would cause liquidation'
  if (acct.positions().length > 0 && equity < initialWithLeverage(acct, marks, next))
    return 'Insufficient margin for the requested leverage'
  return null
}
