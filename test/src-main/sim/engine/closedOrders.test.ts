import { describe, expect, it } from 'vitest'
import { MAX_CLOSED, MAX_CLOSED_SYNTHETIC } from '../../../../src-main/sim/engine/EngineCore'
import { MatchingEngine } from '../../../../src-main/sim/engine/MatchingEngine'
import { SIM_INSTRUMENTS } from '../../../../src-main/sim/instruments'

describe('the built-in exchange keeps a bounded number of closed orders, level, per kind of account (issue 20)', () => {
  it("keeps the trader's last N closed orders and the synthetic market's last M, forgetting the oldest one at a time", () => {
    const engine = new MatchingEngine(SIM_INSTRUMENTS, {
      now: () => 1_700_000_000_000,
      uncappedAccounts: ['maker'],
      maxClosed: 4,
      maxClosedSynthetic: 2,
    })
    for (const a of ['alice', 'maker']) engine.accounts.deposit(a, 'ZUSD', '1000000')
    const placeAndCancel = (account: string) => {
      const o = engine.place({
        account,
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        limitPrice: 600000,
        qty: 100000000n,
        tif: 'GTC',
        source: { protocol: 'rest' },
      })
      engine.cancel(account, { orderId: o.id })
      return o.id
    }
    const alice: string[] = []
    const maker: string[] = []
    for (let i = 0; i < 10; i++) {
      alice.push(placeAndCancel('alice'))
      maker.push(placeAndCancel('maker'))
      // level after the bound: never more kept than N + M, never halved
      if (i >= 4) expect(engine.orders.size).toBe(4 + 2)
    }
    expect([...engine.orders.keys()].sort()).toEqual([...alice.slice(-4), ...maker.slice(-2)].sort())
    // a resting order is never forgotten, however many close after it
    const resting = engine.place({
      account: 'alice',
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      limitPrice: 600000,
      qty: 100000000n,
      tif: 'GTC',
      source: { protocol: 'rest' },
    })
    for (let i = 0; i < 10; i++) placeAndCancel('alice')
    expect(engine.orders.get(resting.id)?.status).toBe('open')
    expect(engine.orders.size).toBe(4 + 2 + 1)
  })

  it('keeps 50,000 of the trader’s and 1,000 of the synthetic market’s by default', () => {
    expect([MAX_CLOSED, MAX_CLOSED_SYNTHETIC]).toEqual([50_000, 1_000])
  })
})
