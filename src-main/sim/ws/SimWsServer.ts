/**
 * Kraken WS v2 endpoints of the built-in exchange: the connection loop (WsConnectionLoop: upgrade,
 * connection state, exact-number parsing, reply envelope, token check, heartbeats, delay fault),
 * dispatch by method and channel to the channel handlers (public channels, book, level3, private
 * feeds, trading), engine/market events to them, and the fault knobs.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { KrakenError, type EngineEvent } from '../engine/types'
import { WsBookChannel } from './WsBookChannel'
import { newConn, WsConnectionLoop } from './WsConnectionLoop'
import { WsLevel3Channel } from './WsLevel3Channel'
import { WsPrivateFeeds } from './WsPrivateFeeds'
import { WsPublicChannels } from './WsPublicChannels'
import { TRADING_METHODS, WsTrading } from './WsTrading'
import { checkTradingParams } from './wsv2Schema'
import { engineRefusal } from './engineStatus'
import { WsRequestError, type Conn, type Json, type SimWsDeps } from './wsSession'

export type { SimWsDeps } from './wsSession'

/**
 * Public: status, heartbeat, ping, instrument, book (snapshot + updates with CRC32), ticker,
 * trade, ohlc. Private (token): executions, balances, level3 and the trading methods. Fault knobs
 * corrupt checksums, drop connections, and delay or reorder outgoing messages (real WS is
 * load-balanced and may reorder).
 */
export class SimWsServer {
  private readonly loop: WsConnectionLoop<Conn>
  private readonly book: WsBookChannel
  private readonly publicChannels: WsPublicChannels
  private readonly level3: WsLevel3Channel
  private readonly privateFeeds: WsPrivateFeeds
  private readonly trading: WsTrading

  constructor(deps: SimWsDeps) {
    const session = (this.loop = new WsConnectionLoop(deps, {
      connection: newConn,
      dispatch: (conn, r, params, timeIn) => this.dispatch(conn, r, params, timeIn),
    }))
    this.book = new WsBookChannel(session)
    this.publicChannels = new WsPublicChannels(session, this.book)
    this.level3 = new WsLevel3Channel(session)
    this.privateFeeds = new WsPrivateFeeds(session)
    this.trading = new WsTrading(session)
    deps.engine.onEvents((ev) => this.onEngineEvents(ev))
    deps.market.onTrade((symbol, t, candles) => this.publicChannels.publishTrade(symbol, t, candles))
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, isPrivate: boolean): void {
    this.loop.handleUpgrade(req, socket, head, isPrivate)
  }

  get connectionCount(): number {
    return this.loop.conns.size
  }

  readonly faults = {
    corruptNextChecksums: (n = 1): void => {
      this.book.corruptNextChecksums(n)
    },
    /** drop every client connection abruptly (no close frame), as a network cut would */
    dropAllConnections: (): void => this.loop.dropAll(),
    /** delay outgoing messages by up to `ms`; with `reorder` each by a random share, so they may overtake */
    delayMessages: (ms: number, reorder = false): void => this.loop.delayMessages(ms, reorder),
    /**
     * Kraken's engine state (online, maintenance, cancel_only, post_only): said on the status
     * channel to every connection now and to each new one, and enforced on WS trading requests.
     */
    systemStatus: (system: string): void => this.loop.setSystem(system),
  }

  close(): void {
    this.loop.close()
  }

  private dispatch(conn: Conn, r: Json, params: Json, timeIn: string): void {
    if (r.method === 'subscribe') return this.subscribe(conn, r, params, timeIn)
    if (r.method === 'unsubscribe') return this.unsubscribe(conn, r, params, timeIn)
    if (typeof r.method === 'string' && TRADING_METHODS.includes(r.method)) {
      checkTradingParams(r.method, params)
      const account = this.loop.authenticate(conn, params)
      const refused = engineRefusal(this.loop.system, String(r.method), params)
      if (refused) throw new KrakenError(refused)
      return this.trading.handle(conn, r, params, account, timeIn)
    }
    throw new WsRequestError('Method not found')
  }

  private subscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const channel = params.channel
    if (channel === 'instrument') return this.publicChannels.subscribeInstrument(conn, req, params, timeIn)
    if (channel === 'executions' || channel === 'balances') {
      const account = this.loop.authenticate(conn, params)
      return this.privateFeeds.subscribe(conn, req, params, timeIn, account)
    }
    if (channel === 'level3') {
      this.loop.authenticate(conn, params)
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
}
