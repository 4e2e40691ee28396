import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DerivativesMarket, type DerivativesOptions } from './derivatives/DerivativesMarket'
import { DrvFixAcceptor } from './derivatives/fix/DrvFixAcceptor'
import { MatchingEngine } from './engine/MatchingEngine'
import { SimFixAcceptor } from './fix/SimFixAcceptor'
import { FixSessionStore } from './fix/FixSessionStore'
import { SIM_INSTRUMENTS, type SimInstrument } from './instruments'
import { SimRateLimits, type Tier } from './limits/RateLimits'
import { MarketData } from './market/MarketData'
import { mulberry32 } from './market/prng'
import { SyntheticTraders } from './market/SyntheticTraders'
import { GatedEngine } from './replay/GatedEngine'
import { RecordedMarket, REPLAY_ACCOUNT } from './replay/RecordedMarket'
import { planReplay, type ReplayPlan } from './replay/replayInstruments'
import { ReplaySession, type ReplayControl } from './replay/ReplaySession'
import type { ReplayOptions } from './replay/types'
import { KeyStore, TokenStore, type ApiCredential } from './rest/auth'
import { SimRestServer } from './rest/SimRestServer'
import { UwsServer } from './uws/UwsServer'
import { SimWsServer } from './ws/SimWsServer'

export interface SimAccountSpec {
  name: string
  apiKey?: string
  /** base64; generated when absent */
  apiSecret?: string
  /** REST asset code -> whole units, e.g. { ZUSD: '100000', XXBT: '2' } */
  balances?: Record<string, string>
  /** USD collateral of its derivatives margin account, decimal text (default: the exchange's, 10,000) */
  collateralUsd?: string
}

export interface SimExchangeOptions {
  port?: number
  /** seed of the synthetic market (same seed, same sequence of market events) */
  seed?: number
  /** synthetic market events per second across all instruments (0 = still market) */
  messagesPerSecond?: number
  /** chance per market tick of a burst (20-60 events at once on one instrument), as real books have */
  burstProbability?: number
  /** only these instruments get synthetic activity (default: all) */
  activeSymbols?: string[]
  /** Kraken rate-limit tier for every account */
  tier?: Tier
  accounts?: SimAccountSpec[]
  /** open orders per account and pair */
  maxOpenOrdersPerPair?: number
  /** FIX acceptor port (default: any free port) */
  fixPort?: number
  /** where FIX sequence numbers and sent messages persist (default: memory, for this process) */
  fixStoreDir?: string
  /**
   * Replay a recording (issue 19): its symbols' books and trades follow the recording, with no
   * synthetic traders on them; the trader's orders rest in the recorded book. Other symbols keep
   * their synthetic market. Control it through `SimExchange.replay`.
   */
  replay?: ReplayOptions
  /** the derivatives market (PF_XBTUSD, PF_ETHUSD) served on the Unified WebSocket */
  derivatives?: DerivativesOptions & {
    /** Unified WebSocket port (default: any free port) */
    uwsPort?: number
    /** derivatives FIX acceptor port, TargetCompID KRAKEN-DRV-TRD (default: any free port) */
    fixPort?: number
  }
}

export interface SimEndpoints {
  rest: string
  wsPublic: string
  wsPrivate: string
  /** level3 (Kraken serves it from its own host, token required) */
  wsL3: string
  /** FIX 4.4: TargetCompID KRAKEN-TRD for trading, KRAKEN-MD for market data */
  fix: { host: '127.0.0.1'; port: number }
  /** Unified WebSocket (derivatives), as wss://uws.kraken.com/v2/public and /v2/private */
  uwsPublic: string
  uwsPrivate: string
  /** FIX 4.4 derivatives trading: TargetCompID KRAKEN-DRV-TRD (Kraken's port 4003 service) */
  fixDerivatives: { host: '127.0.0.1'; port: number }
}

export const DEFAULT_BALANCES: Record<string, string> = {
  ZUSD: '100000',
  ZEUR: '50000',
  XXBT: '2',
  XETH: '25',
  SOL: '500',
  XXRP: '50000',
}

/**
 * The built-in Kraken-compatible exchange: a price-time matching engine with synthetic traders,
 * behind Kraken's REST and WebSocket v2 wire protocols on 127.0.0.1, with Kraken's auth, errors,
 * symbol formats and rate limits. The app uses it as its default venue; `npm run sim` runs it alone.
 */
export class SimExchange {
  readonly engine: MatchingEngine
  /** PF_XBTUSD and PF_ETHUSD: books, margin accounts, funding, liquidation (test hooks on it) */
  readonly derivatives: DerivativesMarket
  private uws: UwsServer | null = null
  private drvFix: DrvFixAcceptor | null = null
  readonly market: MarketData
  readonly limits: SimRateLimits
  readonly keys = new KeyStore()
  readonly tokens = new TokenStore()
  readonly instruments: Map<string, SimInstrument>
  readonly credentials: ApiCredential[] = []
  private readonly traders: SyntheticTraders
  private server: Server | null = null
  private ws: SimWsServer | null = null
  fix: SimFixAcceptor | null = null
  private readonly fixStore: FixSessionStore
  private timers: NodeJS.Timeout[] = []
  private paused = false
  endpoints: SimEndpoints | null = null
  /** the replay clock, when `options.replay` is set (ready once `start` has resolved) */
  replay: ReplayControl | null = null
  private session: ReplaySession | null = null
  private readonly plan: ReplayPlan | null
  private readonly replayed: Set<string>

  constructor(private readonly options: SimExchangeOptions = {}) {
    const random = mulberry32(options.seed ?? 1)
    // a replay reads the recording's header and instruments first: they make the exchange's list
    this.plan = options.replay ? planReplay(options.replay.files) : null
    const instruments = this.plan?.instruments ?? SIM_INSTRUMENTS
    this.instruments = new Map(instruments.map((i) => [i.symbol, i]))
    this.replayed = new Set(this.plan?.symbols ?? [])
    const engineOpts: ConstructorParameters<typeof MatchingEngine>[1] = {
      random,
      uncappedAccounts: [...SyntheticTraders.accounts, ...(this.plan ? [REPLAY_ACCOUNT] : [])],
    }
    if (options.maxOpenOrdersPerPair !== undefined)
      engineOpts.maxOpenOrdersPerPair = options.maxOpenOrdersPerPair
    this.engine = this.plan
      ? new GatedEngine(instruments, REPLAY_ACCOUNT, engineOpts)
      : new MatchingEngine(SIM_INSTRUMENTS, engineOpts)
    this.market = new MarketData(this.engine, this.plan ? [REPLAY_ACCOUNT] : [])
    this.limits = new SimRateLimits(options.tier ?? 'intermediate')
    const synthetic = instruments.filter((i) => !this.replayed.has(i.symbol))
    this.traders = new SyntheticTraders(this.engine, synthetic, random)
    this.traders.seed()
    this.derivatives = new DerivativesMarket(this.engine, {
      seed: options.seed ?? 1,
      messagesPerSecond: options.messagesPerSecond === 0 ? 0 : 10,
      ...options.derivatives,
    })
    for (const spec of options.accounts ?? [{ name: 'trader' }]) this.addAccount(spec)
    this.fixStore = new FixSessionStore(options.fixStoreDir)
  }

  addAccount(spec: SimAccountSpec): ApiCredential {
    const cred: ApiCredential = {
      account: spec.name,
      apiKey: spec.apiKey ?? randomBytes(42).toString('base64'),
      apiSecret: spec.apiSecret ?? randomBytes(64).toString('base64'),
    }
    this.keys.add(cred)
    this.credentials.push(cred)
    for (const [asset, amount] of Object.entries(spec.balances ?? DEFAULT_BALANCES))
      this.engine.accounts.deposit(spec.name, asset, amount)
    this.derivatives.addAccount(spec.name, spec.collateralUsd)
    return cred
  }

  async start(): Promise<SimEndpoints> {
    const rest = new SimRestServer({
      engine: this.engine,
      market: this.market,
      limits: this.limits,
      instruments: this.instruments,
      keys: this.keys,
      tokens: this.tokens,
    })
    const ws = new SimWsServer({
      engine: this.engine,
      market: this.market,
      limits: this.limits,
      instruments: this.instruments,
      resolveToken: (t) => this.tokens.resolve(t),
    })
    const server = createServer((req, res) => void rest.handle(req, res))
    server.on('upgrade', (req, socket, head) => {
      const path = (req.url ?? '').split('?')[0]
      if (path === '/v2') ws.handleUpgrade(req, socket, head, false)
      else if (path === '/auth/v2' || path === '/l3/v2') ws.handleUpgrade(req, socket, head, true)
      else socket.destroy()
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.options.port ?? 0, '127.0.0.1', resolve)
    })
    this.server = server
    this.ws = ws
    this.fix = this.makeFixAcceptor()
    const fix = await this.fix.start(this.options.fixPort ?? 0)
    const { port } = server.address() as AddressInfo
    this.uws = new UwsServer(this.derivatives, (t) => this.tokens.resolve(t))
    const uwsPort = await this.uws.listen(this.options.derivatives?.uwsPort ?? 0)
    this.drvFix = new DrvFixAcceptor(this.derivatives, this.keys, this.fixStore)
    const fixDerivatives = await this.drvFix.start(this.options.derivatives?.fixPort ?? 0)
    this.derivatives.start()
    this.endpoints = {
      rest: `http://127.0.0.1:${port}`,
      wsPublic: `ws://127.0.0.1:${port}/v2`,
      wsPrivate: `ws://127.0.0.1:${port}/auth/v2`,
      wsL3: `ws://127.0.0.1:${port}/l3/v2`,
      fix,
      uwsPublic: `ws://127.0.0.1:${uwsPort}/v2/public`,
      uwsPrivate: `ws://127.0.0.1:${uwsPort}/v2/private`,
      fixDerivatives,
    }
    this.startClock()
    this.startMarket()
    await this.startReplay()
    return this.endpoints
  }

  private async startReplay(): Promise<void> {
    const plan = this.plan
    if (!plan || !(this.engine instanceof GatedEngine)) return
    // the replay's own account quotes the recorded levels and takes the trader's orders with
    // recorded trades: it may hold any amount
    for (const i of this.instruments.values()) {
      this.engine.accounts.deposit(REPLAY_ACCOUNT, i.base, '1000000000000')
      this.engine.accounts.deposit(REPLAY_ACCOUNT, i.quote, '1000000000000000')
    }
    const market = new RecordedMarket(
      this.engine,
      this.market,
      this.instruments,
      this.replayed,
      plan.header.depth,
    )
    this.session = new ReplaySession(
      this.options.replay!,
      market,
      plan.refused.map((r) => r.why),
    )
    await this.session.start()
    this.replay = this.session
  }

  private makeFixAcceptor(): SimFixAcceptor {
    return new SimFixAcceptor({
      engine: this.engine,
      keys: this.keys,
      limits: this.limits,
      instruments: this.instruments,
      store: this.fixStore,
    })
  }

  /** GTD expiry and dead-man switches run on the exchange's clock. */
  private startClock(): void {
    const t = setInterval(() => this.engine.advance(), 100)
    t.unref()
    this.timers.push(t)
  }

  private startMarket(): void {
    const rate = this.options.messagesPerSecond ?? 40
    if (rate <= 0) return
    const symbols = (this.options.activeSymbols ?? [...this.instruments.keys()]).filter(
      (s) => !this.replayed.has(s),
    )
    if (symbols.length === 0) return
    const intervalMs = Math.max(1, Math.round(1000 / rate))
    const perTick = Math.max(1, Math.round(rate / (1000 / intervalMs)))
    const burst = this.options.burstProbability ?? 0.02
    const random = mulberry32((this.options.seed ?? 1) ^ 0x5eed)
    let i = 0
    const t = setInterval(() => {
      if (this.paused) return
      for (let k = 0; k < perTick; k++) this.step(symbols[i++ % symbols.length]!)
      if (random() < burst) {
        const symbol = symbols[Math.floor(random() * symbols.length)]!
        const n = 20 + Math.floor(random() * 40)
        for (let k = 0; k < n; k++) this.step(symbol)
      }
    }, intervalMs)
    t.unref()
    this.timers.push(t)
  }

  /** Advance one instrument's synthetic market by one event (tests call this directly). */
  step(symbol: string): void {
    if (symbol.startsWith('PF_')) this.derivatives.step(symbol)
    else this.traders.step(symbol)
  }

  /** Fault knobs for tests. */
  readonly faults = {
    corruptNextChecksums: (n = 1): void => this.ws?.faults.corruptNextChecksums(n),
    dropConnections: (): void => this.ws?.faults.dropAllConnections(),
    delayMessages: (ms: number, reorder = false): void => this.ws?.faults.delayMessages(ms, reorder),
    /** Kraken's engine state on the WS status channel, enforced on WS trading (online, maintenance, cancel_only, post_only) */
    systemStatus: (system: string): void => this.ws?.faults.systemStatus(system),
    pauseFeed: (paused: boolean): void => {
      this.paused = paused
    },
    dropFixConnections: (): void => this.fix?.faults.dropConnections(),
    /** the Unified WS (derivatives) connections cut, public and private */
    dropUwsConnections: (): void => this.uws?.dropConnections(),
    /** stop and start the FIX acceptor on the same port; sessions keep their stored sequence numbers */
    restartFix: async (): Promise<void> => {
      const port = this.fix?.port ?? 0
      await this.fix?.stop()
      this.fix = this.makeFixAcceptor()
      await this.fix.start(port)
    },
  }

  get wsConnectionCount(): number {
    return this.ws?.connectionCount ?? 0
  }

  async stop(): Promise<void> {
    this.session?.stop()
    for (const t of this.timers) clearInterval(t)
    this.timers = []
    this.ws?.close()
    this.derivatives.stop()
    await this.uws?.close()
    await this.drvFix?.stop()
    await this.fix?.stop()
    const server = this.server
    this.server = null
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
