/**
 * What the built-in exchange's WS v2 channel handlers share: one client connection's state, and
 * the connection layer's services a handler calls (send, reply, token check). The connection layer
 * is WsConnectionLoop (run by SimWsServer and UwsServer); each channel handler gets a WsSession and
 * never sees the socket server itself.
 */
import type { WebSocket } from 'ws'
import type { MatchingEngine } from '../engine/MatchingEngine'
import type { SimInstrument } from '../instruments'
import type { SimRateLimits } from '../limits/RateLimits'
import type { MarketData } from '../market/MarketData'

export type Json = Record<string, unknown>

export interface BookSub {
  depth: number
  /** exactly what this connection's book holds now */
  bids: Map<number, bigint>
  asks: Map<number, bigint>
}

/** One order as a level3 subscriber holds it. */
export interface L3Order {
  side: 'bid' | 'ask'
  price: number
  qty: bigint
  seq: number
}

export interface L3Sub {
  depth: number
  /** what this connection holds: order id -> price, qty, queue seq */
  orders: Map<string, L3Order>
}

export interface Conn {
  ws: WebSocket
  l3: Map<string, L3Sub>
  isPrivate: boolean
  books: Map<string, BookSub>
  channels: Set<string>
  account: string | null
  executions: boolean
  balances: boolean
  executionSeq: number
  subscribedAny: boolean
  lastSentAt: number
}

export interface SimWsDeps {
  engine: MatchingEngine
  market: MarketData
  limits: SimRateLimits
  instruments: Map<string, SimInstrument>
  /** account of a valid WebSockets token, or null */
  resolveToken: (token: string) => string | null
}

/**
 * A refusal answered in the method's reply with this text, as Kraken words it (the engine's own
 * refusals are KrakenErrors and are answered the same way).
 */
export class WsRequestError extends Error {}

/** The connection layer's services, as channel handlers use them. */
export interface WsSession {
  readonly deps: SimWsDeps
  /** every open connection (publishers fan out over it) */
  readonly conns: ReadonlySet<Conn>
  /** send one text frame, subject to the delay/reorder fault knob */
  send(conn: Conn, text: string): void
  /** answer a method call: Kraken's envelope with req_id, time_in and time_out */
  reply(conn: Conn, req: Json, timeIn: string, body: Json): void
  /** the account of the request's token (remembered on the connection); refuses otherwise */
  authenticate(conn: Conn, params: Json): string
}
