import { describe, expect, it } from 'vitest'
import { TapeFeeds } from '../../../../src-main/features/marketData/TapeFeeds'
import type { KrakenWsPublicClient } from '../../../../src-main/kraken/ws/KrakenWsPublicClient'

type OnData = (entries: Record<string, unknown>[], snapshot: boolean) => void

/** A public feed that hands the test each channel's callback. */
function rig() {
  const on: Record<string, OnData> = {}
  const feed = {
    symbols: ['BTC/USD'],
    watch: (channel: string, _symbol: string, cb: OnData) => {
      on[channel] = cb
      return () => {}
    },
  }
  const feeds = new TapeFeeds({
    // only what TapeFeeds calls: the list of symbols and watch
    feed: () => feed as unknown as KrakenWsPublicClient,
    publish: () => {},
  })
  return { feeds, on }
}

const trade = (n: number) => ({
  trade_id: n,
  price: '65000.0',
  qty: '0.01000000',
  side: 'buy',
  timestamp: '2026-12-01T00:00:00.000Z',
})
const candle = (minute: number) => ({
  interval_begin: new Date(Date.UTC(2026, 11, 1, 0, minute)).toISOString(),
  open: '1',
  high: '1',
  low: '1',
  close: '1',
  volume: '1',
})

describe('TapeFeeds: time and sales and candles stay bounded over a day', () => {
  it('the tape keeps the newest 100 trades, newest first', () => {
    const { feeds, on } = rig()
    const { key } = feeds.acquire('trade', 'BTC/USD')
    // 150 trades in messages of 3, oldest first within each as the venue sends them
    for (let n = 1; n <= 150; n += 3) on.trade!([trade(n), trade(n + 1), trade(n + 2)], false)
    const ids = feeds.trades(key)!.trades.map((t) => t.id)
    expect(ids).toHaveLength(100)
    expect(ids.slice(0, 3)).toEqual(['150', '149', '148'])
    expect(ids.at(-1)).toBe('51')
  })

  it('the chart keeps the latest 300 candles, oldest first', () => {
    const { feeds, on } = rig()
    const { key } = feeds.acquire('ohlc', 'BTC/USD', 1)
    for (let m = 0; m < 310; m++) on.ohlc!([candle(m)], false)
    const times = feeds.candles(key)!.candles.map((c) => c.time)
    const minute = (m: number) => Date.UTC(2026, 11, 1, 0, m) / 1000
    expect(times).toHaveLength(300)
    expect(times[0]).toBe(minute(10))
    expect(times.at(-1)).toBe(minute(309))
  })
})
