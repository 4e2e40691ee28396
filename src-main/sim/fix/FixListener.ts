import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'

/**
 * A FIX acceptor's TCP side on 127.0.0.1: one connection object per socket, kept while the socket
 * lives, all destroyed at stop (the spot and the derivatives acceptors share it).
 */
export class FixListener<C extends { destroy(): void }> {
  private server: Server | null = null
  readonly conns = new Set<C>()
  port = 0

  constructor(private readonly connect: (socket: Socket) => C) {}

  async start(port = 0): Promise<{ host: '127.0.0.1'; port: number }> {
    const server = createServer((socket) => {
      const c = this.connect(socket)
      this.conns.add(c)
      socket.on('close', () => this.conns.delete(c))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    this.server = server
    this.port = (server.address() as AddressInfo).port
    return { host: '127.0.0.1', port: this.port }
  }

  /** every connection cut abruptly, as a network failure would */
  dropAll(): void {
    for (const c of this.conns) c.destroy()
  }

  async stop(): Promise<void> {
    this.dropAll()
    const s = this.server
    this.server = null
    if (s) await new Promise<void>((r) => s.close(() => r()))
  }
}
