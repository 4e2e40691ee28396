import { join } from 'node:path'
import type { ConnectionsView, HostKind } from '../../src-preload/contract/types'
import type { KeymapStore } from '../features/keymap/KeymapStore'
import type { ProfileService } from '../features/profiles/ProfileService'
import type { WorkspaceService } from '../features/workspace/WorkspaceService'
import type { OrderTracker } from '../core/orders/OrderTracker'
import { HostChannel } from '../ipc/HostChannel'
import { StreamHub, type SessionTransport } from '../ipc/StreamHub'
import type { VenueProfile } from '../kraken/VenueProfile'
import type { SimExchangeOptions } from '../sim/SimExchange'
import type { SecretStore } from '../secrets/SecretStore'
import { AuditLog } from '../store/AuditLog'
import { SettingsRepo } from '../store/SettingsRepo'
import type { Db } from '../store/TridentDb'
import { closeStore, openStore } from '../store/openStore'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildFeatures, type Features } from './features'
import type { TradingDesk } from '../features/trading/TradingDesk'
import { VenueSession } from './VenueSession'

export type { VenueProfile }

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
  /** the app's data folder (trident.db, session state); absent: in memory, this session only */
  dataDir?: string
  /** where profile secrets live (the host's OS keychain); absent: memory, this session only */
  secrets?: SecretStore
  /** hosts with windows: FIX starts once a window shows its first book, or after this many ms */
  fixAfterFirstBookMs?: number
  /** finished orders the tracker keeps before it forgets (and the journal folds) the oldest; tests set it small */
  finishedKept?: number
}

/**
 * The composition root, free of Electron: opens the database, builds the hub and the features
 * (`buildFeatures`: each registers its own commands and topics), and opens a venue session on
 * start. Nothing here handles a command. Both hosts (Electron, loopback) construct exactly this.
 */
export class TridentCore {
  readonly db: Db
  readonly settings: SettingsRepo
  readonly audit: AuditLog
  readonly hub: StreamHub
  readonly tracker: OrderTracker
  readonly trading: TradingDesk
  readonly keymap: KeymapStore
  readonly profiles: ProfileService
  readonly workspace: WorkspaceService
  private readonly features: Features
  private readonly log: (msg: string) => void
  private session: VenueSession | null = null
  private opening: Promise<VenueSession> | null = null
  private stopped = false
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly options: TridentCoreOptions) {
    const log = (this.log = options.log ?? (() => {}))
    const frameMs = options.frameMs ?? 16
    this.db = openStore(options.dataDir ? join(options.dataDir, 'trident.db') : ':memory:', log)
    this.settings = new SettingsRepo(this.db)
    this.audit = new AuditLog(this.db)
    const audit = this.audit
    this.hub = new StreamHub(
      {},
      {},
      {
        frameMs,
        log,
        audit: (r) => audit.record({ ...r, profile: this.journal?.profile ?? 'starting' }),
      },
    )
    const { db, settings, hub } = this
    const { version, host, secrets } = options
    const dataDir = options.dataDir ?? null
    const session = () => this.session
    const { finishedKept } = options
    const c = { hub, db, settings, version, host, dataDir, secrets, frameMs, log, session, finishedKept }
    this.features = buildFeatures(c)
    ;({ tracker: this.tracker, trading: this.trading, keymap: this.keymap } = this.features)
    ;({ profiles: this.profiles, workspace: this.workspace } = this.features)
  }

  async start(): Promise<void> {
    const { profile, sim, simThread } = this.options
    const { db, settings, log } = this
    const { profiles, tracker, trading, links, books, followed, level3, derivatives } = this.features
    const deps = {
      derivatives,
      profile,
      sim,
      simThread,
      db,
      settings,
      profiles,
      tracker,
      trading,
      links,
      books,
      followed,
      level3,
      log,
      beforeFix: afterFirstBook(this.hub, this.options.fixAfterFirstBookMs),
    }
    this.opening = VenueSession.open(deps)
    this.session = await this.opening
    // stopped while the session opened: stop() has waited for it and stops it; nothing more to start
    if (this.stopped) return
    // alerts from the last launch and positions from the journal: their books, from the start
    followed.follow(trading.bookInterest())
    void this.session.trading.ready.then(() => this.stopped || this.features.margin.start())
    this.timer = setInterval(() => {
      this.hub.publish('rateLimits', 'all')
      // heartbeat ages move every second even when no link changes state
      this.hub.publish('connections', 'all')
      this.session?.tick()
    }, 1000)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    // first: windows that close from here on are the app quitting, not the trader closing them
    this.workspace.stop()
    if (this.timer) clearInterval(this.timer)
    this.trading.stop()
    this.features.margin.stop()
    // a recording's open file is closed whole, not left to its last one-second flush
    await this.features.recording.stop().catch(() => null)
    this.features.followed.stop()
    // a session still opening (the built-in exchange may already listen) is stopped once it is open
    await this.opening?.catch(() => null)
    await this.session?.stop()
    closeStore(this.db)
  }

  attach(transport: SessionTransport): ReturnType<StreamHub['openSession']> {
    return this.hub.openSession(transport)
  }

  /** The host's menu and tray speak the contract too: validated and audited under the host's name. */
  hostChannel(who: string): HostChannel {
    return new HostChannel(this.hub, who)
  }

  connections(): ConnectionsView {
    return this.features.links.view()
  }

  // What the venue session holds, for the hosts and tests that look inside (null before start).
  get profile() {
    return this.session?.profile ?? null
  }
  get journal() {
    return this.session?.journal ?? null
  }
  get governor() {
    return this.session?.governor ?? null
  }
  get sim() {
    return this.session?.sim ?? null
  }
  get simWorker() {
    return this.session?.simWorker ?? null
  }
  get rest() {
    return this.session?.rest ?? null
  }
  get wsPublic() {
    return this.session?.wsPublic ?? null
  }
  get wsPrivate() {
    return this.session?.trading.wsPrivate ?? null
  }
  get wsL3() {
    return this.session?.trading.wsL3 ?? null
  }
  get fix() {
    return this.session?.trading.fix ?? null
  }
  get execution() {
    return this.session?.trading.execution ?? null
  }
  get tradingReady(): Promise<void> {
    return this.session?.trading.ready ?? Promise.resolve()
  }
}

/** FIX after a window's first book, and 300 ms for the page to mount and paint it (it comes first). */
const afterFirstBook = (hub: StreamHub, maxMs?: number) =>
  maxMs === undefined ? undefined : () => hub.firstDelivered('book', maxMs).then(() => sleep(300))
