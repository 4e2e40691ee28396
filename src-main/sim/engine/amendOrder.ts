/**
 * Amend in place, keeping the order id, with Kraken's checks and queue rules: a lower quantity
 * keeps its place, a new price or a higher quantity goes to the back of the queue (and may cross
 * at once); a quantity at or below what already filled ends the order.
 */
import type { EngineCore } from './EngineCore'
import { execute } from './matching'
import { LIMIT_PRICED, tick, TRIGGERED } from './orderValidation'
import { initTrail } from './triggers'
import { KrakenError, type Amendment, type OrderRef, type SimOrder } from './types'
import { freeMargin } from './marginPositions'

/** Throws KrakenError, changing nothing, when Kraken would refuse the amend. */
export function amendOrder(core: EngineCore, account: string, ref: OrderRef, a: Amendment): SimOrder {
  const o = core.findOpen(account, ref)
  const inst = core.instrument(o.symbol)
  const t = tick(inst)
  if (a.limitPrice !== undefined) {
    if (!LIMIT_PRICED.has(o.type)) throw new KrakenError('EGeneral:Invalid arguments:limit_price')
    if (a.limitPrice <= 0 || a.limitPrice % t !== 0) throw new KrakenError('EOrder:Tick size check failed')
  }
  if (a.triggerPrice !== undefined && !TRIGGERED.has(o.type))
    throw new KrakenError('EGeneral:Invalid arguments:trigger_price')
  if (a.displayQty !== undefined && (o.type !== 'iceberg' || a.displayQty <= 0n)) {
    throw new KrakenError('EGeneral:Invalid arguments:display_qty')
  }
  if (a.qty !== undefined && a.qty <= 0n) throw new KrakenError('EGeneral:Invalid arguments:order_qty')
  const postOnly = a.postOnly ?? o.postOnly
  const newPrice = a.limitPrice ?? o.limitPrice
  const resting = !o.untriggered && o.limitPrice !== undefined
  if (resting && postOnly && newPrice !== undefined) {
    const best = core.opposite(o).best()
    if (best && (o.side === 'buy' ? best.price <= newPrice : best.price >= newPrice)) {
      throw new KrakenError('EOrder:Post only order')
    }
  }
  // Check funds for the amended order before changing anything.
  const trial = { ...o, qty: a.qty ?? o.qty, limitPrice: newPrice } as SimOrder
  if (a.qty === undefined || a.qty > o.filled) {
    const h = core.holdFor(trial)
    // a margin order is held against free margin (its own hold freed first), in Kraken's margin words
    const margin = o.leverage !== undefined
    const room = margin ? freeMargin(core, o.account, h.asset) : core.accounts.available(o.account, h.asset)
    if (room + core.accounts.holdOf(o.id) < h.amount) {
      throw new KrakenError(margin ? 'EOrder:Insufficient margin' : 'EOrder:Insufficient funds')
    }
  }
  const side = core.books.get(o.symbol)!.side(o.side)
  const losesPriority =
    (a.limitPrice !== undefined && a.limitPrice !== o.limitPrice) || (a.qty !== undefined && a.qty > o.qty)
  if (resting) side.remove(o, o.limitPrice!)
  if (a.qty !== undefined) o.qty = a.qty
  if (a.limitPrice !== undefined) o.limitPrice = a.limitPrice
  if (a.triggerPrice !== undefined) {
    o.triggerPrice = a.triggerPrice
    if (o.type === 'trailing-stop') initTrail(core, o)
  }
  if (a.displayQty !== undefined) o.displayQty = a.displayQty
  o.postOnly = postOnly
  o.amended = true
  o.lastChangedAt = core.now()
  if (losesPriority) o.seq = core.nextSeq()
  if (core.remaining(o) <= 0n) {
    // Quantity amended to at or below what already filled: the rest is cancelled.
    core.emit({ kind: 'book', symbol: o.symbol })
    core.orderEvent('amended', o)
    core.close(o, o.filled > 0n ? 'closed' : 'canceled', 'Amended below filled quantity')
    return o
  }
  const rem = core.remaining(o)
  const cap = o.type === 'iceberg' ? o.displayQty! : rem
  o.visible = o.untriggered ? 0n : cap < rem ? cap : rem
  core.orderEvent('amended', o)
  if (resting) {
    if (losesPriority) {
      execute(core, o) // may cross at the new price, then rests at the back
    } else {
      // Keep queue position: re-insert ordered by seq.
      const level = side.level(o.limitPrice!)
      side.add(o, o.limitPrice!)
      if (level) level.orders.sort((x, y) => x.seq - y.seq)
      core.setHold(o, false)
      core.emit({ kind: 'book', symbol: o.symbol })
    }
  } else {
    core.setHold(o, false)
  }
  return o
}
