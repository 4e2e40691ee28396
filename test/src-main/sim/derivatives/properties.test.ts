import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Liquidator } from '../../../../src-main/sim/derivatives/Liquidator'
import { MarginAccount } from '../../../../src-main/sim/derivatives/MarginAccount'
import { marks, usd, XBT } from './helpers'

/*
 * The closed forms checked against their definitions for many accounts: the liquidation price is
 * the boundary tick of "equity < maintenance margin", the bankruptcy limit never overdraws the
 * balance, and fills never create or lose money through rounding.
 */
const account = fc.record({
  collateral: fc.integer({ min: 100, max: 2_000_000 }),
  qty: fc.integer({ min: 1, max: 5_000_000 }), // 0.0001 … 500 BTC (crosses the tiers)
  entry: fc.integer({ min: 1_000, max: 200_000 }),
  long: fc.boolean(),
})

function open(a: { collateral: number; qty: number; entry: number; long: boolean }): MarginAccount {
  const acc = new MarginAccount('p', usd(String(a.collateral)))
  acc.applyFill({ symbol: XBT, side: a.long ? 'buy' : 'sell', qty: BigInt(a.qty), price: BigInt(a.entry) })
  return acc
}

describe('perpetuals model properties', () => {
  it('liquidation price is the first tick where equity < maintenance margin', () => {
    fc.assert(
      fc.property(account, (a) => {
        const acc = open(a)
        const p = acc.liquidationPrice(XBT, marks({ [XBT]: BigInt(a.entry) }))
        const below = (px: bigint) => {
          const m = marks({ [XBT]: px })
          return acc.equity(m) < acc.maintenanceMargin(m)
        }
        if (p === null) {
          expect(a.long).toBe(true)
          expect(below(1n)).toBe(false)
          return
        }
        if (a.long) {
          expect(below(p)).toBe(true)
          expect(below(p + 1n)).toBe(false)
        } else {
          expect(below(p)).toBe(true)
          if (p > 1n) expect(below(p - 1n)).toBe(false)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('a liquidation IOC filled at its limit leaves the balance >= 0 with nothing absorbed', () => {
    fc.assert(
      fc.property(account, (a) => {
        const acc = open(a)
        const liq = new Liquidator()
        const lp = acc.liquidationPrice(XBT, marks({ [XBT]: BigInt(a.entry) }))
        if (lp === null) return
        const [order] = liq.findLiquidations([acc], marks({ [XBT]: lp }))
        expect(order).toBeDefined()
        const r = liq.applyLiquidationFill(acc, {
          symbol: XBT,
          side: order!.side,
          qty: order!.qty,
          price: order!.limitPrice,
        })
        expect(acc.balance >= 0n).toBe(true)
        if (order!.limitPrice > 1n) expect(r.absorbed).toBe(0n)
      }),
      { numRuns: 500 },
    )
  })

  it('fills conserve money: balance change = Σ realised = what the trades paid and received', () => {
    const fill = fc.record({
      buy: fc.boolean(),
      qty: fc.integer({ min: 1, max: 30_000 }),
      price: fc.integer({ min: 50_000, max: 70_000 }),
    })
    fc.assert(
      fc.property(fc.array(fill, { minLength: 1, maxLength: 30 }), (fills) => {
        const acc = new MarginAccount('c', 0n)
        let cashFlow = 0n // money units: sells receive qty × price, buys pay it (10^14 per qty×price unit)
        for (const f of fills) {
          acc.applyFill({
            symbol: XBT,
            side: f.buy ? 'buy' : 'sell',
            qty: BigInt(f.qty),
            price: BigInt(f.price),
          })
          cashFlow += (f.buy ? -1n : 1n) * BigInt(f.qty) * BigInt(f.price) * 10n ** 14n
        }
        // what is still open is worth its own basis (exact), so cash flow + basis = Σ realised
        const basis = acc.position(XBT)?.entryValue ?? 0n
        expect(acc.balance).toBe(cashFlow + basis)
      }),
      { numRuns: 300 },
    )
  })
})
