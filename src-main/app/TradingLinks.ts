import {
  InstrumentRegistry,
  type AssetJson,
  type AssetPairJson,
} from '../core/instruments/InstrumentRegistry'
import { OrderRouter } from '../core/orders/OrderRouter'
import type { OrderTracker } from '../core/orders/OrderTracker'
import type { RateGovernor } from '../core/risk/RateGovernor'
import type { LinkBoard } from '../features/connections/LinkBoard'
import type { Level3Books } from '../features/marketData/Level3Books'
import { explainKeyError, type ProfileService } from '../features/profiles/ProfileService'
import { KrakenFixClient } from '../kraken/fix/KrakenFixClient'
import { VenueExecution } from '../features/orders/VenueExecution'
import { engineMeaning, engineNote } from '../core/orders/marketStatus'
import { KrakenApiError } from '../kraken/rest/errors'
import type { KrakenRestClient } from '../kraken/rest/KrakenRestClient'
import type { VenueProfile } from '../kraken/VenueProfile'
import { KrakenWsPrivateClient } from '../kraken/ws/KrakenWsPrivateClient'
import { FixSessionJournal } from '../store/FixSessionJournal'
import type { OrderJournal } from '../store/OrderJournal'
import type { SettingsRepo } from '../store/SettingsRepo'
import type { Db } from '../store/TridentDb'
import { recoverAfterRestart } from './recovery'
import type { TradingDesk } from '../features/trading/TradingDesk'
import { WireTimes } from '../features/latency/WireTimes'
import type { Instrument } from '../core/instruments/InstrumentRegistry'
import type { DerivativesDesk } from '../features/derivatives/DerivativesDesk'
import { DerivativesAccount } from './DerivativesLinks'
import { IN_FLIGHT_MS, settleContracts, settleUnanswered } from './settleContracts'
import { openPositions } from '../kraken/rest/openPositions'
import type { VenueMarginPosition } from '../features/positions/MarginPositions'

const WIRE_PROBE = !!process.env.TRIDENT_WIRE_PROBE

export interface TradingLinksDeps {
  profile: VenueProfile
  db: Db
  settings: SettingsRepo
  profiles: ProfileService
  journal: OrderJournal
  governor: RateGovernor
  rest: KrakenRestClient
  tracker: OrderTracker
  trading: TradingDesk
  links: LinkBoard
  level3: Level3Books
  derivatives: DerivativesDesk
  /** working orders the journal restored (reconciled once the links are up) and fills counted then */
  restored: Set<string>
  restoredFills: number
  beforeFix?: () => Promise<void>
  log: (msg: string) => void
}

/**
 * The private side of a venue session: REST reference data, then WS v2 private (executions,
 * balances), FIX, level3 and the execution client, then reconciliation of what the journal
 * restored. Failures show on the connections panel; `ready` settles when all of it ran.
 */
export class TradingLinks {
  registry: InstrumentRegistry | null = null
  wsPrivate: KrakenWsPrivateClient | null = null
  wsL3: KrakenWsPrivateClient | null = null
  fix: KrakenFixClient | null = null
  /** Kraken's Unified FIX derivatives trading session, when the profile has one */
  fixDerivatives: KrakenFixClient | null = null
  execution: VenueExecution | null = null
  /** the Unified WS account (derivatives orders, positions, margin); null without one */
  derivatives: DerivativesAccount | null = null
  /** derivatives contracts the Unified WS listed (they may arrive before REST's spot pairs) */
  private contracts: Instrument[] = []
  /** when the latest orders' bytes reached the WS or FIX socket (the latency HUD's keypress-to-wire) */
  readonly wireTimes = new WireTimes()
  readonly ready: Promise<void>
  /** stop() was called: nothing more is started */
  private stopping = false
  /** the venue's FIX symbols arrived (InstrumentList): FIX may take orders */
  private fixSymbolsKnown = false

  constructor(private readonly d: TradingLinksDeps) {
    this.ready = this.start().catch((e: unknown) => d.log(`trading links: ${(e as Error).message}`))
  }

  private async start(): Promise<void> {
    const { d } = this
    if (!(await this.referenceData())) return
    if (!d.profile.credentials) {
      d.links.set('rest', 'online', 'Public data only: no API key in this profile')
      d.derivatives.setLink(false, 'Derivatives need an API key: this profile has none')
      return
    }
    if (!d.profile.uwsPrivate)
      d.derivatives.setLink(false, 'This profile offers no derivatives (no Unified WebSocket endpoint)')
    this.wsPrivate = this.privateFeed(d.profile.wsPrivate)
    if (d.profile.fix) this.fix = this.fixSession(d.profile.fix)
    if (d.profile.fixDerivatives) this.fixDerivatives = this.fixSession(d.profile.fixDerivatives, 'fix-drv')
    if (d.profile.uwsPrivate) this.derivatives = this.derivativesAccount(d.profile.uwsPrivate)
    this.execution = new VenueExecution({
      registry: this.registry!,
      rest: d.rest,
      ws: this.wsPrivate,
      fix: this.fix,
      tracker: d.tracker,
      router: new OrderRouter(),
      governor: d.governor,
      onNotice: (text) => d.trading.notices.notice('info', text),
      // the order service journals every change before anyone hears of it, a new order before its
      // bytes leave (through the send log when the journal is on disk: store/SendLog.ts)
      journal: {
        order: (o) => d.journal.saveOrder(o),
        beforeSend: (o) => d.journal.saveBeforeSend(o),
        event: (ref, e, changed) => d.journal.recordEvent(ref, e, changed),
      },
      onOrder: (o) => d.trading.outcomes.onOrder(o),
      onNew: (o) => d.trading.outcomes.onNew(o),
      knownTrades: () => d.journal.recentTradeIds(50),
      fixReady: () => this.fixSymbolsKnown,
      derivatives: () => this.derivatives?.gateways() ?? null,
      ...(process.env.TRIDENT_TEST_CRASH_AT
        ? { crashPoint: crashPoint(process.env.TRIDENT_TEST_CRASH_AT) }
        : {}),
      log: (l) => d.log(l),
    })
    if (d.profile.wsL3) {
      this.wsL3 = new KrakenWsPrivateClient({
        url: d.profile.wsL3,
        mode: 'level3',
        getToken: () => this.wsToken(),
        onExecution: () => {},
        onLevel3: (type, entry) => d.level3.onMessage(type, entry),
        log: (l) => d.log(l),
      })
      this.wsL3.start()
    }
    this.wsPrivate.start()
    // the account's executions name contracts: it starts once the registry lists them
    if (this.contracts.length) this.derivatives?.start()
    if (this.fix) {
      if (d.beforeFix) {
        d.links.set('fix', 'connecting', 'Starts once a window shows its first book')
        await d.beforeFix()
      }
      // stopped while waiting (the app quit): a session started now would outlive it
      if (this.stopping) return
      await this.fix.start()
    }
    if (this.stopping) return
    await this.fixDerivatives?.start()
    if (d.tracker.all().length > 0) {
      const r = await recoverAfterRestart({
        execution: this.execution,
        ws: this.wsPrivate,
        fix: this.fix,
        restored: d.restored,
        log: (l) => d.log(l),
      })
      // fills that arrived since the journal was read, by whichever protocol brought them
      d.trading.outcomes.onRecovered({ ...r, fills: d.tracker.fillCount() - d.restoredFills })
    }
  }

  /** Instruments from REST, or from the last start's copy when REST is down (said on the link). */
  private async referenceData(): Promise<boolean> {
    const { d } = this
    d.links.open('rest', 'rest', 'api')
    try {
      const t0 = performance.now()
      const [pairs, assets] = await Promise.all([
        d.rest.public<Record<string, AssetPairJson>>('AssetPairs'),
        d.rest.public<Record<string, AssetJson>>('Assets'),
      ])
      this.registry = InstrumentRegistry.fromKraken(pairs, assets).withContracts(this.contracts)
      d.settings.saveInstruments(d.profiles.current, pairs, assets)
      d.links.set('rest', 'online', `${this.registry.all.length} instruments`, {
        latencyMs: Math.round((performance.now() - t0) / 2),
      })
    } catch (e) {
      const cached = d.settings.instruments(d.profiles.current)
      if (!cached) {
        d.links.set('rest', 'error', `Reference data unavailable: ${(e as Error).message}`)
        return false
      }
      this.registry = InstrumentRegistry.fromKraken(
        cached.pairs as Record<string, AssetPairJson>,
        cached.assets as Record<string, AssetJson>,
      ).withContracts(this.contracts)
      d.links.set(
        'rest',
        'error',
        `REST unavailable (${(e as Error).message}); instruments from ${new Date(cached.fetchedAt).toISOString()}`,
      )
    }
    return true
  }

  private privateFeed(url: string): KrakenWsPrivateClient {
    const { d } = this
    d.links.open('ws-private', 'ws', 'private')
    const ws: KrakenWsPrivateClient = new KrakenWsPrivateClient({
      url,
      getToken: () => this.wsToken(),
      onExecution: (e, snapshot) => this.execution?.handleWsExecution(e, snapshot),
      onBalance: (entries) => d.trading.positions.onBalances(entries),
      onState: (state, detail) => d.links.set('ws-private', state, detail, { reconnects: ws.reconnects }),
      // right after an order's bytes reached the socket: for the latency HUD, and with
      // TRIDENT_WIRE_PROBE on stdout for `npm run bench`
      onSent: (method: string, params: Record<string, unknown>) => {
        if (method !== 'add_order') return
        const at = this.wireTimes.sentNow(String(params.cl_ord_id))
        if (WIRE_PROBE) process.stdout.write(`PROBE wire ${String(params.cl_ord_id)} ${at.toFixed(3)}\n`)
      },
      // Kraken says its engine state on every connect and change: a restricted state is pinned
      // (orders are refused in words meanwhile, features/orders/venueChecks), and so is its end
      onSystemStatus: (system, before) => {
        const note = engineNote(system)
        if (note) d.trading.notices.notice('warn', `${note}: ${engineMeaning(system)}`)
        else if (before !== undefined)
          d.trading.notices.notice('info', 'Kraken is online again: orders are accepted')
      },
      onResubscribed: (again) => {
        if (again)
          void this.execution?.reconcile().catch((e: unknown) => d.log(`reconcile: ${(e as Error).message}`))
      },
      log: (l) => d.log(l),
    })
    return ws
  }

  /** The spot FIX session, or (`fix-drv`) the derivatives one: same client, its own CompIDs and journal. */
  private fixSession(fix: NonNullable<VenueProfile['fix']>, key: 'fix' | 'fix-drv' = 'fix'): KrakenFixClient {
    const { d } = this
    const drv = key === 'fix-drv'
    d.links.open(key, 'fix', drv ? 'derivatives trading' : 'trading')
    const target = fix.targetCompId ?? (drv ? 'KRAKEN-DRV-TRD' : 'KRAKEN-TRD')
    const client: KrakenFixClient = new KrakenFixClient({
      host: fix.host,
      port: fix.port,
      senderCompId: fix.senderCompId,
      targetCompId: target,
      credentials: d.profile.fixCredentials ?? d.profile.credentials ?? null,
      sentStore: new FixSessionJournal(d.db, d.journal.profile, `${fix.senderCompId}->${target}`),
      cancelOnDisconnect: d.profile.cancelOnDisconnect ?? true,
      dataDir: d.profile.dataDir,
      onState: (state, detail) => {
        d.links.set(key, state, detail, { reconnects: client.reconnects, seq: () => client.seqNums })
        // a contract's FIX symbol is its Unified WS one (PF_XBTUSD): only spot asks for the list
        if (state === 'online' && !drv) client.requestInstruments(`il-${Date.now()}`)
      },
      onMessage: (m) => {
        if (drv) return this.derivatives?.onFixMessage(m)
        if (m.type === 'y' && this.registry) {
          this.registry = this.registry.withFixSymbols(m.all(55))
          this.fixSymbolsKnown = true
          this.execution?.setRegistry(this.registry)
        }
        this.execution?.handleFixMessage(m)
      },
      onOrderSent: (clOrdId) => this.wireTimes.sentNow(clOrdId),
      log: (l) => {
        if (!l.startsWith('rx ') && !l.startsWith('tx ')) d.log(l)
      },
    })
    return client
  }

  /** Kraken's spot margin positions now (REST OpenPositions); null without an API key. */
  openPositions(): Promise<VenueMarginPosition[]> | null {
    return this.d.profile.credentials ? openPositions(this.d.rest) : null
  }

  /** Derivatives contracts from the Unified WS join the spot pairs (now, or when REST's arrive). */
  addContracts(list: Instrument[]): void {
    const ids = new Set(list.map((c) => c.id))
    const first = this.contracts.length === 0
    this.contracts = [...this.contracts.filter((c) => !ids.has(c.id)), ...list]
    if (!this.registry) return
    this.registry = this.registry.withContracts(list)
    this.execution?.setRegistry(this.registry)
    if (first && this.execution && !this.stopping) this.derivatives?.start()
  }

  private derivativesAccount(url: string): DerivativesAccount {
    const { d } = this
    return new DerivativesAccount({
      url,
      fix: this.fixDerivatives,
      links: d.links,
      desk: d.derivatives,
      registry: () => this.registry!,
      emit: (r) => this.execution?.orders.onReport(r),
      token: () => this.wsToken(),
      onReconnected: () =>
        void this.execution?.reconcile().catch((e: unknown) => d.log(`reconcile: ${(e as Error).message}`)),
      onOpenOrders: (open) => {
        if (!this.execution) return
        const left = settleContracts(this.execution.orders, d.tracker, open)
        if (left.length === 0) return
        setTimeout(() => {
          if (this.execution && !this.stopping) settleUnanswered(this.execution.orders, d.tracker, left)
        }, IN_FLIGHT_MS).unref()
      },
      log: (l) => d.log(l),
    })
  }

  /** A WS token from REST; a refused key is said on the profile, not only on the link. */
  private async wsToken(): Promise<string> {
    try {
      return (await this.d.rest.private<{ token: string }>('GetWebSocketsToken')).token
    } catch (e) {
      if (e instanceof KrakenApiError && e.isAuth)
        this.d.profiles.noteStatus(this.d.profiles.current, false, explainKeyError(e))
      throw e
    }
  }

  async stop(): Promise<void> {
    this.stopping = true
    this.wsPrivate?.stop()
    this.derivatives?.stop()
    this.wsL3?.stop()
    await this.fixDerivatives?.stop()
    await this.fix?.stop()
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
