import type { PlaceResult } from '../../../src-preload/contract/types'
import type { CommandRequest } from '../../../src-preload/contract/contract'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import type { OrderTracker, Protocol, TrackedOrder } from '../../core/orders/OrderTracker'
import { OrderRefused, type PlaceRequest } from '../../core/orders/PlaceRequest'
import { DuplicateGuard } from '../../core/risk/DuplicateGuard'
import type { RiskManager } from '../../core/risk/RiskManager'
import type { NoticeBoard } from '../notices/NoticeBoard'
import type { OrderService } from './OrderService'
import { reduceOnlyWorking, traderChecks } from './preTrade'

/** What the commands need of the order service (the execution facade answers the same). */
export type OrderEntry = Pick<
  OrderService,
  'place' | 'amend' | 'amendProtective' | 'cancel' | 'cancelAllAfter' | 'cancelEverything'
>

export interface OrderCommandsDeps {
  /** the order service, once the venue links are started (null before) */
  entry: () => OrderEntry | null
  instrument: (symbol: string) => Instrument | null
  tracker: OrderTracker
  risk: RiskManager
  mid: (symbol: string) => string | null
  /** the position in an instrument (signed decimal text) */
  net: (symbol: string) => string
  /** derivatives: the wallet's margin equity, when the venue has said it */
  equity?: () => string | undefined
  notices: Pick<NoticeBoard, 'notice'>
  /** refuse in words: said on the notices board and thrown to the caller */
  refuse: (text: string) => never
  /** thrown to the caller without a notice (not possible yet, or already said) */
  refuseQuietly: (text: string) => never
  /** the trader asked to cancel this order: its end is theirs, not news */
  cancelAsked: (clOrdId: string) => void
  /** that cancel was refused before it left (rate budget, link down, market closed): not theirs after all */
  cancelNotSent?: (clOrdId: string) => void
  /** the venue rejected the order at once: said, once */
  sayRejected: (o: TrackedOrder) => void
  now?: () => number
}

/**
 * The trader's order commands (orders.place/amend/cancel/cancelAll): the trader end of the
 * pre-trade pipeline (preTrade.ts), then the order service, with every refusal said in words.
 */
export class OrderCommands {
  private readonly duplicates = new DuplicateGuard()
  private readonly now: () => number

  constructor(private readonly d: OrderCommandsDeps) {
    this.now = d.now ?? Date.now
  }

  private entry(): OrderEntry {
    return (
      this.d.entry() ??
      this.d.refuseQuietly('Trading is not available yet: the venue connection is still starting')
    )
  }

  async place(c: CommandRequest<'orders.place'>): Promise<PlaceResult> {
    const inst = this.d.instrument(c.symbol) ?? this.d.refuse(`Unknown instrument ${c.symbol}`)
    const req = placeRequest(c)
    const v = traderChecks(req, inst, c.confirmed ?? false, {
      risk: this.d.risk,
      duplicates: this.duplicates,
      now: this.now(),
      mid: this.d.mid(inst.id),
      net: this.d.net(inst.id),
      working: this.d.tracker.workingCount(inst.id),
      // contracts: Kraken holds reduce-only per order, so a resting reduce-only stop does not use
      // up the room of a close (Trident checks only the side and the size against the position)
      reduceOnlyWorking:
        c.reduceOnly && inst.assetClass !== 'derivatives' ? reduceOnlyWorking(this.d.tracker, inst.id) : [],
      ...(inst.assetClass === 'derivatives' ? { equity: this.d.equity?.() } : {}),
    })
    if ('refuse' in v) this.d.refuse(v.refuse)
    if ('confirm' in v) return { confirm: v.confirm, why: v.why }
    const entry = this.entry()
    this.duplicates.noteSent(req, this.now(), v.duplicateWindowMs)
    try {
      const o = await entry.place(req)
      if (o.state === 'rejected') this.d.sayRejected(o)
      const r: PlaceResult = { clOrdId: o.clOrdId, state: o.state }
      if (o.reason) r.reason = o.reason
      return r
    } catch (e) {
      if (e instanceof OrderRefused) this.d.refuse(e.message)
      throw e
    }
  }

  async amend(c: CommandRequest<'orders.amend'>): Promise<{ ok: true }> {
    const changes: { qty?: string; limitPrice?: string; triggerPrice?: string } = {}
    if (c.qty !== undefined) changes.qty = c.qty
    if (c.limitPrice !== undefined) changes.limitPrice = c.limitPrice
    if (c.triggerPrice !== undefined) changes.triggerPrice = c.triggerPrice
    const o = this.d.tracker.get(c.clOrdId)
    const inst = o && changes.limitPrice !== undefined ? this.d.instrument(o.symbol) : null
    if (o && inst && changes.limitPrice !== undefined) {
      // a new price is held to the same limits as a new order's (no confirmation asked)
      const v = this.d.risk.check(
        {
          symbol: o.symbol,
          side: o.side,
          type: 'limit',
          qty: changes.qty ?? o.qty,
          limitPrice: changes.limitPrice,
          tif: 'GTC',
        },
        inst,
        { mid: this.d.mid(o.symbol), openOrders: 0, position: '0' },
        true,
      )
      if (!v.ok && 'reason' in v) this.d.refuse(v.reason)
    }
    await this.guard(() => this.entry().amend(c.clOrdId, changes, protocol(c.protocol)))
    return { ok: true }
  }

  async cancel(c: CommandRequest<'orders.cancel'>): Promise<{ ok: true }> {
    const entry = this.entry()
    this.d.cancelAsked(c.clOrdId)
    await this.guard(() => this.refusedUnasked(c.clOrdId, entry.cancel(c.clOrdId, protocol(c.protocol))))
    return { ok: true }
  }

  /** A cancel refused before it left is not Trident's: the order's later end is news again. */
  private refusedUnasked(clOrdId: string, sent: Promise<void>): Promise<void> {
    return sent.catch((e: unknown) => {
      if (e instanceof OrderRefused) this.d.cancelNotSent?.(clOrdId)
      throw e
    })
  }

  async cancelAll(c: CommandRequest<'orders.cancelAll'>): Promise<{ count: number }> {
    const targets = this.d.tracker.working().filter((o) => c.symbol === undefined || o.symbol === c.symbol)
    let count = 0
    for (const o of targets) {
      try {
        const entry = this.entry()
        this.d.cancelAsked(o.clOrdId)
        await this.refusedUnasked(o.clOrdId, entry.cancel(o.clOrdId))
        count++
      } catch (e) {
        this.d.notices.notice('warn', `Could not cancel ${o.clOrdId}: ${(e as Error).message}`)
      }
    }
    return { count }
  }

  /** A refusal is said as one; anything else failing is an error, said and thrown in words. */
  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn()
    } catch (e) {
      if (e instanceof OrderRefused) this.d.refuse(e.message)
      this.d.notices.notice('error', (e as Error).message)
      this.d.refuseQuietly((e as Error).message)
    }
  }
}

function protocol(p: string | undefined): Protocol | undefined {
  return p === 'rest' || p === 'ws' || p === 'fix' ? p : undefined
}

function placeRequest(c: CommandRequest<'orders.place'>): PlaceRequest {
  const req: PlaceRequest = { symbol: c.symbol, side: c.side, type: c.type, qty: c.qty, tif: c.tif ?? 'GTC' }
  if (c.limitPrice !== undefined) req.limitPrice = c.limitPrice
  if (c.triggerPrice !== undefined) req.triggerPrice = c.triggerPrice
  if (c.displayQty !== undefined) req.displayQty = c.displayQty
  if (c.expireAt !== undefined) req.expireAt = c.expireAt
  if (c.postOnly) req.postOnly = true
  if (c.protocol && c.protocol !== 'auto') req.protocol = c.protocol
  if (c.reduceOnly) req.reduceOnly = true
  if (c.triggerSignal) req.triggerSignal = c.triggerSignal
  if (c.leverage) req.leverage = c.leverage
  return req
}
