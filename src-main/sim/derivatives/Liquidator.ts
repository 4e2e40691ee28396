/**
 * Liquidation of derivatives margin accounts (Kraken's "Equity Protection Process").
 *
 * Kraken's documented rule (docs/kraken-derivatives.md §7.4): "When your equity drops below the
 * Maintenance Margin, Kraken automatically attempts to close your position by placing an
 * Immediate-or-Cancel (IOC) order on the market. This order has a limit price set so that if it
 * fills, your account will not go negative." "you keep any remaining margin"; "your account
 * balance can never go below zero". Equity and margin are taken at the MARK.
 *
 * Model, not Kraken's documented rule (the linear steps and partial liquidation are NOT FOUND):
 * - one position per account per round, the one needing the most maintenance margin, closed in
 *   full; if the account is still below MM at the next marks, the next round takes the next one
 *   (closing several at once, each at a bankruptcy price that assumes the others stay at mark,
 *   could together overdraw the balance),
 * - no liquidation fee,
 * - an IOC that does not fill is simply asked again at the next marks (no assignment/unwind),
 * - if a close still leaves the balance below zero (a fill past the limit, or no positions left
 *   with a negative balance), the exchange absorbs the shortfall and counts it in `absorbedTotal`.
 */
import type { Side } from '../engine/types'
import type { MarginAccount, Marks } from './MarginAccount'
import { marginRates, perpetual } from './perpetuals'
import type { PerpFill } from './position'
import { abs, applyRate, notional } from './units'

export interface LiquidationOrder {
  account: string
  symbol: string
  side: Side
  /** the whole position, base units */
  qty: bigint
  /** the bankruptcy price, on the tick (price units) */
  limitPrice: bigint
  tif: 'IOC'
  reduceOnly: true
}

export class Liquidator {
  /** money the exchange has taken on from balances that would have gone negative */
  absorbedTotal = 0n

  /** The IOC close to place for each account whose equity is below its maintenance margin. */
  findLiquidations(accounts: Iterable<MarginAccount>, marks: Marks): LiquidationOrder[] {
    const orders: LiquidationOrder[] = []
    for (const a of accounts) {
      if (a.positions().length === 0 || a.equity(marks) >= a.maintenanceMargin(marks)) continue
      const worst = this.largestMaintenance(a, marks)
      const limitPrice = a.bankruptcyPrice(worst.symbol, marks)!
      orders.push({
        account: a.id,
        symbol: worst.symbol,
        side: worst.size > 0n ? 'sell' : 'buy',
        qty: abs(worst.size),
        limitPrice,
        tif: 'IOC',
        reduceOnly: true,
      })
    }
    return orders
  }

  /**
   * Book a liquidation fill on the account; once no position is left, a negative balance is
   * absorbed by the exchange so it is never below zero. Returns the amount absorbed.
   */
  applyLiquidationFill(account: MarginAccount, fill: PerpFill): { absorbed: bigint } {
    account.applyFill(fill)
    const absorbed = account.positions().length === 0 ? account.absorbShortfall() : 0n
    this.absorbedTotal += absorbed
    return { absorbed }
  }

  private largestMaintenance(a: MarginAccount, marks: Marks): { symbol: string; size: bigint } {
    let best: { symbol: string; size: bigint; mm: bigint } | undefined
    for (const p of a.positions()) {
      const inst = perpetual(p.symbol)
      const mark = marks.get(p.symbol)
      if (mark === undefined) throw new Error(`no mark price for ${p.symbol}`)
      const mm = applyRate(
        abs(notional(inst, p.size, mark)),
        marginRates(inst, abs(p.size), a.retail).maintenance,
      )
      if (!best || mm > best.mm) best = { symbol: p.symbol, size: p.size, mm }
    }
    return best!
  }
}
