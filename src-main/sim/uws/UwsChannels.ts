/**
 * Unified WebSocket channels of the built-in exchange. Public: instrument, ohlc (UwsOhlc), book (the spot
 * server's WsBookChannel: v2 snapshot/updates with CRC32 checksums), trade, ticker (with mark,
 * index, funding). Private: executions (no pending_new for derivatives, §4.1), positions, margin
 * (every message a full state, one subscription per connection), ledgers (update only, with a
 * sequence per connection), preferences. Texts from §4–§5 where documented, else §11.
 */
import type { DerivativesMarket, DerivEvent } from '../derivatives/DerivativesMarket'
import { fundingRate } from '../derivatives/FundingClock'
import { PERP_SYMBOLS } from '../derivatives/perpInstruments'
import { viewOf } from '../derivatives/perpOrders'
import { perpetual } from '../derivatives/perpetuals'
import { KrakenError } from '../engine/types'
import type { PublicTrade } from '../market/MarketData'
import { text } from '../requests'
import { WsBookChannel } from '../ws/WsBookChannel'
import { Raw, toJson, tradeData, wireTime } from '../ws/wsv2Format'
import { WsRequestError, type BookSub, type Conn, type Json, type WsSession } from '../ws/wsSession'
import { UwsOhlc } from './UwsOhlc'
import { checkChannelParams, CHANNELS } from './uwsSchema'
import {
  executionEntry,
  instrumentData,
  ledgerEntry,
  marginMessage,
  positionsMessage,
  preferencesMessage,
  px,
  qty,
} from './uwsFormat'

/** A UWS connection: the spot server's connection state plus the per-connection ledger sequence. */
export interface UConn extends Conn {
  ledgerSeq: number
}

const BOOK_DEPTHS = new Set([10, 25, 100, 500, 1000])
const PRIVATE = new Set(['executions', 'positions', 'margin', 'ledgers', 'preferences'])
const MARKET = new Set(['book', 'ticker', 'trade', 'ohlc'])

export class UwsChannels {
  private readonly book: WsBookChannel
  private readonly lastPrices = new Map<string, string>()
  private readonly ohlc: UwsOhlc

  constructor(
    private readonly session: WsSession,
    private readonly market: DerivativesMarket,
  ) {
    this.book = new WsBookChannel(session)
    this.ohlc = new UwsOhlc(session, market)
    market.engine.onEvents((events) => {
      const moved = new Set<string>()
      for (const e of events) if (e.kind === 'book') moved.add(e.symbol)
      for (const s of moved) this.book.publish(s)
    })
    session.deps.market.onTrade((symbol, t) => this.publishTrade(symbol, t))
    market.onEvent((e) => this.publishPrivate(e))
  }

  private conns(): UConn[] {
    return [...this.session.conns] as UConn[]
  }

  subscribe(conn: UConn, req: Json, p: Json, timeIn: string): void {
    const channel = String(p.channel)
    if (!CHANNELS[channel]) throw new WsRequestError('Channel not found')
    checkChannelParams('subscribe', channel, p)
    if (PRIVATE.has(channel)) return this.subscribePrivate(conn, req, p, timeIn, channel)
    if (channel === 'instrument') {
      conn.subscribedAny = true
      conn.channels.add('instrument')
      this.session.reply(conn, req, timeIn, {
        success: true,
        result: { channel, snapshot: p.snapshot !== false },
      })
      if (p.snapshot !== false)
        this.session.send(
          conn,
          toJson({ channel, type: 'snapshot', data: instrumentData(this.market.fundingIntervalMs) }),
        )
      return
    }
    const symbols = p.symbol
    if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string'))
      throw new WsRequestError('EGeneral:Invalid arguments:symbol')
    const depth = p.depth === undefined ? 10 : Number(text(p.depth))
    if (channel === 'book' && !BOOK_DEPTHS.has(depth))
      throw new WsRequestError('EGeneral:Invalid arguments:depth')
    const candles = channel === 'ohlc' ? this.ohlc.params(p) : null
    // trade: "snapshot boolean default false" on UWS (§3); book and ticker default true
    const snapshot = channel === 'trade' ? p.snapshot === true : p.snapshot !== false
    for (const symbol of symbols as string[]) {
      const inst = this.session.deps.instruments.get(symbol)
      if (!inst) {
        this.session.reply(conn, req, timeIn, {
          success: false,
          error: `Currency pair not supported ${symbol}`,
          symbol,
        })
        continue
      }
      const key = candles ? this.ohlc.key(symbol, candles) : `${channel}:${symbol}`
      if (channel === 'book' ? conn.books.has(symbol) : conn.channels.has(key)) {
        this.session.reply(conn, req, timeIn, { success: false, error: 'Already subscribed', symbol })
        continue
      }
      conn.subscribedAny = true
      const result: Json = { channel, snapshot, symbol }
      if (channel === 'book') result.depth = depth
      if (candles) Object.assign(result, { interval: candles.interval, tick_type: candles.tickType })
      this.session.reply(conn, req, timeIn, { success: true, result })
      if (channel === 'book') {
        const sub: BookSub = { depth, bids: new Map(), asks: new Map() }
        conn.books.set(symbol, sub)
        this.book.sendSnapshot(conn, inst, sub)
        continue
      }
      conn.channels.add(key)
      if (!snapshot) continue
      if (channel === 'ticker') this.session.send(conn, this.tickerJson(symbol, 'snapshot'))
      if (candles) this.session.send(conn, this.ohlc.snapshot(symbol, candles))
      if (channel === 'trade') {
        const recent = this.session.deps.market.recentTrades(symbol).slice(-50)
        const data = recent.map((t) => tradeData(symbol, t, inst))
        this.session.send(conn, toJson({ channel: 'trade', type: 'snapshot', data }))
      }
    }
  }

  private subscribePrivate(conn: UConn, req: Json, p: Json, timeIn: string, channel: string): void {
    const account = this.session.authenticate(conn, p)
    if (conn.channels.has(channel)) {
      // documented texts for positions and margin (§4.2, §4.3); the same words for the others
      throw new KrakenError(`Already subscribed to ${channel} channel`)
    }
    if (channel === 'positions' && p.with_margin === true)
      throw new KrakenError(
        "'params.with_margin' is not supported by this exchange (positions without margin only)",
      )
    conn.channels.add(channel)
    conn.subscribedAny = true
    const result: Json = { channel }
    if (channel !== 'margin' && channel !== 'ledgers') result.snapshot = p.snapshot !== false
    this.session.reply(conn, req, timeIn, { success: true, result })
    if (channel === 'margin') return this.sendMargin(conn, account)
    if (channel === 'ledgers') return // "does not currently support snapshots" (§4.5)
    if (p.snapshot === false) return
    if (channel === 'positions')
      this.session.send(conn, toJson(positionsMessage('snapshot', this.market.book.positions(account))))
    if (channel === 'preferences')
      this.session.send(conn, toJson(preferencesMessage('snapshot', this.market.book.leverage(account))))
    if (channel === 'executions') {
      const data =
        p.snap_orders === false ? [] : this.market.openOrders(account).map((v) => executionEntry('new', v))
      // snap_trades: "the last 50 order fills will be included in snapshot" (§4.1) — how a client
      // back from a dropped link learns what filled meanwhile
      if (p.snap_trades === true)
        for (const f of this.market.engine.fillLog.of(account).slice(-50)) {
          const o = this.market.engine.orders.get(f.orderId)
          const meta = o && this.market.meta.ended(o.id)
          if (o && meta) data.push(executionEntry('trade', viewOf(o, meta), f))
        }
      this.session.send(conn, toJson({ channel, type: 'snapshot', data, sequence: ++conn.executionSeq }))
    }
  }

  unsubscribe(conn: UConn, req: Json, p: Json, timeIn: string): void {
    const channel = String(p.channel)
    if (!CHANNELS[channel]) throw new WsRequestError('Channel not found')
    checkChannelParams('unsubscribe', channel, p)
    if (!MARKET.has(channel)) {
      if (!conn.channels.delete(channel)) throw new WsRequestError('Subscription Not Found')
      this.session.reply(conn, req, timeIn, { success: true, result: { channel } })
      return
    }
    const candles = channel === 'ohlc' ? this.ohlc.params(p) : null
    for (const s of Array.isArray(p.symbol) ? (p.symbol as unknown[]) : []) {
      const symbol = String(s)
      const key = candles ? this.ohlc.key(symbol, candles) : `${channel}:${symbol}`
      const held = channel === 'book' ? conn.books.delete(symbol) : conn.channels.delete(key)
      if (!held)
        this.session.reply(conn, req, timeIn, { success: false, error: 'Subscription Not Found', symbol })
      else this.session.reply(conn, req, timeIn, { success: true, result: { channel, symbol } })
    }
  }

  private sendMargin(conn: UConn, account: string): void {
    this.session.send(conn, toJson(marginMessage(this.market.book.margin(account))))
  }

  private publishPrivate(e: DerivEvent): void {
    for (const c of this.conns()) {
      if (c.account !== e.account) continue
      if (e.kind === 'execution' && c.channels.has('executions'))
        this.session.send(
          c,
          toJson({
            channel: 'executions',
            type: 'update',
            data: [executionEntry(e.exec, e.order, e.fill)],
            sequence: ++c.executionSeq,
          }),
        )
      if (e.kind === 'positions' && c.channels.has('positions'))
        this.session.send(
          c,
          toJson(positionsMessage('update', this.market.book.positions(e.account, e.symbols))),
        )
      if (e.kind === 'margin' && c.channels.has('margin')) this.sendMargin(c, e.account)
      if (e.kind === 'ledger' && c.channels.has('ledgers'))
        this.session.send(
          c,
          toJson({
            channel: 'ledgers',
            type: 'update',
            data: [ledgerEntry(e.entry)],
            sequence: ++c.ledgerSeq,
          }),
        )
      if (e.kind === 'preferences' && c.channels.has('preferences'))
        this.session.send(c, toJson(preferencesMessage('update', this.market.book.leverage(e.account))))
    }
  }

  private publishTrade(symbol: string, t: PublicTrade): void {
    const inst = this.session.deps.instruments.get(symbol)!
    const trade = toJson({ channel: 'trade', type: 'update', data: [tradeData(symbol, t, inst)] })
    for (const c of this.conns()) {
      if (c.channels.has(`trade:${symbol}`)) this.session.send(c, trade)
      if (c.channels.has(`ticker:${symbol}`)) this.session.send(c, this.tickerJson(symbol, 'update'))
    }
  }

  /** Ticker updates when the mark or index moved (called once a second). */
  publishPrices(): void {
    this.ohlc.samplePrices()
    for (const symbol of PERP_SYMBOLS) {
      const key = `${this.market.prices.mark(symbol)}/${this.market.prices.index(symbol)}`
      if (this.lastPrices.get(symbol) === key) continue
      this.lastPrices.set(symbol, key)
      for (const c of this.conns())
        if (c.channels.has(`ticker:${symbol}`)) this.session.send(c, this.tickerJson(symbol, 'update'))
    }
  }

  /** Spot v2 ticker fields plus mark_price, index_price, funding_rate, next_funding_time, open_interest (§11) */
  private tickerJson(symbol: string, type: 'snapshot' | 'update'): string {
    const { engine, market } = this.session.deps
    const book = engine.book(symbol)
    const [bid] = book.topL2('bid', 1)
    const [ask] = book.topL2('ask', 1)
    const s = market.dayStats(symbol)
    const last = BigInt(engine.last(symbol) ?? bid?.[0] ?? 0)
    const open = s?.open === null || s === undefined ? last : BigInt(s.open)
    const change = last - open
    const pct = open > 0n ? (change * 10000n) / open : 0n
    const mark = this.market.prices.mark(symbol)
    const index = this.market.prices.index(symbol)
    const rate = fundingRate(perpetual(symbol), mark, index)
    const rateText = (rate.num * 10n ** 12n) / rate.den
    const interval = this.market.fundingIntervalMs
    const next = (Math.floor(Date.now() / interval) + 1) * interval
    const dec = (v: bigint, places: number): Raw => {
      const neg = v < 0n
      const a = (neg ? -v : v).toString().padStart(places + 1, '0')
      const t = `${a.slice(0, a.length - places)}.${a.slice(a.length - places)}`
        .replace(/0+$/, '')
        .replace(/\.$/, '')
      return new Raw((neg ? '-' : '') + t)
    }
    return toJson({
      channel: 'ticker',
      type,
      data: [
        {
          symbol,
          bid: px(symbol, BigInt(bid?.[0] ?? 0)),
          bid_qty: qty(symbol, bid?.[1] ?? 0n),
          ask: px(symbol, BigInt(ask?.[0] ?? 0)),
          ask_qty: qty(symbol, ask?.[1] ?? 0n),
          last: px(symbol, last),
          volume: qty(symbol, s?.volume ?? 0n),
          vwap: px(symbol, s && s.volume > 0n ? s.pq / s.volume : last),
          low: px(symbol, s ? BigInt(s.low) : last),
          high: px(symbol, s ? BigInt(s.high) : last),
          change: new Raw((change < 0n ? '-' : '') + px(symbol, change < 0n ? -change : change).text),
          change_pct: dec(pct, 2),
          mark_price: px(symbol, mark),
          index_price: px(symbol, index),
          funding_rate: dec(rateText, 12),
          next_funding_time: wireTime(next),
          open_interest: qty(symbol, this.market.openInterest(symbol)),
        },
      ],
    })
  }
}
