/**
 * Price-time priority matching: run an active order against the opposite side (self-trade
 * prevention, iceberg refills, FOK/IOC/post-only), book each trade with fees and balances, then
 * rest, expire or close what is left.
 */
import { ceilDiv, type EngineCore } from './EngineCore'
import { bookMarginFill, reducible } from './marginPositions'
import type { Fill, SimOrder } from './types'

/** why a reduce-only margin order goes when its position is gone (the engine's own words) */
const NOTHING_TO_REDUCE = 'Reduce only: no position left to reduce'

function isMarketLike(o: SimOrder): boolean {
  return (
    o.type === 'market' || o.type === 'stop-loss' || o.type === 'take-profit' || o.type === 'trailing-stop'
  )
}

/** Whether `o` would trade at `price`. */
export function crosses(o: SimOrder, price: number): boolean {
  if (o.limitPrice === undefined || isMarketLike(o)) return true
  return o.side === 'buy' ? price <= o.limitPrice : price >= o.limitPrice
}

/** Liquidity an order could take now from others, up to its own quantity (for FOK). */
function fillable(core: EngineCore, o: SimOrder): bigint {
  let sum = 0n
  for (const l of core.opposite(o).levels) {
    if (!crosses(o, l.price)) break
    for (const r of l.orders) if (r.account !== o.account) sum += core.remaining(r)
    if (sum >= o.qty) break
  }
  return sum
}

/** Run an active (non-waiting) order against the book, then rest, expire or close it. */
export function execute(core: EngineCore, o: SimOrder): void {
  // a reduce-only order (a stop fired late, say) trades no more than its position has left
  const left = reducible(core, o)
  if (left === 0n) {
    core.close(o, 'canceled', NOTHING_TO_REDUCE)
    return
  }
  if (left !== null && core.remaining(o) > left) o.qty = o.filled + left
  const best = core.opposite(o).best()
  if (o.postOnly && best && crosses(o, best.price)) {
    core.close(o, 'canceled', 'Post only order')
    return
  }
  if (o.tif === 'FOK' && fillable(core, o) < o.qty) {
    core.close(o, 'expired', 'Unfilled FOK order')
    return
  }
  const stopped = match(core, o)
  if (o.status !== 'open') return
  if (core.remaining(o) === 0n) {
    core.close(o, 'closed')
  } else if (stopped) {
    core.close(o, 'canceled', 'Self trade prevention')
  } else if (isMarketLike(o)) {
    core.close(o, 'canceled', 'Insufficient liquidity')
  } else if (o.tif === 'IOC' || o.tif === 'FOK') {
    core.close(o, 'expired', 'Immediate or cancel')
  } else {
    core.books.get(o.symbol)!.side(o.side).add(o, o.limitPrice!)
    core.setHold(o, false)
    core.emit({ kind: 'book', symbol: o.symbol })
  }
}

/** Returns true when self-trade prevention stopped the incoming order. */
function match(core: EngineCore, o: SimOrder): boolean {
  const opp = core.opposite(o)
  let touched = false
  try {
    while (core.remaining(o) > 0n) {
      const level = opp.best()
      if (!level || !crosses(o, level.price)) return false
      // Always the head of the queue: a consumed maker leaves it, a refilled iceberg goes to its back.
      while (level.orders.length > 0 && core.remaining(o) > 0n) {
        const r = level.orders[0]!
        if (r.account === o.account) {
          const mode = o.stp
          if (mode === 'cancel-newest') return true
          core.removeResting(r)
          core.close(r, 'canceled', 'Self trade prevention')
          touched = true
          if (mode === 'cancel-both') return true
          continue
        }
        // a resting reduce-only order whose position closed (or shrank) meanwhile trades no more
        const room = reducible(core, r)
        if (room === 0n) {
          core.removeResting(r)
          core.close(r, 'canceled', NOTHING_TO_REDUCE)
          touched = true
          continue
        }
        let q = core.remaining(o) < r.visible ? core.remaining(o) : r.visible
        if (room !== null && q > room) q = room
        trade(core, o, r, level.price, q)
        touched = true
        if (r.visible === 0n) {
          if (core.remaining(r) > 0n) {
            // Iceberg: show the next slice at the back of the queue.
            opp.remove(r, level.price)
            r.visible = r.displayQty! < core.remaining(r) ? r.displayQty! : core.remaining(r)
            r.seq = core.nextSeq()
            opp.add(r, level.price)
            core.orderEvent('iceberg_refill', r)
          } else {
            opp.remove(r, level.price)
            core.close(r, 'closed')
          }
        }
      }
    }
    return false
  } finally {
    if (touched) core.emit({ kind: 'book', symbol: o.symbol })
  }
}

/** One trade between taker and maker: fills, fees, balances, holds, events and the last price. */
function trade(core: EngineCore, taker: SimOrder, maker: SimOrder, price: number, qty: bigint): void {
  const inst = core.instrument(taker.symbol)
  const cost = core.cost(inst, qty, price)
  const seq = core.tradeSeq.get(taker.symbol)! + 1
  core.tradeSeq.set(taker.symbol, seq)
  const tradeId = core.newId('T')
  const time = core.now()
  const fills: Fill[] = []
  for (const [o, isMaker] of [
    [maker, true],
    [taker, false],
  ] as const) {
    const fee = ceilDiv(cost * (isMaker ? core.makerBps : core.takerBps), 10_000n)
    o.filled += qty
    o.cost += cost
    o.fee += fee
    if (o.visible > 0n) o.visible = o.visible > qty ? o.visible - qty : 0n
    o.trades.push(tradeId)
    const base = qty * core.baseScale(inst)
    if (o.leverage !== undefined) {
      // margin: a position moves, not the base asset
      bookMarginFill(core, o, { qty, cost, fee, tradeId, time })
    } else if (o.side === 'buy') {
      core.accounts.adjust(o.account, inst.base, base)
      core.accounts.adjust(o.account, inst.quote, -(cost + fee))
    } else {
      core.accounts.adjust(o.account, inst.base, -base)
      core.accounts.adjust(o.account, inst.quote, cost - fee)
    }
    core.setHold(o, false)
    const fill: Fill = {
      tradeId,
      tradeSeq: seq,
      orderId: o.id,
      account: o.account,
      symbol: o.symbol,
      side: o.side,
      price,
      qty,
      cost,
      fee,
      maker: isMaker,
      time,
      ordType: o.type,
    }
    if (o.leverage !== undefined) fill.leverage = o.leverage
    fills.push(fill)
    core.fillLog.add(fill)
    core.orderEvent('trade', o, fill)
    core.emit({ kind: 'balance', account: o.account, asset: inst.base })
    core.emit({ kind: 'balance', account: o.account, asset: inst.quote })
  }
  core.lastPrice.set(taker.symbol, price)
  core.traded.add(taker.symbol)
  core.emit({ kind: 'trade', fill: fills[1]!, takerSide: taker.side })
}
