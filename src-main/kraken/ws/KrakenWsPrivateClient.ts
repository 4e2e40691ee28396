import WebSocket from 'ws'
import type { LinkState } from '../../../src-domain/links'
import { reconnectDelayMs } from './backoff'
import { type FrameObserver, receiveNs } from './KrakenWsPublicConnection'
import { parseLossless } from './losslessJson'
import { frameText } from './wsv2Requests'
import { isObj } from './wsv2Messages'

type Json = Record<string, unknown>

export class WsRequestError extends Error {
  override readonly name = 'WsRequestError'
  constructor(
    readonly method: string,
    readonly krakenError: string,
  ) {
    super(`${method}: ${krakenError}`)
  }
}

export interface KrakenWsPrivateOptions {
  url: string
  /** a fresh token per connection (REST GetWebSocketsToken) */
  getToken: () => Promise<string>
  /** every executions entry, snapshot entries flagged */
  onExecution: (entry: Json, snapshot: boolean) => void
  /** a whole executions snapshot, after its entries went to onExecution (what is open now) */
  onExecutionsSnapshot?: (entries: Json[]) => void
  onBalance?: (entries: Json[], snapshot: boolean) => void
  onState?: (state: LinkState, detail: string) => void
  /** connected and subscribed again after a drop: time to reconcile what was missed */
  onResubscribed?: (reconnect: boolean) => void
  log?: (line: string) => void
  /** called right after a request's bytes were handed to the socket (latency probes) */
  onSent?: (method: string, params: Json) => void
  requestTimeoutMs?: number
  random?: () => number
  /**
   * 'level3': this connection is to the level3 endpoint (Kraken serves it apart, ws-l3) and
   * carries only the order-by-order books asked for with watchLevel3.
   */
  mode?: 'trading' | 'level3'
  onLevel3?: (type: 'snapshot' | 'update', entry: Json) => void
  /** Kraken's trading engine state changed (the `status` channel: online, maintenance, cancel_only, post_only) */
  onSystemStatus?: (system: string, before: string | undefined) => void
  /**
   * The subscribe params sent, in order, on every (re)connect of a trading connection (token added).
   * Default: spot's executions (orders, trades, rate counter) and balances. The Unified WS sends
   * its own list (executions with asset_class, positions, margin, ledgers, preferences).
   */
  subscriptions?: Json[]
  /** a frame of a subscribed channel this client does not read itself (positions, margin, …) */
  onChannel?: (msg: Json) => void
  /**
   * Channels whose refused subscribe does not cut the connection (the venue may refuse one for a
   * while, e.g. UWS preferences: "Preferences are not available yet, try again later"); the
   * refusal goes to onSubscribeRefused and the rest of the link comes up.
   */
  optionalChannels?: ReadonlySet<string>
  onSubscribeRefused?: (params: Json, error: Error) => void
}

const SPOT_SUBSCRIPTIONS: Json[] = [
  { channel: 'executions', snap_orders: true, snap_trades: true, ratecounter: true },
  { channel: 'balances' },
]

/** "executions and balances", "executions, positions and margin" */
function namesInWords(subs: Json[]): string {
  const names = subs.map((s) => String(s.channel))
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

interface Pending {
  method: string
  resolve: (r: Json) => void
  reject: (e: Error) => void
  timer: NodeJS.Timeout
}

/**
 * Kraken WS v2 private endpoint: executions and balances (or the channel list it is given: the
 * Unified WS account, kraken/uws/KrakenUwsAccount, reuses this client), and the trading methods. Method
 * responses are acks (correlated by req_id); the executions stream is the source of truth.
 * A request whose answer is lost in a drop is failed with "outcome unknown" so the caller
 * reconciles rather than resends.
 */
export class KrakenWsPrivateClient {
  private ws: WebSocket | null = null
  private token: string | null = null
  private stopped = true
  private attempt = 0
  private reqId = 1
  private everConnected = false
  private readonly pending = new Map<number, Pending>()
  /** level3 symbols wanted, re-subscribed after every reconnect */
  private readonly l3 = new Set<string>()
  state: LinkState = 'offline'
  reconnects = 0
  /** when anything (data, heartbeat, ack) last arrived, ms since epoch; 0 = never */
  lastHeardAt = 0
  latencyMs: number | null = null
  /**
   * Every text frame as received (the recorder taps the level3 link here); null when nobody
   * records, and then a frame pays one null check.
   */
  frameObserver: FrameObserver | null = null
  /** trading counter Kraken reports (executions ratecounter) */
  maxRateCount: number | null = null
  /**
   * Kraken's trading engine state as this connection last heard it (the `status` channel, sent on
   * every connect and on every change); undefined until then.
   */
  systemStatus: string | undefined = undefined

  constructor(private readonly opts: KrakenWsPrivateOptions) {}

  private setState(state: LinkState, detail: string): void {
    this.state = state
    this.opts.onState?.(state, detail)
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    void this.connect()
  }

  stop(): void {
    this.stopped = true
    this.ws?.terminate()
    this.ws = null
    this.failPending('connection closed')
    this.setState('offline', 'Stopped')
  }

  /** For tests and the kill switch: cut the socket now, as a network failure would. */
  dropConnection(): void {
    this.ws?.terminate()
  }

  private async connect(): Promise<void> {
    this.setState(this.everConnected ? 'reconnecting' : 'connecting', `Connecting to ${this.opts.url}`)
    try {
      this.token = await this.opts.getToken()
    } catch (e) {
      this.opts.log?.(`ws private: no token: ${(e as Error).message}`)
      return this.scheduleReconnect(`Could not get a WebSocket token: ${(e as Error).message}`)
    }
    // no permessage-deflate (ws offers it by default): with it negotiated, an order frame can wait
    // for zlib behind a message being compressed, and every execution for zlib to inflate it;
    // and the session token rides in every request, which compression would mix with the rest
    const ws = new WebSocket(this.opts.url, { handshakeTimeout: 10_000, perMessageDeflate: false })
    this.ws = ws
    ws.on('open', () => {
      this.attempt = 0
      void this.subscribe()
    })
    ws.on('message', (d: Buffer) => {
      this.lastHeardAt = Date.now()
      const text = d.toString('utf8')
      const tap = this.frameObserver
      if (tap !== null) tap(text, receiveNs())
      this.onFrame(text)
    })
    ws.on('close', () => {
      if (this.ws !== ws) return
      this.ws = null
      this.failPending('connection lost before Kraken answered: outcome unknown, reconciling')
      if (!this.stopped) this.scheduleReconnect('Connection lost')
    })
    ws.on('error', (e) => this.opts.log?.(`ws private: ${e.message}`))
  }

  private scheduleReconnect(why: string): void {
    if (this.stopped) return
    const delay = reconnectDelayMs(this.attempt++, this.opts.random ?? Math.random)
    this.reconnects++
    this.setState('reconnecting', `${why}; reconnecting in ${(delay / 1000).toFixed(1)} s`)
    setTimeout(() => void this.connect(), delay)
  }

  /** Order-by-order book for a symbol (level3 mode), kept across reconnects. */
  async watchLevel3(symbol: string, depth = 10): Promise<void> {
    if (this.l3.has(symbol)) return
    this.l3.add(symbol)
    if (this.state === 'online')
      await this.request('subscribe', { channel: 'level3', symbol: [symbol], depth })
  }

  /** Drop a level3 book and take a fresh snapshot (after a checksum mismatch). */
  async resyncLevel3(symbol: string, depth = 10): Promise<void> {
    if (this.state !== 'online') return
    await this.request('unsubscribe', { channel: 'level3', symbol: [symbol] }).catch(() => undefined)
    await this.request('subscribe', { channel: 'level3', symbol: [symbol], depth })
  }

  async unwatchLevel3(symbol: string): Promise<void> {
    if (!this.l3.delete(symbol) || this.state !== 'online') return
    await this.request('unsubscribe', { channel: 'level3', symbol: [symbol] })
  }

  private async subscribe(): Promise<void> {
    if (this.opts.mode === 'level3') {
      try {
        for (const symbol of this.l3)
          await this.request('subscribe', { channel: 'level3', symbol: [symbol], depth: 10 })
        this.setState('online', `Level3 books: ${[...this.l3].join(', ') || 'none yet'}`)
      } catch (e) {
        this.opts.log?.(`ws level3: subscribe failed: ${(e as Error).message}`)
        this.ws?.terminate()
      }
      return
    }
    try {
      const subs = this.opts.subscriptions ?? SPOT_SUBSCRIPTIONS
      for (const params of subs) {
        let ack: Json
        try {
          ack = await this.request('subscribe', params)
        } catch (e) {
          if (!this.opts.optionalChannels?.has(String(params.channel))) throw e
          this.opts.onSubscribeRefused?.(params, e as Error)
          continue
        }
        const result = (ack.result ?? {}) as Json
        if (params.channel === 'executions' && result.maxratecount !== undefined)
          this.maxRateCount = Number(result.maxratecount)
      }
      const reconnect = this.everConnected
      this.everConnected = true
      this.setState('online', `Subscribed to ${namesInWords(this.opts.subscriptions ?? SPOT_SUBSCRIPTIONS)}`)
      this.opts.onResubscribed?.(reconnect)
    } catch (e) {
      this.opts.log?.(`ws private: subscribe failed: ${(e as Error).message}`)
      this.ws?.terminate()
    }
  }

  private failPending(why: string): void {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(new WsRequestError(p.method, why))
    }
    this.pending.clear()
  }

  /** Send a method with the token; resolves with the full response, rejects with Kraken's error. */
  request(method: string, params: Json = {}): Promise<Json> {
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN || !this.token) {
      return Promise.reject(new WsRequestError(method, 'WebSocket is not connected'))
    }
    const id = this.reqId++
    let text: string
    try {
      // prices and quantities are WireNumbers: written as exact number tokens, as Kraken types them
      text = frameText(method, { ...params, token: this.token }, id)
    } catch (e) {
      return Promise.reject(new WsRequestError(method, (e as Error).message))
    }
    return new Promise<Json>((resolve, reject) => {
      // the bytes first (issue 20: an order waits for nothing it does not need); no answer can
      // be read before this turn ends, so its timer and entry are in place in time. Handed over as
      // bytes, still a text frame: ws then masks them into its header's buffer and makes one
      // write, where a string costs a second buffer, cork, two writes and uncork
      ws.send(Buffer.from(text), { binary: false })
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(
          new WsRequestError(
            method,
            `no answer within ${this.opts.requestTimeoutMs ?? 5000} ms: outcome unknown`,
          ),
        )
      }, this.opts.requestTimeoutMs ?? 5000)
      this.pending.set(id, { method, resolve, reject, timer })
      this.opts.onSent?.(method, params)
    })
  }

  private onFrame(text: string): void {
    let msg: unknown
    try {
      msg = parseLossless(text)
    } catch {
      this.opts.log?.(`ws private: malformed frame: ${text.slice(0, 120)}`)
      return
    }
    if (!isObj(msg)) return
    if (msg.channel === 'executions' && Array.isArray(msg.data)) {
      for (const entry of msg.data) if (isObj(entry)) this.opts.onExecution(entry, msg.type === 'snapshot')
      if (msg.type === 'snapshot') this.opts.onExecutionsSnapshot?.(msg.data.filter(isObj))
      return
    }
    if (
      msg.channel === 'level3' &&
      Array.isArray(msg.data) &&
      (msg.type === 'snapshot' || msg.type === 'update')
    ) {
      for (const entry of msg.data) if (isObj(entry)) this.opts.onLevel3?.(msg.type, entry)
      return
    }
    if (msg.channel === 'balances' && Array.isArray(msg.data)) {
      this.opts.onBalance?.(msg.data.filter(isObj), msg.type === 'snapshot')
      return
    }
    if (msg.channel === 'status' && Array.isArray(msg.data)) {
      const d: unknown = msg.data[0]
      if (isObj(d) && typeof d.system === 'string' && d.system !== this.systemStatus) {
        const before = this.systemStatus
        this.systemStatus = d.system
        this.opts.onSystemStatus?.(d.system, before)
      }
      return
    }
    if (typeof msg.channel === 'string' && msg.method === undefined) {
      this.opts.onChannel?.(msg)
      return
    }
    const id = Number(msg.req_id)
    const p = Number.isFinite(id) ? this.pending.get(id) : undefined
    if (!p) return
    this.pending.delete(id)
    clearTimeout(p.timer)
    if (msg.success === true) p.resolve(msg)
    else p.reject(new WsRequestError(p.method, String(msg.error ?? 'refused')))
  }
}
