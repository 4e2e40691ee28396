import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'

/**
 * A TCP pass-through between a FIX client and the exchange that keeps every byte the client
 * sends, split into messages: what really went on the wire, not what the client logged.
 */
export class WireCapture {
  /** complete messages client -> exchange, SOH shown as "|" */
  readonly sent: string[] = []
  private buf = ''
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  port = 0

  constructor(
    private readonly upstreamPort: number,
    private readonly host = '127.0.0.1',
  ) {}

  async start(): Promise<number> {
    const server = createServer((client) => {
      const up = connect({ host: this.host, port: this.upstreamPort })
      this.sockets.add(client).add(up)
      client.on('data', (d: Buffer) => {
        this.record(d.toString('latin1'))
        up.write(d)
      })
      up.on('data', (d: Buffer) => client.write(d))
      const end = (): void => {
        client.destroy()
        up.destroy()
      }
      client.on('close', end).on('error', end)
      up.on('close', end).on('error', end)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    this.server = server
    this.port = (server.address() as AddressInfo).port
    return this.port
  }

  private record(chunk: string): void {
    this.buf += chunk
    for (;;) {
      // eslint-disable-next-line no-control-regex -- SOH (0x01) is the FIX field separator
      const m = /\x0110=\d{3}\x01/.exec(this.buf)
      if (!m) return
      const end = m.index + m[0].length
      this.sent.push(this.buf.slice(0, end).split('\x01').join('|'))
      this.buf = this.buf.slice(end)
    }
  }

  /** the tag=value pairs of a captured message, in order */
  static fields(msg: string): [number, string][] {
    return msg
      .split('|')
      .filter(Boolean)
      .map((f) => [Number(f.slice(0, f.indexOf('='))), f.slice(f.indexOf('=') + 1)])
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    const s = this.server
    this.server = null
    if (s) await new Promise<void>((r) => s.close(() => r()))
  }
}
