import { describe, expect, it } from 'vitest'
import {
  counterOf,
  RateGovernor,
  restPoints,
  tradingPoints,
} from '../../../../src-main/core/risk/RateGovernor'

function gov(tier: 'starter' | 'intermediate' | 'pro' = 'starter', margin = 0) {
  let now = 0
  return { g: new RateGovernor(tier, () => now, margin), tick: (ms: number) => (now += ms) }
}

describe('RateGovernor', () => {
  it("prices actions by Kraken's tables", () => {
    expect(tradingPoints({ kind: 'add' })).toBe(1)
    expect([0, 5_000, 10_000, 15_000].map((ageMs) => tradingPoints({ kind: 'amend', ageMs }))).toEqual([
      4, 3, 2, 1,
    ])
    expect(
      [0, 9_999, 44_999, 89_999, 300_000].map((ageMs) => tradingPoints({ kind: 'edit', ageMs })),
    ).toEqual([7, 6, 3, 2, 1])
    expect(
      [0, 5_000, 10_000, 15_000, 45_000, 90_000, 299_999, 300_000].map((ageMs) =>
        tradingPoints({ kind: 'cancel', ageMs }),
      ),
    ).toEqual([8, 6, 5, 4, 2, 1, 1, 0])
    expect(tradingPoints({ kind: 'batchAdd', count: 5 })).toBe(2.5)
    expect(tradingPoints({ kind: 'batchCancel', agesMs: [0, 400_000] })).toBe(8)
    expect([restPoints('Balance'), restPoints('TradesHistory'), restPoints('AddOrder')]).toEqual([1, 2, 0])
  })

  it('refuses the trading action that would pass the threshold, says why and when to retry', () => {
    const { g, tick } = gov('starter')
    for (let i = 0; i < 6; i++) {
      expect(g.tryTrading('BTC/USD', { kind: 'add' }).ok).toBe(true)
      expect(g.tryTrading('BTC/USD', { kind: 'cancel', ageMs: 100 }).ok).toBe(true)
    } // 54
    const d = g.tryTrading('BTC/USD', { kind: 'cancel', ageMs: 100 }) // 62 > 60
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.retryInMs).toBe(2000) // 2 points at 1/s
    expect(d.reason).toBe("cancel on BTC/USD would take Kraken's trading counter to 62.0 of 60; wait 2.0 s")
    expect(g.tryTrading('ETH/USD', { kind: 'cancel', ageMs: 100 }).ok).toBe(true) // per pair
    tick(2000)
    expect(g.tryTrading('BTC/USD', { kind: 'cancel', ageMs: 100 }).ok).toBe(true) // 60
    expect(g.tryTrading('BTC/USD', { kind: 'batchCancel', agesMs: [0, 0] }).ok).toBe(true) // forced through
  })

  it('a normal add or amend leaves the last 10 points to cancels and protective orders', () => {
    const { g, tick } = gov('starter') // no margin here: normal adds stop at 50 of 60
    for (let i = 0; i < 50; i++) expect(g.tryTrading('BTC/USD', { kind: 'add' }).ok).toBe(true)
    expect(g.tryTrading('BTC/USD', { kind: 'add' })).toEqual({
      ok: false,
      points: 1,
      level: 50,
      max: 60,
      retryInMs: 1000,
      reason:
        "add on BTC/USD would take Kraken's trading counter to 51.0 of 60, into the last 10 kept for cancels and protective orders; wait 1.0 s",
    })
    expect(g.tryTrading('BTC/USD', { kind: 'amend', ageMs: 60_000 }).ok).toBe(false) // 1 point
    expect(g.tryTrading('BTC/USD', { kind: 'add' }, 'protective').ok).toBe(true) // 51
    expect(g.tryTrading('BTC/USD', { kind: 'amend', ageMs: 60_000 }, 'protective').ok).toBe(true) // 52
    expect(g.tryTrading('BTC/USD', { kind: 'cancel', ageMs: 0 }).ok).toBe(true) // 60
    // Kraken's own limit holds for every request
    const over = g.tryTrading('BTC/USD', { kind: 'add' }, 'protective')
    expect(over.ok ? '' : over.reason).toBe(
      "add on BTC/USD would take Kraken's trading counter to 61.0 of 60; wait 1.0 s",
    )
    expect(g.load().trading).toEqual([{ symbol: 'BTC/USD', level: 60, max: 60, normalUpTo: 50 }])
    const past = g.tryTrading('BTC/USD', { kind: 'add' })
    expect(past.ok ? '' : past.reason).toBe(
      "add on BTC/USD would take Kraken's trading counter to 61.0 of 60, into the last 10 kept for cancels and protective orders; wait 11.0 s",
    )
    tick(10_000) // 50: a normal add fits again once the counter decays below the kept points
    expect(g.tryTrading('BTC/USD', { kind: 'add' }).ok).toBe(false)
    tick(1000)
    expect(g.tryTrading('BTC/USD', { kind: 'add' }).ok).toBe(true)
  })

  it("names the counter an instrument's orders are charged to: a contract's is the derivatives budget", () => {
    const { g } = gov('pro')
    g.tryDerivatives({ kind: 'add' })
    g.tryTrading('BTC/USD', { kind: 'add' })
    const counters = g.load().trading.map((c) => c.symbol)
    expect(counters).toEqual(['derivatives', 'BTC/USD'])
    expect(counterOf({ id: 'PF_XBTUSD', assetClass: 'derivatives' })).toBe('derivatives')
    expect(counterOf({ id: 'BTC/USD', assetClass: 'spot' })).toBe('BTC/USD')
    expect(counterOf({ id: 'BTC/USD' })).toBe('BTC/USD')
  })

  it('keeps a safety margin below the limit', () => {
    const { g } = gov('starter', 2)
    for (let i = 0; i < 13; i++) expect(g.tryRest('Balance').ok).toBe(true)
    expect(g.tryRest('Balance').ok).toBe(false) // 14 > 15 - 2
  })

  it('saturates its REST counter when Kraken reports the limit it could not foresee', () => {
    const { g, tick } = gov('starter')
    expect(g.tryRest('Balance').ok).toBe(true)
    g.observeRestLimited()
    expect(g.tryRest('Balance').ok).toBe(false)
    tick(4000) // 15 - 1.32 = 13.68: room for one again
    expect(g.tryRest('Balance').ok).toBe(true)
  })

  it('reports its load per counter, decaying over time', () => {
    const { g, tick } = gov('intermediate')
    g.tryRest('Balance')
    g.tryTrading('BTC/USD', { kind: 'add' })
    tick(1000)
    const load = g.load()
    expect(load.rest).toEqual({ level: 0.5, max: 20 })
    expect(load.trading).toEqual([{ symbol: 'BTC/USD', level: 0, max: 125, normalUpTo: 115 }])
    g.observeTrading('BTC/USD', 40)
    expect(g.load().trading[0]!.level).toBe(40)
  })
})
