import { describe, expect, it } from 'vitest'
import { SimRateLimits, restCost, tradingCost } from '../../../../src-main/sim/limits/RateLimits'

function limits(tier: 'starter' | 'intermediate' | 'pro' = 'starter') {
  let now = 0
  return { l: new SimRateLimits(tier, () => now), tick: (ms: number) => (now += ms) }
}

describe('SimRateLimits (Kraken model)', () => {
  it('REST: starter allows 15 calls at once, then refuses; decays at 0.33/s', () => {
    const { l, tick } = limits()
    for (let i = 0; i < 15; i++) l.chargeRest('a', 'Balance')
    expect(() => l.chargeRest('a', 'Balance')).toThrow('EAPI:Rate limit exceeded')
    tick(3000) // 0.99 decayed: still < 1 free
    expect(() => l.chargeRest('a', 'Balance')).toThrow('EAPI:Rate limit exceeded')
    tick(100)
    l.chargeRest('a', 'Balance')
    // other accounts are independent
    l.chargeRest('b', 'Balance')
  })
  it('REST costs: history 2, trading calls 0 (they use the trading counter)', () => {
    expect(restCost('TradesHistory')).toBe(2)
    expect(restCost('Balance')).toBe(1)
    expect(restCost('AddOrder')).toBe(0)
    expect(restCost('CancelOrder')).toBe(0)
  })
  it("trading costs follow Kraken's age table", () => {
    expect(tradingCost.add()).toBe(1)
    expect([4_999, 5_000, 9_999, 14_999, 15_000].map(tradingCost.amend)).toEqual([4, 3, 3, 2, 1])
    expect([0, 5_000, 10_000, 15_000, 45_000, 90_000].map(tradingCost.edit)).toEqual([7, 6, 5, 3, 2, 1])
    expect([0, 5_000, 10_000, 15_000, 45_000, 90_000, 300_000].map(tradingCost.cancel)).toEqual([
      8, 6, 5, 4, 2, 1, 0,
    ])
    // worked example: add, amend at 7 s, cancel 36 s after the amend -> 1 + 3 + 4 = 8
    expect(tradingCost.add() + tradingCost.amend(7_000) + tradingCost.cancel(36_000)).toBe(8)
  })
  it('trading: per pair, refused past the threshold, batch cancel forced through', () => {
    const { l, tick } = limits('starter')
    for (let i = 0; i < 60; i++) l.chargeTrading('a', 'BTC/USD', 1)
    expect(() => l.chargeTrading('a', 'BTC/USD', 1)).toThrow('EOrder:Rate limit exceeded')
    l.chargeTrading('a', 'ETH/USD', 1) // another pair has its own counter
    l.chargeTrading('a', 'BTC/USD', 8, true)
    expect(l.tradingLevel('a', 'BTC/USD')).toBe(68)
    tick(9_000) // starter decays 1/s
    expect(l.tradingLevel('a', 'BTC/USD')).toBeCloseTo(59, 6)
    l.chargeTrading('a', 'BTC/USD', 1)
  })
  it('tiers set thresholds', () => {
    const { l } = limits('pro')
    expect(l.tradingThreshold).toBe(180)
    for (let i = 0; i < 20; i++) l.chargeRest('a', 'Balance')
    expect(() => l.chargeRest('a', 'Balance')).toThrow()
  })
})
