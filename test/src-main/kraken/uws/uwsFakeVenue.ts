import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { until } from '../../../helpers/until'

type Json = Record<string, unknown>

/**
 * A loopback Unified WS endpoint that knows only what a test tells it: it keeps every frame it
 * receives as text (so number tokens can be checked digit for digit), acknowledges subscribes in
 * the v2 envelope, answers methods with the text a test gives, and pushes frames byte for byte.
 */
export class UwsFakeVenue {
  /** every frame received, as text, across connections */
  readonly frames: string[] = []
  /** method -> reply `result` JSON text (or a refusal) */
  readonly answers = new Map<string, { result: string } | { error: string }>()
  /** channel -> refusals to answer its next subscribes with, in order */
  readonly refuseSubscribe = new Map<string, string[]>()
  connections = 0
  private socket: WebSocket | null = null

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on('connection', (ws) => {
      this.socket = ws
      this.connections++
      ws.on('message', (d: Buffer) => {
        const text = d.toString('utf8')
        this.frames.push(text)
        const m = JSON.parse(text) as { method: string; req_id?: number; params?: Json }
        if (m.req_id === undefined || m.method === 'ping') return
        const envelope = `"req_id":${m.req_id},"success"`
        const times = '"time_in":"2026-12-01T14:00:00.000000Z","time_out":"2026-12-01T14:00:00.000100Z"'
        const refusal =
          m.method === 'subscribe' ? this.refuseSubscribe.get(String(m.params?.channel))?.shift() : undefined
        if (refusal !== undefined) {
          ws.send(`{"method":"subscribe","error":${JSON.stringify(refusal)},${envelope}:false,${times}}`)
          return
        }
        if (m.method === 'subscribe' || m.method === 'unsubscribe') {
          ws.send(
            `{"method":"${m.method}","result":{"channel":"${String(m.params?.channel)}"},${envelope}:true,${times}}`,
          )
          return
        }
        const a = this.answers.get(m.method)
        if (!a) return
        ws.send(
          'result' in a
            ? `{"method":"${m.method}","result":${a.result},${envelope}:true,${times}}`
            : `{"method":"${m.method}","error":${JSON.stringify(a.error)},${envelope}:false,${times}}`,
        )
      })
    })
  }

  static async start(): Promise<UwsFakeVenue> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((r) => server.once('listening', () => r()))
    const { port } = server.address() as AddressInfo
    return new UwsFakeVenue(server, `ws://127.0.0.1:${port}`)
  }

  /** the received frames parsed (plain JSON.parse: for field checks, not for digits) */
  get received(): Json[] {
    return this.frames.map((f) => JSON.parse(f) as Json)
  }

  /** Resolves with the first frame matching `pick` (a predicate over the parsed frame). */
  frame(pick: (m: Json) => boolean, what: string): Promise<string> {
    return until(() => this.frames.find((f) => pick(JSON.parse(f) as Json)), what)
  }

  send(text: string): void {
    if (!this.socket) throw new Error('nobody is connected to the fake Unified WS endpoint')
    this.socket.send(text)
  }

  /** Cut the client's socket as a network failure would. */
  drop(): void {
    this.socket?.terminate()
    this.socket = null
  }

  async stop(): Promise<void> {
    for (const c of this.server.clients) c.terminate()
    await new Promise<void>((r) => this.server.close(() => r()))
  }
}
