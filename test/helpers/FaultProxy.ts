import { connect, createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * A TCP proxy on 127.0.0.1 that can cut every connection through it at once (as a flaky network
 * or a venue restart would), for chaos tests. Protocol-agnostic: REST, WebSocket and FIX alike.
 */
export class FaultProxy {
  private server: Server | null = null
  private readonly pairs = new Set<[Socket, Socket]>()
  cuts = 0
  port = 0

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host)
      const pair: [Socket, Socket] = [client, upstream]
      this.pairs.add(pair)
      const drop = (): void => {
        this.pairs.delete(pair)
        client.destroy()
        upstream.destroy()
      }
      client.on('error', drop).on('close', drop)
      upstream.on('error', drop).on('close', drop)
      client.pipe(upstream)
      upstream.pipe(client)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    this.server = server
    this.port = (server.address() as AddressInfo).port
    return this.port
  }

  /** Cut every connection now, abruptly (RST-like: no close handshake at the application level). */
  cutAll(): number {
    const n = this.pairs.size
    for (const [a, b] of [...this.pairs]) {
      a.destroy()
      b.destroy()
    }
    this.pairs.clear()
    if (n) this.cuts++
    return n
  }

  get connections(): number {
    return this.pairs.size
  }

  async stop(): Promise<void> {
    this.cutAll()
    const s = this.server
    this.server = null
    if (s) await new Promise<void>((r) => s.close(() => r()))
  }
}
