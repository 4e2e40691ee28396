import type { AssetClass } from '../../src-domain/derivatives'
import type { BookStatus, LinkState, VenueKind } from '../../src-domain/links'
import type { Candle, TradeTick } from '../../src-domain/market'
import type { OrderState, OrderType, Protocol, Side, TimeInForce } from '../../src-domain/orders'
import type { ProfileEndpoints, ProfileKind, RateTier } from '../../src-domain/profiles'
import type { LinkColor, PanelKind, PanelSpec, WindowBounds } from '../../src-domain/workspace'

export { LINK_COLORS, PANEL_KINDS } from '../../src-domain/workspace'

/** The domain words the views below are made of: the contract builds from them, it does not own them. */
export type {
  AssetClass,
  LinkColor,
  PanelKind,
  PanelSpec,
  WindowBounds,
  BookStatus,
  Candle,
  TradeTick,
  LinkState,
  OrderState,
  OrderType,
  ProfileEndpoints,
  ProfileKind,
  Protocol,
  RateTier,
  Side,
  TimeInForce,
  VenueKind,
}

/**
 * Payload types of the Trident IPC contract: what main tells the renderer and what the renderer
 * may ask of main. Prices and quantities are exact decimal strings, never numbers.
 */

/** [price, quantity], both decimal texts at the instrument's precision. */
export type BookLevelView = readonly [price: string, qty: string]

export interface BookView {
  symbol: string
  /** best first */
  bids: BookLevelView[]
  /** best first */
  asks: BookLevelView[]
  /** decimal text of the instrument's tick, for ladders */
  tickSize: string
  pricePrecision: number
  qtyPrecision: number
  status: BookStatus
  /** venue messages applied since the current snapshot */
  updates: number
  /** checksum mismatches seen since start (each triggers a resubscribe) */
  checksumFailures: number
  /** ms since epoch when main last changed this book */
  updatedAt: number
  /** venue time (RFC3339) of the last update shown: what tick-to-pixel is measured from */
  venueTime?: string
}

export interface ConnectionView {
  protocol: Protocol
  /** which endpoint: e.g. 'public', 'private', 'trading' */
  channel: string
  state: LinkState
  /** words a trader understands, e.g. "Reconnecting in 2 s (attempt 3)" */
  detail: string
  /** last measured round trip, ms */
  latencyMs: number | null
  reconnects: number
  since: number
  /** when the venue last sent anything on this link (heartbeats included), ms since epoch; null = never */
  lastHeardAt: number | null
  /** how often the venue heartbeats on this link when idle, ms (the age that is still healthy); null = no heartbeats (REST) */
  heartbeatMs: number | null
  /** FIX only: next outgoing and last received sequence numbers */
  seqOut?: number
  seqIn?: number
}

export interface ConnectionsView {
  venue: VenueKind
  links: ConnectionView[]
}

/**
 * When main handed each of the latest orders' bytes to the venue socket (epoch ms with a fraction,
 * this machine's clock), oldest first: a window pairs them with the key press that sent each order
 * (by client order id) for the latency HUD's keypress-to-wire figures.
 */
export interface LatencyView {
  sent: { clOrdId: string; sentAt: number }[]
}

/** Kraken's rate counters as the governor models them, so throttling shows before it happens. */
export interface RateLimitsView {
  tier: 'starter' | 'intermediate' | 'pro'
  rest: { level: number; max: number }
  /** `normalUpTo`: where a normal add or amend stops; the rest is kept for cancels and protective orders */
  trading: { symbol: string; level: number; max: number; normalUpTo: number }[]
}

export type HostKind = 'electron' | 'loopback'

export interface InstrumentMeta {
  symbol: string
  /** absent: spot (every instrument before issue 17) */
  assetClass?: AssetClass
  base: string
  quote: string
  tickSize: string
  ordermin: string
  costmin: string
  pricePrecision: number
  qtyPrecision: number
  /** derivatives contracts only */
  contract?: ContractMeta
  /** spot pairs Kraken lends on: the leverage levels offered (e.g. ["2","3","4","5"]) */
  marginLeverage?: string[]
}

/** What a derivatives contract is (Kraken's instrument data), exact text. */
export interface ContractMeta {
  kind: 'perpetual' | 'future'
  /** base units per contract ("1" for linear multi-collateral perpetuals) */
  contractSize: string
  /** quantity step in contracts (Kraken's qty_increment) */
  qtyStep: string
  /** initial and maintenance margin of the smallest tier, as fractions ("0.02", "0.01") */
  initialMargin: string
  maintenanceMargin: string
  /** the most leverage the smallest tier allows ("50") */
  maxLeverage: string
  /** largest position in contracts */
  maxPosition: string
  /** funding settles every this many ms (perpetuals; 0 for futures) */
  fundingIntervalMs: number
  /** ms since epoch (fixed-maturity futures only) */
  expiry?: number
}

export interface AppInfo {
  name: 'Trident'
  version: string
  host: HostKind
  venue: VenueKind
  /** instruments tradable at the venue, WS v2 names (BTC/USD) */
  symbols: string[]
  instruments: InstrumentMeta[]
}

/** Error returned for a refused command or subscription. */
export interface BridgeErrorShape {
  code: 'EBADREQ' | 'EUNKNOWN' | 'EINTERNAL' | 'EREFUSED'
  message: string
}

export interface OrderView {
  /** Trident keeps it from growing the position (sent as Kraken's reduce_only on derivatives and margin) */
  reduceOnly?: boolean
  /** derivatives trigger orders: what the trigger watches */
  triggerSignal?: 'last' | 'index'
  /** spot margin orders: the leverage borrowed at */
  leverage?: string
  clOrdId: string
  venueOrderId?: string
  symbol: string
  side: 'buy' | 'sell'
  type: string
  qty: string
  limitPrice?: string
  triggerPrice?: string
  tif: string
  protocol: Protocol
  state: OrderState
  filledQty: string
  /** Kraken's average fill price and cumulative cost (quote), exact text, once anything filled */
  avgPrice?: string
  cumCost?: string
  /** maker only */
  postOnly?: boolean
  reason?: string
  createdAt: number
  updatedAt: number
}

export interface FillView {
  tradeId: string
  clOrdId: string
  symbol: string
  side: 'buy' | 'sell'
  qty: string
  price: string
  /** the fee Kraken charged, exact text as sent, and its asset (absent when the venue did not say) */
  fee?: string
  feeAsset?: string
  at: number
  protocol: Protocol
}

export interface OrdersView {
  working: OrderView[]
  /** most recent terminal orders, newest first */
  history: OrderView[]
  /** most recent fills, newest first */
  fills: FillView[]
}

export interface PositionView {
  symbol: string
  net: string
  avgPrice: string
  realisedPnl: string
  unrealisedPnl: string
  /**
   * the price the unrealised PnL is marked at, from the live book on every top-of-book change:
   * where the position would close (a long at the best bid, a short at the best offer), the mid
   * when flat or that side is empty; '' without a book
   */
  mark: string
  /** which price `mark` is: 'bid' (long), 'ask' (short), 'mid', or 'none' (no book) */
  markSource?: 'bid' | 'ask' | 'mid' | 'none'
}

export interface BalanceView {
  /** WS v2 asset code, e.g. BTC, USD */
  asset: string
  balance: string
}

/** One open spot margin position as Kraken reports it (REST OpenPositions), exact text. */
export interface MarginPositionView {
  /** Kraken's position id */
  id: string
  symbol: string
  side: 'buy' | 'sell'
  /** base quantity opened, and closed so far */
  volume: string
  volumeClosed: string
  /** quote: opening cost, margin held, value now, unrealised PnL now */
  cost: string
  margin: string
  value: string
  net: string
  /** the leverage borrowed at ("2") */
  leverage: string
}

export interface PositionsView {
  positions: PositionView[]
  balances: BalanceView[]
  /** spot margin positions Kraken holds (absent: none, or the venue has not said yet) */
  marginPositions?: MarginPositionView[]
}

export interface RiskLimitsView {
  maxOrderQty: string
  maxNotional: string
  priceBandPct: string
  maxOpenOrders: number
  maxPosition: string
  confirmAbove: string
  /** the same order again within this many ms needs confirmation (0: off) */
  duplicateWindowMs: number
  /** derivatives: largest position in contracts per market, and in USD notional at the mark */
  maxContracts?: string
  maxContractNotional?: string
  /** derivatives: the most leverage an order may leave a market at (notional ÷ equity) */
  maxLeverage?: string
  /** derivatives: warn when the mark is within this % of a position's liquidation price */
  liquidationWarnPct?: string
}

export interface RiskView {
  killed: boolean
  killedAt: number | null
  defaults: RiskLimitsView
  /** Kraken's dead-man switch as main keeps it armed */
  deadman: { armed: boolean; timeoutSec: number; triggerAt: number | null }
}

/**
 * What a notice is about. Refusals (main's or the ticket's), venue rejects, cancels the trader
 * did not ask for (self-trade prevention, expiry, post-only, reduce-only, cancel-on-disconnect,
 * dead-man), alerts and errors are pinned until dismissed; fills and notes roll.
 */
export type NoticeKind = 'refusal' | 'reject' | 'venue-cancel' | 'alert' | 'fill' | 'note'

export interface Notice {
  id: number
  at: number
  level: 'info' | 'warn' | 'error'
  text: string
  kind?: NoticeKind
  /** kept on the strip (never pushed out by fills) until the trader dismisses it */
  pinned?: boolean
}

export interface NoticesView {
  /** the session's notices, oldest first: the last 500, and every pinned one however old */
  notices: Notice[]
}

/**
 * `confirm`: main wants the trader's yes first, in these words. `why` says what for: the order's
 * value is above the threshold, or it repeats one sent moments ago (a window should not let the
 * key that sent it also answer yes: main asks again when the answer comes faster than reading).
 */
export type PlaceResult =
  | { clOrdId: string; state: OrderState; reason?: string }
  | { confirm: string; why?: ('value' | 'duplicate')[] }

export interface TradesView {
  symbol: string
  /** newest first */
  trades: TradeTick[]
}

export interface CandlesView {
  symbol: string
  interval: number
  candles: Candle[]
}

export interface PriceAlert {
  id: number
  symbol: string
  /** fire when mid goes at or above / at or below the price */
  op: 'above' | 'below'
  price: string
  triggeredAt: number | null
  /** the mid that triggered it */
  triggerMid?: string
}

export interface AlertsView {
  alerts: PriceAlert[]
}

/** One order resting in the order-by-order (level3) book; queue order within a level. */
export interface L3OrderView {
  id: string
  qty: string
  /** one of the trader's own working orders */
  mine: boolean
}

export interface L3LevelView {
  side: 'bid' | 'ask'
  price: string
  orders: L3OrderView[]
}

export interface L3BookView {
  symbol: string
  status: BookStatus
  /** best first on each side */
  levels: L3LevelView[]
  orderCount: number
  checksumFailures: number
}

export interface KeymapView {
  /** action → chords, e.g. "ticket.buyAtBid": ["b"] */
  bindings: Record<string, string[]>
  /** true when the trader changed something from the defaults in resources/ */
  custom: boolean
}

/** A credential profile as any renderer may see it: endpoints and key fingerprints, never a secret. */
export interface ProfileView {
  id: string
  name: string
  kind: ProfileKind
  endpoints: ProfileEndpoints | null
  tier: RateTier
  /** short hash of the REST/WS API key, so the trader can tell keys apart; null = no key saved */
  keyFingerprint: string | null
  fixFingerprint: string | null
  /** the last check of this profile's keys, in words ("Kraken refused the key: Invalid key") */
  status: { ok: boolean; detail: string; at: number } | null
  /** a replay profile's recording, start (ns text) and speed */
  replay?: { recording: string; startNs?: string; speed?: 1 | 2 | 10 | 'max' }
}

/** A recording found on this computer, which a replay profile can replay. */
export interface RecordingView {
  /** how profiles name it: its folder under the data folder's recordings/, or its file name */
  name: string
  /** recorded here, or shipped with the app */
  where: 'recorded' | 'shipped'
  files: number
  bytes: number
  /** from the first file's header, when readable */
  symbols: string[]
  started: string | null
  venue: 'builtin' | 'kraken' | null
}

export interface ProfilesView {
  /** the profile this session trades on */
  current: string
  /** the profile the next start will trade on */
  active: string
  profiles: ProfileView[]
  /** recordings a replay profile can be made of */
  recordings: RecordingView[]
  /** where secrets live, and whether that store is usable here */
  secretStore: { kind: string; available: boolean; detail: string }
}

/** What main keeps of one window of the workspace. */
export interface WindowLayoutView {
  /** "main" for the first window, "w1", "w2", … for pop-outs */
  id: string
  bounds: WindowBounds | null
  /** the work area of the monitor the window was on (to restore it on that monitor) */
  screen: WindowBounds | null
  /** the window's docking layout as it last reported it (dockview JSON; opaque to main) */
  dock: unknown
  /** panels handed to this window (docked back from a closed pop-out) that it has not placed yet */
  incoming: PanelSpec[]
}

/** The workspace as one window sees it (topic `workspace`, per window). */
export interface WorkspaceView {
  /** the workspace in use (saved under this name by "Save") */
  name: string
  /** every saved workspace, by name */
  saved: string[]
  /** changes since the workspace was last saved or loaded */
  modified: boolean
  links: Record<LinkColor, string>
  /** every window of the workspace and whether one is showing it now */
  windows: { id: string; connected: boolean; bounds: WindowBounds | null }[]
  /** this window's own entry (null: the window is not part of the workspace, e.g. after a load) */
  self: WindowLayoutView | null
  /** bumped when a workspace is loaded: windows throw away their layout and apply `self.dock` */
  layoutRev: number
  /** a request from the application menu for this window (open a dialog …), newest wins */
  request: { seq: number; action: WorkspaceRequestAction } | null
}

export type WorkspaceRequestAction = 'save-workspace' | 'open-profiles' | 'open-keymap'
