import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type {
  AppInfo,
  BookView,
  CandlesView,
  ConnectionView,
  ConnectionsView,
  HostKind,
  LinkState,
  RateLimitsView,
  TradesView,
  VenueKind,
} from '../../src-preload/contract/types'
import {
  InstrumentRegistry,
  type AssetJson,
  type AssetPairJson,
} from '../core/instruments/InstrumentRegistry'
import { OrderRouter } from '../core/orders/OrderRouter'
import { isTerminal, OrderTracker } from '../core/orders/OrderTracker'
import { RateGovernor, type GovernorSnapshot, type RateTier } from '../core/risk/RateGovernor'
import { KrakenFixClient } from '../kraken/fix/KrakenFixClient'
import { KrakenExecutionClient } from '../kraken/KrakenExecutionClient'
import { KrakenApiError } from '../kraken/rest/errors'
import { KrakenRestClient } from '../kraken/rest/KrakenRestClient'
import { NonceSource } from '../kraken/rest/NonceSource'
import { KrakenWsPrivateClient } from '../kraken/ws/KrakenWsPrivateClient'
import { KrakenWsPublicClient, type BookState, type LinkInfo } from '../kraken/ws/KrakenWsPublicClient'
import { SimExchange, type SimExchangeOptions } from '../sim/SimExchange'
import { SimWorker } from '../sim/SimWorker'
import { WorkspaceService } from './WorkspaceService'
import { RefusedError, releaseOnce, sharedTopic, StreamHub, type SessionTransport } from './StreamHub'
import { KeymapStore } from './KeymapStore'
import { Level3Books } from './Level3Books'
import { TradingService } from './TradingService'
import { BUILTIN_PROFILE, explainKeyError, ProfileService } from './ProfileService'
import { CredentialStore } from '../secrets/CredentialStore'
import { MemorySecretStore, type SecretStore } from '../secrets/SecretStore'
import { AuditLog } from '../store/AuditLog'
import { FixSessionJournal } from '../store/FixSessionJournal'
import { OrderJournal } from '../store/OrderJournal'
import { ProfileRepo } from '../store/ProfileRepo'
import { SettingsRepo } from '../store/SettingsRepo'
import { openDb, type Db } from '../store/TridentDb'
import { recoverAfterRestart } from './recovery'

/** Where a profile trades: endpoints and, for private access, credentials (main only, never a renderer). */
export interface VenueProfile {
  /** the profile's id: keys its journal (orders, fills, FIX state) in the database */
  id?: string
  kind: VenueKind
  rest: string
  wsPublic: string
  wsPrivate: string
  /** Kraken serves level3 (order-by-order) on its own authenticated endpoint */
  wsL3?: string
  fix?: { host: string; port: number; senderCompId: string; targetCompId?: string }
  credentials?: { apiKey: string; apiSecret: string }
  /** Kraken issues FIX its own key; absent: the REST key signs the FIX logon */
  fixCredentials?: { apiKey: string; apiSecret: string }
  tier: RateTier
  /** persistent state (nonces, FIX sequence numbers and resend store) */
  dataDir: string
  cancelOnDisconnect?: boolean
}

export interface TridentCoreOptions {
  host: HostKind
  version: string
  /** absent: the built-in exchange is started on loopback and traded against */
  profile?: VenueProfile
  sim?: SimExchangeOptions
  /** where the built-in exchange runs: main's thread (default; tests inspect it) or a worker thread */
  simThread?: 'main' | 'worker'
  log?: (msg: string) => void
  frameMs?: number
  /**
   * The app's data folder: trident.db (journal, settings, profiles; WAL) and per-profile session
   * state. Absent: an in-memory database, kept for this session only.
   */
  dataDir?: string
  /** where profile secrets live (the host's OS keychain); absent: memory, this session only */
  secrets?: SecretStore
}

const BOOK_VIEW_LEVELS = 25

interface Link {
  protocol: ConnectionView['protocol']
  channel: string
  state: LinkState
  detail: string
  latencyMs: number | null
  reconnects: number
  since: number
  seq?: () => { nextOut: number; lastIn: number } | null
}

/**
 * The main-process core, free of Electron: venue connections, books, orders, and the stream hub
 * that serves renderers. Both hosts (Electron, loopback) construct exactly this and only differ in
 * how a renderer's frames reach `attach`.
 */
export class TridentCore {
  readonly hub: StreamHub
  /** the built-in exchange on main's thread (tests reach into its engine) … */
  sim: SimExchange | null = null
  /** … or on its own thread (the hosts: it must not slow the app down) */
  simWorker: SimWorker | null = null
  profile: VenueProfile | null = null
  rest: KrakenRestClient | null = null
  wsPublic: KrakenWsPublicClient | null = null
  wsPrivate: KrakenWsPrivateClient | null = null
  wsL3: KrakenWsPrivateClient | null = null
  private readonly level3: Level3Books
  readonly keymap: KeymapStore
  fix: KrakenFixClient | null = null
  execution: KrakenExecutionClient | null = null
  readonly tracker = new OrderTracker()
  governor: RateGovernor | null = null
  private registry: InstrumentRegistry | null = null
  private readonly bookRefs = new Map<string, number>()
  private readonly bookViews = new Map<string, BookView>()
  /** books changed since their view was last built (built when a window's push reads it) */
  private readonly bookChanged = new Map<string, { state: BookState; at: number }>()
  private readonly links = new Map<string, Link>()
  /** trade and ohlc feeds, reference-counted like books; key = channel:symbol:interval */
  private readonly feeds = new Map<
    string,
    { refs: number; stop: () => void; view: TradesView | CandlesView }
  >()
  private timers: NodeJS.Timeout[] = []
  private readonly log: (msg: string) => void
  readonly trading: TradingService
  readonly db: Db
  readonly settings: SettingsRepo
  readonly audit: AuditLog
  readonly profiles: ProfileService
  /** windows, their layouts and link groups (saved workspaces) */
  readonly workspace: WorkspaceService
  /** the journal of the profile traded on (set by start) */
  journal: OrderJournal | null = null
  /** settles when the private links are started and, after a restart, the journal reconciled */
  tradingReady: Promise<void> = Promise.resolve()
  /** orders journaled by an earlier run that were still working: resolved by recovery */
  private restoredWorking = new Set<string>()
  private restoredFills = 0
  /** the venue's FIX symbols arrived (InstrumentList): FIX may take orders */
  private fixSymbolsKnown = false

  constructor(private readonly options: TridentCoreOptions) {
    this.log = options.log ?? (() => {})
    this.db = openDb(options.dataDir ? join(options.dataDir, 'trident.db') : ':memory:')
    this.settings = new SettingsRepo(this.db)
    this.audit = new AuditLog(this.db)
    this.trading = new TradingService({
      execution: () => this.execution,
      instrument: (s) => (this.registry?.has(s) ? this.registry.resolve(s) : null),
      tracker: this.tracker,
      mid: (s) => this.mid(s),
      touch: (s) => this.touch(s),
      watchBooks: (symbols) => this.followBooks(symbols),
      publish: (t) => {
        // the working-orders-only view of the orders topic changes with it
        if (t === 'orders') this.hub.publish('orders', 'working')
        this.hub.publish(t, 'all')
      },
      settings: this.settings,
    })
    const t = this.trading
    this.keymap = new KeymapStore(this.settings, this.log)
    const profiles: ProfileService = new ProfileService({
      repo: new ProfileRepo(this.db),
      settings: this.settings,
      credentials: new CredentialStore(options.secrets ?? new MemorySecretStore()),
      current: 'pending',
      dataDir: options.dataDir ?? null,
      publish: () => this.hub?.publish('profiles', 'all'),
    })
    this.profiles = profiles
    this.workspace = new WorkspaceService({
      settings: this.settings,
      publish: (windowId) => this.hub?.publish('workspace', windowId),
      isKnownSymbol: (sym) =>
        (this.registry?.has(sym) ?? false) || (this.wsPublic?.symbols ?? []).includes(sym),
      log: this.log,
    })
    const ws = this.workspace
    this.level3 = new Level3Books({
      client: () => this.wsL3,
      precision: (s) => (this.registry?.has(s) ? this.registry.resolve(s) : null),
      isMine: (id) => this.tracker.byOrderId(id) !== undefined,
      publish: (key) => this.hub.publish('book.l3', key),
      log: (l) => this.log(l),
    })
    this.hub = new StreamHub(
      {
        'app.info': () => this.info(),
        'orders.place': (p) => t.place(p as never),
        'orders.amend': (p) => t.amend(p as never),
        'orders.cancel': (p) => t.cancel(p as never),
        'orders.cancelAll': (p) => t.cancelAll(p as never),
        'risk.killSwitch': (p) => t.killSwitch((p as { engaged: boolean }).engaged),
        'risk.deadman': (p) => t.setDeadman((p as { timeoutSec: number }).timeoutSec),
        'risk.setLimits': (p) => t.setLimits(p as never),
        'alerts.add': (p) => t.addAlert(p as never),
        'alerts.remove': (p) => t.removeAlert((p as { id: number }).id),
        'notices.dismiss': (p) => t.dismissNotices((p as { ids?: number[] }).ids),
        'keymap.set': (p) => {
          const v = this.keymap.set((p as { bindings: Record<string, string[]> }).bindings)
          this.hub.publish('keymap', 'all')
          return v
        },
        'keymap.reset': () => {
          const v = this.keymap.reset()
          this.hub.publish('keymap', 'all')
          return v
        },
        'profiles.save': (p) => profiles.save(p as never),
        'profiles.delete': (p) => profiles.delete((p as { id: string }).id),
        'profiles.activate': (p) => profiles.activate((p as { id: string }).id),
        'profiles.check': (p) => profiles.check((p as { id: string }).id),
        'workspace.report': (p) => ws.report(p as never),
        'workspace.popOut': (p) => ws.popOut(p as never),
        'workspace.closeWindow': (p) => ws.closeWindow(p as never),
        'workspace.link': (p) => ws.link(p as never),
        'workspace.save': (p) => ws.save((p as { name: string }).name),
        'workspace.load': (p) => ws.load((p as { name: string }).name),
        'workspace.delete': (p) => ws.delete((p as { name: string }).name),
      },
      {
        book: {
          acquire: ({ symbol }) => this.acquireBook(symbol),
          latest: (key) => this.bookView(key),
        },
        connections: sharedTopic(() => this.connections()),
        rateLimits: sharedTopic(() => this.rateLimits()),
        orders: {
          acquire: ({ scope }) => ({ key: scope, release: () => {} }),
          latest: (key) => (key === 'working' ? t.workingOrdersView() : t.ordersView()),
        },
        positions: sharedTopic(() => t.positionsView()),
        risk: sharedTopic(() => t.riskView()),
        notices: sharedTopic(() => t.noticesView()),
        alerts: sharedTopic(() => t.alertsView()),
        keymap: sharedTopic(() => this.keymap.view()),
        profiles: sharedTopic(() => profiles.view()),
        workspace: {
          acquire: ({ windowId }) => ws.acquire(windowId),
          latest: (key) => ws.view(key),
        },
        'book.l3': {
          acquire: ({ symbol }) => this.level3.acquire(symbol),
          latest: (key) => this.level3.latest(key),
        },
        trades: {
          acquire: ({ symbol }) => this.acquireFeed('trade', symbol, {}),
          latest: (key) => this.feeds.get(key)?.view as TradesView | undefined,
        },
        candles: {
          acquire: ({ symbol, interval }) => this.acquireFeed('ohlc', symbol, { interval }),
          latest: (key) => this.feeds.get(key)?.view as CandlesView | undefined,
        },
      },
      {
        frameMs: options.frameMs ?? 16,
        log: this.log,
        audit: (r) => this.audit.record({ ...r, profile: this.journal?.profile ?? 'starting' }),
      },
    )
  }

  private get venue(): VenueKind {
    return this.profile?.kind ?? 'simulator'
  }

  private link(key: string, protocol: Link['protocol'], channel: string): Link {
    let l = this.links.get(key)
    if (!l) {
      l = {
        protocol,
        channel,
        state: 'offline',
        detail: 'Not started',
        latencyMs: null,
        reconnects: 0,
        since: Date.now(),
      }
      this.links.set(key, l)
    }
    return l
  }

  private setLink(key: string, state: LinkState, detail: string, extra: Partial<Link> = {}): void {
    const l = this.links.get(key)!
    if (l.state !== state) l.since = Date.now()
    Object.assign(l, { state, detail }, extra)
    this.hub.publish('connections', 'all')
  }

  async start(): Promise<void> {
    let profile = this.options.profile
    const chosen = profile ? (profile.id ?? 'custom') : this.profiles.active
    this.profiles.setCurrent(chosen)
    void this.profiles.probe().catch((e: unknown) => this.log(`secrets: ${(e as Error).message}`))
    if (!profile && chosen !== BUILTIN_PROFILE)
      profile = await this.profiles.resolve(chosen, mkdtempSync(join(tmpdir(), 'trident-session-')))
    let journalKey = chosen
    if (!profile) {
      // the built-in exchange starts empty every launch: its orders from earlier launches are history
      journalKey = `${BUILTIN_PROFILE}@${new Date().toISOString()}`
      let ep: Awaited<ReturnType<SimExchange['start']>>
      let cred: { apiKey: string; apiSecret: string }
      if (this.options.simThread === 'worker') {
        this.simWorker = new SimWorker(this.options.sim ?? {})
        ep = await this.simWorker.start()
        cred = this.simWorker.credentials[0]!
      } else {
        this.sim = new SimExchange(this.options.sim)
        ep = await this.sim.start()
        cred = this.sim.credentials[0]!
      }
      this.log(`built-in exchange: REST ${ep.rest}, WS ${ep.wsPublic}, FIX ${ep.fix.host}:${ep.fix.port}`)
      profile = {
        kind: 'simulator',
        rest: ep.rest,
        wsPublic: ep.wsPublic,
        wsPrivate: ep.wsPrivate,
        wsL3: ep.wsL3,
        fix: { host: ep.fix.host, port: ep.fix.port, senderCompId: 'TRIDENT' },
        credentials: { apiKey: cred.apiKey, apiSecret: cred.apiSecret },
        tier: this.options.sim?.tier ?? 'intermediate',
        // the built-in exchange starts fresh every launch, so must our session state with it
        dataDir: mkdtempSync(join(tmpdir(), 'trident-sim-session-')),
      }
    }
    this.profile = profile
    this.journal = new OrderJournal(this.db, journalKey)
    for (const o of this.journal.loadOrders()) {
      this.tracker.adopt(o)
      if (!isTerminal(o.state)) this.restoredWorking.add(o.clOrdId)
    }
    this.restoredFills = this.tracker.fillCount()
    if (this.tracker.all().length) {
      this.log(
        `journal: ${this.tracker.all().length} orders restored, ${this.restoredWorking.size} to reconcile`,
      )
      this.trading.onRestored()
    }
    this.governor = new RateGovernor(profile.tier, Date.now)
    // the venue's counters survived our restart; so do ours (they decay for the time we were away)
    const governorKey = `governor:${journalKey}`
    const savedGovernor = this.settings.get<GovernorSnapshot>(governorKey)
    if (savedGovernor) this.governor.restore(savedGovernor)
    const saveGovernor = () => this.settings.set(governorKey, this.governor!.snapshot())
    const nonces = profile.credentials ? new NonceSource(join(profile.dataDir, 'rest.nonce')) : undefined
    const restOpts: ConstructorParameters<typeof KrakenRestClient>[0] = {
      baseUrl: profile.rest,
      governor: this.governor,
    }
    if (profile.credentials && nonces) {
      restOpts.credentials = profile.credentials
      restOpts.nonces = nonces
    }
    this.rest = new KrakenRestClient(restOpts)

    this.link('ws-public', 'ws', 'public')
    this.wsPublic = new KrakenWsPublicClient({
      url: profile.wsPublic,
      depth: 25,
      onBook: (symbol, state) => this.onBook(symbol, state),
      onLink: (info: LinkInfo) =>
        this.setLink('ws-public', info.state, info.detail, {
          latencyMs: info.latencyMs,
          reconnects: info.reconnects,
        }),
      onProtocolError: (e) => this.log(`ws public: ${e.message}`),
    })
    this.wsPublic.start()
    // alerts from the last launch and positions from the journal: their books, from the start
    this.followBooks(this.trading.bookInterest())
    this.tradingReady = this.startTrading(profile).catch((e: unknown) =>
      this.log(`trading links: ${(e as Error).message}`),
    )
    const t = setInterval(() => {
      this.hub.publish('rateLimits', 'all')
      // heartbeat ages move every second even when no link changes state
      this.hub.publish('connections', 'all')
      saveGovernor()
    }, 1000)
    t.unref()
    this.timers.push(t)
  }

  /** REST reference data, then the private links; failures show on the connections panel. */
  private async startTrading(profile: VenueProfile): Promise<void> {
    this.link('rest', 'rest', 'api')
    try {
      const t0 = performance.now()
      const [pairs, assets] = await Promise.all([
        this.rest!.public<Record<string, AssetPairJson>>('AssetPairs'),
        this.rest!.public<Record<string, AssetJson>>('Assets'),
      ])
      this.registry = InstrumentRegistry.fromKraken(pairs, assets)
      this.settings.saveInstruments(this.profiles.current, pairs, assets)
      this.setLink('rest', 'online', `${this.registry.all.length} instruments`, {
        latencyMs: Math.round((performance.now() - t0) / 2),
      })
    } catch (e) {
      const cached = this.settings.instruments(this.profiles.current)
      if (!cached) {
        this.setLink('rest', 'error', `Reference data unavailable: ${(e as Error).message}`)
        return
      }
      // REST is down but we know the instruments from the last start: trade on, and say so
      this.registry = InstrumentRegistry.fromKraken(
        cached.pairs as Record<string, AssetPairJson>,
        cached.assets as Record<string, AssetJson>,
      )
      this.setLink(
        'rest',
        'error',
        `REST unavailable (${(e as Error).message}); instruments from ${new Date(cached.fetchedAt).toISOString()}`,
      )
    }
    if (!profile.credentials) {
      this.setLink('rest', 'online', 'Public data only: no API key in this profile')
      return
    }
    this.link('ws-private', 'ws', 'private')
    this.wsPrivate = new KrakenWsPrivateClient({
      url: profile.wsPrivate,
      getToken: () => this.wsToken(),
      onExecution: (e, snapshot) => this.execution?.handleWsExecution(e, snapshot),
      onBalance: (entries) => this.trading.onBalances(entries),
      onState: (state, detail) =>
        this.setLink('ws-private', state, detail, { reconnects: this.wsPrivate?.reconnects ?? 0 }),
      // latency probe (npm run bench): when the order's bytes reached the socket, on stdout
      ...(process.env.TRIDENT_WIRE_PROBE
        ? {
            onSent: (method: string, params: Record<string, unknown>) => {
              if (method === 'add_order')
                process.stdout.write(
                  `PROBE wire ${String(params.cl_ord_id)} ${(performance.timeOrigin + performance.now()).toFixed(3)}\n`,
                )
            },
          }
        : {}),
      onResubscribed: (again) => {
        if (again)
          void this.execution
            ?.reconcile()
            .catch((e: unknown) => this.log(`reconcile: ${(e as Error).message}`))
      },
      log: (l) => this.log(l),
    })
    if (profile.fix) {
      this.link('fix', 'fix', 'trading')
      this.fix = new KrakenFixClient({
        host: profile.fix.host,
        port: profile.fix.port,
        senderCompId: profile.fix.senderCompId,
        targetCompId: profile.fix.targetCompId ?? 'KRAKEN-TRD',
        credentials: profile.fixCredentials ?? profile.credentials,
        sentStore: new FixSessionJournal(
          this.db,
          this.journal!.profile,
          `${profile.fix.senderCompId}->${profile.fix.targetCompId ?? 'KRAKEN-TRD'}`,
        ),
        cancelOnDisconnect: profile.cancelOnDisconnect ?? true,
        dataDir: profile.dataDir,
        onState: (state, detail) => {
          this.setLink('fix', state, detail, {
            reconnects: this.fix?.reconnects ?? 0,
            seq: () => this.fix?.seqNums ?? null,
          })
          if (state === 'online') this.fix?.requestInstruments(`il-${Date.now()}`)
        },
        onMessage: (m) => {
          if (m.type === 'y' && this.registry) {
            this.registry = this.registry.withFixSymbols(m.all(55))
            this.fixSymbolsKnown = true
            this.execution?.setRegistry(this.registry)
          }
          this.execution?.handleFixMessage(m)
        },
        log: (l) => {
          if (!l.startsWith('rx ') && !l.startsWith('tx ')) this.log(l)
        },
      })
    }
    this.execution = new KrakenExecutionClient({
      registry: this.registry,
      rest: this.rest!,
      ws: this.wsPrivate,
      fix: this.fix,
      tracker: this.tracker,
      router: new OrderRouter(),
      governor: this.governor!,
      onNotice: (text) => this.trading.notice('info', text),
      onOrder: (o) => {
        // journaled first: an order is on disk before its bytes leave (place calls this before sending)
        this.journal!.saveOrder(o)
        this.trading.onOrder(o)
      },
      onEvent: (ref, e, changed) => this.journal!.recordEvent(ref, e, changed),
      fixReady: () => this.fixSymbolsKnown,
      ...(process.env.TRIDENT_TEST_CRASH_AT
        ? { crashPoint: crashPoint(process.env.TRIDENT_TEST_CRASH_AT) }
        : {}),
      log: (l) => this.log(l),
    })
    if (profile.wsL3) {
      this.wsL3 = new KrakenWsPrivateClient({
        url: profile.wsL3,
        mode: 'level3',
        getToken: () => this.wsToken(),
        onExecution: () => {},
        onLevel3: (type, entry) => this.level3.onMessage(type, entry),
        log: (l) => this.log(l),
      })
      this.wsL3.start()
    }
    this.wsPrivate.start()
    await this.fix?.start()
    if (this.tracker.all().length > 0) {
      const before = this.restoredFills
      const r = await recoverAfterRestart({
        execution: this.execution,
        ws: this.wsPrivate,
        fix: this.fix,
        restored: this.restoredWorking,
        log: (l) => this.log(l),
      })
      // fills that arrived since the journal was read, by whichever protocol brought them
      this.trading.onRecovered({ ...r, fills: this.tracker.fillCount() - before })
    }
  }

  /** A WS token from REST; a refused key is said on the profile, not only on the link. */
  private async wsToken(): Promise<string> {
    try {
      return (await this.rest!.private<{ token: string }>('GetWebSocketsToken')).token
    } catch (e) {
      if (e instanceof KrakenApiError && e.isAuth)
        this.profiles.noteStatus(this.profiles.current, false, explainKeyError(e))
      throw e
    }
  }

  async stop(): Promise<void> {
    // first: windows that close from here on are the app quitting, not the trader closing them
    this.workspace.stop()
    for (const t of this.timers) clearInterval(t)
    if (this.governor && this.journal)
      this.settings.set(`governor:${this.journal.profile}`, this.governor.snapshot())
    this.trading.stop()
    if (this.topTimer) clearTimeout(this.topTimer)
    this.wsPublic?.stop()
    this.wsPrivate?.stop()
    this.wsL3?.stop()
    await this.fix?.stop()
    await this.sim?.stop()
    await this.simWorker?.stop()
    this.db.close()
  }

  attach(transport: SessionTransport): ReturnType<StreamHub['openSession']> {
    return this.hub.openSession(transport)
  }

  private info(): AppInfo {
    const symbols = this.registry?.all.map((i) => i.id) ?? this.wsPublic?.symbols ?? []
    return {
      name: 'Trident',
      version: this.options.version,
      host: this.options.host,
      venue: this.venue,
      symbols,
      instruments: (this.registry?.all ?? []).map((i) => ({
        symbol: i.id,
        base: i.base,
        quote: i.quote,
        tickSize: i.tickSize,
        ordermin: i.ordermin,
        costmin: i.costmin,
        pricePrecision: i.pricePrecision,
        qtyPrecision: i.qtyPrecision,
      })),
    }
  }

  /** Reference-counted: the venue subscription lives while any window shows the book. */
  private acquireBook(symbol: string): { key: string; release: () => void } {
    const known = this.wsPublic?.symbols ?? []
    if (known.length > 0 && !known.includes(symbol)) throw new RefusedError(`Unknown instrument ${symbol}`)
    const refs = (this.bookRefs.get(symbol) ?? 0) + 1
    this.bookRefs.set(symbol, refs)
    if (refs === 1) this.wsPublic?.watchBook(symbol)
    return {
      key: symbol,
      release: releaseOnce(() => {
        const left = (this.bookRefs.get(symbol) ?? 1) - 1
        if (left > 0) {
          this.bookRefs.set(symbol, left)
          return
        }
        this.bookRefs.delete(symbol)
        this.bookViews.delete(symbol)
        this.bookChanged.delete(symbol)
        this.wsPublic?.unwatchBook(symbol)
      }),
    }
  }

  private acquireFeed(
    channel: 'trade' | 'ohlc',
    symbol: string,
    params: { interval?: number },
  ): { key: string; release: () => void } {
    const ws = this.wsPublic
    if (!ws) throw new RefusedError('Market data is not connected yet')
    const known = ws.symbols
    if (known.length > 0 && !known.includes(symbol)) throw new RefusedError(`Unknown instrument ${symbol}`)
    const key = `${channel}:${symbol}:${params.interval ?? ''}`
    let feed = this.feeds.get(key)
    if (!feed) {
      const view: TradesView | CandlesView =
        channel === 'trade' ? { symbol, trades: [] } : { symbol, interval: params.interval ?? 1, candles: [] }
      const stop =
        channel === 'trade'
          ? ws.watch('trade', symbol, (entries) => {
              const v = view as TradesView
              for (const e of entries) {
                v.trades.unshift({
                  id: String(e.trade_id),
                  price: String(e.price),
                  qty: String(e.qty),
                  side: e.side === 'sell' ? 'sell' : 'buy',
                  time: Date.parse(String(e.timestamp)),
                })
              }
              if (v.trades.length > 100) v.trades.length = 100
              this.hub.publish('trades', key)
            })
          : ws.watch(
              'ohlc',
              symbol,
              (entries, snapshot) => {
                const v = view as CandlesView
                if (snapshot) v.candles = []
                for (const e of entries) {
                  const c = {
                    time: Math.floor(Date.parse(String(e.interval_begin)) / 1000),
                    open: String(e.open),
                    high: String(e.high),
                    low: String(e.low),
                    close: String(e.close),
                    volume: String(e.volume),
                  }
                  const last = v.candles.at(-1)
                  if (last && last.time === c.time) v.candles[v.candles.length - 1] = c
                  else if (!last || c.time > last.time) v.candles.push(c)
                }
                if (v.candles.length > 300) v.candles.splice(0, v.candles.length - 300)
                this.hub.publish('candles', key)
              },
              { interval: params.interval ?? 1 },
            )
      feed = { refs: 0, stop, view }
      this.feeds.set(key, feed)
    }
    feed.refs++
    return {
      key,
      release: releaseOnce(() => {
        const f = this.feeds.get(key)
        if (!f || --f.refs > 0) return
        f.stop()
        this.feeds.delete(key)
      }),
    }
  }

  /**
   * Every book change is pushed at once (the hub keeps pushes >= 4 ms apart): the renderer paints
   * once per frame anyway, and waiting for a frame timer here added up to 16 ms to each depth
   * change (measured with `npm run bench`). The view is built when the hub reads it, not per
   * message: at 5,000 messages/s most are superseded before a push.
   */
  private onBook(symbol: string, state: BookState): void {
    if (!this.bookRefs.has(symbol)) return
    this.bookChanged.set(symbol, { state, at: Date.now() })
    this.hub.publish('book', symbol, true)
    if (this.followed.has(symbol)) this.topMaybeChanged(symbol)
  }

  /** the books main holds for alerts and positions (symbol → release), whatever windows show */
  private readonly followed = new Map<string, () => void>()
  /** followed books changed since the last top-of-book check, and the top each was checked at */
  private readonly topDirty = new Set<string>()
  private readonly lastTop = new Map<string, string>()
  private topTimer: NodeJS.Timeout | null = null

  /**
   * Hold a book subscription of main's own for every instrument the trading service must follow
   * (alerts waiting, positions held): a book's subscription otherwise lives only while a window
   * shows it, and alerts then never fired and marks froze (seen on main).
   */
  private followBooks(symbols: ReadonlySet<string>): void {
    if (!this.wsPublic) return // start() follows them once market data exists
    for (const [s, release] of this.followed)
      if (!symbols.has(s)) {
        this.followed.delete(s)
        this.lastTop.delete(s)
        release()
      }
    for (const s of symbols) {
      if (this.followed.has(s)) continue
      try {
        this.followed.set(s, this.acquireBook(s).release)
        // a book already live (a window shows it) is checked now, not at its next change
        this.topMaybeChanged(s)
      } catch (e) {
        this.log(`cannot follow the ${s} book for alerts and marks: ${(e as Error).message}`)
      }
    }
  }

  /**
   * Coalesced to the frame pace: at thousands of book messages a second, the top of the book is
   * read at most once a frame per instrument, and the trading service hears only real changes.
   */
  private topMaybeChanged(symbol: string): void {
    this.topDirty.add(symbol)
    if (this.topTimer) return
    this.topTimer = setTimeout(() => {
      this.topTimer = null
      for (const s of this.topDirty) {
        if (!this.followed.has(s)) continue
        const t = this.touch(s)
        if (!t.bid && !t.ask) continue
        const key = `${t.bid}|${t.ask}`
        if (this.lastTop.get(s) === key) continue
        this.lastTop.set(s, key)
        this.trading.onTopOfBook(s)
      }
      this.topDirty.clear()
    }, this.options.frameMs ?? 16)
    this.topTimer.unref()
  }

  /** Best bid and offer of a live book, exact decimal text. */
  private touch(symbol: string): { bid: string | null; ask: string | null } {
    const v = this.wsPublic?.bookState(symbol)?.engine?.view(1)
    return { bid: v?.bids[0]?.[0] ?? null, ask: v?.asks[0]?.[0] ?? null }
  }

  private bookView(symbol: string): BookView | undefined {
    const changed = this.bookChanged.get(symbol)
    if (!changed) return this.bookViews.get(symbol)
    this.bookChanged.delete(symbol)
    const { state, at } = changed
    const inst = state.instrument
    const prev = this.bookViews.get(symbol)
    const levels = state.engine?.view(BOOK_VIEW_LEVELS) ?? { bids: prev?.bids ?? [], asks: prev?.asks ?? [] }
    const view: BookView = {
      symbol,
      bids: levels.bids,
      asks: levels.asks,
      tickSize: inst?.tickSize ?? '0',
      pricePrecision: inst?.pricePrecision ?? 0,
      qtyPrecision: inst?.qtyPrecision ?? 0,
      status: state.status,
      updates: state.engine?.updatesSinceSnapshot ?? 0,
      checksumFailures: state.checksumFailures,
      updatedAt: at,
      ...(state.venueTime ? { venueTime: state.venueTime } : {}),
    }
    this.bookViews.set(symbol, view)
    return view
  }

  /** Mid of the touch as exact decimal text, from the live book, or null. */
  private mid(symbol: string): string | null {
    const st = this.wsPublic?.bookState(symbol)
    const v = st?.engine?.view(1)
    const bid = v?.bids[0]?.[0]
    const ask = v?.asks[0]?.[0]
    if (!bid || !ask || !st?.instrument) return bid ?? ask ?? null
    const pp = st.instrument.pricePrecision
    const u = (x: string) => BigInt(x.replace('.', ''))
    const sum = u(bid) + u(ask)
    // one extra decimal keeps the half tick exact
    const s = (sum * 5n).toString().padStart(pp + 2, '0')
    return `${s.slice(0, s.length - pp - 1)}.${s.slice(s.length - pp - 1)}`
  }

  connections(): ConnectionsView {
    const order = ['rest', 'ws-public', 'ws-private', 'fix']
    return {
      venue: this.venue,
      links: order
        .filter((k) => this.links.has(k))
        .map((k) => {
          const l = this.links.get(k)!
          const seq = l.seq?.()
          const heard = this.lastHeard(k)
          const view: ConnectionView = {
            lastHeardAt: heard > 0 ? heard : null,
            // Kraken WS v2 heartbeats every second; our FIX logon asks for 30 s
            heartbeatMs: k === 'rest' ? null : k === 'fix' ? 30_000 : 1_000,
            protocol: l.protocol,
            channel: l.channel,
            state: l.state,
            detail: l.detail,
            latencyMs: l.latencyMs,
            reconnects: l.reconnects,
            since: l.since,
          }
          if (seq) {
            view.seqOut = seq.nextOut
            view.seqIn = seq.lastIn
          }
          return view
        }),
    }
  }

  private lastHeard(link: string): number {
    if (link === 'rest') return this.rest?.lastHeardAt ?? 0
    if (link === 'ws-public') return this.wsPublic?.lastHeardAt ?? 0
    if (link === 'ws-private') return this.wsPrivate?.lastHeardAt ?? 0
    if (link === 'fix') return this.fix?.lastHeardAt ?? 0
    return 0
  }

  private rateLimits(): RateLimitsView {
    const load = this.governor?.load() ?? { rest: { level: 0, max: 0 }, trading: [] }
    return { tier: this.profile?.tier ?? 'intermediate', rest: load.rest, trading: load.trading }
  }
}

/**
 * Fault injection for the crash-recovery tests only (TRIDENT_TEST_CRASH_AT=point[:nth]): the
 * process kills itself with SIGKILL at that point of an order's life, as a crash would.
 */
function crashPoint(spec: string): (point: string) => void {
  const [at, nth] = spec.split(':')
  let left = Number(nth ?? '1')
  return (point) => {
    if (point === at && --left === 0) process.kill(process.pid, 'SIGKILL')
  }
}
