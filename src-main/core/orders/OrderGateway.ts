import type { Instrument } from '../instruments/InstrumentRegistry'
import type { EventRef, OrderState, Protocol, TrackedOrder, VenueEvent } from './OrderTracker'
import type { PlaceRequest } from './PlaceRequest'

/*
 * The port between the order service and a venue: one gateway per protocol (and later per
 * endpoint: Kraken's Unified WS for derivatives is another gateway, not a copy of the spot path).
 * A gateway translates a domain request into its wire and the wire's answers into domain reports;
 * it keeps no order state, so the order service is the one place that knows an order. The venue
 * gateways under kraken/ implement this structurally: the venue gateways under kraken/ implement it (core is below both).
 */

/** The changes an amend asks for (decimal text). */
export interface OrderChanges {
  qty?: string
  limitPrice?: string
  triggerPrice?: string
}

/** What the venue says about one order, in Trident's terms: enough to track one Trident did not place. */
export interface VenueOrderView {
  /** the instrument as the venue named it (resolved through the registry by the service) */
  symbol: string
  side: 'buy' | 'sell'
  type: string
  qty: string
  filledQty: string
  limitPrice?: string
  triggerPrice?: string
  tif: string
  postOnly: boolean
  displayQty?: string
  avgPrice?: string
  cumCost?: string
  state: OrderState
  reason?: string
  /** Kraken holds it from growing the position (derivatives, spot margin) */
  reduceOnly?: boolean
  /** derivatives trigger orders: what the trigger watches */
  triggerSignal?: 'last' | 'index'
  /** spot margin: the leverage level */
  leverage?: string
}

/**
 * What a gateway heard, for the order service to apply:
 * - `report`: events about one order. `snapshot` marks a reconnect's snapshot (an order the service
 *   does not know is adopted from `adoptable`, never applied); `request` marks a FIX report whose
 *   ClOrdID may be a cancel/replace request the service minted rather than the order's own id.
 * - `refused`: the venue refused a request before it reached an order (FIX 3/j/9); `action`
 *   says what was refused, `requestId` the id the request carried.
 */
export type GatewayReport =
  | {
      kind: 'report'
      ref: EventRef
      events: VenueEvent[]
      snapshot?: boolean
      adoptable?: VenueOrderView
      /** FIX OrigClOrdID (41) of the report, when it carried one */
      origClOrdId?: string
      request?: true
    }
  | {
      kind: 'refused'
      protocol: Protocol
      action: 'place' | 'amend' | 'cancel' | 'request'
      requestId: string
      /** FIX OrigClOrdID (41) when the refusal names the order */
      origClOrdId?: string
      /** the venue's words, when it gave any */
      text?: string
    }

export interface GatewayPlace {
  req: PlaceRequest
  inst: Instrument
  clOrdId: string
}

/**
 * One protocol's order entry. `place` resolves with the venue's order id when the protocol answers
 * with it (REST, WS), or with nothing when it arrives as a report (FIX). Errors carry the venue's
 * words; "outcome unknown" / "no answer" mean the request may have reached the venue.
 */
export interface OrderGateway {
  readonly protocol: Protocol
  /** the link can take orders now */
  up(): boolean
  place(p: GatewayPlace): Promise<{ orderId?: string }>
  /** `requestId`: a fresh client id for protocols whose amend is a new request (FIX 35=G) */
  amend(order: TrackedOrder, inst: Instrument, changes: OrderChanges, requestId: string): Promise<void>
  /** `instrument` is resolved (and may refuse) only by a wire that names the pair */
  cancel(order: TrackedOrder, instrument: () => Instrument, requestId: string): Promise<void>
  /** cancel every order of the account this protocol reaches; what the venue said, in words */
  cancelAll(requestId: string): Promise<string>
  /** Kraken's dead-man switch over this protocol: when it fires (ms since epoch, 0 = off) */
  cancelAllAfter?(seconds: number): Promise<number>
  /** the session orders placed now belong to (FIX cancel scope), when the protocol has one */
  session?(): string | null
}

export type GatewaySet = { rest: OrderGateway } & Partial<Record<Exclude<Protocol, 'rest'>, OrderGateway>>
