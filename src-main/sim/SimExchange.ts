import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SIM_INSTRUMENTS, type SimInstrument } from './instruments'
import { mulberry32 } from './market/prng'
import { SyntheticBook } from './market/SyntheticBook'
import { SimWsServer } from './ws/SimWsServer'

export interface SimExchangeOptions {
  /** loopback only; the simulator never listens on other interfaces */
  host?: '127.0.0.1'
  port?: number
  /** seed of the synthetic market (same seed, same sequence of book events) */
  seed?: number
  /** book events per second across all instruments */
  messagesPerSecond?: number
}

export interface SimEndpoints {
  wsPublic: string
}

/**
 * The built-in Kraken-compatible exchange. This first cut serves WS v2 public market data
 * (status, heartbeat, ping, instrument, book); REST, private WS and FIX come with the simulator issue.
 */
export class SimExchange {
  private server: Server | null = null
  private ws: SimWsServer | null = null
  private marketTimer: NodeJS.Timeout | null = null
  private paused = false
  readonly instruments = new Map<string, SimInstrument>(SIM_INSTRUMENTS.map((i) => [i.symbol, i]))
  readonly books = new Map<string, SyntheticBook>()
  endpoints: SimEndpoints | null = null

  constructor(private readonly options: SimExchangeOptions = {}) {
    const random = mulberry32(options.seed ?? 1)
    for (const inst of this.instruments.values()) this.books.set(inst.symbol, new SyntheticBook(inst, random))
  }

  async start(): Promise<SimEndpoints> {
    const ws = new SimWsServer(this.instruments, this.books)
    const server = createServer((req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: ['EGeneral:Unknown method'] }))
    })
    server.on('upgrade', (req, socket, head) => {
      if (req.url === '/v2') ws.handleUpgrade(req, socket, head)
      else socket.destroy()
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.options.port ?? 0, '127.0.0.1', resolve)
    })
    this.server = server
    this.ws = ws
    const { port } = server.address() as AddressInfo
    this.endpoints = { wsPublic: `ws://127.0.0.1:${port}/v2` }
    this.startMarket()
    return this.endpoints
  }

  private startMarket(): void {
    const rate = this.options.messagesPerSecond ?? 40
    const symbols = [...this.books.keys()]
    // Timers fire at most every ~1 ms; higher rates run several events per tick.
    const intervalMs = Math.max(1, Math.round(1000 / rate))
    const perTick = Math.max(1, Math.round(rate / (1000 / intervalMs)))
    let i = 0
    this.marketTimer = setInterval(() => {
      if (this.paused) return
      for (let k = 0; k < perTick; k++) {
        const symbol = symbols[i++ % symbols.length]!
        this.step(symbol)
      }
    }, intervalMs)
    this.marketTimer.unref()
  }

  /** Advance one instrument's market by one event and publish it (tests call this directly). */
  step(symbol: string): void {
    const book = this.books.get(symbol)
    if (!book) throw new Error(`unknown symbol ${symbol}`)
    book.step()
    this.ws?.publishBook(symbol)
  }

  /** Fault knobs for tests. */
  readonly faults = {
    corruptNextChecksums: (n = 1): void => this.ws?.corruptNextChecksums(n),
    dropConnections: (): void => this.ws?.dropAllConnections(),
    pauseFeed: (paused: boolean): void => {
      this.paused = paused
    },
  }

  get wsConnectionCount(): number {
    return this.ws?.connectionCount ?? 0
  }

  async stop(): Promise<void> {
    if (this.marketTimer) clearInterval(this.marketTimer)
    this.ws?.close()
    const server = this.server
    this.server = null
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
