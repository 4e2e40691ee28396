import { WebSocketServer, type WebSocket } from 'ws'
import type { AddressInfo } from 'node:net'
import { until } from '../helpers/until'

/**
 * A loopback WebSocket endpoint that speaks only what a test tells it to: it records every frame
 * Trident sends and pushes corpus texts back byte for byte. Unlike the built-in exchange it knows
 * nothing about Kraken, so what Trident does with a frame comes from the frame alone.
 */
export class FakeKrakenWs {
  readonly received: Record<string, unknown>[] = []
  private socket: WebSocket | null = null
  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on('connection', (ws) => {
      this.socket = ws
      ws.on('message', (d: Buffer) =>
        this.received.push(JSON.parse(d.toString('utf8')) as Record<string, unknown>),
      )
    })
  }

  static async start(): Promise<FakeKrakenWs> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((r) => server.once('listening', () => r()))
    const { port } = server.address() as AddressInfo
    return new FakeKrakenWs(server, `ws://127.0.0.1:${port}`)
  }

  /** Resolves once Trident has sent a frame matching `pick` (e.g. its instrument subscribe). */
  async request(
    pick: (m: Record<string, unknown>) => boolean,
    what: string,
  ): Promise<Record<string, unknown>> {
    return until(() => this.received.find(pick), what)
  }

  async connected(): Promise<void> {
    await until(() => this.socket, 'Trident connects')
  }

  /** Push a frame exactly as written. */
  send(text: string): void {
    if (!this.socket) throw new Error('nobody is connected to the fake Kraken endpoint')
    this.socket.send(text)
  }

  async stop(): Promise<void> {
    for (const c of this.server.clients) c.terminate()
    await new Promise<void>((r) => this.server.close(() => r()))
  }
}
