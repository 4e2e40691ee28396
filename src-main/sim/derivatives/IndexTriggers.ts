/**
 * Orders triggered by the INDEX price (Kraken's `triggers.reference: "index"`, §5.1) wait here,
 * outside the book: the spot engine's triggers follow the last trade only. Once the index reaches
 * the trigger the market places them into the engine as market or limit orders under the same id.
 */
import type { OrderMeta, PerpOrderRequest, PerpOrderView } from './perpOrders'
import { indexFires, waitingView } from './perpOrders'
import type { DerivEvent } from './perpState'

export interface Waiting {
  req: PerpOrderRequest
  meta: OrderMeta
}

type Ref = { orderId?: string; clOrdId?: string }

export class IndexTriggers {
  private readonly waiting = new Map<string, Waiting>()

  constructor(private readonly emit: (e: DerivEvent) => void) {}

  add(req: PerpOrderRequest, meta: OrderMeta): PerpOrderView {
    this.waiting.set(meta.uuid, { req, meta })
    const view = waitingView(req, meta, 'open', Date.now())
    this.emit({ kind: 'execution', account: req.account, exec: 'new', order: view })
    return view
  }

  find(account: string, ref: Ref): Waiting | undefined {
    for (const [id, w] of this.waiting)
      if (
        w.req.account === account &&
        (id === ref.orderId || (ref.clOrdId !== undefined && w.req.clOrdId === ref.clOrdId))
      )
        return w
    return undefined
  }

  /** Cancel a waiting order (reported on executions) and return how clients see it. */
  cancel(w: Waiting, reason: string): PerpOrderView {
    this.waiting.delete(w.meta.uuid)
    const view = waitingView(w.req, w.meta, 'canceled', Date.now())
    view.reason = reason
    this.emit({ kind: 'execution', account: w.req.account, exec: 'canceled', order: view })
    return view
  }

  cancelWhere(pred: (req: PerpOrderRequest) => boolean, reason: string): PerpOrderView[] {
    return [...this.waiting.values()].filter((w) => pred(w.req)).map((w) => this.cancel(w, reason))
  }

  amend(
    w: Waiting,
    a: { qty?: bigint; limitPrice?: bigint; triggerPrice?: bigint; postOnly?: boolean },
  ): PerpOrderView {
    if (a.qty !== undefined) w.req.qty = a.qty
    if (a.limitPrice !== undefined) w.req.limitPrice = a.limitPrice
    if (a.triggerPrice !== undefined) w.req.trigger!.price = a.triggerPrice
    if (a.postOnly !== undefined) w.req.postOnly = a.postOnly
    const view = waitingView(w.req, w.meta, 'open', Date.now())
    this.emit({ kind: 'execution', account: w.req.account, exec: 'amended', order: view })
    return view
  }

  views(account: string): PerpOrderView[] {
    return [...this.waiting.values()]
      .filter((w) => w.req.account === account)
      .map((w) => waitingView(w.req, w.meta, 'open', Date.now()))
  }

  /** Take out the orders whose trigger the index has reached. */
  due(indexOf: (symbol: string) => bigint): Waiting[] {
    const out: Waiting[] = []
    for (const w of [...this.waiting.values()]) {
      if (!indexFires(w.req.type, w.req.side, indexOf(w.req.symbol), w.req.trigger!.price)) continue
      this.waiting.delete(w.meta.uuid)
      out.push(w)
    }
    return out
  }
}
