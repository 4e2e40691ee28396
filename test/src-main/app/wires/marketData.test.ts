import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { BookView, CandlesView, L3BookView, TradesView } from '../../../../src-preload/contract/types'
import {
  btcPrice,
  linksOnline,
  missingFrom,
  openWindow,
  placeElsewhere,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/**
 * Market data topics, through the contract only: each sends a first message when a window
 * subscribes, and another when the market moves (another account trades on the exchange; there is
 * no synthetic market, so nothing else moves it).
 */
export const covers: Covers = { commands: [], topics: ['book', 'book.l3', 'trades', 'candles'] }

const SYMBOL = 'BTC/USD'
const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let l2: number
let l3: number
let trades: number
let candles: number

beforeAll(async () => {
  core = await startCore(17)
  w = openWindow(core, exercised)
  await linksOnline(w)
  l2 = w.sub('book', { symbol: SYMBOL, depth: 10 })
  l3 = w.sub('book.l3', { symbol: SYMBOL })
  trades = w.sub('trades', { symbol: SYMBOL })
  candles = w.sub('candles', { symbol: SYMBOL, interval: 1 })
}, 30_000)
afterAll(() => core.stop())

const book = () => core.sim!.engine.book(SYMBOL)

describe('market data wires', () => {
  it('book: a first message, the live book as the exchange has it', async () => {
    const first = await w.next<BookView>(l2, 0, (v) => v.status === 'live', 'the book, live')
    expect(first.symbol).toBe(SYMBOL)
    expect(first.tickSize).toBe('0.1')
    expect(first.bids[0]![0]).toBe(btcPrice(book().bestBid()!))
    expect(first.asks[0]![0]).toBe(btcPrice(book().bestAsk()!))
  })

  it('book.l3: a first message, every resting order of the live book', async () => {
    const first = await w.next<L3BookView>(l3, 0, (v) => v.status === 'live', 'the level3 book, live')
    expect(first.symbol).toBe(SYMBOL)
    expect(first.orderCount).toBeGreaterThan(0)
    const bestBid = first.levels.find((l) => l.side === 'bid')!
    expect(bestBid.price).toBe(btcPrice(book().bestBid()!))
  })

  it('trades and candles: a first message each', async () => {
    const t = await w.next<TradesView>(trades, 0, () => true, 'the first trades message')
    expect(t.symbol).toBe(SYMBOL)
    const c = await w.next<CandlesView>(candles, 0, () => true, 'the first candles message')
    expect(c).toMatchObject({ symbol: SYMBOL, interval: 1 })
  })

  it('book and book.l3: an order resting from another account shows on both', async () => {
    const seen2 = w.messages(l2).length
    const seen3 = w.messages(l3).length
    // a price with no order resting yet (inside the spread when there is room, else under the bid),
    // so what both books show there is exactly this order
    const bid = book().bestBid()!
    let price = book().bestAsk()! - bid > 1 ? bid + 1 : bid - 1
    while (book().bids.level(price)) price--
    placeElsewhere(core, { symbol: SYMBOL, side: 'buy', price, qty: 12_345_678n, account: 'synthetic-maker' })

    const l2view = await w.next<BookView>(
      l2,
      seen2,
      (v) => v.bids.some(([p]) => p === btcPrice(price)),
      'the book with the new bid',
    )
    expect(l2view.bids.find(([p]) => p === btcPrice(price))).toEqual([btcPrice(price), '0.12345678'])
    const l3view = await w.next<L3BookView>(
      l3,
      seen3,
      (v) => v.levels.some((l) => l.side === 'bid' && l.price === btcPrice(price)),
      'the level3 book with the new order',
    )
    expect(l3view.levels.find((l) => l.side === 'bid' && l.price === btcPrice(price))?.orders).toEqual([
      { id: expect.any(String), qty: '0.12345678', mine: false },
    ])
  })

  it('trades and candles: a trade on the exchange shows on the tape and in the candle', async () => {
    const seenT = w.messages(trades).length
    const seenC = w.messages(candles).length
    const bid = book().bestBid()!
    // another account sells 0.05 into the bid, immediate-or-cancel: one trade at the bid
    placeElsewhere(core, { symbol: SYMBOL, side: 'sell', price: bid, qty: 5_000_000n, tif: 'IOC' })

    const tape = await w.next<TradesView>(trades, seenT, (v) => v.trades.length > 0, 'the trade on the tape')
    expect(tape.trades[0]).toMatchObject({ price: btcPrice(bid), qty: '0.05000000', side: 'sell' })
    const bars = await w.next<CandlesView>(
      candles,
      seenC,
      (v) => v.candles.at(-1)?.close === btcPrice(bid),
      'the candle closing at the trade',
    )
    expect(bars.candles.at(-1)).toMatchObject({ close: btcPrice(bid) })
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
