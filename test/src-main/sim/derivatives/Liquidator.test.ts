import { describe, expect, it } from 'vitest'
import { Liquidator } from '../../../../src-main/sim/derivatives/Liquidator'
import { MarginAccount } from '../../../../src-main/sim/derivatives/MarginAccount'
import { btc, marks, usd, XBT } from './helpers'

function longHalfBtc(): MarginAccount {
  const a = new MarginAccount('alice', usd('5000'))
  a.applyFill({ symbol: XBT, side: 'buy', qty: btc('0.5'), price: 60_000n })
  return a
}

describe('Liquidator (equity < maintenance margin at mark → IOC at the bankruptcy price)', () => {
  it('fires only below the liquidation price (50,505 for the long 0.5 at 60,000)', () => {
    const a = longHalfBtc()
    const liq = new Liquidator()
    expect(liq.findLiquidations([a], marks({ [XBT]: 50_506n }))).toEqual([])
    expect(liq.findLiquidations([a], marks({ [XBT]: 50_505n }))).toEqual([
      // bankruptcy: 5,000 + 0.5 (P − 60,000) = 0 → 50,000
      {
        account: 'alice',
        symbol: XBT,
        side: 'sell',
        qty: btc('0.5'),
        limitPrice: 50_000n,
        tif: 'IOC',
        reduceOnly: true,
      },
    ])
  })

  it('a close better than bankruptcy leaves the trader the rest; at bankruptcy the balance is 0', () => {
    const a = longHalfBtc()
    const liq = new Liquidator()
    // 0.5 × (50,200 − 60,000) = −4,900 → 100 left
    expect(
      liq.applyLiquidationFill(a, { symbol: XBT, side: 'sell', qty: btc('0.5'), price: 50_200n }),
    ).toEqual({
      absorbed: 0n,
    })
    expect(a.balance).toBe(usd('100'))
    expect(a.position(XBT)).toBeUndefined()

    const b = longHalfBtc()
    liq.applyLiquidationFill(b, { symbol: XBT, side: 'sell', qty: btc('0.5'), price: 50_000n })
    expect(b.balance).toBe(0n)
  })

  it('a close past bankruptcy never leaves the balance negative: the exchange absorbs the shortfall', () => {
    const a = longHalfBtc()
    const liq = new Liquidator()
    // 0.5 × (49,000 − 60,000) = −5,500 → −500, absorbed
    expect(
      liq.applyLiquidationFill(a, { symbol: XBT, side: 'sell', qty: btc('0.5'), price: 49_000n }),
    ).toEqual({
      absorbed: usd('500'),
    })
    expect(a.balance).toBe(0n)
    expect(liq.absorbedTotal).toBe(usd('500'))
  })

  it('a short is bought back at its bankruptcy price (70,000); a healthy account is left alone', () => {
    const s = new MarginAccount('bob', usd('5000'))
    s.applyFill({ symbol: XBT, side: 'sell', qty: btc('0.5'), price: 60_000n })
    const healthy = longHalfBtc()
    const orders = new Liquidator().findLiquidations([s, healthy], marks({ [XBT]: 69_307n }))
    expect(orders).toEqual([
      {
        account: 'bob',
        symbol: XBT,
        side: 'buy',
        qty: btc('0.5'),
        limitPrice: 70_000n,
        tif: 'IOC',
        reduceOnly: true,
      },
    ])
  })
})
