import type { OrderGateway } from '../../core/orders/OrderGateway'
import type { Instrument, InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { EventRef, Protocol, TrackedOrder, VenueEvent } from '../../core/orders/OrderTracker'
import type { PlaceRequest } from '../../core/orders/PlaceRequest'
import { priceText } from '../orderViews'
import type { DecodedFix } from './fixFields'
import type { KrakenFixClient } from './KrakenFixClient'

/** What this gateway reports (the order service's GatewayReport, structurally: kraken/ imports no features/). */
export type FixReport =
  | {
      kind: 'report'
      ref: EventRef
      events: VenueEvent[]
      origClOrdId?: string
      request: true
    }
  | {
      kind: 'refused'
      protocol: Protocol
      action: 'place' | 'amend' | 'cancel' | 'request'
      requestId: string
      origClOrdId?: string
      /** the venue's words (Text 58), when it gave any */
      text?: string
    }

export interface FixOrderGatewayOptions {
  /** null: no FIX in this profile (reports can still be read, nothing can be sent) */
  fix: FixWire | null
  registry: () => InstrumentRegistry
  emit: (r: FixReport) => void
  /** the venue's FIX symbols are known (InstrumentList): before that an order names no FIX pair */
  ready?: () => boolean
  now?: () => number
}

type FixWire = Pick<KrakenFixClient, 'state' | 'sessionId' | 'newOrder' | 'replace' | 'cancel' | 'massCancel'>
type FixOrdType = Parameters<KrakenFixClient['replace']>[0]['type']
type FixTif = NonNullable<Parameters<KrakenFixClient['replace']>[0]['tif']>
const isFixTif = (t: string): t is FixTif => t === 'GTC' || t === 'IOC' || t === 'FOK' || t === 'GTD'

/**
 * Kraken FIX 4.4 order entry (D/G/F/q) and its ExecutionReports (8), session and business
 * rejects (3/j) and OrderCancelRejects (9), read into domain reports. The FIX client's own
 * per-session facts (OrderID and TimeInForce per ClOrdID) are the wire's state and stay there;
 * which order a cancel/replace request id belongs to is the order service's to know.
 */
export class FixOrderGateway implements OrderGateway {
  readonly protocol: Protocol = 'fix'
  private readonly now: () => number

  constructor(private readonly o: FixOrderGatewayOptions) {
    this.now = o.now ?? Date.now
  }

  up(): boolean {
    return this.o.fix?.state === 'online' && (this.o.ready?.() ?? true)
  }

  session(): string | null {
    return this.o.fix?.state === 'online' ? this.o.fix.sessionId : null
  }

  private get fix(): FixWire {
    if (!this.o.fix) throw new Error('FIX is not connected')
    return this.o.fix
  }

  place(p: { req: PlaceRequest; inst: Instrument; clOrdId: string }): Promise<{ orderId?: string }> {
    const { req, inst, clOrdId } = p
    const f: Parameters<KrakenFixClient['newOrder']>[0] = {
      clOrdId,
      symbol: inst.fixSymbol,
      side: req.side,
      type: req.type,
      qty: req.qty,
      tif: req.tif,
    }
    if (req.limitPrice !== undefined) f.limitPrice = req.limitPrice
    if (req.triggerPrice !== undefined) f.triggerPrice = req.triggerPrice
    if (req.displayQty !== undefined) f.displayQty = req.displayQty
    if (req.expireAt !== undefined) f.expireAt = req.expireAt
    if (req.postOnly) f.postOnly = true
    if (inst.assetClass === 'derivatives') {
      // Kraken's derivatives NewOrderSingle carries 18=s; reduce-only is Kraken's there (18=E),
      // while on spot cash orders Trident enforces it and sends nothing
      f.singleFee = true
      if (req.reduceOnly) f.reduceOnly = true
      if (req.triggerSignal) f.triggerReference = req.triggerSignal
    }
    this.fix.newOrder(f)
    // the venue's OrderID arrives in the ExecutionReport
    return Promise.resolve({})
  }

  amend(
    order: TrackedOrder,
    inst: Instrument,
    changes: { qty?: string; limitPrice?: string; triggerPrice?: string },
    requestId: string,
  ): Promise<void> {
    const r: Parameters<KrakenFixClient['replace']>[0] = {
      clOrdId: requestId,
      origClOrdId: order.clOrdId,
      symbol: inst.fixSymbol,
      side: order.side,
      type: order.type as FixOrdType,
      qty: changes.qty ?? order.qty,
    }
    if (order.venueOrderId) r.orderId = order.venueOrderId
    // the tracker knows the order's time in force (Kraken requires 59 on an amend): the FIX
    // client's own facts are then only a fallback (an order it learned of before the tracker)
    if (isFixTif(order.tif)) r.tif = order.tif
    const lp = changes.limitPrice ?? order.limitPrice
    const tp = changes.triggerPrice ?? order.triggerPrice
    if (lp !== undefined) r.limitPrice = lp
    if (tp !== undefined) r.triggerPrice = tp
    this.fix.replace(r)
    return Promise.resolve()
  }

  cancel(order: TrackedOrder, instrument: () => Instrument, requestId: string): Promise<void> {
    const c: Parameters<KrakenFixClient['cancel']>[0] = {
      clOrdId: requestId,
      origClOrdId: order.clOrdId,
      symbol: instrument().fixSymbol,
      side: order.side,
    }
    if (order.venueOrderId) c.orderId = order.venueOrderId
    this.fix.cancel(c)
    return Promise.resolve()
  }

  cancelAll(requestId: string): Promise<string> {
    this.fix.massCancel(requestId, { kind: 'all' })
    return Promise.resolve('FIX: mass cancel sent')
  }

  /** Every application message of the session (the FIX client calls this). */
  onMessage(m: DecodedFix): void {
    const r = this.translate(m)
    if (r) this.o.emit(r)
  }

  /** A FIX message in domain terms; null for messages that say nothing about orders. */
  translate(m: DecodedFix): FixReport | null {
    if (m.type === 'j' || m.type === '3') {
      const refMsg = m.get(372)
      const r: FixReport = {
        kind: 'refused',
        protocol: 'fix',
        action: refMsg === 'D' ? 'place' : refMsg === 'F' ? 'cancel' : refMsg === 'G' ? 'amend' : 'request',
        requestId: m.get(379) ?? '',
      }
      const text = m.get(58)
      if (text !== undefined) r.text = stripTs(text)
      return r
    }
    if (m.type === '9') {
      // OrderCancelReject: the order stands; the venue's words say why the cancel or replace failed
      const r: FixReport = {
        kind: 'refused',
        protocol: 'fix',
        action: m.get(434) === '2' ? 'amend' : 'cancel',
        requestId: m.get(11) ?? '',
        text: m.get(58) ?? `reason ${m.get(102) ?? 'unknown'}`,
      }
      const orig = m.get(41)
      if (orig !== undefined) r.origClOrdId = orig
      return r
    }
    if (m.type !== '8') return null
    const ref: EventRef = { clOrdId: m.get(11) ?? '', protocol: 'fix', at: this.now() }
    const orderId = m.get(37)
    if (orderId) ref.orderId = orderId
    const report: FixReport = { kind: 'report', ref, events: [], request: true }
    const orig = m.get(41)
    if (orig !== undefined) report.origClOrdId = orig
    const registry = this.o.registry()
    const symbol = registry.has(m.get(55) ?? '') ? registry.resolve(m.get(55)!).id : undefined
    const ev = report.events
    switch (m.get(150)) {
      case 'A':
      case '0':
        if (orderId) ev.push({ kind: 'accepted', orderId })
        break
      case 'F':
        if (symbol && m.get(527)) {
          const f: VenueEvent & { kind: 'fill' } = {
            kind: 'fill',
            tradeId: `${symbol}:${m.get(527)}`,
            qty: m.get(32)!,
            price: m.get(31)!,
          }
          // the venue's running totals: CumQty keeps an adopted order's earlier fills counted
          if (m.get(14)) f.cumQty = m.get(14)!
          const avg = priceText(m.get(6))
          if (avg) f.avgPrice = avg
          ev.push(f)
        }
        if (m.get(39) === '2') ev.push({ kind: 'filled' })
        break
      case '4':
        ev.push({ kind: 'cancelled', reason: m.get(58) ?? 'User requested' })
        break
      case 'C':
        ev.push({ kind: 'expired', reason: m.get(58) ?? 'expired' })
        break
      case '5': {
        const a: VenueEvent = { kind: 'amended' }
        if (m.get(38)) a.qty = m.get(38)!
        if (m.get(44)) a.limitPrice = m.get(44)!
        // StopPx: a stop's amended trigger
        if (m.get(99)) a.triggerPrice = m.get(99)!
        ev.push(a)
        break
      }
      case '8':
        ev.push({ kind: 'rejected', reason: m.get(58) ?? 'rejected' })
        break
    }
    return report
  }
}

/** Kraken prefixes some FIX texts with a timestamp ("1712345678 : ..."): the trader needs the words. */
function stripTs(text: string): string {
  return text.replace(/^\d+ : /, '')
}
