/**
 * The built-in exchange's Unified WebSocket (docs/kraken-derivatives.md §1.1, §3–§5, §11) on its
 * own port, paths `/v2/public` and `/v2/private`, as `uws.kraken.com`. It runs the spot server's
 * connection loop (WsConnectionLoop: status on connect, ping/pong, heartbeat, method replies with
 * sorted keys and req_id, the token from REST GetWebSocketsToken) and reuses its pieces
 * (WsBookChannel with its checksums, wsv2Format) over the derivatives engine; what is particular
 * to UWS lives in UwsChannels, UwsOhlc and UwsTrading.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DerivativesMarket } from '../derivatives/DerivativesMarket'
import { PERPETUALS } from '../derivatives/perpetuals'
import { perpInstrument } from '../derivatives/perpInstruments'
import { SimRateLimits } from '../limits/RateLimits'
import { MarketData } from '../market/MarketData'
import { newConn, WsConnectionLoop } from '../ws/WsConnectionLoop'
import { WsRequestError, type Json } from '../ws/wsSession'
import { checkMethodParams } from './uwsSchema'
import { UwsChannels, type UConn } from './UwsChannels'
import { UWS_METHODS, UwsTrading } from './UwsTrading'

export class UwsServer {
  private readonly http: Server
  private readonly loop: WsConnectionLoop<UConn>
  private readonly channels: UwsChannels
  private readonly trading: UwsTrading

  constructor(market: DerivativesMarket, resolveToken: (token: string) => string | null) {
    const deps = {
      engine: market.engine,
      market: new MarketData(market.engine),
      limits: new SimRateLimits('intermediate'),
      instruments: new Map(PERPETUALS.map((p) => [p.symbol, perpInstrument(p, '0')])),
      resolveToken,
    }
    const session = (this.loop = new WsConnectionLoop<UConn>(deps, {
      connection: (ws, isPrivate) => ({ ...newConn(ws, isPrivate), ledgerSeq: 0 }),
      dispatch: (conn, r, params, timeIn) => this.dispatch(conn, r, params, timeIn),
      tick: () => this.channels.publishPrices(),
    }))
    this.channels = new UwsChannels(session, market)
    this.trading = new UwsTrading(session, market)
    this.http = createServer((_req, res) => {
      res.statusCode = 426
      res.end('Unified WebSocket: connect with a WebSocket client to /v2/public or /v2/private\n')
    })
    this.http.on('upgrade', (req, socket, head) => {
      const path = (req.url ?? '').split('?')[0]
      if (path !== '/v2/public' && path !== '/v2/private') return socket.destroy()
      this.loop.handleUpgrade(req, socket, head, path === '/v2/private')
    })
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
    return this.loop.conns.size
  }

  /** drop every connection abruptly (no close frame), as a network cut would */
  dropConnections(): void {
    this.loop.dropAll()
  }

  async close(): Promise<void> {
    this.loop.close()
    this.http.closeAllConnections()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }

  private dispatch(conn: UConn, r: Json, params: Json, timeIn: string): void {
    if (r.method === 'subscribe') return this.channels.subscribe(conn, r, params, timeIn)
    if (r.method === 'unsubscribe') return this.channels.unsubscribe(conn, r, params, timeIn)
    if (typeof r.method === 'string' && UWS_METHODS.includes(r.method)) {
      checkMethodParams(r.method, params)
      const account = this.loop.authenticate(conn, params)
      return this.trading.handle(conn, r, params, account, timeIn)
    }
    throw new WsRequestError('Method not found')
  }
}
