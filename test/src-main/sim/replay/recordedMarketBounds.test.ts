import { describe, expect, it } from 'vitest'
import { SIM_INSTRUMENTS } from '../../../../src-main/sim/instruments'
import { MarketData } from '../../../../src-main/sim/market/MarketData'
import { GatedEngine } from '../../../../src-main/sim/replay/GatedEngine'
import { RecordedMarket, REPLAY_ACCOUNT } from '../../../../src-main/sim/replay/RecordedMarket'
import { readRecordedFrame, type BookEntry } from '../../../../src-main/sim/replay/recordedFrames'
import { bookFrame } from './replayKit'

/*
 * Issue 20 (memory over a trading day): the replayed market keeps a queue place per resting
 * trader order. A trader who places and cancels all day must not leave one behind per order, and
 * an amend that loses priority replaces its order's place rather than adding one.
 */

const BTC = SIM_INSTRUMENTS.find((i) => i.symbol === 'BTC/USD')!
const T0 = 1_764_568_800_000_000_000n
const bids: [string, string][] = [
  ['64999.0', '1.00000000'],
  ['64998.0', '2.00000000'],
]

function entry(text: string): BookEntry {
  const e = readRecordedFrame(text)![0]!
  if (e.kind !== 'book') throw new Error('not a book frame')
  return e
}

function replayedMarket() {
  const engine = new GatedEngine([BTC], REPLAY_ACCOUNT, { uncappedAccounts: [REPLAY_ACCOUNT] })
  engine.accounts.deposit(REPLAY_ACCOUNT, BTC.base, '1000000')
  engine.accounts.deposit(REPLAY_ACCOUNT, BTC.quote, '1000000000')
  engine.accounts.deposit('trader', BTC.quote, '1000000000')
  const market = new RecordedMarket(
    engine,
    new MarketData(engine, [REPLAY_ACCOUNT]),
    new Map([[BTC.symbol, BTC]]),
    new Set([BTC.symbol]),
    10,
  )
  const asks: [string, string][] = [['65001.0', '2.00000000']]
  market.book(entry(bookFrame('snapshot', { bids, asks }, { bids, asks })), T0, true)
  // a recorded frame that changes another level: each trader order resting then gets its place
  let askQty = 2
  const frame = (n: number) => {
    askQty = askQty === 2 ? 3 : 2
    const a: [string, string][] = [['65001.0', `${askQty}.00000000`]]
    market.book(entry(bookFrame('update', { bids: [], asks: a }, { bids, asks: a })), T0 + BigInt(n), true)
  }
  const buy = () =>
    engine.place({
      account: 'trader',
      symbol: BTC.symbol,
      side: 'buy',
      type: 'limit',
      qty: 10_000_000n, // 0.1
      limitPrice: 649_990, // 64999.0, behind the recorded 1.0 there
      tif: 'GTC',
      source: { protocol: 'ws' },
    })
  return { engine, market, frame, buy }
}

describe('the replayed market keeps a queue place only while its order rests', () => {
  it('500 orders placed, given a place, and cancelled leave no place behind', () => {
    const { engine, market, frame, buy } = replayedMarket()
    for (let i = 0; i < 500; i++) {
      const o = buy()
      frame(i)
      expect(market.queuePlaces).toBe(1)
      engine.cancel('trader', { orderId: o.id })
    }
    expect(market.queuePlaces).toBe(0)
  })

  it('an order amended 200 times holds one place, and none once it is cancelled', () => {
    const { engine, market, frame, buy } = replayedMarket()
    const o = buy()
    frame(0)
    for (let i = 1; i <= 200; i++) {
      // a bigger size loses priority on Kraken: a new seq, so a new place at the back
      engine.amend('trader', { orderId: o.id }, { qty: 10_000_000n + BigInt(i) })
      frame(i)
    }
    expect(market.queuePlaces).toBe(1)
    engine.cancel('trader', { orderId: o.id })
    expect(market.queuePlaces).toBe(0)
  })
})
