import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { parse as parseLossless } from 'lossless-json'
import { WebSocketServer, type WebSocket } from 'ws'
import type { MatchingEngine } from '../engine/MatchingEngine'
import { KrakenError, type EngineEvent, type NewOrder, type SimOrder } from '../engine/types'
import { ASSET_BY_REST, type SimInstrument } from '../instruments'
import type { SimRateLimits } from '../limits/RateLimits'
import { tradingCost } from '../limits/RateLimits'
import { OHLC_INTERVALS, type MarketData } from '../market/MarketData'
import {
  instrumentOrThrow,
  openOrderOrThrow,
  parseAmendment,
  parseBool,
  parseClOrdId,
  parseOrderType,
  parsePrice,
  parseQty,
  parseStp,
  parseTif,
  parseUserref,
  text,
} from '../requests'
import {
  assetAmount,
  bookChecksum,
  executionData,
  instrumentSnapshot,
  l3Checksum,
  levels,
  ohlcData,
  price,
  qty,
  Raw,
  toJson,
  tradeData,
  wireTime,
} from './wsv2Format'
import { checkTradingParams } from './wsv2Schema'

const BOOK_DEPTHS = new Set([10, 25, 100, 500, 1000])
/** Kraken closes connections sending frames this large; we do not parse them. */
const MAX_REQUEST_BYTES = 64 * 1024

interface BookSub {
  depth: number
  /** exactly what this connection's book holds now */
  bids: Map<number, bigint>
  asks: Map<number, bigint>
}

interface L3Sub {
  depth: number
  /** what this connection holds: order id -> price, qty, queue seq */
  orders: Map<string, { side: 'bid' | 'ask'; price: number; qty: bigint; seq: number }>
}

interface Conn {
  ws: WebSocket
  l3: Map<string, L3Sub>
  isPrivate: boolean
  books: Map<string, BookSub>
  channels: Set<string>
  account: string | null
  executions: boolean
  balances: boolean
  executionSeq: number
  subscribedAny: boolean
  lastSentAt: number
}

type Json = Record<string, unknown>

export interface SimWsDeps {
  engine: MatchingEngine
  market: MarketData
  limits: SimRateLimits
  instruments: Map<string, SimInstrument>
  /** account of a valid WebSockets token, or null */
  resolveToken: (token: string) => string | null
}

class WsRequestError extends Error {}

/**
 * Kraken WS v2 endpoints of the built-in exchange. Public: status, heartbeat, ping, instrument,
 * book (snapshot + updates with CRC32), ticker, trade, ohlc. Private (token): executions,
 * balances and the trading methods. Fault knobs corrupt checksums, drop connections, and delay or
 * reorder outgoing messages (real WS is load-balanced and may reorder).
 */
export class SimWsServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES })
  private readonly conns = new Set<Conn>()
  private corruptNext = 0
  private delay = { ms: 0, reorder: false }
  private readonly heartbeatTimer: NodeJS.Timeout
  private readonly engine: MatchingEngine

  constructor(private readonly deps: SimWsDeps) {
    this.engine = deps.engine
    this.heartbeatTimer = setInterval(() => this.heartbeats(), 1000)
    this.heartbeatTimer.unref()
    deps.engine.onEvents((ev) => this.onEngineEvents(ev))
    deps.market.onTrade((symbol, t, candles) => {
      const inst = deps.instruments.get(symbol)!
      const trade = toJson({ channel: 'trade', type: 'update', data: [tradeData(symbol, t, inst)] })
      for (const c of this.conns) {
        if (c.channels.has(`trade:${symbol}`)) this.send(c, trade)
        if (c.channels.has(`ticker:${symbol}`)) this.send(c, this.tickerJson(symbol, 'update'))
        for (const [interval, candle] of candles) {
          if (c.channels.has(`ohlc:${symbol}:${interval}`)) {
            this.send(
              c,
              toJson({ channel: 'ohlc', type: 'update', data: [ohlcData(symbol, interval, candle, inst)] }),
            )
          }
        }
      }
    })
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, isPrivate: boolean): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, isPrivate))
  }

  get connectionCount(): number {
    return this.conns.size
  }

  readonly faults = {
    corruptNextChecksums: (n = 1): void => {
      this.corruptNext += n
    },
    /** drop every client connection abruptly (no close frame), as a network cut would */
    dropAllConnections: (): void => {
      for (const c of this.conns) c.ws.terminate()
    },
    /** delay outgoing messages by up to `ms`; with `reorder` each by a random share, so they may overtake */
    delayMessages: (ms: number, reorder = false): void => {
      this.delay = { ms, reorder }
    },
  }

  close(): void {
    clearInterval(this.heartbeatTimer)
    for (const c of this.conns) c.ws.terminate()
    this.wss.close()
  }

  private onConnection(ws: WebSocket, isPrivate: boolean): void {
    const conn: Conn = {
      ws,
      isPrivate,
      books: new Map(),
      l3: new Map(),
      channels: new Set(),
      account: null,
      executions: false,
      balances: false,
      executionSeq: 0,
      subscribedAny: false,
      lastSentAt: 0,
    }
    this.conns.add(conn)
    ws.on('close', () => this.conns.delete(conn))
    ws.on('error', () => this.conns.delete(conn))
    ws.on('message', (data, isBinary) => this.onMessage(conn, data as Buffer, isBinary))
    this.send(
      conn,
      toJson({
        channel: 'status',
        type: 'update',
        data: [
          {
            api_version: 'v2',
            connection_id: new Raw(String(Math.floor(Math.random() * 2 ** 53))),
            system: 'online',
            version: '2.0.10',
          },
        ],
      }),
    )
  }

  private send(conn: Conn, text: string): void {
    const deliver = (): void => {
      if (conn.ws.readyState !== conn.ws.OPEN) return
      conn.ws.send(text)
      conn.lastSentAt = Date.now()
    }
    if (this.delay.ms > 0)
      setTimeout(deliver, this.delay.reorder ? Math.random() * this.delay.ms : this.delay.ms)
    else deliver()
  }

  private reply(conn: Conn, req: Json, timeIn: string, body: Json): void {
    const all: Json = { method: req.method, ...body, time_in: timeIn, time_out: wireTime() }
    const id = text(req.req_id)
    if (id !== undefined && /^\d+$/.test(id)) all.req_id = new Raw(id)
    // Kraken writes a method reply's keys in alphabetical order (recorded:
    // {"error":…,"method":…,"req_id":…,"success":false,"time_in":…,"time_out":…})
    const out: Json = {}
    for (const k of Object.keys(all).sort()) out[k] = all[k]
    this.send(conn, toJson(out))
  }

  private onMessage(conn: Conn, data: Buffer, isBinary: boolean): void {
    const timeIn = wireTime()
    let req: unknown
    try {
      if (isBinary) throw new Error('binary')
      // numbers stay exact (LosslessNumber, never a float) and apart from strings: Kraken refuses
      // "limit_price":"0.10" where it wants "limit_price":0.10, and so must we
      req = parseLossless(data.toString('utf8'))
    } catch {
      req = null
    }
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      this.send(
        conn,
        toJson({
          error: 'EGeneral:Invalid arguments',
          success: false,
          time_in: timeIn,
          time_out: wireTime(),
        }),
      )
      return
    }
    const r = req as Json
    try {
      this.dispatch(conn, r, timeIn)
    } catch (e) {
      if (e instanceof KrakenError || e instanceof WsRequestError) {
        this.reply(conn, r, timeIn, { success: false, error: e.message })
      } else {
        this.reply(conn, r, timeIn, { success: false, error: 'EGeneral:Internal error' })
      }
    }
  }

  private dispatch(conn: Conn, r: Json, timeIn: string): void {
    const params = (typeof r.params === 'object' && r.params !== null ? r.params : {}) as Json
    switch (r.method) {
      case 'ping':
        this.reply(conn, { ...r, method: 'pong' }, timeIn, {})
        return
      case 'subscribe':
        this.subscribe(conn, r, params, timeIn)
        return
      case 'unsubscribe':
        this.unsubscribe(conn, r, params, timeIn)
        return
    }
    const trading = [
      'add_order',
      'amend_order',
      'edit_order',
      'cancel_order',
      'cancel_all',
      'cancel_all_orders_after',
      'batch_add',
      'batch_cancel',
    ]
    if (typeof r.method === 'string' && trading.includes(r.method)) {
      checkTradingParams(r.method, params)
      const account = this.authenticate(conn, params)
      this.trade(conn, r, params, account, timeIn)
      return
    }
    throw new WsRequestError('Method not found')
  }

  private authenticate(conn: Conn, params: Json): string {
    if (!conn.isPrivate) throw new WsRequestError('EAPI:Invalid token')
    const token = text(params.token)
    const account = token ? this.deps.resolveToken(token) : null
    if (!account) throw new WsRequestError('EAPI:Invalid token')
    conn.account = account
    return account
  }

  // ------------------------------------------------------------------ subscriptions

  private subscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const channel = params.channel
    if (channel === 'instrument') {
      conn.subscribedAny = true
      this.reply(conn, req, timeIn, { success: true, result: { channel: 'instrument', snapshot: true } })
      if (params.snapshot !== false)
        this.send(conn, toJson(instrumentSnapshot([...this.deps.instruments.values()])))
      return
    }
    if (channel === 'executions' || channel === 'balances') {
      const account = this.authenticate(conn, params)
      conn.subscribedAny = true
      if (channel === 'executions') {
        conn.executions = true
        this.reply(conn, req, timeIn, {
          success: true,
          result: { channel, snapshot: true, maxratecount: this.deps.limits.tradingThreshold },
        })
        if (params.snap_orders !== false && params.snapshot !== false)
          this.executionsSnapshot(conn, account, parseBool(params.snap_trades))
      } else {
        conn.balances = true
        this.reply(conn, req, timeIn, { success: true, result: { channel, snapshot: true } })
        if (params.snapshot !== false) this.balancesSnapshot(conn, account)
      }
      return
    }
    if (channel === 'level3') {
      this.authenticate(conn, params)
      return this.subscribeL3(conn, req, params, timeIn)
    }
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
      const inst = this.deps.instruments.get(symbol)
      if (!inst) {
        this.reply(conn, req, timeIn, {
          success: false,
          error: `Currency pair not supported ${symbol}`,
          symbol,
        })
        continue
      }
      const key = channel === 'ohlc' ? `ohlc:${symbol}:${interval}` : `${String(channel)}:${symbol}`
      if (channel === 'book' ? conn.books.has(symbol) : conn.channels.has(key)) {
        this.reply(conn, req, timeIn, { success: false, error: 'Already subscribed', symbol })
        continue
      }
      conn.subscribedAny = true
      const result: Json = { channel, snapshot: params.snapshot !== false, symbol }
      if (channel === 'book') result.depth = depth
      if (channel === 'ohlc') result.interval = interval
      this.reply(conn, req, timeIn, { success: true, result })
      if (channel === 'book') {
        const sub: BookSub = { depth, bids: new Map(), asks: new Map() }
        conn.books.set(symbol, sub)
        this.sendBookSnapshot(conn, inst, sub)
        continue
      }
      conn.channels.add(key)
      if (params.snapshot === false) continue
      if (channel === 'ticker') this.send(conn, this.tickerJson(symbol, 'snapshot'))
      if (channel === 'trade') {
        const recent = this.deps.market.recentTrades(symbol).slice(-50)
        this.send(
          conn,
          toJson({ channel: 'trade', type: 'snapshot', data: recent.map((t) => tradeData(symbol, t, inst)) }),
        )
      }
      if (channel === 'ohlc') {
        const candles = this.deps.market.ohlc(symbol, interval)
        this.send(
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

  private unsubscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const channel = String(params.channel)
    if (channel === 'level3') {
      for (const s of Array.isArray(params.symbol) ? (params.symbol as unknown[]) : []) {
        if (conn.l3.delete(String(s)))
          this.reply(conn, req, timeIn, { success: true, result: { channel, symbol: s } })
        else this.reply(conn, req, timeIn, { success: false, error: 'Subscription Not Found', symbol: s })
      }
      return
    }
    if (channel === 'executions' || channel === 'balances') {
      if (channel === 'executions') conn.executions = false
      else conn.balances = false
      this.reply(conn, req, timeIn, { success: true, result: { channel } })
      return
    }
    const symbols = Array.isArray(params.symbol) ? (params.symbol as unknown[]) : []
    for (const s of symbols) {
      const symbol = String(s)
      if (channel === 'book') {
        const sub = conn.books.get(symbol)
        const depth = params.depth === undefined ? 10 : Number(text(params.depth))
        if (!sub || sub.depth !== depth) {
          this.reply(conn, req, timeIn, { success: false, error: 'Subscription Not Found', symbol })
          continue
        }
        conn.books.delete(symbol)
        this.reply(conn, req, timeIn, { success: true, result: { channel, depth, symbol } })
        continue
      }
      const interval = params.interval === undefined ? 1 : Number(text(params.interval))
      const key = channel === 'ohlc' ? `ohlc:${symbol}:${interval}` : `${channel}:${symbol}`
      if (!conn.channels.delete(key)) {
        this.reply(conn, req, timeIn, { success: false, error: 'Subscription Not Found', symbol })
        continue
      }
      this.reply(conn, req, timeIn, { success: true, result: { channel, symbol } })
    }
  }

  private tickerJson(symbol: string, type: 'snapshot' | 'update'): string {
    const inst = this.deps.instruments.get(symbol)!
    const book = this.engine.book(symbol)
    const [bid] = book.topL2('bid', 1)
    const [ask] = book.topL2('ask', 1)
    const s = this.deps.market.dayStats(symbol)
    const last = this.engine.last(symbol) ?? bid?.[0] ?? 0
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

  private checksumFor(bids: [number, bigint][], asks: [number, bigint][]): number {
    const sum = bookChecksum(bids, asks)
    if (this.corruptNext > 0) {
      this.corruptNext--
      return (sum ^ 0x5a5a5a5a) >>> 0
    }
    return sum
  }

  private sendBookSnapshot(conn: Conn, inst: SimInstrument, sub: BookSub): void {
    const book = this.engine.book(inst.symbol)
    const bids = book.topL2('bid', sub.depth)
    const asks = book.topL2('ask', sub.depth)
    sub.bids = new Map(bids)
    sub.asks = new Map(asks)
    this.send(
      conn,
      toJson({
        channel: 'book',
        type: 'snapshot',
        data: [
          {
            symbol: inst.symbol,
            bids: levels(bids, inst),
            asks: levels(asks, inst),
            checksum: this.checksumFor(bids, asks),
          },
        ],
      }),
    )
  }

  /** After the book moved: send each subscriber the difference between its view and the new top-N. */
  private publishBook(symbol: string): void {
    const inst = this.deps.instruments.get(symbol)
    if (!inst) return
    const book = this.engine.book(symbol)
    const ts = wireTime()
    for (const conn of this.conns) {
      const sub = conn.books.get(symbol)
      if (!sub) continue
      const bids = book.topL2('bid', sub.depth)
      const asks = book.topL2('ask', sub.depth)
      const bidDiff = diff(sub.bids, bids, (p) => book.hasL2('bid', p))
      const askDiff = diff(sub.asks, asks, (p) => book.hasL2('ask', p))
      if (bidDiff.length === 0 && askDiff.length === 0) continue
      sub.bids = new Map(bids)
      sub.asks = new Map(asks)
      this.send(
        conn,
        toJson({
          channel: 'book',
          type: 'update',
          data: [
            {
              symbol,
              bids: levels(bidDiff, inst),
              asks: levels(askDiff, inst),
              checksum: this.checksumFor(bids, asks),
              timestamp: ts,
            },
          ],
        }),
      )
    }
  }

  // ------------------------------------------------------------------ level3

  private subscribeL3(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const depth = params.depth === undefined ? 10 : Number(text(params.depth))
    if (![10, 100, 1000].includes(depth)) throw new WsRequestError('EGeneral:Invalid arguments:depth')
    const symbols = Array.isArray(params.symbol) ? (params.symbol as unknown[]).map(String) : []
    if (symbols.length === 0) throw new WsRequestError('EGeneral:Invalid arguments:symbol')
    for (const symbol of symbols) {
      const inst = this.deps.instruments.get(symbol)
      if (!inst) {
        this.reply(conn, req, timeIn, {
          success: false,
          error: `Currency pair not supported ${symbol}`,
          symbol,
        })
        continue
      }
      if (conn.l3.has(symbol)) {
        this.reply(conn, req, timeIn, { success: false, error: 'Already subscribed', symbol })
        continue
      }
      conn.subscribedAny = true
      const sub: L3Sub = { depth, orders: new Map() }
      conn.l3.set(symbol, sub)
      this.reply(conn, req, timeIn, {
        success: true,
        result: { channel: 'level3', depth, snapshot: true, symbol },
      })
      const book = this.engine.book(symbol)
      const bids = book.topL3('bid', depth)
      const asks = book.topL3('ask', depth)
      const side = (levels: typeof bids, name: 'bid' | 'ask') =>
        levels.flatMap((l) =>
          l.orders.map((o) => {
            sub.orders.set(o.id, { side: name, price: l.price, qty: o.qty, seq: o.seq })
            return {
              order_id: o.id,
              limit_price: price(l.price, inst),
              order_qty: qty(o.qty, inst),
              timestamp: wireTime(o.time),
            }
          }),
        )
      this.send(
        conn,
        toJson({
          channel: 'level3',
          type: 'snapshot',
          data: [
            { symbol, bids: side(bids, 'bid'), asks: side(asks, 'ask'), checksum: l3Checksum(bids, asks) },
          ],
        }),
      )
    }
  }

  /** Send each level3 subscriber adds, modifies and deletes that bring its copy to the new top levels. */
  private publishL3(symbol: string): void {
    const inst = this.deps.instruments.get(symbol)!
    const book = this.engine.book(symbol)
    for (const conn of this.conns) {
      const sub = conn.l3.get(symbol)
      if (!sub) continue
      const bids = book.topL3('bid', sub.depth)
      const asks = book.topL3('ask', sub.depth)
      const out = { bid: [] as unknown[], ask: [] as unknown[] }
      const next = new Map<string, { side: 'bid' | 'ask'; price: number; qty: bigint; seq: number }>()
      for (const [name, levels] of [
        ['bid', bids],
        ['ask', asks],
      ] as const) {
        for (const l of levels)
          for (const o of l.orders) next.set(o.id, { side: name, price: l.price, qty: o.qty, seq: o.seq })
      }
      const entry = (event: string, id: string, p: number, q: bigint) => ({
        event,
        order_id: id,
        limit_price: price(p, inst),
        order_qty: qty(q, inst),
        timestamp: wireTime(),
      })
      // deletes first: orders gone from the book, or that lost their queue place (re-added at the back)
      for (const [id, was] of sub.orders) {
        const now = next.get(id)
        const inBook =
          this.engine.orders.get(id)?.status === 'open' && (this.engine.orders.get(id)?.visible ?? 0n) > 0n
        if (now ? now.seq !== was.seq || now.price !== was.price : !inBook)
          out[was.side].push(entry('delete', id, was.price, was.qty))
      }
      for (const [id, now] of next) {
        const was = sub.orders.get(id)
        if (!was || was.seq !== now.seq || was.price !== now.price)
          out[now.side].push(entry('add', id, now.price, now.qty))
        else if (was.qty !== now.qty) out[now.side].push(entry('modify', id, now.price, now.qty))
      }
      if (out.bid.length === 0 && out.ask.length === 0) continue
      sub.orders = next
      this.send(
        conn,
        toJson({
          channel: 'level3',
          type: 'update',
          data: [
            { symbol, bids: out.bid, asks: out.ask, checksum: l3Checksum(bids, asks), timestamp: wireTime() },
          ],
        }),
      )
    }
  }

  // ------------------------------------------------------------------ private data

  private executionsSnapshot(conn: Conn, account: string, withTrades: boolean): void {
    const data: unknown[] = []
    for (const o of this.engine.openOrders(account)) {
      // as Kraken: an open order is an order entry (exec_type new) whatever has filled; a part
      // fill shows in order_status partially_filled and cum_qty, never as a trade without a trade
      data.push(executionData('new', o, this.deps.instruments.get(o.symbol)!, undefined, { snapshot: true }))
    }
    if (withTrades) {
      const fills = this.engine.fillLog.of(account).slice(-50)
      for (const f of fills) {
        const o = this.engine.orders.get(f.orderId)
        if (o) data.push(executionData('trade', o, this.deps.instruments.get(o.symbol)!, f))
      }
    }
    this.send(conn, toJson({ channel: 'executions', type: 'snapshot', data, sequence: ++conn.executionSeq }))
  }

  private balancesSnapshot(conn: Conn, account: string): void {
    const data = this.engine.accounts.assets(account).map(([asset, amount]) => {
      const a = ASSET_BY_REST.get(asset)
      return {
        asset: a?.ws ?? asset,
        asset_class: 'currency',
        balance: assetAmount(amount, asset),
        wallets: [{ type: 'spot', id: 'main', balance: assetAmount(amount, asset) }],
      }
    })
    this.send(conn, toJson({ channel: 'balances', type: 'snapshot', data, sequence: 1 }))
  }

  private onEngineEvents(events: EngineEvent[]): void {
    const books = new Set<string>()
    const balances = new Map<string, Set<string>>()
    for (const e of events) {
      if (e.kind === 'book') books.add(e.symbol)
      else if (e.kind === 'balance') {
        const s = balances.get(e.account) ?? new Set()
        s.add(e.asset)
        balances.set(e.account, s)
      } else if (e.kind === 'order') {
        for (const c of this.conns) {
          if (!c.executions || c.account !== e.order.account) continue
          const data = executionData(e.exec, e.order, this.deps.instruments.get(e.order.symbol)!, e.fill)
          this.send(
            c,
            toJson({ channel: 'executions', type: 'update', data: [data], sequence: ++c.executionSeq }),
          )
        }
      }
    }
    for (const s of books) {
      this.publishBook(s)
      this.publishL3(s)
    }
    for (const [account, assets] of balances) {
      for (const c of this.conns) {
        if (!c.balances || c.account !== account) continue
        const data = [...assets].map((asset) => ({
          asset: ASSET_BY_REST.get(asset)?.ws ?? asset,
          asset_class: 'currency',
          balance: assetAmount(this.engine.accounts.balance(account, asset), asset),
          type: 'trade',
          category: 'trade',
          wallet_type: 'spot',
          wallet_id: 'main',
          timestamp: wireTime(),
        }))
        this.send(c, toJson({ channel: 'balances', type: 'update', data }))
      }
    }
  }

  // ------------------------------------------------------------------ trading

  private orderRequest(account: string, p: Json, inst: SimInstrument): NewOrder {
    const type = parseOrderType(p.order_type)
    const side = p.side
    if (side !== 'buy' && side !== 'sell') throw new KrakenError('EGeneral:Invalid arguments:side')
    const req: NewOrder = {
      account,
      symbol: inst.symbol,
      side,
      type,
      qty: parseQty(p.order_qty, inst, 'order_qty'),
      tif: parseTif(p.time_in_force),
      source: { protocol: 'ws' },
    }
    if (p.limit_price !== undefined) req.limitPrice = parsePrice(p.limit_price, inst, 'limit_price')
    const triggers = p.triggers as Json | undefined
    if (triggers && typeof triggers === 'object') {
      req.triggerPrice = parsePrice(triggers.price, inst, 'triggers.price')
      if (type === 'trailing-stop' && triggers.price_type !== 'quote') {
        throw new KrakenError(
          'EGeneral:Invalid arguments:triggers.price_type must be quote for trailing-stop',
        )
      }
    }
    if (p.display_qty !== undefined) req.displayQty = parseQty(p.display_qty, inst, 'display_qty')
    if (p.expire_time !== undefined) {
      const t = Date.parse(String(text(p.expire_time)))
      if (!Number.isFinite(t)) throw new KrakenError('EGeneral:Invalid arguments:expire_time')
      req.expireAt = t
    }
    if (p.post_only !== undefined) req.postOnly = parseBool(p.post_only)
    if (p.reduce_only !== undefined) req.reduceOnly = parseBool(p.reduce_only)
    const cl = parseClOrdId(p.cl_ord_id)
    if (cl !== undefined) req.clOrdId = cl
    const ur = parseUserref(p.order_userref)
    if (ur !== undefined) req.userref = ur
    const stp = parseStp(p.stp_type)
    if (stp !== undefined) req.stp = stp
    if (parseBool(p.validate)) req.validateOnly = true
    return req
  }

  private ref(p: Json): { orderId?: string; clOrdId?: string } {
    if (typeof p.order_id === 'string') return { orderId: p.order_id }
    if (typeof p.cl_ord_id === 'string') return { clOrdId: p.cl_ord_id }
    throw new KrakenError('EGeneral:Invalid arguments:order_id')
  }

  private age(o: SimOrder | undefined): number {
    return o ? Date.now() - o.lastChangedAt : Infinity
  }

  private trade(conn: Conn, r: Json, p: Json, account: string, timeIn: string): void {
    const ok = (result: unknown): void => this.reply(conn, r, timeIn, { success: true, result })
    const limits = this.deps.limits
    switch (r.method) {
      case 'add_order': {
        const inst = instrumentOrThrow(this.engine, text(p.symbol))
        // the fixed cost applies even when the order then fails validation
        limits.chargeTrading(account, inst.symbol, tradingCost.add())
        const o = this.engine.place(this.orderRequest(account, p, inst))
        ok({ order_id: o.id, cl_ord_id: o.clOrdId, order_userref: o.userref })
        return
      }
      case 'amend_order': {
        const ref = this.ref(p)
        const o = openOrderOrThrow(this.engine, account, ref)
        limits.chargeTrading(account, o.symbol, tradingCost.amend(this.age(o)))
        this.engine.amend(account, ref, parseAmendment(p, this.deps.instruments.get(o.symbol)!))
        ok({ amend_id: this.engine.newId('T'), order_id: ref.orderId, cl_ord_id: ref.clOrdId })
        return
      }
      case 'edit_order': {
        const ref = this.ref(p)
        const o = openOrderOrThrow(this.engine, account, ref)
        limits.chargeTrading(account, o.symbol, tradingCost.edit(this.age(o)))
        const { original, replacement } = this.engine.edit(
          account,
          ref,
          parseAmendment(p, this.deps.instruments.get(o.symbol)!),
        )
        ok({ order_id: replacement.id, original_order_id: original.id })
        return
      }
      case 'cancel_order': {
        const ids = Array.isArray(p.order_id)
          ? p.order_id
          : Array.isArray(p.cl_ord_id)
            ? p.cl_ord_id
            : Array.isArray(p.order_userref)
              ? p.order_userref
              : null
        if (!ids || ids.length === 0) throw new KrakenError('EGeneral:Invalid arguments:order_id')
        for (const id of ids) {
          const ref = Array.isArray(p.order_id)
            ? { orderId: String(id) }
            : Array.isArray(p.cl_ord_id)
              ? { clOrdId: String(id) }
              : { userref: Number(text(id)) }
          try {
            const targets = this.engine.find(account, ref).filter((o) => o.status === 'open')
            for (const t of targets) limits.chargeTrading(account, t.symbol, tradingCost.cancel(this.age(t)))
            const done = this.engine.cancel(account, ref)
            for (const o of done) ok({ order_id: o.id, cl_ord_id: o.clOrdId })
          } catch (e) {
            const msg =
              e instanceof KrakenError && e.krakenMessage === 'EOrder:Unknown order'
                ? 'EOrder:Invalid order'
                : (e as Error).message
            this.reply(conn, r, timeIn, { success: false, error: msg })
          }
        }
        return
      }
      case 'cancel_all': {
        const done = this.engine.cancelAll(account)
        ok({ count: done.length })
        return
      }
      case 'cancel_all_orders_after': {
        const timeout = Number(text(p.timeout))
        if (!Number.isInteger(timeout) || timeout < 0 || timeout >= 86400)
          throw new KrakenError('EGeneral:Invalid arguments:timeout')
        const r2 = this.engine.cancelAllAfter(account, timeout)
        ok({
          currentTime: new Date(r2.currentTime).toISOString(),
          triggerTime: r2.triggerTime ? new Date(r2.triggerTime).toISOString() : '0',
        })
        return
      }
      case 'batch_add': {
        const inst = instrumentOrThrow(this.engine, text(p.symbol))
        const orders = p.orders
        if (!Array.isArray(orders) || orders.length < 2 || orders.length > 15)
          throw new KrakenError('EGeneral:Invalid arguments:orders')
        limits.chargeTrading(account, inst.symbol, tradingCost.batchAdd(orders.length))
        const reqs = orders.map((o) =>
          this.orderRequest(account, { ...(o as Json), symbol: inst.symbol }, inst),
        )
        // The whole batch is refused if any order fails validation; funding is checked per order.
        for (const q of reqs) {
          try {
            this.engine.place({ ...q, validateOnly: true })
          } catch (e) {
            if (!(e instanceof KrakenError) || e.krakenMessage !== 'EOrder:Insufficient funds') throw e
          }
        }
        if (parseBool(p.validate)) {
          ok(reqs.map(() => ({ order_id: '' })))
          return
        }
        const results = reqs.map((q) => {
          try {
            const o = this.engine.place(q)
            return { order_id: o.id, cl_ord_id: o.clOrdId, order_userref: o.userref }
          } catch (e) {
            return { error: (e as Error).message }
          }
        })
        ok(results)
        return
      }
      case 'batch_cancel': {
        const ids = [
          ...(Array.isArray(p.orders) ? p.orders : []),
          ...(Array.isArray(p.cl_ord_id) ? p.cl_ord_id : []),
        ]
        if (ids.length < 2 || ids.length > 50) throw new KrakenError('EGeneral:Invalid arguments:orders')
        let count = 0
        for (const id of ids) {
          const ref =
            Array.isArray(p.cl_ord_id) && p.cl_ord_id.includes(id)
              ? { clOrdId: String(id) }
              : { orderId: String(id) }
          const targets = this.engine.find(account, ref).filter((o) => o.status === 'open')
          for (const t of targets)
            limits.chargeTrading(account, t.symbol, tradingCost.cancel(this.age(t)), true)
          if (targets.length) count += this.engine.cancel(account, ref).length
        }
        ok({ count })
        return
      }
    }
  }

  private heartbeats(): void {
    const now = Date.now()
    for (const c of this.conns) {
      if (c.subscribedAny && now - c.lastSentAt >= 1000) this.send(c, '{"channel":"heartbeat"}')
    }
  }
}

/**
 * Levels to send so that a client holding `before` ends with `after` once it truncates to depth:
 * changed or new levels, and deletes for levels that left the book (not for levels merely pushed
 * below the depth, which Kraken never deletes explicitly).
 */
function diff(
  before: Map<number, bigint>,
  after: [number, bigint][],
  inBook: (p: number) => boolean,
): [number, bigint][] {
  const out: [number, bigint][] = []
  const inAfter = new Set<number>()
  for (const [p, q] of after) {
    inAfter.add(p)
    if (before.get(p) !== q) out.push([p, q])
  }
  for (const p of before.keys()) {
    if (!inAfter.has(p) && !inBook(p)) out.push([p, 0n])
  }
  return out
}
