import type { LinkState } from '../../../src-domain/links'
import { KrakenWsPrivateClient } from '../ws/KrakenWsPrivateClient'
import { UWS_PRIVATE_URL } from './KrakenUwsPublic'
import type { UwsLedgerEntry, UwsMargin, UwsPosition, UwsPreferences } from './types'
import { readUwsLedgers, readUwsMargin, readUwsPositions, readUwsPreferences } from './uwsMessages'

type Json = Record<string, unknown>

export interface KrakenUwsAccountOptions {
  /** default: Kraken's wss://uws.kraken.com/v2/private */
  url?: string
  /** a fresh token per connection: Spot REST GetWebSocketsToken (Kraken: not a Derivatives key, §1.2) */
  token: () => Promise<string>
  /** every derivatives executions entry, as sent (numbers exact text); snapshot entries flagged */
  onExecution: (entry: Json, snapshot: boolean) => void
  /** the whole executions snapshot of a (re)connect, after its entries went to onExecution */
  onExecutionsSnapshot?: (entries: Json[]) => void
  /** a snapshot is every open position; an update only those that changed (size 0: closed) */
  onPositions?: (list: UwsPosition[], snapshot: boolean) => void
  /** the multi-collateral wallet, a full state every time */
  onMargin?: (m: UwsMargin) => void
  /** derivatives ledger entries (funding, realised PnL) */
  onLedger?: (entries: UwsLedgerEntry[]) => void
  /** a ledger update went missing (sequence gap): recover from REST Ledgers (§4.5) */
  onLedgerGap?: (expected: number, got: number) => void
  onPreferences?: (p: UwsPreferences) => void
  onState?: (state: LinkState, detail: string) => void
  /** subscribed again after a drop: time to reconcile orders and positions */
  onResubscribed?: (reconnect: boolean) => void
  /** a frame that did not have the agreed shape (it is dropped, the link stays up) */
  onProtocolError?: (error: Error) => void
  log?: (line: string) => void
  requestTimeoutMs?: number
  random?: () => number
  /** how long to wait before asking again for a refused preferences subscription (default 5 s) */
  preferencesRetryMs?: number
}

/**
 * What a derivatives account subscribes on every (re)connect. `asset_class` goes on the market
 * channels and never on ledgers or preferences (Kraken refuses it there, §4.5, §11); margin takes
 * no snapshot parameter (§4.3).
 */
export const UWS_ACCOUNT_SUBSCRIPTIONS: Json[] = [
  {
    channel: 'executions',
    asset_class: 'derivatives',
    snap_orders: true,
    snap_trades: true,
    ratecounter: true,
  },
  { channel: 'positions', asset_class: 'derivatives', snapshot: true },
  { channel: 'margin', asset_class: 'derivatives' },
  { channel: 'ledgers' },
  { channel: 'preferences' },
]

/**
 * Kraken Unified WS private endpoint for a derivatives account: the spot private client (socket,
 * token per connection, reconnect with backoff, resubscribe, request correlation and "outcome
 * unknown" on a drop) with the UWS channel list, each channel read into Trident's types. It keeps
 * no order or position state: callers get what Kraken said, as it said it.
 */
export class KrakenUwsAccount {
  private readonly client: KrakenWsPrivateClient
  private ledgerSequence: number | null = null
  private preferencesRetry: NodeJS.Timeout | null = null

  constructor(private readonly opts: KrakenUwsAccountOptions) {
    this.client = new KrakenWsPrivateClient({
      url: opts.url ?? UWS_PRIVATE_URL,
      getToken: opts.token,
      onExecution: opts.onExecution,
      ...(opts.onExecutionsSnapshot ? { onExecutionsSnapshot: opts.onExecutionsSnapshot } : {}),
      subscriptions: UWS_ACCOUNT_SUBSCRIPTIONS,
      onChannel: (msg) => this.onChannel(msg),
      // Kraken: "Preferences are not available yet, try again later … Retry the subscribe after a
      // short delay" (§4.6): trading and the other channels need not wait for it
      optionalChannels: new Set(['preferences']),
      onSubscribeRefused: (params, e) => this.retryLater(params, e),
      onState: (state, detail) => {
        // the ledger sequence counts per connection; a new connection subscribes everything again
        if (state !== 'online') {
          this.ledgerSequence = null
          this.cancelRetry()
        }
        opts.onState?.(state, detail)
      },
      ...(opts.onResubscribed ? { onResubscribed: opts.onResubscribed } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    })
  }

  get state(): LinkState {
    return this.client.state
  }

  /** when anything last arrived, ms since epoch; 0 = never */
  get lastHeardAt(): number {
    return this.client.lastHeardAt
  }

  start(): void {
    this.client.start()
  }

  stop(): void {
    this.cancelRetry()
    this.client.stop()
  }

  /** For tests and the kill switch: cut the socket as a network failure would. */
  dropConnection(): void {
    this.client.dropConnection()
  }

  /**
   * A trading method with the connection's token (params built with uwsRequests: numbers exact).
   * Resolves with Kraken's whole reply; rejects with a WsRequestError carrying Kraken's words.
   */
  request(method: string, params: Json = {}): Promise<Json> {
    return this.client.request(method, params)
  }

  private retryLater(params: Json, e: Error): void {
    const ms = this.opts.preferencesRetryMs ?? 5000
    this.opts.log?.(
      `uws: ${String(params.channel)} subscribe refused (${e.message}); asking again in ${ms} ms`,
    )
    this.cancelRetry()
    this.preferencesRetry = setTimeout(() => {
      this.preferencesRetry = null
      this.client.request('subscribe', params).catch((again: Error) => {
        if (this.client.state === 'online') this.retryLater(params, again)
      })
    }, ms)
  }

  private cancelRetry(): void {
    if (this.preferencesRetry) clearTimeout(this.preferencesRetry)
    this.preferencesRetry = null
  }

  private onChannel(msg: Json): void {
    try {
      switch (msg.channel) {
        case 'positions': {
          const r = readUwsPositions(msg)
          this.opts.onPositions?.(r.positions, r.snapshot)
          return
        }
        case 'margin': {
          const m = readUwsMargin(msg)
          if (m) this.opts.onMargin?.(m)
          return
        }
        case 'ledgers':
          return this.onLedgers(msg)
        case 'preferences':
          this.opts.onPreferences?.(readUwsPreferences(msg))
          return
      }
      // heartbeat and anything Trident does not subscribe need no action
    } catch (e) {
      this.opts.onProtocolError?.(e as Error)
    }
  }

  private onLedgers(msg: Json): void {
    const r = readUwsLedgers(msg)
    if (r.sequence !== undefined) {
      const expected = this.ledgerSequence === null ? null : this.ledgerSequence + 1
      if (expected !== null && r.sequence !== expected) this.opts.onLedgerGap?.(expected, r.sequence)
      this.ledgerSequence = r.sequence
    }
    if (r.entries.length) this.opts.onLedger?.(r.entries)
  }
}
