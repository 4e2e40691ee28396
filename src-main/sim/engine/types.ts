/**
 * The simulated exchange's own order model. Quantities are bigint units of 10^-qtyPrecision,
 * prices number units of 10^-pricePrecision (safe integers), money (cost, fee, balances) bigint
 * at ASSET_SCALE. No floating point touches money anywhere in the simulator.
 */

export const ASSET_DECIMALS = 18
export const ASSET_SCALE = 10n ** BigInt(ASSET_DECIMALS)

export type Side = 'buy' | 'sell'
export type OrderType =
  | 'market'
  | 'limit'
  | 'iceberg'
  | 'stop-loss'
  | 'take-profit'
  | 'stop-loss-limit'
  | 'take-profit-limit'
  | 'trailing-stop'
export type TimeInForce = 'GTC' | 'IOC' | 'GTD' | 'FOK'
export type Stp = 'cancel-newest' | 'cancel-oldest' | 'cancel-both'
export type Protocol = 'rest' | 'ws' | 'fix'

/** Kraken REST order status */
export type OrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired'

export interface OrderSource {
  protocol: Protocol
  /** FIX session id (SenderCompID + connection) for cancel scope and cancel-on-disconnect */
  session?: string
}

export interface NewOrder {
  account: string
  symbol: string
  side: Side
  type: OrderType
  qty: bigint
  /** limit price (limit, iceberg, *-limit) */
  limitPrice?: number
  /** trigger price (stop-loss, take-profit, *-limit); for trailing-stop the offset from the best price */
  triggerPrice?: number
  displayQty?: bigint
  tif: TimeInForce
  /** ms since epoch, GTD only */
  expireAt?: number
  postOnly?: boolean
  reduceOnly?: boolean
  /** spot margin: the leverage level (2…5) the order borrows at; absent: a cash order */
  leverage?: number
  clOrdId?: string
  userref?: number
  stp?: Stp
  source: OrderSource
  validateOnly?: boolean
  /** OTO: the close order placed once this one has executed (conditionalClose.ts) */
  conditional?: ConditionalClose
}

/** A conditional close (OTO): its type and prices; side and quantity come from the primary. */
export interface ConditionalClose {
  type: OrderType
  limitPrice?: number
  triggerPrice?: number
}

export interface Fill {
  tradeId: string
  /** sequential per pair, as WS v2 trade_id */
  tradeSeq: number
  orderId: string
  account: string
  symbol: string
  side: Side
  price: number
  qty: bigint
  /** quote money at ASSET_SCALE */
  cost: bigint
  fee: bigint
  maker: boolean
  time: number
  ordType: OrderType
  /** spot margin: the order's leverage level (TradesHistory shows the fill's margin) */
  leverage?: number
}

export interface SimOrder {
  id: string
  account: string
  symbol: string
  side: Side
  type: OrderType
  qty: bigint
  filled: bigint
  /** quote money at ASSET_SCALE */
  cost: bigint
  fee: bigint
  limitPrice?: number
  triggerPrice?: number
  /** trailing-stop: current stop level, follows the market */
  trailStop?: number
  displayQty?: bigint
  /** iceberg: visible quantity left in the current slice */
  visible: bigint
  tif: TimeInForce
  expireAt?: number
  postOnly: boolean
  reduceOnly: boolean
  /** spot margin: its leverage level; its fills open, extend or close a margin position */
  leverage?: number
  clOrdId?: string
  userref?: number
  stp: Stp
  source: OrderSource
  status: OrderStatus
  /** waiting for its trigger */
  untriggered: boolean
  reason?: string
  openedAt: number
  closedAt?: number
  /** last create or amend time: the age the rate counter's penalties are measured from */
  lastChangedAt: number
  /** queue priority: lower is earlier */
  seq: number
  trades: string[]
  amended: boolean
  /** OTO: placed once this order is done, for what it executed */
  conditional?: ConditionalClose
}

/** Which order(s) a cancel or amend means: by id, by client order id, or by userref. */
export interface OrderRef {
  orderId?: string
  clOrdId?: string
  userref?: number
}

/** The fields an amend (or a legacy edit) may change; absent ones stay. */
export interface Amendment {
  qty?: bigint
  limitPrice?: number
  triggerPrice?: number
  displayQty?: bigint
  postOnly?: boolean
}

/** Everything the engine tells the outside world, in order. */
export type EngineEvent =
  | { kind: 'order'; exec: ExecType; order: SimOrder; fill?: Fill }
  | { kind: 'trade'; fill: Fill; takerSide: Side }
  | { kind: 'book'; symbol: string }
  | { kind: 'balance'; account: string; asset: string }

/** WS v2 exec_type vocabulary; FIX and REST views derive from it. */
export type ExecType =
  | 'pending_new'
  | 'new'
  | 'trade'
  | 'filled'
  | 'iceberg_refill'
  | 'canceled'
  | 'expired'
  | 'amended'
  | 'restated'

/** A refused request, carrying Kraken's exact error string. */
export class KrakenError extends Error {
  override readonly name = 'KrakenError'
  constructor(readonly krakenMessage: string) {
    super(krakenMessage)
  }
}
