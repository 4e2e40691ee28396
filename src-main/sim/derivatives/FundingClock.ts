/**
 * Hourly funding of the perpetuals, driven by time the caller passes in (no clock of its own, so a
 * replay or a test decides what "now" is).
 *
 * Kraken's documented rule (docs/kraken-derivatives.md §7.2): "If the premium is above zero, then
 * the long positions payout to short positions … funding credits/debits accumulate as unrealised
 * profit/loss settling at the end of each hour or when the net position changes."
 *
 * Model, not Kraken's documented rule (the formula is NOT FOUND), kept in `fundingRate` and
 * `advance` only: the rate per interval is the premium (mark − index) / index divided by the
 * funding-rate coefficient (8), clamped to ± maxRelativeFundingRate (0.1 %) (§11); between two calls the rate and the mark of the LATER call apply
 * (piecewise constant); a position pays size × mark × rate × (elapsed / 1 h), truncated toward zero
 * at 10^-18 USD. The caller advances the clock before fills so a new position does not pay for time
 * before it existed.
 */
import type { MarginAccount } from './MarginAccount'
import { FUNDING_INTERVAL_MS, perpetual, type Perpetual } from './perpetuals'
import { notional, parseRate, RATE_SCALE } from './units'

export interface MarkIndex {
  /** price units */
  mark: bigint
  index: bigint
}

/**
 * Funding rate per interval as an exact fraction num / den (positive: longs pay): §11's model,
 * clamp((mark − index) ÷ index ÷ fundingRateCoefficient, ±maxRelativeFundingRate).
 */
export function fundingRate(inst: Perpetual, mark: bigint, index: bigint): { num: bigint; den: bigint } {
  if (index <= 0n) throw new Error(`${inst.symbol}: index price must be positive`)
  const cap = parseRate(inst.maxRelativeFundingRate)
  const k = BigInt(inst.fundingRateCoefficient)
  const premium = mark - index
  if (premium * RATE_SCALE > cap * index * k) return { num: cap, den: RATE_SCALE }
  if (-premium * RATE_SCALE > cap * index * k) return { num: -cap, den: RATE_SCALE }
  return { num: premium, den: index * k }
}

export class FundingClock {
  private lastMs: number

  /** `intervalMs`: Kraken's is 1 h; the built-in exchange takes a shorter one for tests */
  constructor(
    startMs: number,
    private readonly intervalMs: number = FUNDING_INTERVAL_MS,
  ) {
    this.lastMs = startMs
  }

  get now(): number {
    return this.lastMs
  }

  /**
   * Accrue funding from the last call to `nowMs` for every open position of `accounts`, settling at
   * each top of the hour passed (the end of each funding interval, in UTC ms since epoch).
   * Returns how many settlements happened.
   */
  advance(
    nowMs: number,
    prices: ReadonlyMap<string, MarkIndex>,
    accounts: readonly MarginAccount[],
  ): { settlements: number } {
    if (nowMs < this.lastMs) throw new Error(`funding clock cannot run backwards (${nowMs} < ${this.lastMs})`)
    let settlements = 0
    while (this.lastMs < nowMs) {
      const interval = this.intervalMs
      const boundary = (Math.floor(this.lastMs / interval) + 1) * interval
      const end = Math.min(boundary, nowMs)
      this.accrue(end - this.lastMs, interval, prices, accounts)
      this.lastMs = end
      if (end === boundary) {
        for (const a of accounts) a.settleFunding()
        settlements++
      }
    }
    return { settlements }
  }

  private accrue(
    elapsedMs: number,
    intervalMs: number,
    prices: ReadonlyMap<string, MarkIndex>,
    accounts: readonly MarginAccount[],
  ): void {
    for (const a of accounts)
      for (const p of a.positions()) {
        const px = prices.get(p.symbol)
        if (!px) throw new Error(`no mark/index for ${p.symbol}`)
        const inst = perpetual(p.symbol)
        const rate = fundingRate(inst, px.mark, px.index)
        // a long (size > 0) pays when the rate is positive: PnL = −size × mark × rate × elapsed/interval
        const pnl =
          (-notional(inst, p.size, px.mark) * rate.num * BigInt(elapsedMs)) / (rate.den * BigInt(intervalMs))
        a.accrueFunding(p.symbol, pnl)
      }
  }
}
