/**
 * The connection loop both of the built-in exchange's v2 WebSocket servers run — spot WS v2
 * (SimWsServer) and the Unified WS (UwsServer), which shares its message format (§1.1 of
 * docs/kraken-derivatives.md): accept the upgrade, keep each connection's state, the status
 * frame on connect and on a change of the engine state, parse frames with exact numbers, answer
 * `ping`, hand every other method to the server's `dispatch`, reply in Kraken's envelope (refusals
 * in words), check the token, send a heartbeat to a subscribed connection quiet for a second, and
 * the delay/reorder fault knob. It is the WsSession the channel handlers see.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { parse as parseLossless } from 'lossless-json'
import { WebSocketServer, type WebSocket } from 'ws'
import { KrakenError } from '../engine/types'
import { text } from '../requests'
import { Raw, toJson, wireTime } from './wsv2Format'
import { WsRequestError, type Conn, type Json, type SimWsDeps, type WsSession } from './wsSession'

/** Kraken closes connections sending frames this large; we do not parse them. */
const MAX_REQUEST_BYTES = 64 * 1024

/** A fresh connection's state. */
export function newConn(ws: WebSocket, isPrivate: boolean): Conn {
  return {
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
}

export interface WsServerHooks<C extends Conn> {
  /** a new connection's state (a server may add its own fields to `newConn`'s) */
  connection(ws: WebSocket, isPrivate: boolean): C
  /** any method but `ping`, with its params object ({} when absent); a throw is the reply's error */
  dispatch(conn: C, req: Json, params: Json, timeIn: string): void
  /** once a second, before the heartbeats (periodic publishing) */
  tick?(): void
}

export class WsConnectionLoop<C extends Conn> implements WsSession {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES })
  readonly conns = new Set<C>()
  private delay = { ms: 0, reorder: false }
  private systemState = 'online'
  private readonly heartbeatTimer: NodeJS.Timeout
  /** each connection's socket, as the upgrade handed it to `ws` */
  private readonly sockets = new WeakMap<Conn, Duplex>()

  constructor(
    readonly deps: SimWsDeps,
    private readonly hooks: WsServerHooks<C>,
  ) {
    this.heartbeatTimer = setInterval(() => this.heartbeats(), 1000)
    this.heartbeatTimer.unref()
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, isPrivate: boolean): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, socket, isPrivate))
  }

  close(): void {
    clearInterval(this.heartbeatTimer)
    this.dropAll()
    this.wss.close()
  }

  /** drop every client connection abruptly (no close frame), as a network cut would */
  dropAll(): void {
    for (const c of this.conns) c.ws.terminate()
  }

  /** delay outgoing messages by up to `ms`; with `reorder` each by a random share, so they may overtake */
  delayMessages(ms: number, reorder: boolean): void {
    this.delay = { ms, reorder }
  }

  /** Kraken's engine state (online, maintenance, cancel_only, post_only) */
  get system(): string {
    return this.systemState
  }

  /** A new engine state, said on the status channel to every connection now and to each new one. */
  setSystem(system: string): void {
    this.systemState = system
    for (const c of this.conns) this.sendStatus(c)
  }

  private onConnection(ws: WebSocket, socket: Duplex, isPrivate: boolean): void {
    const conn = this.hooks.connection(ws, isPrivate)
    this.conns.add(conn)
    this.sockets.set(conn, socket)
    ws.on('close', () => this.conns.delete(conn))
    ws.on('error', () => this.conns.delete(conn))
    ws.on('message', (data, isBinary) => this.onMessage(conn, data as Buffer, isBinary))
    this.sendStatus(conn)
  }

  send(conn: Conn, t: string): void {
    const deliver = (): void => {
      if (conn.ws.readyState !== conn.ws.OPEN) return
      if (!conn.isPrivate) this.holdTurn(conn)
      conn.ws.send(t)
      conn.lastSentAt = Date.now()
    }
    if (this.delay.ms > 0)
      setTimeout(deliver, this.delay.reorder ? Math.random() * this.delay.ms : this.delay.ms)
    else deliver()
  }

  /**
   * The market data one turn of the event loop sends a public connection leaves in one socket
   * write: the synthetic market publishes several book updates and trades per turn, and at 5,000
   * book events a second a write per frame cost the exchange more than half its time in the kernel
   * (`writev`, profiled) on the cores the app shares with it. The socket is corked until the turn
   * ends (`ws` corks each frame's header and payload itself; nested corks flush at the outermost).
   * A private connection's frames (order replies, executions, balances) are written as they are
   * sent, as before: what the app hears first of an order, a REST reply or its WS execution, stays
   * as it was.
   */
  private holdTurn(conn: Conn): void {
    const socket = this.sockets.get(conn)
    // corked already: this turn's hold (ws's own per-frame cork is undone before send returns)
    if (!socket || socket.writableCorked > 0) return
    socket.cork()
    process.nextTick(() => socket.uncork())
  }

  reply(conn: Conn, req: Json, timeIn: string, body: Json): void {
    const all: Json = { method: req.method, ...body, time_in: timeIn, time_out: wireTime() }
    const id = text(req.req_id)
    if (id !== undefined && /^\d+$/.test(id)) all.req_id = new Raw(id)
    // Kraken writes a method reply's keys in alphabetical order (recorded:
    // {"error":…,"method":…,"req_id":…,"success":false,"time_in":…,"time_out":…})
    const out: Json = {}
    for (const k of Object.keys(all).sort()) out[k] = all[k]
    this.send(conn, toJson(out))
  }

  authenticate(conn: Conn, params: Json): string {
    if (!conn.isPrivate) throw new WsRequestError('EAPI:Invalid token')
    const token = text(params.token)
    const account = token ? this.deps.resolveToken(token) : null
    if (!account) throw new WsRequestError('EAPI:Invalid token')
    conn.account = account
    return account
  }

  private onMessage(conn: C, data: Buffer, isBinary: boolean): void {
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
      const error = 'EGeneral:Invalid arguments'
      this.send(conn, toJson({ error, success: false, time_in: timeIn, time_out: wireTime() }))
      return
    }
    const r = req as Json
    try {
      const params = (typeof r.params === 'object' && r.params !== null ? r.params : {}) as Json
      if (r.method === 'ping') this.reply(conn, { ...r, method: 'pong' }, timeIn, {})
      else this.hooks.dispatch(conn, r, params, timeIn)
    } catch (e) {
      const known = e instanceof KrakenError || e instanceof WsRequestError
      this.reply(conn, r, timeIn, { success: false, error: known ? e.message : 'EGeneral:Internal error' })
    }
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
            system: this.systemState,
            version: '2.0.10',
          },
        ],
      }),
    )
  }

  private heartbeats(): void {
    this.hooks.tick?.()
    const now = Date.now()
    for (const c of this.conns)
      if (c.subscribedAny && now - c.lastSentAt >= 1000) this.send(c, '{"channel":"heartbeat"}')
  }
}
