import { describe, expect, it } from 'vitest'
import { FillLog } from '../../../../src-main/sim/engine/FillLog'
import type { Fill } from '../../../../src-main/sim/engine/types'

const fill = (account: string, n: number): Fill => ({
  tradeId: `T${n}`,
  tradeSeq: n,
  orderId: `O${n}`,
  account,
  symbol: 'BTC/USD',
  side: 'buy',
  price: 650000,
  qty: 1n,
  cost: 65n,
  fee: 0n,
  maker: false,
  time: n,
  ordType: 'limit',
})
const ids = (fs: readonly Fill[]): string[] => fs.map((f) => f.tradeId)

describe('FillLog (the built-in exchange: fills kept per account for TradesHistory and executions snapshots)', () => {
  it('keeps only the newest fills of each account, however many arrive', () => {
    const log = new FillLog(3)
    for (let n = 1; n <= 10_000; n++) log.add(fill('maker', n))
    expect(ids(log.of('maker'))).toEqual(['T9998', 'T9999', 'T10000'])
    expect(log.size()).toBe(3)
  })

  it("a flood of the synthetic traders' fills does not push out the trader's", () => {
    const log = new FillLog(3)
    log.add(fill('trader', 1))
    log.add(fill('trader', 2))
    for (let n = 3; n <= 50_000; n++) log.add(fill(n % 2 ? 'maker' : 'taker', n))
    expect(ids(log.of('trader'))).toEqual(['T1', 'T2'])
    expect(ids(log.of('maker'))).toEqual(['T49995', 'T49997', 'T49999'])
    expect(ids(log.of('taker'))).toEqual(['T49996', 'T49998', 'T50000'])
    expect(log.of('nobody')).toEqual([])
    expect(log.size()).toBe(8)
  })

  it("keeps fewer of the synthetic market's fills than of a trader's", () => {
    const log = new FillLog(3, new Set(['maker']), 1)
    for (let n = 1; n <= 1_000; n++) log.add(fill(n % 2 ? 'maker' : 'trader', n))
    expect(ids(log.of('trader'))).toEqual(['T996', 'T998', 'T1000'])
    expect(ids(log.of('maker'))).toEqual(['T999'])
    expect(log.size()).toBe(4)
  })

  it('all() gives every kept fill in the order they were added', () => {
    const log = new FillLog(2)
    log.add(fill('a', 1))
    log.add(fill('b', 2))
    log.add(fill('a', 3))
    log.add(fill('a', 4))
    log.add(fill('b', 5))
    expect(ids(log.all())).toEqual(['T2', 'T3', 'T4', 'T5'])
  })
})
