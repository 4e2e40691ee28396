import { describe, expect, it } from 'vitest'
import { MarginAccount } from '../../../../src-main/sim/derivatives/MarginAccount'
import { btc, eth, ETH, marks, usd, XBT } from './helpers'

/** The worked case: long 0.5 PF_XBTUSD opened at 60,000 with 5,000 USD collateral. */
function longHalfBtc(): MarginAccount {
  const a = new MarginAccount('alice', usd('5000'))
  a.applyFill({ symbol: XBT, side: 'buy', qty: btc('0.5'), price: 60_000n })
  return a
}

describe('MarginAccount: margin, equity, liquidation price', () => {
  it('margin required and equity at marks 60,000 / 58,000 / 52,000', () => {
    const a = longHalfBtc()
    // notional 0.5 × 60,000 = 30,000; IM 2 % = 600; MM 1 % = 300; no PnL yet
    const at60 = marks({ [XBT]: 60_000n })
    expect(a.initialMargin(at60)).toBe(usd('600'))
    expect(a.maintenanceMargin(at60)).toBe(usd('300'))
    expect(a.equity(at60)).toBe(usd('5000'))
    expect(a.availableMargin(at60)).toBe(usd('4400'))
    // 58,000: uPnL 0.5 × −2,000 = −1,000 → equity 4,000; IM 0.5 × 58,000 × 2 % = 580 → available 3,420
    const at58 = marks({ [XBT]: 58_000n })
    expect(a.unrealisedPnl(at58)).toBe(usd('-1000'))
    expect(a.equity(at58)).toBe(usd('4000'))
    expect(a.availableMargin(at58)).toBe(usd('3420'))
    // 52,000: uPnL −4,000 → equity 1,000; MM 0.5 × 52,000 × 1 % = 260 (still above it)
    const at52 = marks({ [XBT]: 52_000n })
    expect(a.equity(at52)).toBe(usd('1000'))
    expect(a.maintenanceMargin(at52)).toBe(usd('260'))
    expect(a.balance).toBe(usd('5000'))
  })

  it('liquidation price: the first tick where equity < maintenance margin (long 50,505; short 69,307)', () => {
    // long: 5,000 + 0.5(P − 60,000) = 0.005 P → P* = 25,000 / 0.495 = 50,505.0505…
    // at 50,505: equity 5,000 − 4,747.5 = 252.5 < MM 252.525 → liquidated; at 50,506: 253 ≥ 252.53
    const a = longHalfBtc()
    expect(a.liquidationPrice(XBT, marks({ [XBT]: 60_000n }))).toBe(50_505n)
    expect(a.equity(marks({ [XBT]: 50_505n }))).toBe(usd('252.5'))
    expect(a.maintenanceMargin(marks({ [XBT]: 50_505n }))).toBe(usd('252.525'))
    expect(a.maintenanceMargin(marks({ [XBT]: 50_506n }))).toBe(usd('252.53'))
    expect(a.equity(marks({ [XBT]: 50_506n }))).toBe(usd('253'))
    // bankruptcy (equity 0): 5,000 + 0.5(P − 60,000) = 0 → 50,000
    expect(a.bankruptcyPrice(XBT, marks({ [XBT]: 60_000n }))).toBe(50_000n)

    // short: 35,000 − 0.5 P = 0.005 P → P* = 69,306.93…; first liquidating tick 69,307
    // (equity 346.5 < MM 346.535); bankruptcy 35,000 − 0.5 P = 0 → 70,000
    const s = new MarginAccount('bob', usd('5000'))
    s.applyFill({ symbol: XBT, side: 'sell', qty: btc('0.5'), price: 60_000n })
    expect(s.liquidationPrice(XBT, marks({ [XBT]: 60_000n }))).toBe(69_307n)
    expect(s.bankruptcyPrice(XBT, marks({ [XBT]: 60_000n }))).toBe(70_000n)

    // fully collateralised long (5,000 USD for 0.05 BTC): never liquidated
    const safe = new MarginAccount('carol', usd('5000'))
    safe.applyFill({ symbol: XBT, side: 'buy', qty: btc('0.05'), price: 60_000n })
    expect(safe.liquidationPrice(XBT, marks({ [XBT]: 60_000n }))).toBeNull()
  })

  it('tier change at a large size: 50 BTC takes 4 % / 2 %, 49.9999 BTC 2 % / 1 %', () => {
    const big = new MarginAccount('whale', usd('1000000'))
    big.applyFill({ symbol: XBT, side: 'buy', qty: btc('50'), price: 60_000n })
    const m = marks({ [XBT]: 60_000n })
    // 50 × 60,000 = 3,000,000 × 4 % = 120,000; × 2 % = 60,000
    expect(big.initialMargin(m)).toBe(usd('120000'))
    expect(big.maintenanceMargin(m)).toBe(usd('60000'))
    big.applyFill({ symbol: XBT, side: 'sell', qty: btc('0.0001'), price: 60_000n })
    // 49.9999 × 60,000 = 2,999,994 × 2 % = 59,999.88; × 1 % = 29,999.94
    expect(big.initialMargin(m)).toBe(usd('59999.88'))
    expect(big.maintenanceMargin(m)).toBe(usd('29999.94'))
  })
})

describe('MarginAccount: fills realise PnL exactly', () => {
  it('a flip realises PnL on the closed part only and opens the rest at the fill price', () => {
    const a = longHalfBtc()
    // sell 0.8 at 61,000: closes 0.5 (+0.5 × 1,000 = +500), opens short 0.3 at 61,000
    expect(a.applyFill({ symbol: XBT, side: 'sell', qty: btc('0.8'), price: 61_000n }).realised).toBe(
      usd('500'),
    )
    const p = a.position(XBT)!
    expect(p.size).toBe(-btc('0.3'))
    expect(p.entryValue).toBe(usd('-18300')) // −0.3 × 61,000
    expect(p.realisedPnl).toBe(usd('500'))
    expect(a.balance).toBe(usd('5500'))
    expect(a.unrealisedPnl(marks({ [XBT]: 61_000n }))).toBe(0n)
  })

  it('reducing an averaged position takes the cost basis pro rata (average 60,000.5)', () => {
    const a = new MarginAccount('alice', usd('5000'))
    a.applyFill({ symbol: XBT, side: 'buy', qty: btc('0.5'), price: 60_000n })
    a.applyFill({ symbol: XBT, side: 'buy', qty: btc('0.5'), price: 60_001n })
    expect(a.position(XBT)!.entryValue).toBe(usd('60000.5'))
    expect(a.averageEntry(XBT)).toBe('60000.5')
    // sell 0.3 at 61,000: 18,300 − 0.3 × 60,000.5 (18,000.15) = 299.85
    expect(a.applyFill({ symbol: XBT, side: 'sell', qty: btc('0.3'), price: 61_000n }).realised).toBe(
      usd('299.85'),
    )
    expect(a.position(XBT)!.entryValue).toBe(usd('42000.35'))
    expect(a.averageEntry(XBT)).toBe('60000.5')
  })

  it('PF_ETHUSD decimals stay exact (tick 0.1, lot 0.001)', () => {
    const a = new MarginAccount('erin', usd('1000'))
    a.applyFill({ symbol: ETH, side: 'buy', qty: eth('1.234'), price: 30_001n }) // 3,000.1
    const m = marks({ [ETH]: 30_001n })
    // 1.234 × 3,000.1 = 3,702.1234; × 2 % = 74.042468; × 1 % = 37.021234
    expect(a.initialMargin(m)).toBe(usd('74.042468'))
    expect(a.maintenanceMargin(m)).toBe(usd('37.021234'))
    // sell all at 3,000.3: 1.234 × 0.2 = 0.2468
    expect(a.applyFill({ symbol: ETH, side: 'sell', qty: eth('1.234'), price: 30_003n }).realised).toBe(
      usd('0.2468'),
    )
    expect(a.balance).toBe(usd('1000.2468'))
    expect(a.position(ETH)).toBeUndefined()
  })
})

describe('MarginAccount: order checks', () => {
  it('reduce-only trims an order larger than the position and refuses one on the same side', () => {
    const a = longHalfBtc()
    expect(a.reduceOnly({ symbol: XBT, side: 'sell', qty: btc('0.8') })).toEqual({
      kind: 'trim',
      qty: btc('0.5'),
      reason: expect.stringMatching(/trimmed to 0.5000/),
    })
    expect(a.reduceOnly({ symbol: XBT, side: 'sell', qty: btc('0.2') })).toEqual({
      kind: 'accept',
      qty: btc('0.2'),
    })
    expect(a.reduceOnly({ symbol: XBT, side: 'buy', qty: btc('0.1') })).toEqual({
      kind: 'refuse',
      reason: expect.stringMatching(/would increase/),
    })
    expect(a.reduceOnly({ symbol: ETH, side: 'sell', qty: eth('1') })).toEqual({
      kind: 'refuse',
      reason: expect.stringMatching(/no open PF_ETHUSD position/),
    })
  })

  it('an order that adds risk is refused when initial margin would exceed equity; reducing never is', () => {
    const a = longHalfBtc()
    const m = marks({ [XBT]: 60_000n })
    // buy 4 more: 4.5 × 60,000 × 2 % = 5,400 > 5,000 equity
    expect(a.wouldBreachInitial({ symbol: XBT, side: 'buy', qty: btc('4'), price: 60_000n }, m)).toMatch(
      /insufficient margin.*5400.00 USD.*5000.00 USD/,
    )
    // buy 3.6 more: 4.1 × 60,000 × 2 % = 4,920 ≤ 5,000
    expect(a.wouldBreachInitial({ symbol: XBT, side: 'buy', qty: btc('3.6'), price: 60_000n }, m)).toBeNull()
    // buying above the mark costs the difference at once: 3.6 at 60,100 loses 360 → equity 4,640 < 4,920
    expect(
      a.wouldBreachInitial({ symbol: XBT, side: 'buy', qty: btc('3.6'), price: 60_100n }, m),
    ).not.toBeNull()
    // a reducing sell is never refused for margin, even at a collapsed mark
    expect(
      a.wouldBreachInitial({ symbol: XBT, side: 'sell', qty: btc('0.5') }, marks({ [XBT]: 50_000n })),
    ).toBeNull()
    // beyond the maximum position (1,200 BTC) is refused whatever the collateral
    const rich = new MarginAccount('whale', usd('100000000'))
    expect(rich.wouldBreachInitial({ symbol: XBT, side: 'buy', qty: btc('1200.0001') }, m)).toMatch(
      /maximum position 1200/,
    )
  })

  it('retail margin levels (50 % / 25 %) refuse what professional levels allow', () => {
    const r = new MarginAccount('retail', usd('5000'), { retail: true })
    const m = marks({ [XBT]: 60_000n })
    // 0.5 × 60,000 × 50 % = 15,000 > 5,000
    expect(r.wouldBreachInitial({ symbol: XBT, side: 'buy', qty: btc('0.5') }, m)).not.toBeNull()
    // 0.15 × 60,000 × 50 % = 4,500 ≤ 5,000
    expect(r.wouldBreachInitial({ symbol: XBT, side: 'buy', qty: btc('0.15') }, m)).toBeNull()
  })
})
