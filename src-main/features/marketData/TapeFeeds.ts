import type { CandlesView, TradesView } from '../../../src-preload/contract/types'
import type { MarketFeed } from './MarketFeed'
import { readCandle, readTrade } from '../../kraken/ws/tapeMessages'
import { RefusedError, releaseOnce } from '../../ipc/StreamHub'

const TAPE_LENGTH = 100
const CANDLES_KEPT = 300

type Feed = { refs: number; stop: () => void } & (
  { channel: 'trade'; view: TradesView } | { channel: 'ohlc'; view: CandlesView }
)

/**
 * Time and sales and candles: one venue subscription per (channel, instrument, interval),
 * reference-counted like books; key = channel:symbol:interval.
 */
export class TapeFeeds {
  private readonly feeds = new Map<string, Feed>()

  constructor(
    private readonly d: {
      feed: () => MarketFeed | null
      publish: (topic: 'trades' | 'candles', key: string) => void
    },
  ) {}

  trades(key: string): TradesView | undefined {
    const f = this.feeds.get(key)
    return f?.channel === 'trade' ? f.view : undefined
  }

  candles(key: string): CandlesView | undefined {
    const f = this.feeds.get(key)
    return f?.channel === 'ohlc' ? f.view : undefined
  }

  acquire(
    channel: 'trade' | 'ohlc',
    symbol: string,
    interval?: number,
  ): { key: string; release: () => void } {
    const ws = this.d.feed()
    if (!ws) throw new RefusedError('Market data is not connected yet')
    const known = ws.symbols
    if (known.length > 0 && !known.includes(symbol)) throw new RefusedError(`Unknown instrument ${symbol}`)
    const key = `${channel}:${symbol}:${interval ?? ''}`
    let feed = this.feeds.get(key)
    if (!feed) {
      feed = channel === 'trade' ? this.tape(ws, symbol, key) : this.chart(ws, symbol, key, interval ?? 1)
      this.feeds.set(key, feed)
    }
    feed.refs++
    return {
      key,
      release: releaseOnce(() => {
        const f = this.feeds.get(key)
        if (!f || --f.refs > 0) return
        f.stop()
        this.feeds.delete(key)
      }),
    }
  }

  private tape(ws: MarketFeed, symbol: string, key: string): Feed {
    const view: TradesView = { symbol, trades: [] }
    const stop = ws.watch('trade', symbol, (entries) => {
      for (const e of entries) view.trades.unshift(readTrade(e))
      if (view.trades.length > TAPE_LENGTH) view.trades.length = TAPE_LENGTH
      this.d.publish('trades', key)
    })
    return { refs: 0, stop, channel: 'trade', view }
  }

  private chart(ws: MarketFeed, symbol: string, key: string, interval: number): Feed {
    const view: CandlesView = { symbol, interval, candles: [] }
    const stop = ws.watch(
      'ohlc',
      symbol,
      (entries, snapshot) => {
        if (snapshot) view.candles = []
        for (const e of entries) {
          const c = readCandle(e)
          const last = view.candles.at(-1)
          if (last && last.time === c.time) view.candles[view.candles.length - 1] = c
          else if (!last || c.time > last.time) view.candles.push(c)
        }
        if (view.candles.length > CANDLES_KEPT) view.candles.splice(0, view.candles.length - CANDLES_KEPT)
        this.d.publish('candles', key)
      },
      { interval },
    )
    return { refs: 0, stop, channel: 'ohlc', view }
  }
}
