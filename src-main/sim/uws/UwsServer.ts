/**
 * The built-in exchange's Unified WebSocket (docs/kraken-derivatives.md §1.1, §3–§5, §11) on its
 * own port, paths `/v2/public` and `/v2/private`, as `uws.kraken.com`. Same v2 envelope as the
 * spot server (SimWsServer): status on connect, ping/pong, heartbeat, method replies with sorted
 * keys and req_id, the token from REST GetWebSocketsToken. It reuses the spot server's pieces
 * (its Conn/WsSession types, WsBookChannel with its checksums, wsv2Format) over the derivatives
 * engine; what is particular to UWS lives in UwsChannels and UwsTrading.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parse as parseLossless } from 'lossless-json'
import { WebSocketServer, type WebSocket } from 'ws'
import type { DerivativesMarket } from '../derivatives/DerivativesMarket'
import { PERPETUALS } from '../derivatives/perpetuals'
import { perpInstrument } from '../derivatives/perpInstruments'
import { KrakenError } from '../engine/types'
import { SimRateLimits } from '../limits/RateLimits'
import { MarketData } from '../market/MarketData'
import { text } from '../requests'
import { Raw, toJson, wireTime } from '../ws/wsv2Format'
import { WsRequestError, type Json, type WsSession } from '../ws/wsSession'
import { checkMethodParams } from './uwsSchema'
import { UwsChannels, type UConn } from './UwsChannels'
import { UWS_METHODS, UwsTrading } from './UwsTrading'

const MAX_REQUEST_BYTES = 64 * 1024

export class UwsServer {
  private readonly http: Server
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES })
  private readonly conns = new Set<UConn>()
  private readonly heartbeatTimer: NodeJS.Timeout
  private readonly channels: UwsChannels
  private readonly trading: UwsTrading

  constructor(
    private readonly market: DerivativesMarket,
    private readonly resolveToken: (token: string) => string | null,
  ) {
    const session: WsSession = {
      deps: {
        engine: market.engine,
        market: new MarketData(market.engine),
        limits: new SimRateLimits('intermediate'),
        instruments: new Map(PERPETUALS.map((p) => [p.symbol, perpInstrument(p, '0')])),
        resolveToken,
      },
      conns: this.conns,
      send: (conn, t) => this.send(conn as UConn, t),
      reply: (conn, req, timeIn, body) => this.reply(conn as UConn, req, timeIn, body),
      authenticate: (conn, params) => this.authenticate(conn as UConn, params),
    }
    this.channels = new UwsChannels(session, market)
    this.trading = new UwsTrading(session, market)
    this.http = createServer((_req, res) => {
      res.statusCode = 426
      res.end('Unified WebSocket: connect with a WebSocket client to /v2/public or /v2/private\n')
    })
    this.http.on('upgrade', (req, socket, head) => {
      const path = (req.url ?? '').split('?')[0]
      if (path !== '/v2/public' && path !== '/v2/private') return socket.destroy()
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, path === '/v2/private'))
    })
    this.heartbeatTimer = setInterval(() => this.heartbeats(), 1000)
    this.heartbeatTimer.unref()
  }

  /** Listen on 127.0.0.1:`port` (0 = any free port); resolves with the port. */
  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(port, '127.0.0.1', resolve)
    })
    return (this.http.address() as AddressInfo).port
  }

  get connectionCount(): number {
    return this.conns.size
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeatTimer)
    for (const c of this.conns) c.ws.terminate()
    this.wss.close()
    this.http.closeAllConnections()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }

  private onConnection(ws: WebSocket, isPrivate: boolean): void {
    const conn: UConn = {
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
      ledgerSeq: 0,
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

  private send(conn: UConn, t: string): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return
    conn.ws.send(t)
    conn.lastSentAt = Date.now()
  }

  /** Kraken's v2 reply envelope, keys in alphabetical order as Kraken writes them (SimWsServer) */
  private reply(conn: UConn, req: Json, timeIn: string, body: Json): void {
    const all: Json = { method: req.method, ...body, time_in: timeIn, time_out: wireTime() }
    const id = text(req.req_id)
    if (id !== undefined && /^\d+$/.test(id)) all.req_id = new Raw(id)
    const out: Json = {}
    for (const k of Object.keys(all).sort()) out[k] = all[k]
    this.send(conn, toJson(out))
  }

  private authenticate(conn: UConn, params: Json): string {
    if (!conn.isPrivate) throw new WsRequestError('EAPI:Invalid token')
    const token = text(params.token)
    const account = token ? this.resolveToken(token) : null
    if (!account) throw new WsRequestError('EAPI:Invalid token')
    conn.account = account
    return account
  }

  private onMessage(conn: UConn, data: Buffer, isBinary: boolean): void {
    const timeIn = wireTime()
    let req: unknown = null
    try {
      // numbers stay exact (LosslessNumber) and apart from strings: a quoted number is refused
      if (!isBinary) req = parseLossless(data.toString('utf8'))
    } catch {
      req = null
    }
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      const error = 'EGeneral:Invalid arguments'
      this.send(conn, toJson({ error, success: false, time_in: timeIn, time_out: wireTime() }))
      return
    }
    const r = req as Json
    try {
      this.dispatch(conn, r, timeIn)
    } catch (e) {
      const known = e instanceof KrakenError || e instanceof WsRequestError
      this.reply(conn, r, timeIn, { success: false, error: known ? e.message : 'EGeneral:Internal error' })
    }
  }

  private dispatch(conn: UConn, r: Json, timeIn: string): void {
    const params = (typeof r.params === 'object' && r.params !== null ? r.params : {}) as Json
    if (r.method === 'ping') return this.reply(conn, { ...r, method: 'pong' }, timeIn, {})
    if (r.method === 'subscribe') return this.channels.subscribe(conn, r, params, timeIn)
    if (r.method === 'unsubscribe') return this.channels.unsubscribe(conn, r, params, timeIn)
    if (typeof r.method === 'string' && UWS_METHODS.includes(r.method)) {
      checkMethodParams(r.method, params)
      const account = this.authenticate(conn, params)
      return this.trading.handle(conn, r, params, account, timeIn)
    }
    throw new WsRequestError('Method not found')
  }

  private heartbeats(): void {
    const now = Date.now()
    this.channels.publishPrices()
    for (const c of this.conns)
      if (c.subscribedAny && now - c.lastSentAt >= 1000) this.send(c, '{"channel":"heartbeat"}')
  }
}
