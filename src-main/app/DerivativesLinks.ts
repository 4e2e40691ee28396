import type { Instrument, InstrumentRegistry } from '../core/instruments/InstrumentRegistry'
import type { GatewayReport } from '../core/orders/OrderGateway'
import type { LinkBoard } from '../features/connections/LinkBoard'
import type { DerivativesDesk } from '../features/derivatives/DerivativesDesk'
import type { BookViews } from '../features/marketData/BookViews'
import { FixOrderGateway } from '../kraken/fix/FixOrderGateway'
import type { DecodedFix } from '../kraken/fix/fixFields'
import type { KrakenFixClient } from '../kraken/fix/KrakenFixClient'
import type { DerivativesGateways } from '../features/orders/OrderService'
import { KrakenUwsAccount } from '../kraken/uws/KrakenUwsAccount'
import { createUwsPublicClient, watchUwsTicker } from '../kraken/uws/KrakenUwsPublic'
import { contractInstrument } from '../kraken/uws/contractInstrument'
import { UwsOrderGateway } from '../kraken/uws/UwsOrderGateway'
import { uwsSetLeverageParams } from '../kraken/uws/uwsRequests'
import type { KrakenWsPublicClient, LinkInfo } from '../kraken/ws/KrakenWsPublicClient'

/**
 * Derivatives market data on Kraken's Unified WS (public): books, tape and candles of contracts
 * through the same features as spot pairs; every contract's ticker (mark, index, funding) to the
 * derivatives desk; the contracts' terms to the instrument registry.
 */
export function openDerivativesMarket(d: {
  url: string
  books: Pick<BookViews, 'onBook'>
  links: LinkBoard
  desk: Pick<DerivativesDesk, 'onTicker'>
  onContracts: (list: Instrument[]) => void
  log: (msg: string) => void
}): KrakenWsPublicClient {
  d.links.open('uws-public', 'ws', 'derivatives public')
  const tickers = new Set<string>()
  const client: KrakenWsPublicClient = createUwsPublicClient({
    url: d.url,
    depth: 25,
    onBook: (symbol, state) => d.books.onBook(symbol, state),
    onLink: (info: LinkInfo) =>
      d.links.set('uws-public', info.state, info.detail, {
        latencyMs: info.latencyMs,
        reconnects: info.reconnects,
      }),
    onProtocolError: (e) => d.log(`uws public: ${e.message}`),
    onContracts: (contracts) => {
      d.onContracts(contracts.map(contractInstrument))
      // the mark, index and funding of every contract: positions are marked whether or not a window shows them
      for (const c of contracts) {
        if (tickers.has(c.symbol)) continue
        tickers.add(c.symbol)
        watchUwsTicker(client, c.symbol, (t) => d.desk.onTicker(t))
      }
    },
  })
  client.start()
  return client
}

export interface DerivativesAccountDeps {
  url: string
  /** the derivatives FIX trading session, when the profile has one */
  fix: KrakenFixClient | null
  links: LinkBoard
  desk: DerivativesDesk
  registry: () => InstrumentRegistry
  /** every execution report, to the one order service */
  emit: (r: GatewayReport) => void
  token: () => Promise<string>
  /** subscribed again after a drop: reconcile */
  onReconnected: () => void
  /** a (re)connect's executions snapshot: the orders of the account open at Kraken now */
  onOpenOrders: (ids: ReadonlySet<string>) => void
  log: (msg: string) => void
}

/**
 * The private side of the derivatives endpoint: the account's executions into the order service
 * (through its gateway), positions, margin, ledgers and preferences into the derivatives desk,
 * and the market leverage preference. Holds no order or position state.
 */
export class DerivativesAccount {
  readonly account: KrakenUwsAccount
  readonly gateway: UwsOrderGateway
  /** orders over the derivatives FIX session (reads its reports whether or not it can send) */
  readonly fixGateway: FixOrderGateway

  constructor(private readonly d: DerivativesAccountDeps) {
    d.links.open('uws-private', 'ws', 'derivatives private')
    const desk = d.desk
    this.account = new KrakenUwsAccount({
      url: d.url,
      token: d.token,
      onExecution: (e, snapshot) => this.gateway.onExecution(e, snapshot),
      onExecutionsSnapshot: (entries) => d.onOpenOrders(openOrderIds(entries)),
      onPositions: (list, snapshot) => desk.onPositions(list, snapshot),
      onMargin: (m) => desk.onMargin(m),
      onLedger: (entries) => desk.onLedger(entries),
      onLedgerGap: (expected, got) =>
        d.log(
          `uws ledgers: entry ${expected} missing (got ${got}); funding shown may be short until restart`,
        ),
      onPreferences: (p) => desk.onPreferences(p),
      onState: (state, detail) => {
        d.links.set('uws-private', state, detail, { reconnects: 0 })
        desk.setLink(state === 'online', `Derivatives: ${detail}`)
      },
      onResubscribed: (again) => {
        if (again) d.onReconnected()
      },
      onProtocolError: (e) => d.log(`uws private: ${e.message}`),
      log: (l) => d.log(l),
    })
    this.gateway = new UwsOrderGateway({ account: this.account, registry: d.registry, emit: d.emit })
    this.fixGateway = new FixOrderGateway({ fix: d.fix, registry: d.registry, emit: d.emit })
  }

  /** What the order service may send derivatives orders by. */
  gateways(): DerivativesGateways {
    return this.d.fix ? { ws: this.gateway, fix: this.fixGateway } : { ws: this.gateway }
  }

  onFixMessage(m: DecodedFix): void {
    this.fixGateway.onMessage(m)
  }

  start(): void {
    this.account.start()
  }

  stop(): void {
    this.account.stop()
  }

  /** Kraken's set_preference: a number is fixed leverage, null cross margin (its refusal in its words). */
  readonly setPreference = async (symbol: string, maxLeverage: number | null): Promise<void> => {
    await this.account.request(
      'set_preference',
      uwsSetLeverageParams(symbol, maxLeverage === null ? null : String(maxLeverage)),
    )
  }
}

/** Order and client order ids of the snapshot's orders still working (any status but an end). */
export function openOrderIds(entries: readonly Record<string, unknown>[]): Set<string> {
  const ids = new Set<string>()
  for (const e of entries) {
    if (e.exec_type === 'trade' || ['filled', 'canceled', 'expired'].includes(String(e.order_status)))
      continue
    if (typeof e.order_id === 'string') ids.add(e.order_id)
    if (typeof e.cl_ord_id === 'string') ids.add(e.cl_ord_id)
  }
  return ids
}
