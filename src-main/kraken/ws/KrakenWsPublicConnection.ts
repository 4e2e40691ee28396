import WebSocket from 'ws'
import type { LinkState } from '../../../src-domain/links'
import { reconnectDelayMs } from './backoff'

/**
 * Sees every text frame of a link as it was received, with its receive time (the recorder). A
 * client holds it in a field that is null unless someone taps: the one null check is all a frame
 * pays when nobody records.
 */
export type FrameObserver = (text: string, recvNs: bigint) => void

// Receive times for recordings: the wall clock read once, then the monotonic clock's progress, so
// times never step back when the wall clock is adjusted, and keep nanosecond resolution.
const MONO_TO_WALL_NS = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint()
let lastReceiveNs = 0n

/**
 * Nanoseconds since the epoch, strictly increasing across every link in this process: two frames
 * of the same microsecond (or two links) still get distinct, ordered times a replay can sort by.
 */
export function receiveNs(): bigint {
  let t = process.hrtime.bigint() + MONO_TO_WALL_NS
  if (t <= lastReceiveNs) t = lastReceiveNs + 1n
  lastReceiveNs = t
  return t
}

export interface LinkInfo {
  state: LinkState
  detail: string
  latencyMs: number | null
  reconnects: number
  since: number
}

export interface KrakenWsPublicConnectionOptions {
  url: string
  onLink: (info: LinkInfo) => void
  onProtocolError?: (error: Error) => void
  random?: () => number
  pingIntervalMs?: number
  /** reconnect when nothing at all arrived for this long (Kraken sends heartbeats every second) */
  silenceTimeoutMs?: number
  /** the socket is open: subscribe whatever is followed (pinging starts right after) */
  onOpen: () => void
  /** one text frame as received */
  onFrame: (text: string) => void
  /** the socket dropped: whatever was built from its frames is stale now */
  onDropped: () => void
}

/**
 * The public WS v2 socket: connect, reconnect with backoff, ping for latency, and cut a connection
 * that went silent. It knows nothing of books or channels; the client says what to do on open,
 * per frame and on a drop.
 */
export class KrakenWsPublicConnection {
  private ws: WebSocket | null = null
  private stopped = true
  private attempt = 0
  private reconnects = 0
  private reqId = 1
  private pingTimer: NodeJS.Timeout | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  /**
   * When anything (data, heartbeat, ack) last arrived, ms since epoch; 0 = never. A plain field:
   * the client stamps it on every frame, book frames included (the hot path).
   */
  lastMessageAt = 0
  private readonly pings = new Map<number, number>()
  private link: LinkInfo = {
    state: 'offline',
    detail: 'Not connected',
    latencyMs: null,
    reconnects: 0,
    since: Date.now(),
  }
  private readonly random: () => number

  constructor(private readonly opts: KrakenWsPublicConnectionOptions) {
    this.random = opts.random ?? Math.random
  }

  get linkInfo(): LinkInfo {
    return this.link
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.connect()
  }

  stop(): void {
    this.stopped = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.ws?.terminate()
    this.ws = null
    this.setLink('offline', 'Stopped')
  }

  /** Sends when the socket is open (a request id is added when missing); otherwise drops it. */
  send(msg: Record<string, unknown>): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return
    if (msg.req_id === undefined) msg.req_id = this.reqId++
    this.ws.send(JSON.stringify(msg))
  }

  /** A pong answering one of our pings: the round trip becomes the link's latency. */
  onPong(msg: Record<string, unknown>): void {
    const id = Number(msg.req_id)
    const sentAt = this.pings.get(id)
    if (sentAt === undefined) return
    this.pings.delete(id)
    this.link = { ...this.link, latencyMs: Math.round((performance.now() - sentAt) * 10) / 10 }
    this.opts.onLink(this.link)
  }

  private setLink(state: LinkState, detail: string): void {
    const since = state === this.link.state ? this.link.since : Date.now()
    this.link = { ...this.link, state, detail, reconnects: this.reconnects, since }
    this.opts.onLink(this.link)
  }

  private connect(): void {
    this.setLink(
      this.attempt === 0 && this.reconnects === 0 ? 'connecting' : 'reconnecting',
      `Connecting to ${this.opts.url}`,
    )
    const ws = new WebSocket(this.opts.url, { handshakeTimeout: 10_000, maxPayload: 64 * 1024 * 1024 })
    this.ws = ws
    ws.on('open', () => {
      this.attempt = 0
      this.lastMessageAt = Date.now()
      this.setLink('online', 'Connected')
      this.opts.onOpen()
      this.startPinging()
    })
    ws.on('message', (data: Buffer) => this.opts.onFrame(data.toString('utf8')))
    ws.on('close', () => this.onClosed(ws))
    ws.on('error', (err) => {
      this.opts.onProtocolError?.(err)
      // 'close' follows 'error'
    })
  }

  private onClosed(ws: WebSocket): void {
    // after stop() (or a newer socket) this socket's close is old news
    if (this.ws !== ws) return
    this.ws = null
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.pings.clear()
    this.opts.onDropped()
    if (this.stopped) return
    const delay = reconnectDelayMs(this.attempt++, this.random)
    this.reconnects++
    this.setLink(
      'reconnecting',
      `Connection lost; reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${this.attempt})`,
    )
    this.reconnectTimer = setTimeout(() => this.connect(), delay)
  }

  private startPinging(): void {
    if (this.pingTimer) clearInterval(this.pingTimer)
    const every = this.opts.pingIntervalMs ?? 5_000
    const silence = this.opts.silenceTimeoutMs ?? 10_000
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastMessageAt > silence) {
        // A half-open TCP connection never closes by itself: cut it and reconnect.
        this.ws?.terminate()
        return
      }
      const id = this.reqId++
      this.pings.set(id, performance.now())
      this.send({ method: 'ping', req_id: id })
    }, every)
    this.pingTimer.unref()
  }
}
