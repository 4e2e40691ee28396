/**
 * The WS v2 public channels of the built-in exchange: instrument, book, ticker, trade and ohlc —
 * subscribe and unsubscribe with Kraken's checks and refusal texts, snapshots, and the updates a
 * public trade causes (trade, ticker, candles). Book data itself comes from WsBookChannel.
 */
import { OHLC_INTERVALS, type Candle, type PublicTrade } from '../market/MarketData'
import { text } from '../requests'
import type { WsBookChannel } from './WsBookChannel'
import { instrumentSnapshot, ohlcData, price, qty, Raw, toJson, tradeData } from './wsv2Format'
import { WsRequestError, type BookSub, type Conn, type Json, type WsSession } from './wsSession'

const BOOK_DEPTHS = new Set([10, 25, 100, 500, 1000])

export class WsPublicChannels {
  constructor(
    private readonly session: WsSession,
    private readonly book: WsBookChannel,
  ) {}

  subscribeInstrument(conn: Conn, req: Json, params: Json, timeIn: string): void {
    conn.subscribedAny = true
    this.session.reply(conn, req, timeIn, {
      success: true,
      result: { channel: 'instrument', snapshot: true },
    })
    if (params.snapshot !== false)
      this.session.send(conn, toJson(instrumentSnapshot([...this.session.deps.instruments.values()])))
  }

  /** book, ticker, trade, ohlc (any other channel name is refused here) */
  subscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const { deps } = this.session
    const channel = params.channel
    if (!['book', 'ticker', 'trade', 'ohlc'].includes(String(channel)))
      throw new WsRequestError('Channel not found')
    const symbols = params.symbol
    if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string')) {
      throw new WsRequestError('EGeneral:Invalid arguments:symbol')
    }
    const depth = params.depth === undefined ? 10 : Number(text(params.depth))
    if (channel === 'book' && !BOOK_DEPTHS.has(depth))
      throw new WsRequestError('EGeneral:Invalid arguments:depth')
    const interval = params.interval === undefined ? 1 : Number(text(params.interval))
    if (channel === 'ohlc' && !(OHLC_INTERVALS as readonly number[]).includes(interval)) {
      throw new WsRequestError('EGeneral:Invalid arguments:interval')
    }
    for (const symbol of symbols as string[]) {
      const inst = deps.instruments.get(symbol)
      if (!inst) {
        this.session.reply(conn, req, timeIn, {
          success: false,
          error: `Currency pair not supported ${symbol}`,
          symbol,
        })
        continue
      }
      const key = channel === 'ohlc' ? `ohlc:${symbol}:${interval}` : `${String(channel)}:${symbol}`
      if (channel === 'book' ? conn.books.has(symbol) : conn.channels.has(key)) {
        this.session.reply(conn, req, timeIn, { success: false, error: 'Already subscribed', symbol })
        continue
      }
      conn.subscribedAny = true
      const result: Json = { channel, snapshot: params.snapshot !== false, symbol }
      if (channel === 'book') result.depth = depth
      if (channel === 'ohlc') result.interval = interval
      this.session.reply(conn, req, timeIn, { success: true, result })
      if (channel === 'book') {
        const sub: BookSub = { depth, bids: new Map(), asks: new Map() }
        conn.books.set(symbol, sub)
        this.book.sendSnapshot(conn, inst, sub)
        continue
      }
      conn.channels.add(key)
      if (params.snapshot === false) continue
      if (channel === 'ticker') this.session.send(conn, this.tickerJson(symbol, 'snapshot'))
      if (channel === 'trade') {
        const recent = deps.market.recentTrades(symbol).slice(-50)
        this.session.send(
          conn,
          toJson({ channel: 'trade', type: 'snapshot', data: recent.map((t) => tradeData(symbol, t, inst)) }),
        )
      }
      if (channel === 'ohlc') {
        const candles = deps.market.ohlc(symbol, interval)
        this.session.send(
          conn,
          toJson({
            channel: 'ohlc',
            type: 'snapshot',
            data: candles.map((c) => ohlcData(symbol, interval, c, inst)),
          }),
        )
      }
    }
  }

  /** book, ticker, trade, ohlc: a subscription not held is answered "Subscription Not Found" */
  unsubscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const channel = String(params.channel)
    const symbols = Array.isArray(params.symbol) ? (params.symbol as unknown[]) : []
    for (const s of symbols) {
      const symbol = String(s)
      if (channel === 'book') {
        const sub = conn.books.get(symbol)
        const depth = params.depth === undefined ? 10 : Number(text(params.depth))
        if (!sub || sub.depth !== depth) {
          this.session.reply(conn, req, timeIn, { success: false, error: 'Subscription Not Found', symbol })
          continue
        }
        conn.books.delete(symbol)
        this.session.reply(conn, req, timeIn, { success: true, result: { channel, depth, symbol } })
        continue
      }
      const interval = params.interval === undefined ? 1 : Number(text(params.interval))
      const key = channel === 'ohlc' ? `ohlc:${symbol}:${interval}` : `${channel}:${symbol}`
      if (!conn.channels.delete(key)) {
        this.session.reply(conn, req, timeIn, { success: false, error: 'Subscription Not Found', symbol })
        continue
      }
      this.session.reply(conn, req, timeIn, { success: true, result: { channel, symbol } })
    }
  }

  /** A public trade printed: trade, ticker and candle updates to their subscribers. */
  publishTrade(symbol: string, t: PublicTrade, candles: Map<number, Candle>): void {
    const inst = this.session.deps.instruments.get(symbol)!
    const trade = toJson({ channel: 'trade', type: 'update', data: [tradeData(symbol, t, inst)] })
    for (const c of this.session.conns) {
      if (c.channels.has(`trade:${symbol}`)) this.session.send(c, trade)
      if (c.channels.has(`ticker:${symbol}`)) this.session.send(c, this.tickerJson(symbol, 'update'))
      for (const [interval, candle] of candles) {
        if (c.channels.has(`ohlc:${symbol}:${interval}`)) {
          this.session.send(
            c,
            toJson({ channel: 'ohlc', type: 'update', data: [ohlcData(symbol, interval, candle, inst)] }),
          )
        }
      }
    }
  }

  private tickerJson(symbol: string, type: 'snapshot' | 'update'): string {
    const { engine, market, instruments } = this.session.deps
    const inst = instruments.get(symbol)!
    const book = engine.book(symbol)
    const [bid] = book.topL2('bid', 1)
    const [ask] = book.topL2('ask', 1)
    const s = market.dayStats(symbol)
    const last = engine.last(symbol) ?? bid?.[0] ?? 0
    const open = s?.open ?? last
    const change = last - open
    // change_pct to 2 decimals by integer arithmetic
    const pct = open > 0 ? Number((BigInt(change) * 10000n) / BigInt(open)) / 100 : 0
    return toJson({
      channel: 'ticker',
      type,
      data: [
        {
          symbol,
          bid: price(bid?.[0] ?? 0, inst),
          bid_qty: qty(bid?.[1] ?? 0n, inst),
          ask: price(ask?.[0] ?? 0, inst),
          ask_qty: qty(ask?.[1] ?? 0n, inst),
          last: price(last, inst),
          volume: qty(s?.volume ?? 0n, inst),
          vwap: price(s && s.volume > 0n ? Number(s.pq / s.volume) : last, inst),
          low: price(s ? s.low : last, inst),
          high: price(s ? s.high : last, inst),
          change: new Raw((change < 0 ? '-' : '') + price(Math.abs(change), inst).text),
          change_pct: new Raw(pct.toFixed(2)),
        },
      ],
    })
  }
}
