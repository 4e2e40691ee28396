/**
 * Kraken Spot REST private trading methods of the built-in exchange: AddOrder, AddOrderBatch,
 * AmendOrder, EditOrder, CancelOrder, CancelOrderBatch, CancelAll, CancelAllOrdersAfter — each
 * charged to the account's trading counter, run on the engine, answered in Kraken's shape.
 */
import { unitsToDecimal } from '../decimal'
import type { Amendment, OrderRef } from '../engine/MatchingEngine'
import { KrakenError } from '../engine/types'
import { tradingCost } from '../limits/RateLimits'
import { openOrderOrThrow, parseAmendment, parsePrice, parseQty, text } from '../requests'
import { rfc3339Seconds } from './krakenTime'
import { describeOrder } from './orderView'
import { checkRestPrice } from './priceChecks'
import type { PairLookup, Params, PrivateHandler, SimRestDeps } from './restDeps'
import { formOrders, restOrderRequest } from './restOrderRequest'

/** pre-match funding failures: Kraken refuses only that order of a batch */
const FUNDING = new Set(['EOrder:Insufficient funds', 'EOrder:Insufficient margin'])

export function tradingMethods(deps: SimRestDeps, lookup: PairLookup): Map<string, PrivateHandler> {
  const { engine, limits, instruments } = deps
  return new Map<string, PrivateHandler>([
    [
      'AddOrder',
      (account, p) => {
        const inst = lookup.pair(p)
        limits.chargeTrading(account, inst.symbol, tradingCost.add())
        const req = restOrderRequest(account, p, inst)
        const o = engine.place(req)
        const descr = { order: describeOrder(o, inst) }
        return req.validateOnly ? { descr } : { descr, txid: [o.id] }
      },
    ],
    [
      'AddOrderBatch',
      (account, p) => {
        const inst = lookup.pair(p)
        const orders = Array.isArray(p.orders) ? (p.orders as Params[]) : formOrders(p)
        if (orders.length < 2 || orders.length > 15)
          throw new KrakenError('EGeneral:Invalid arguments:orders')
        limits.chargeTrading(account, inst.symbol, tradingCost.batchAdd(orders.length))
        const reqs = orders.map((o) => restOrderRequest(account, { ...o, pair: inst.restPair }, inst))
        // The whole batch is refused if any order fails validation; funding (a margin order's
        // margin included) is checked per order.
        for (const r of reqs) {
          try {
            engine.place({ ...r, validateOnly: true })
          } catch (e) {
            if (!(e instanceof KrakenError) || !FUNDING.has(e.krakenMessage)) throw e
          }
        }
        return {
          orders: reqs.map((r) => {
            try {
              const o = engine.place(r)
              return { descr: { order: describeOrder(o, inst) }, txid: o.id }
            } catch (e) {
              return { error: (e as Error).message }
            }
          }),
        }
      },
    ],
    [
      'AmendOrder',
      (account, p) => {
        const ref = orderRef(p)
        const o = openOrderOrThrow(engine, account, ref)
        limits.chargeTrading(account, o.symbol, tradingCost.amend(Date.now() - o.lastChangedAt))
        engine.amend(account, ref, parseAmendment(p, instruments.get(o.symbol)!))
        return { amend_id: engine.newId('T') }
      },
    ],
    [
      'EditOrder',
      (account, p) => {
        const ref = orderRef(p)
        const o = openOrderOrThrow(engine, account, ref)
        const inst = instruments.get(o.symbol)!
        limits.chargeTrading(account, o.symbol, tradingCost.edit(Date.now() - o.lastChangedAt))
        const a: Amendment = {}
        if (p.volume !== undefined) a.qty = parseQty(p.volume, inst, 'volume')
        checkRestPrice(p.price, inst, 'price')
        if (p.price !== undefined) a.limitPrice = parsePrice(p.price, inst, 'price')
        const { original, replacement } = engine.edit(account, ref, a)
        return {
          descr: { order: describeOrder(replacement, inst) },
          txid: replacement.id,
          originaltxid: original.id,
          volume: unitsToDecimal(replacement.qty, inst.qtyPrecision),
          price:
            replacement.limitPrice !== undefined
              ? unitsToDecimal(replacement.limitPrice, inst.pricePrecision)
              : '0',
          // EditOrder only replaces plain limit orders, so there is no second price to echo
          price2: '0',
          orders_cancelled: 1,
          status: 'ok',
        }
      },
    ],
    [
      'CancelOrder',
      (account, p) => {
        const ref = orderRef(p)
        const targets = engine.find(account, ref).filter((o) => o.status === 'open')
        for (const t of targets)
          limits.chargeTrading(account, t.symbol, tradingCost.cancel(Date.now() - t.lastChangedAt))
        // Kraken's replies carry only the count ("pending" is documented as "if set" and no
        // recorded reply has it); the sim cancels synchronously, so nothing is ever pending
        return { count: engine.cancel(account, ref).length }
      },
    ],
    [
      'CancelOrderBatch',
      (account, p) => {
        const ids = [
          ...(Array.isArray(p.orders) ? p.orders : []),
          ...(Array.isArray(p.cl_ord_ids) ? p.cl_ord_ids : []),
        ].map(String)
        if (ids.length === 0 || ids.length > 50) throw new KrakenError('EGeneral:Invalid arguments:orders')
        let count = 0
        for (const id of ids) {
          const ref =
            Array.isArray(p.cl_ord_ids) && (p.cl_ord_ids as unknown[]).includes(id)
              ? { clOrdId: id }
              : { orderId: id }
          const targets = engine.find(account, ref).filter((o) => o.status === 'open')
          for (const t of targets)
            limits.chargeTrading(account, t.symbol, tradingCost.cancel(Date.now() - t.lastChangedAt), true)
          if (targets.length) count += engine.cancel(account, ref).length
        }
        return { count }
      },
    ],
    ['CancelAll', (account) => ({ count: engine.cancelAll(account).length })],
    [
      'CancelAllOrdersAfter',
      (account, p) => {
        const timeout = Number(text(p.timeout))
        if (!Number.isInteger(timeout) || timeout < 0 || timeout >= 86400)
          throw new KrakenError('EGeneral:Invalid arguments:timeout')
        const r = engine.cancelAllAfter(account, timeout)
        return {
          currentTime: rfc3339Seconds(r.currentTime),
          triggerTime: r.triggerTime ? rfc3339Seconds(r.triggerTime) : '0',
        }
      },
    ],
  ])
}

/** cl_ord_id, else txid — which may be an order id or a userref */
function orderRef(p: Params): OrderRef {
  const cl = text(p.cl_ord_id)
  if (cl !== undefined) return { clOrdId: cl }
  const tx = text(p.txid)
  if (tx === undefined) throw new KrakenError('EGeneral:Invalid arguments:txid')
  return /^-?\d+$/.test(tx) ? { userref: Number(tx) } : { orderId: tx }
}
