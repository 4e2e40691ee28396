import { OrderTracker } from '../core/orders/OrderTracker'
import type { InstrumentRegistry } from '../core/instruments/InstrumentRegistry'
import { registerAppInfo } from '../features/appInfo/registerAppInfo'
import { registerBrackets } from '../features/brackets/registerBrackets'
import { LinkBoard } from '../features/connections/LinkBoard'
import { registerConnections } from '../features/connections/registerConnections'
import { DerivativesDesk } from '../features/derivatives/DerivativesDesk'
import { MarginPositions } from '../features/positions/MarginPositions'
import { registerDerivatives } from '../features/derivatives/registerDerivatives'
import { KeymapStore } from '../features/keymap/KeymapStore'
import { registerKeymap } from '../features/keymap/registerKeymap'
import { registerLatency } from '../features/latency/registerLatency'
import { BookViews } from '../features/marketData/BookViews'
import { FollowedBooks } from '../features/marketData/FollowedBooks'
import { Level3Books } from '../features/marketData/Level3Books'
import { registerMarketData } from '../features/marketData/registerMarketData'
import { TapeFeeds } from '../features/marketData/TapeFeeds'
import { midOf, touchOf } from '../features/marketData/touch'
import { ProfileService } from '../features/profiles/ProfileService'
import { registerProfiles } from '../features/profiles/registerProfiles'
import { registerReplay } from '../features/replay/registerReplay'
import { registerRecording } from '../features/recording/registerRecording'
import { registerTrading } from '../features/trading/registerTrading'
import { registerWorkspace } from '../features/workspace/registerWorkspace'
import { WorkspaceService } from '../features/workspace/WorkspaceService'
import { RefusedError, type StreamHub } from '../ipc/StreamHub'
import { CredentialStore } from '../secrets/CredentialStore'
import { MemorySecretStore, type SecretStore } from '../secrets/SecretStore'
import { ProfileRepo } from '../store/ProfileRepo'
import type { SettingsRepo } from '../store/SettingsRepo'
import type { Db } from '../store/TridentDb'
import type { HostKind, RateLimitsView } from '../../src-preload/contract/types'
import { TradingDesk } from '../features/trading/TradingDesk'
import type { VenueSession } from './VenueSession'

export interface FeatureContext {
  hub: StreamHub
  db: Db
  settings: SettingsRepo
  version: string
  host: HostKind
  dataDir: string | null
  secrets: SecretStore | undefined
  frameMs: number
  log: (msg: string) => void
  /** the venue session once started (features reach the venue only through it) */
  session: () => VenueSession | null
  /** the tracker's bound on finished orders kept (default FINISHED_KEPT) */
  finishedKept?: number | undefined
}

export type Features = ReturnType<typeof buildFeatures>

/**
 * Builds every feature in dependency order and lets each register its commands and topics on
 * the hub. Adding a feature is one construction and one `register…` line here.
 */
export function buildFeatures(c: FeatureContext) {
  const { hub, log, frameMs } = c
  const feed = () => c.session()?.market ?? null
  const registry = (): InstrumentRegistry | null => c.session()?.trading.registry ?? null
  const tracker = new OrderTracker(c.finishedKept)
  const books = new BookViews({
    feed,
    publish: (s) => hub.publish('book', s, true),
    onChange: (s) => followed.changed(s),
  })
  const followed: FollowedBooks = new FollowedBooks({
    live: () => c.session() !== null,
    acquire: (s) => books.acquire(s),
    touch: (s) => touchOf(feed()?.bookState(s)),
    // the wire that once went missing: a followed book's top moving checks alerts and marks
    onTop: (s) => trading.onTopOfBook(s),
    frameMs,
    log,
  })
  const trading: TradingDesk = new TradingDesk({
    execution: () => c.session()?.trading.execution ?? null,
    instrument: (s) => registry()?.resolveIfKnown(s) ?? null,
    tracker,
    mid: (s) => midOf(feed()?.bookState(s)),
    touch: (s) => touchOf(feed()?.bookState(s)),
    watchBooks: (symbols) => followed.follow(symbols),
    publish: (t) => {
      // the working-orders-only view of the orders topic changes with it
      if (t === 'orders') {
        hub.publish('orders', 'working')
        // a send changes the orders view: its wire time is read when the frame's push builds it
        hub.publish('latency', 'all')
      }
      hub.publish(t, 'all')
    },
    journal: () => c.session()?.journal ?? null,
    settings: c.settings,
    venuePosition: (s) =>
      registry()?.resolveIfKnown(s)?.assetClass === 'derivatives' ? derivatives.size(s) : null,
    marginEquity: () => derivatives.view().margin?.equity,
    marginPositions: () => margin.view(),
  })
  const margin = new MarginPositions({
    fetch: () => c.session()?.trading.openPositions() ?? null,
    symbolOf: (pair) => registry()?.resolveIfKnown(pair)?.id ?? null,
    marginTraded: () => tracker.all().some((o) => o.leverage !== undefined),
    publish: () => hub.publish('positions', 'all'),
    log,
  })
  const derivatives: DerivativesDesk = new DerivativesDesk({
    instrument: (s) => registry()?.resolveIfKnown(s) ?? null,
    liquidationWarnPct: () => trading.controls.risk.limitsFor('').liquidationWarnPct,
    setPreference: () => c.session()?.trading.derivatives?.setPreference ?? null,
    notice: (level, text) => trading.notices.notice(level, text),
    refuse: (text) => {
      trading.notices.notice('warn', text, 'refusal')
      throw new RefusedError(text)
    },
    publish: () => hub.publish('derivatives', 'all'),
  })
  const keymap = new KeymapStore(c.settings, log)
  const profiles = new ProfileService({
    repo: new ProfileRepo(c.db),
    settings: c.settings,
    credentials: new CredentialStore(c.secrets ?? new MemorySecretStore()),
    current: 'pending',
    dataDir: c.dataDir,
    publish: () => hub.publish('profiles', 'all'),
  })
  const workspace = new WorkspaceService({
    settings: c.settings,
    publish: (windowId) => hub.publish('workspace', windowId),
    isKnownSymbol: (sym) => (registry()?.has(sym) ?? false) || (feed()?.symbols ?? []).includes(sym),
    log,
  })
  const level3 = new Level3Books({
    client: () => c.session()?.trading.wsL3 ?? null,
    precision: (s) => registry()?.resolveIfKnown(s) ?? null,
    isMine: (id) => tracker.byOrderId(id) !== undefined,
    publish: (key) => hub.publish('book.l3', key),
    log,
  })
  const venue = () => c.session()?.profile.kind ?? 'simulator'
  const links = new LinkBoard({
    venue,
    lastHeard: (l) => c.session()?.lastHeard(l) ?? 0,
    publish: () => hub.publish('connections', 'all'),
  })
  const rateLimits = (): RateLimitsView => {
    const s = c.session()
    const load = s?.governor.load() ?? { rest: { level: 0, max: 0 }, trading: [] }
    return { tier: s?.profile.tier ?? 'intermediate', rest: load.rest, trading: load.trading }
  }
  const tape = new TapeFeeds({ feed, publish: (t, k) => hub.publish(t, k) })

  registerAppInfo(hub, {
    version: c.version,
    host: c.host,
    registry,
    venue,
    feedSymbols: () => feed()?.symbols ?? [],
  })
  registerMarketData(hub, { books, level3, tape })
  registerTrading(hub, trading)
  registerDerivatives(hub, derivatives)
  registerConnections(hub, { links, rateLimits })
  registerKeymap(hub, keymap)
  registerProfiles(hub, profiles)
  registerWorkspace(hub, workspace)
  registerLatency(hub, () => c.session()?.trading.wireTimes.view())
  registerReplay(hub, { session: c.session, tracker, feed, books })
  const recording = registerRecording(
    hub,
    { dataDir: c.dataDir, session: c.session, log: c.log, keep: () => profiles.replayRecordingPaths() },
    { books, tape, level3 },
  )
  registerBrackets(hub, {
    db: c.db,
    settings: c.settings,
    trading,
    tracker,
    execution: () => c.session()?.trading.execution ?? null,
    instrument: (s) => registry()?.resolveIfKnown(s) ?? null,
    touch: (s) => touchOf(feed()?.bookState(s)),
    profile: () => c.session()?.journal.profile ?? null,
    governor: () => c.session()?.governor ?? null,
  })
  hub.assertComplete()
  return {
    tracker,
    trading,
    derivatives,
    margin,
    keymap,
    profiles,
    workspace,
    links,
    books,
    followed,
    level3,
    recording,
  }
}
