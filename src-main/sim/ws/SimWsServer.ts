/**
 * Kraken WS v2 endpoints of the built-in exchange — the connection and session layer: the
 * upgrade, connection state, frame parsing (exact numbers), the method reply envelope, the token
 * check, heartbeats, fault knobs, and dispatch by method and channel to the channel handlers
 * (public channels, book, level3, private feeds, trading) and of engine/market events to them.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { parse as parseLossless } from 'lossless-json'
import { WebSocketServer, type WebSocket } from 'ws'
import { KrakenError, type EngineEvent } from '../engine/types'
import { text } from '../requests'
import { WsBookChannel } from './WsBookChannel'
import { WsLevel3Channel } from './WsLevel3Channel'
import { WsPrivateFeeds } from './WsPrivateFeeds'
import { WsPublicChannels } from './WsPublicChannels'
import { TRADING_METHODS, WsTrading } from './WsTrading'
import { Raw, toJson, wireTime } from './wsv2Format'
import { checkTradingParams } from './wsv2Schema'
import { engineRefusal } from './engineStatus'
import { WsRequestError, type Conn, type Json, type SimWsDeps, type WsSession } from './wsSession'

export type { SimWsDeps } from './wsSession'

/** Kraken closes connections sending frames this large; we do not parse them. */
const MAX_REQUEST_BYTES = 64 * 1024

/**
 * Public: status, heartbeat, ping, instrument, book (snapshot + updates with CRC32), ticker,
 * trade, ohlc. Private (token): executions, balances, level3 and the trading methods. Fault knobs
 * corrupt checksums, drop connections, and delay or reorder outgoing messages (real WS is
 * load-balanced and may reorder).
 */
export class SimWsServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES })
  private readonly conns = new Set<Conn>()
  private delay = { ms: 0, reorder: false }
  private readonly heartbeatTimer: NodeJS.Timeout
  private readonly book: WsBookChannel
  private readonly publicChannels: WsPublicChannels
  private readonly level3: WsLevel3Channel
  private readonly privateFeeds: WsPrivateFeeds
  private readonly trading: WsTrading

  constructor(private readonly deps: SimWsDeps) {
    const session: WsSession = {
      deps,
      conns: this.conns,
      send: (conn, text) => this.send(conn, text),
      reply: (conn, req, timeIn, body) => this.reply(conn, req, timeIn, body),
      authenticate: (conn, params) => this.authenticate(conn, params),
    }
    this.book = new WsBookChannel(session)
    this.publicChannels = new WsPublicChannels(session, this.book)
    this.level3 = new WsLevel3Channel(session)
    this.privateFeeds = new WsPrivateFeeds(session)
    this.trading = new WsTrading(session)
    this.heartbeatTimer = setInterval(() => this.heartbeats(), 1000)
    this.heartbeatTimer.unref()
    deps.engine.onEvents((ev) => this.onEngineEvents(ev))
    deps.market.onTrade((symbol, t, candles) => this.publicChannels.publishTrade(symbol, t, candles))
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, isPrivate: boolean): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, isPrivate))
  }

  get connectionCount(): number {
    return this.conns.size
  }

  readonly faults = {
    corruptNextChecksums: (n = 1): void => {
      this.book.corruptNextChecksums(n)
    },
    /** drop every client connection abruptly (no close frame), as a network cut would */
    dropAllConnections: (): void => {
      for (const c of this.conns) c.ws.terminate()
    },
    /** delay outgoing messages by up to `ms`; with `reorder` each by a random share, so they may overtake */
    delayMessages: (ms: number, reorder = false): void => {
      this.delay = { ms, reorder }
    },
    /**
     * Kraken's engine state (online, maintenance, cancel_only, post_only): said on the status
     * channel to every connection now and to each new one, and enforced on WS trading requests.
     */
    systemStatus: (system: string): void => {
      this.system = system
      for (const c of this.conns) this.sendStatus(c)
    },
  }
  private system = 'online'

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
    this.sendStatus(conn)
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
    if (typeof r.method === 'string' && TRADING_METHODS.includes(r.method)) {
      checkTradingParams(r.method, params)
      const account = this.authenticate(conn, params)
      const refused = engineRefusal(this.system, String(r.method), params)
      if (refused) throw new KrakenError(refused)
      this.trading.handle(conn, r, params, account, timeIn)
      return
    }
    throw new WsRequestError('Method not found')
  }

  /** The status channel's frame: sent on connect and on every change of the engine state. */
  private sendStatus(conn: Conn): void {
    this.send(
      conn,
      toJson({
        channel: 'status',
        type: 'update',
        data: [
          {
            api_version: 'v2',
            connection_id: new Raw(String(Math.floor(Math.random() * 2 ** 53))),
            system: this.system,
            version: '2.0.10',
          },
        ],
      }),
    )
  }

  private authenticate(conn: Conn, params: Json): string {
    if (!conn.isPrivate) throw new WsRequestError('EAPI:Invalid token')
    const token = text(params.token)
    const account = token ? this.deps.resolveToken(token) : null
    if (!account) throw new WsRequestError('EAPI:Invalid token')
    conn.account = account
    return account
  }

  private subscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const channel = params.channel
    if (channel === 'instrument') return this.publicChannels.subscribeInstrument(conn, req, params, timeIn)
    if (channel === 'executions' || channel === 'balances') {
      const account = this.authenticate(conn, params)
      return this.privateFeeds.subscribe(conn, req, params, timeIn, account)
    }
    if (channel === 'level3') {
      this.authenticate(conn, params)
      return this.level3.subscribe(conn, req, params, timeIn)
    }
    this.publicChannels.subscribe(conn, req, params, timeIn)
  }

  private unsubscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const channel = String(params.channel)
    if (channel === 'level3') return this.level3.unsubscribe(conn, req, params, timeIn)
    if (channel === 'executions' || channel === 'balances')
      return this.privateFeeds.unsubscribe(conn, req, channel, timeIn)
    this.publicChannels.unsubscribe(conn, req, params, timeIn)
  }

  /**
   * One engine call's events, in this order: executions updates as they happened, then one book
   * and one level3 update per book moved, then one balances update per account moved.
   */
  private onEngineEvents(events: EngineEvent[]): void {
    const books = new Set<string>()
    const balances = new Map<string, Set<string>>()
    for (const e of events) {
      if (e.kind === 'book') books.add(e.symbol)
      else if (e.kind === 'balance') {
        const s = balances.get(e.account) ?? new Set()
        s.add(e.asset)
        balances.set(e.account, s)
      } else if (e.kind === 'order') this.privateFeeds.publishExecution(e)
    }
    for (const s of books) {
      this.book.publish(s)
      this.level3.publish(s)
    }
    this.privateFeeds.publishBalances(balances)
  }

  private heartbeats(): void {
    const now = Date.now()
    for (const c of this.conns) {
      if (c.subscribedAny && now - c.lastSentAt >= 1000) this.send(c, '{"channel":"heartbeat"}')
    }
  }
}
