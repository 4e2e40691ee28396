import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isTerminal, type OrderTracker } from '../core/orders/OrderTracker'
import { RateGovernor, type GovernorSnapshot } from '../core/risk/RateGovernor'
import type { LinkBoard } from '../features/connections/LinkBoard'
import type { BookViews } from '../features/marketData/BookViews'
import type { FollowedBooks } from '../features/marketData/FollowedBooks'
import type { Level3Books } from '../features/marketData/Level3Books'
import { BUILTIN_PROFILE, type ProfileService } from '../features/profiles/ProfileService'
import { KrakenRestClient } from '../kraken/rest/KrakenRestClient'
import { NonceSource } from '../kraken/rest/NonceSource'
import type { VenueProfile } from '../kraken/VenueProfile'
import { KrakenWsPublicClient, type LinkInfo } from '../kraken/ws/KrakenWsPublicClient'
import { SimExchange, type SimExchangeOptions } from '../sim/SimExchange'
import { discardPrewarmedSimWorker, SimWorker } from '../sim/SimWorker'
import { OrderJournal } from '../store/OrderJournal'
import type { SettingsRepo } from '../store/SettingsRepo'
import type { Db } from '../store/TridentDb'
import type { TradingDesk } from '../features/trading/TradingDesk'
import type { ReplayDriver, ReplayHandle } from '../features/replay/ReplayService'
import type { ReplaySpec } from '../../src-domain/profiles'
import type { DerivativesDesk } from '../features/derivatives/DerivativesDesk'
import type { LinkKey } from '../features/connections/LinkBoard'
import { openDerivativesMarket } from './DerivativesLinks'
import { MarketFeeds } from './MarketFeeds'
import { restorePositionBase } from './positionBase'
import { TradingLinks } from './TradingLinks'

export interface VenueSessionDeps {
  profile?: VenueProfile
  sim?: SimExchangeOptions
  simThread?: 'main' | 'worker'
  db: Db
  settings: SettingsRepo
  profiles: ProfileService
  tracker: OrderTracker
  trading: TradingDesk
  links: LinkBoard
  books: BookViews
  followed: FollowedBooks
  level3: Level3Books
  /** derivatives positions, margin and funding (the Unified WS feeds it) */
  derivatives: DerivativesDesk
  /** what FIX waits for before it starts (see TridentCoreOptions.fixAfterFirstBookMs) */
  beforeFix?: () => Promise<void>
  log: (msg: string) => void
}

/**
 * One trading session with one venue, from start to stop: picks the profile (or starts the
 * built-in exchange), restores its journal and rate counters, opens market data at once and
 * the trading links behind it (`TradingLinks`). Everything here exists for the whole session.
 */
export class VenueSession {
  private constructor(
    readonly profile: VenueProfile,
    readonly journal: OrderJournal,
    readonly governor: RateGovernor,
    readonly rest: KrakenRestClient,
    readonly wsPublic: KrakenWsPublicClient,
    /** spot pairs and derivatives contracts behind one feed (the market-data features read this) */
    readonly market: MarketFeeds,
    readonly trading: TradingLinks,
    readonly sim: SimExchange | null,
    readonly simWorker: SimWorker | null,
    private readonly saveGovernor: () => void,
    /** the replay clock of a replay profile (practice mode); null on every other profile */
    readonly replay: ReplayHandle | null,
  ) {}

  static async open(d: VenueSessionDeps): Promise<VenueSession> {
    let profile = d.profile
    const chosen = profile ? (profile.id ?? 'custom') : d.profiles.active
    d.profiles.setCurrent(chosen)
    void d.profiles.probe().catch((e: unknown) => d.log(`secrets: ${(e as Error).message}`))
    // a replay profile is the built-in exchange (replaying): no venue profile to resolve
    if (!profile && chosen !== BUILTIN_PROFILE && !d.profiles.isReplay(chosen))
      profile = await d.profiles.resolve(chosen, mkdtempSync(join(tmpdir(), 'trident-session-')))
    // a thread the host booted early for the built-in exchange: not needed by a venue profile
    if (profile || d.simThread !== 'worker') discardPrewarmedSimWorker()
    let journalKey = chosen
    let sim: SimExchange | null = null
    let simWorker: SimWorker | null = null
    let replay: ReplayHandle | null = null
    if (!profile) {
      let spec = replaySpecOf(d, chosen)
      // a replay profile: the same exchange, its recorded symbols following the recording
      const options: SimExchangeOptions = spec ? { ...d.sim, replay: replayOptions(spec) } : (d.sim ?? {})
      let started: StartedExchange
      try {
        started = await startExchange(d, options)
      } catch (e) {
        if (!spec) throw e
        // a recording that cannot be replayed (corrupt, nothing to replay) must not keep the app
        // from starting: the plain built-in exchange starts, and the profile says why
        const why = (e as Error).message
        d.log(`replay profile ${chosen}: ${why}; starting the built-in exchange without it`)
        d.profiles.noteStatus(chosen, false, `Its recording cannot be replayed (${why}): started without it`)
        d.profiles.setCurrent(BUILTIN_PROFILE)
        spec = null
        started = await startExchange(d, d.sim ?? {})
      }
      ;({ sim, simWorker } = started)
      const { ep, cred } = started
      // the built-in exchange starts empty every launch: its orders from earlier launches are history
      journalKey = `${spec ? chosen : BUILTIN_PROFILE}@${new Date().toISOString()}`
      const driver = sim?.replay ? inProcess(sim.replay) : simWorker && spec ? onWorker(simWorker) : null
      if (spec && driver) replay = { recording: spec.recording, driver }
      d.log(
        `built-in exchange${spec ? ` replaying ${spec.recording}` : ''}: REST ${ep.rest}, WS ${ep.wsPublic}, FIX ${ep.fix.host}:${ep.fix.port}`,
      )
      profile = {
        kind: 'simulator',
        rest: ep.rest,
        wsPublic: ep.wsPublic,
        wsPrivate: ep.wsPrivate,
        wsL3: ep.wsL3,
        fix: { host: ep.fix.host, port: ep.fix.port, senderCompId: 'TRIDENT' },
        ...(ep.uwsPublic ? { uwsPublic: ep.uwsPublic, uwsPrivate: ep.uwsPrivate } : {}),
        ...(ep.fixDerivatives
          ? {
              fixDerivatives: {
                host: ep.fixDerivatives.host,
                port: ep.fixDerivatives.port,
                senderCompId: 'TRIDENT_DRV',
              },
            }
          : {}),
        credentials: { apiKey: cred.apiKey, apiSecret: cred.apiSecret },
        tier: d.sim?.tier ?? 'intermediate',
        // the built-in exchange starts fresh every launch, so must our session state with it
        dataDir: mkdtempSync(join(tmpdir(), 'trident-sim-session-')),
      }
    }
    try {
      return VenueSession.connect(d, profile, journalKey, sim, simWorker, replay)
    } catch (e) {
      // a session that fails to open leaves no exchange listening behind it
      await sim?.stop()
      await simWorker?.stop()
      throw e
    }
  }

  /** The journal, the rate counters, REST and market data, then the trading links behind them. */
  private static connect(
    d: VenueSessionDeps,
    profile: VenueProfile,
    journalKey: string,
    sim: SimExchange | null,
    simWorker: SimWorker | null,
    replay: ReplayHandle | null,
  ): VenueSession {
    const journal = new OrderJournal(d.db, journalKey)
    const restored = new Set<string>()
    // the base first (finished orders folded into it), then the orders not folded on top of it
    restorePositionBase(journal, d.trading.positions, d.trading.notices)
    for (const o of journal.loadOrders()) {
      d.tracker.adopt(o)
      if (!isTerminal(o.state)) restored.add(o.clOrdId)
    }
    const restoredFills = d.tracker.fillCount()
    if (d.tracker.all().length) {
      d.log(`journal: ${d.tracker.all().length} orders restored, ${restored.size} to reconcile`)
      d.trading.outcomes.onRestored(journal.cancelsAsked())
    }
    const governor = new RateGovernor(profile.tier, Date.now)
    // the venue's counters survived our restart; so do ours (they decay for the time we were away)
    const governorKey = `governor:${journalKey}`
    const savedGovernor = d.settings.get<GovernorSnapshot>(governorKey)
    if (savedGovernor) governor.restore(savedGovernor)
    const rest = new KrakenRestClient({
      baseUrl: profile.rest,
      governor,
      ...(profile.credentials
        ? { credentials: profile.credentials, nonces: new NonceSource(join(profile.dataDir, 'rest.nonce')) }
        : {}),
    })
    d.links.open('ws-public', 'ws', 'public')
    const wsPublic = new KrakenWsPublicClient({
      url: profile.wsPublic,
      depth: 25,
      onBook: (symbol, state) => d.books.onBook(symbol, state),
      onLink: (info: LinkInfo) =>
        d.links.set('ws-public', info.state, info.detail, {
          latencyMs: info.latencyMs,
          reconnects: info.reconnects,
        }),
      onProtocolError: (e) => d.log(`ws public: ${e.message}`),
    })
    const trading = new TradingLinks({ ...d, profile, journal, governor, rest, restored, restoredFills })
    const uws = profile.uwsPublic
      ? openDerivativesMarket({
          url: profile.uwsPublic,
          books: d.books,
          links: d.links,
          desk: d.derivatives,
          onContracts: (list) => trading.addContracts(list),
          log: d.log,
        })
      : null
    const session = new VenueSession(
      profile,
      journal,
      governor,
      rest,
      wsPublic,
      new MarketFeeds(wsPublic, uws),
      trading,
      sim,
      simWorker,
      () => d.settings.set(governorKey, governor.snapshot()),
      replay,
    )
    wsPublic.start()
    return session
  }

  /** Once a second: the rate counters are kept on disk (a restart resumes them). */
  tick(): void {
    this.saveGovernor()
  }

  lastHeard(link: LinkKey): number {
    if (link === 'rest') return this.rest.lastHeardAt
    if (link === 'ws-public') return this.wsPublic.lastHeardAt
    if (link === 'ws-private') return this.trading.wsPrivate?.lastHeardAt ?? 0
    if (link === 'uws-public') return this.market.derivatives?.lastHeardAt ?? 0
    if (link === 'uws-private') return this.trading.derivatives?.account.lastHeardAt ?? 0
    if (link === 'fix-drv') return this.trading.fixDerivatives?.lastHeardAt ?? 0
    return this.trading.fix?.lastHeardAt ?? 0
  }

  async stop(): Promise<void> {
    this.saveGovernor()
    this.wsPublic.stop()
    this.market.derivatives?.stop()
    await this.trading.stop()
    await this.sim?.stop()
    await this.simWorker?.stop()
  }
}

/**
 * The recording a replay profile replays; null on other profiles, and when the recording is gone
 * (the session then starts the plain built-in exchange, and the profiles panel says why).
 */
interface StartedExchange {
  sim: SimExchange | null
  simWorker: SimWorker | null
  ep: Awaited<ReturnType<SimExchange['start']>>
  cred: { apiKey: string; apiSecret: string }
}

/** The built-in exchange on a worker or in this thread; one that fails to start is stopped again. */
async function startExchange(d: VenueSessionDeps, options: SimExchangeOptions): Promise<StartedExchange> {
  if (d.simThread === 'worker') {
    const simWorker = new SimWorker(options)
    try {
      const ep = await simWorker.start()
      return { sim: null, simWorker, ep, cred: simWorker.credentials[0]! }
    } catch (e) {
      await simWorker.stop().catch(() => undefined)
      throw e
    }
  }
  const sim = new SimExchange(options)
  try {
    const ep = await sim.start()
    return { sim, simWorker: null, ep, cred: sim.credentials[0]! }
  } catch (e) {
    await sim.stop().catch(() => undefined)
    throw e
  }
}

function replaySpecOf(d: VenueSessionDeps, chosen: string): ReplaySpec | null {
  if (chosen === BUILTIN_PROFILE || !d.profiles.isReplay(chosen)) return null
  const spec = d.profiles.replaySpec(chosen)
  if (!spec) {
    d.log(`replay profile ${chosen}: its recording is gone; starting the built-in exchange without it`)
    d.profiles.noteStatus(chosen, false, 'Its recording is no longer on this computer: started without it')
    // what trades now is the plain built-in exchange: the profile button must not say "Replay"
    d.profiles.setCurrent(BUILTIN_PROFILE)
  }
  return spec
}

/**
 * A practice session starts paused: the replay's market waits for the trader to press play, so
 * nothing of the recording goes by while the windows are still opening.
 */
function replayOptions(spec: ReplaySpec): NonNullable<SimExchangeOptions['replay']> {
  return {
    files: spec.files,
    speed: spec.speed ?? 1,
    paused: true,
    ...(spec.startNs !== undefined ? { startNs: spec.startNs } : {}),
  }
}

/** The exchange's replay clock in this thread, as the practice feature drives it. */
function inProcess(r: NonNullable<SimExchange['replay']>): ReplayDriver {
  return {
    status: () => r.status(),
    command: (c) => r.command(c),
    onStatus: (fn) => r.onStatus(fn),
  }
}

/** The exchange's replay clock on its worker thread: the same calls, answered across the thread. */
function onWorker(w: SimWorker): ReplayDriver {
  return {
    status: async () => {
      const s = await w.replayStatus()
      if (!s) throw new Error('the built-in exchange is not replaying a recording')
      return s
    },
    command: (c) => w.replayCommand(c),
    onStatus: (fn) => w.onReplayStatus(fn),
  }
}
