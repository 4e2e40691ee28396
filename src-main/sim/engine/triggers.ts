/**
 * Conditional orders: stop-loss, take-profit (and their -limit forms) and trailing stops wait
 * off the book until the last traded price reaches their trigger, then work as market or limit
 * orders. A trailing stop's trigger follows the price by its offset.
 */
import type { EngineCore } from './EngineCore'
import { execute } from './matching'
import type { SimOrder } from './types'

/** Set a trailing stop's first trigger, the offset away from the last price (or the touch). */
export function initTrail(core: EngineCore, o: SimOrder): void {
  const last =
    core.last(o.symbol) ??
    (o.side === 'sell' ? core.book(o.symbol).bestBid() : core.book(o.symbol).bestAsk()) ??
    0
  o.trailStop = o.side === 'sell' ? last - o.triggerPrice! : last + o.triggerPrice!
}

/** After trades: fire stop/take-profit/trailing orders whose trigger the last price reached. */
export function checkTriggers(core: EngineCore, symbol: string): void {
  const set = core.untriggered.get(symbol)!
  for (let guard = 0; guard < 1000; guard++) {
    const last = core.last(symbol)
    if (last === null) return
    let fired: SimOrder | null = null
    for (const o of set) {
      if (fires(o, last)) {
        fired = o
        break
      }
    }
    if (!fired) return
    set.delete(fired)
    fired.untriggered = false
    fired.lastChangedAt = core.now()
    // *-limit orders now work as limits at their limit price; the others as market orders.
    execute(core, fired)
  }
}

/** Whether `o`'s trigger is reached at `last` (a trailing stop moves its trigger first). */
function fires(o: SimOrder, last: number): boolean {
  const t = o.triggerPrice!
  switch (o.type) {
    case 'stop-loss':
    case 'stop-loss-limit':
      return o.side === 'sell' ? last <= t : last >= t
    case 'take-profit':
    case 'take-profit-limit':
      return o.side === 'sell' ? last >= t : last <= t
    case 'trailing-stop': {
      if (o.side === 'sell') {
        o.trailStop = Math.max(o.trailStop ?? -Infinity, last - t)
        return last <= o.trailStop
      }
      o.trailStop = Math.min(o.trailStop ?? Infinity, last + t)
      return last >= o.trailStop
    }
    default:
      return false
  }
}
