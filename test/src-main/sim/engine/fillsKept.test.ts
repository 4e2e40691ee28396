import { describe, expect, it } from 'vitest'
import { MAX_FILLS, MAX_FILLS_SYNTHETIC } from '../../../../src-main/sim/engine/FillLog'
import { MatchingEngine } from '../../../../src-main/sim/engine/MatchingEngine'
import { SIM_INSTRUMENTS } from '../../../../src-main/sim/instruments'

describe('the built-in exchange keeps fills per kind of account (issue 20)', () => {
  it("keeps the trader's last N fills and a synthetic account's last M", () => {
    const engine = new MatchingEngine(SIM_INSTRUMENTS, {
      now: () => 1_700_000_000_000,
      uncappedAccounts: ['maker'],
      maxFills: 4,
      maxFillsSynthetic: 2,
    })
    engine.accounts.deposit('alice', 'ZUSD', '1000000')
    engine.accounts.deposit('maker', 'XXBT', '100')
    const trade = (n: number) => {
      // the maker rests 0.01 BTC at 65000.0 + n; alice takes it whole: one fill each
      engine.place({
        account: 'maker',
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'limit',
        limitPrice: 650_000 + n,
        qty: 1_000_000n,
        tif: 'GTC',
        source: { protocol: 'rest' },
      })
      engine.place({
        account: 'alice',
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        limitPrice: 650_000 + n,
        qty: 1_000_000n,
        tif: 'IOC',
        source: { protocol: 'rest' },
      })
    }
    for (let n = 1; n <= 10; n++) trade(n)
    const prices = (account: string) => engine.fillLog.of(account).map((f) => f.price)
    expect(prices('alice')).toEqual([650_007, 650_008, 650_009, 650_010])
    expect(prices('maker')).toEqual([650_009, 650_010])
    expect(engine.fills).toHaveLength(6)
  })

  it("keeps 10,000 of a trader's fills and 1,000 of each synthetic account's by default", () => {
    expect([MAX_FILLS, MAX_FILLS_SYNTHETIC]).toEqual([10_000, 1_000])
  })
})
