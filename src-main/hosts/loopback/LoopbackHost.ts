import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { MAX_CLIENT_FRAME_BYTES } from '../../../src-preload/contract/wire'
import type { TridentCore } from '../../app/TridentCore'
import { rendererCsp } from '../csp'
import { BRIDGE_PROTOCOL, LOOPBACK_BRIDGE_PATH } from '../../../src-preload/contract/channels'
import {
  checkBridgeUpgrade,
  checkTokenRequest,
  isAllowedHost,
  isLoopbackAddress,
  TOKEN_CHECK_PATH,
  TOKEN_HEADER,
} from './accessPolicy'
import { loadStatic } from './staticFiles'

export interface LoopbackHostOptions {
  core: TridentCore
  /** built renderer (out/renderer) */
  rendererDir: string
  port?: number
  /** for tests; normally a fresh random token per launch */
  token?: string
  log?: (msg: string) => void
}

/** A window holding more than this unsent is congested: its topics coalesce until it drains. */
const CONGESTED_BYTES = 512 * 1024

/**
 * The same core as the Electron host, served to a browser: the built renderer over http and the
 * contract over a WebSocket at /bridge. Binds 127.0.0.1 only; the bridge requires the per-launch
 * token and an allowed Origin, and every request must name us in its Host header (DNS rebinding).
 */
const WIRE_PROBE = process.env.TRIDENT_WIRE_PROBE === '1'

export class LoopbackHost {
  readonly token: string
  private server: Server | null = null
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  })
  port = 0

  constructor(private readonly options: LoopbackHostOptions) {
    this.token = options.token ?? randomBytes(32).toString('base64url')
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** URL that opens the workstation; the token rides in the fragment, which browsers never send. */
  get url(): string {
    return `${this.origin}/#token=${this.token}`
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.onHttp(req, res))
    server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.options.port ?? 0, '127.0.0.1', resolve)
    })
    this.server = server
    this.port = (server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate()
    this.wss.close()
    const server = this.server
    this.server = null
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  }

  private securityHeaders(): Record<string, string> {
    return {
      'content-security-policy': rendererCsp(`ws://127.0.0.1:${this.port} ws://localhost:${this.port}`),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    }
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackAddress(req.socket.remoteAddress) || !isAllowedHost(req.headers.host, this.port)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden')
      return
    }
    if ((req.url ?? '').split('?')[0] === TOKEN_CHECK_PATH) {
      // same checks as the bridge's token; a plain answer the page can read (no cache, no body echo)
      const status = checkTokenRequest(
        { remoteAddress: req.socket.remoteAddress, host: req.headers.host, token: req.headers[TOKEN_HEADER] },
        this.port,
        this.token,
      )
      const words = status === 204 ? '' : status === 401 ? 'token wrong or expired' : 'Forbidden'
      res.writeHead(status, { 'content-type': 'text/plain', ...this.securityHeaders() }).end(words)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    const file = await loadStatic(this.options.rendererDir, req.url ?? '/')
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain', ...this.securityHeaders() }).end('Not found')
      return
    }
    res.writeHead(200, { 'content-type': file.type, ...this.securityHeaders() })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number, reason: string): void => {
      this.options.log?.(`loopback bridge refused: ${reason}`)
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      )
      socket.destroy()
    }
    if ((req.url ?? '').split('?')[0] !== LOOPBACK_BRIDGE_PATH) return refuse(403, `path ${req.url}`)
    const verdict = checkBridgeUpgrade(
      {
        remoteAddress: req.socket.remoteAddress,
        host: req.headers.host,
        origin: req.headers.origin,
        protocols: req.headers['sec-websocket-protocol'],
      },
      this.port,
      this.token,
    )
    if (!verdict.ok) return refuse(verdict.status, verdict.reason)
    this.wss.handleUpgrade(req, socket, head, (ws) =>
      this.onBridge(ws, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`),
    )
  }

  private onBridge(ws: WebSocket, remote: string): void {
    const session = this.options.core.attach({
      who: `loopback ${remote}`,
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
      },
      isCongested: () => ws.bufferedAmount > CONGESTED_BYTES,
    })
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        session.receive(null)
        return
      }
      let frame: unknown
      try {
        frame = JSON.parse(String(data))
      } catch {
        frame = null // the session answers a malformed frame with EBADREQ
      }
      // bench only (npm run bench): when an order command reaches main, to split keypress-to-wire
      if (WIRE_PROBE && (frame as { name?: unknown } | null)?.name === 'orders.place')
        process.stdout.write(`PROBE recv ${(performance.timeOrigin + performance.now()).toFixed(3)}\n`)
      session.receive(frame)
    })
    ws.on('close', () => session.close())
    ws.on('error', () => session.close())
  }
}
