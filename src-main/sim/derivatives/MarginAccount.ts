/**
 * A derivatives margin account of the built-in exchange: USD collateral and one net position per
 * perpetual, all exact (see units.ts).
 *
 * Kraken's documented rules it follows (docs/kraken-derivatives.md §7.3–7.4): margin equity =
 * collateral value + unrealised PnL ("Balance Value in USD × (1 − Haircut) + Total Unrealised
 * Profit/Loss"; collateral here is USD only, haircut 0: model); IM and MM are tiered by position
 * size and valued at the MARK; liquidation when equity < maintenance margin at mark; funding
 * accrues as unrealised PnL and settles at the hour or when the net position changes.
 * Model, not Kraken's: cross margin only (no isolated mode yet); Kraken's long/short netting
 * (max of long and short margin per underlying) cannot arise with one net position per symbol
 * and one symbol per underlying.
 */
import {
  breachesInitial,
  reduceOnlyCheck,
  type PerpOrder,
  type ReduceOnlyResult,
  type RiskView,
} from './orderChecks'
import { marginRates, perpetual } from './perpetuals'
import { applyFillToPosition, emptyPosition, pricePnl, type PerpFill, type Position } from './position'
import { abs, applyRate, ceilDiv, floorDiv, moneyPerQtyPrice, notional, RATE_SCALE } from './units'

export type Marks = ReadonlyMap<string, bigint>

export class MarginAccount implements RiskView {
  private cash: bigint
  private readonly open = new Map<string, Position>()
  readonly retail: boolean

  constructor(
    readonly id: string,
    /** USD collateral, money units */
    collateral: bigint,
    opts: { retail?: boolean } = {},
  ) {
    this.cash = collateral
    this.retail = opts.retail ?? false
  }

  /** USD collateral (money units): deposits + realised PnL − fees ± settled funding */
  get balance(): bigint {
    return this.cash
  }

  deposit(money: bigint): void {
    this.cash += money
  }

  position(symbol: string): Readonly<Position> | undefined {
    return this.open.get(symbol)
  }

  positions(): readonly Readonly<Position>[] {
    return [...this.open.values()]
  }

  sizeOf(symbol: string): bigint {
    return this.open.get(symbol)?.size ?? 0n
  }

  /** Apply a fill; returns the PnL it realised. Accrued funding settles first (net position changes). */
  applyFill(fill: PerpFill): { realised: bigint } {
    const inst = perpetual(fill.symbol)
    this.settleFunding(fill.symbol)
    const pos = this.open.get(fill.symbol) ?? emptyPosition(fill.symbol)
    const realised = applyFillToPosition(inst, pos, fill.side, fill.qty, fill.price)
    this.cash += realised - (fill.fee ?? 0n)
    if (pos.size === 0n) this.open.delete(fill.symbol)
    else this.open.set(fill.symbol, pos)
    return { realised }
  }

  /** A copy with one more fill, for "what if" checks; this account is untouched. */
  withFill(fill: PerpFill): MarginAccount {
    const copy = new MarginAccount(this.id, this.cash, { retail: this.retail })
    for (const [s, p] of this.open) copy.open.set(s, { ...p })
    copy.applyFill(fill)
    return copy
  }

  // --- funding (FundingClock drives these) ---

  /** Add funding PnL (money, + = received) to a position's unsettled accrual. */
  accrueFunding(symbol: string, amount: bigint): void {
    const pos = this.open.get(symbol)
    if (pos) pos.fundingAccrued += amount
  }

  /** Move accrued funding into the balance (one symbol, or all). */
  settleFunding(symbol?: string): void {
    for (const pos of symbol === undefined ? this.open.values() : [this.open.get(symbol)]) {
      if (!pos || pos.fundingAccrued === 0n) continue
      this.cash += pos.fundingAccrued
      pos.fundingPaid -= pos.fundingAccrued
      pos.fundingAccrued = 0n
    }
  }

  // --- valuation at mark ---

  private markOf(marks: Marks, symbol: string): bigint {
    const m = marks.get(symbol)
    if (m === undefined) throw new Error(`no mark price for ${symbol}`)
    return m
  }

  /** Price PnL at mark plus accrued funding, of one position or all (money). */
  unrealisedPnl(marks: Marks, symbol?: string): bigint {
    let sum = 0n
    for (const p of this.open.values()) {
      if (symbol !== undefined && p.symbol !== symbol) continue
      sum += pricePnl(perpetual(p.symbol), p, this.markOf(marks, p.symbol)) + p.fundingAccrued
    }
    return sum
  }

  equity(marks: Marks): bigint {
    return this.cash + this.unrealisedPnl(marks)
  }

  private margin(marks: Marks, kind: 'initial' | 'maintenance', except?: string): bigint {
    let sum = 0n
    for (const p of this.open.values()) {
      if (p.symbol === except) continue
      const inst = perpetual(p.symbol)
      const rate = marginRates(inst, abs(p.size), this.retail)[kind]
      sum += applyRate(abs(notional(inst, p.size, this.markOf(marks, p.symbol))), rate)
    }
    return sum
  }

  initialMargin(marks: Marks): bigint {
    return this.margin(marks, 'initial')
  }

  maintenanceMargin(marks: Marks): bigint {
    return this.margin(marks, 'maintenance')
  }

  /** equity − initial margin; negative when the account may only reduce */
  availableMargin(marks: Marks): bigint {
    return this.equity(marks) - this.initialMargin(marks)
  }

  /** Average entry as decimal text (up to 8 decimals past the tick, truncated, zeros trimmed). */
  averageEntry(symbol: string): string | null {
    const p = this.open.get(symbol)
    if (!p) return null
    const inst = perpetual(symbol)
    const extra = 8
    const scaled = (abs(p.entryValue) * 10n ** BigInt(extra)) / (abs(p.size) * moneyPerQtyPrice(inst))
    const digits = inst.pricePrecision + extra
    const s = scaled.toString().padStart(digits + 1, '0')
    const text = `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`
    return text.replace(/0+$/, '').replace(/\.$/, '')
  }

  // --- liquidation ---

  /** Everything but `symbol`'s price PnL and margin, valued at marks: (C', M') of the formulas. */
  private restOf(symbol: string, marks: Marks): { other: bigint; otherMm: bigint } {
    const pos = this.open.get(symbol)!
    const other =
      this.cash + this.unrealisedPnl(marks) - pricePnl(perpetual(symbol), pos, this.markOf(marks, symbol))
    return { other, otherMm: this.margin(marks, 'maintenance', symbol) }
  }

  /**
   * The first mark (on the tick) at which this position is liquidated, the rest of the account held
   * at `marks`: long = the highest tick with equity < MM, short = the lowest. With C' the rest's
   * equity, M' the rest's MM, V the entry value, s the size, m the MM rate, K money per qty×price:
   * equity − MM = (C' − V − M') + P·K·(s − |s|·m), so the boundary is P* = (V + M' − C') / (K(s − |s|m)).
   * null when a long cannot be liquidated at any positive price.
   */
  liquidationPrice(symbol: string, marks: Marks): bigint | null {
    const pos = this.open.get(symbol)
    if (!pos) return null
    const inst = perpetual(symbol)
    const m = marginRates(inst, abs(pos.size), this.retail).maintenance
    const { other, otherMm } = this.restOf(symbol, marks)
    const a = (other - pos.entryValue - otherMm) * RATE_SCALE
    const b = moneyPerQtyPrice(inst) * (pos.size * RATE_SCALE - abs(pos.size) * m)
    if (pos.size > 0n) {
      const p = ceilDiv(-a, b) - 1n
      return p >= 1n ? p : null
    }
    const p = floorDiv(a, -b) + 1n
    return p >= 1n ? p : 1n
  }

  /**
   * The mark at which margin equity would be zero (the rest at `marks`), rounded to the tick on the
   * trader's side (long up, short down) so a liquidation IOC limited there cannot take the balance
   * below zero: P = (V − C') / (s·K).
   */
  bankruptcyPrice(symbol: string, marks: Marks): bigint | null {
    const pos = this.open.get(symbol)
    if (!pos) return null
    const { other } = this.restOf(symbol, marks)
    const num = pos.entryValue - other
    const den = pos.size * moneyPerQtyPrice(perpetual(symbol))
    const p = pos.size > 0n ? ceilDiv(num, den) : floorDiv(num, den)
    return p >= 1n ? p : 1n
  }

  /** Liquidator only: the exchange absorbs a negative balance; returns the amount absorbed. */
  absorbShortfall(): bigint {
    if (this.cash >= 0n) return 0n
    const short = -this.cash
    this.cash = 0n
    return short
  }

  // --- order checks (orderChecks.ts) ---

  reduceOnly(order: Pick<PerpOrder, 'symbol' | 'side' | 'qty'>): ReduceOnlyResult {
    return reduceOnlyCheck(order.symbol, this.sizeOf(order.symbol), order)
  }

  /** null when the order may go; else why not (margin or maximum position), in words. */
  wouldBreachInitial(order: PerpOrder, marks: Marks): string | null {
    return breachesInitial(this, order, marks)
  }
}
