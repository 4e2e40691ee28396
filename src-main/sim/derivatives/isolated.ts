/**
 * A market at fixed leverage is margined in isolation (Kraken's leverage preference: "When
 * specifying a max leverage, the contract's margin mode will be isolated", docs/kraken-
 * derivatives.md §5.6); null leaves it cross-margined by the whole wallet (Liquidator).
 *
 * Model (Kraken's isolated rules are NOT FOUND): the position holds margin = its entry notional ÷
 * L; it is liquidated on its own when that margin plus its PnL at mark (price and accrued funding)
 * is below its maintenance margin, with an IOC limited where that margin is gone (entry × (1 − 1/L)
 * for a long, × (1 + 1/L) for a short, plus funding), rounded to the trader's side of the tick as
 * the cross bankruptcy price is. So its liquidation price is entry × (1 − 1/L) ÷ (1 − mm) for a
 * long, the figure Trident shows for an isolated position.
 */
import type { LeveragePrefs } from './leverage'
import type { LiquidationOrder, Liquidator } from './Liquidator'
import type { MarginAccount, Marks } from './MarginAccount'
import type { MarginBook } from './MarginBook'
import { marginRates, perpetual } from './perpetuals'
import { pricePnl } from './position'
import { abs, applyRate, ceilDiv, floorDiv, moneyPerQtyPrice, notional, RATE_SCALE } from './units'

export function isolatedLiquidations(
  accounts: Iterable<MarginAccount>,
  prefsOf: (account: string) => LeveragePrefs,
  marks: Marks,
): LiquidationOrder[] {
  const out: LiquidationOrder[] = []
  for (const a of accounts) {
    const prefs = prefsOf(a.id)
    for (const p of a.positions()) {
      const lev = prefs.get(p.symbol)
      const mark = marks.get(p.symbol)
      if (lev === undefined || mark === undefined) continue
      const inst = perpetual(p.symbol)
      const held = (abs(p.entryValue) * RATE_SCALE) / lev
      const equity = held + pricePnl(inst, p, mark) + p.fundingAccrued
      const mm = applyRate(
        abs(notional(inst, p.size, mark)),
        marginRates(inst, abs(p.size), a.retail).maintenance,
      )
      if (equity >= mm) continue
      // where held + accrued funding + size × (P − entry) = 0
      const num = p.entryValue - held - p.fundingAccrued
      const den = p.size * moneyPerQtyPrice(inst)
      const limit = p.size > 0n ? ceilDiv(num, den) : floorDiv(num, den)
      out.push({
        account: a.id,
        symbol: p.symbol,
        side: p.size > 0n ? 'sell' : 'buy',
        qty: abs(p.size),
        limitPrice: limit >= 1n ? limit : 1n,
        tif: 'IOC',
        reduceOnly: true,
      })
    }
  }
  return out
}

/** Isolated positions' liquidations, then the wallet's (cross, Liquidator); one per position. */
export function liquidationsDue(book: MarginBook, marks: Marks, liquidator: Liquidator): LiquidationOrder[] {
  const accounts = [...book.accounts.values()]
  const all = [
    ...isolatedLiquidations(accounts, (a) => book.prefsOf(a), marks),
    ...liquidator.findLiquidations(accounts, marks),
  ]
  return all.filter((lo, i) => all.findIndex((x) => x.account === lo.account && x.symbol === lo.symbol) === i)
}
