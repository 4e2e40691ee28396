import type { Instrument, InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { Protocol } from '../../core/orders/OrderTracker'
import type { Route } from '../../core/orders/OrderRouter'
import {
  amendRefusal,
  cancelRefusal,
  placeRefusal,
  type MarketStatus,
  type NewOrder,
} from '../../core/orders/marketStatus'
import { OrderRefused } from '../../core/orders/PlaceRequest'
import type { Priority, RateGovernor, TradingAction } from '../../core/risk/RateGovernor'

/*
 * The venue end of the pre-trade pipeline (the trader end, risk and duplicates, is in
 * preTrade.ts): every check refuses in words with OrderRefused, before a client order id is minted
 * and before anything is journaled, so a refused order leaves no trace but its words.
 */

/** The instrument must be one the venue lists. */
export function knownInstrument(registry: InstrumentRegistry, symbol: string): Instrument {
  if (!registry.has(symbol)) throw new OrderRefused(`Unknown instrument ${symbol}`)
  return registry.resolve(symbol)
}

/** The router's pick; its refusal (nothing up, FOK over WS, FIX scope) said as it wrote it. */
export function routed(r: Route, onNote?: (text: string) => void): Protocol {
  if ('refused' in r) throw new OrderRefused(r.refused)
  if (r.note) onNote?.(r.note)
  return r.protocol
}

/**
 * Kraken's per-pair trading counter, as the governor models it: refused here before Kraken would
 * refuse it. Last, because a check that passes spends from the budget. A protective request (the
 * bracket desk's own) may use the points a normal add or amend leaves free (TRADING_KEPT).
 */
export function rateBudget(
  governor: RateGovernor,
  of: { id: string; assetClass?: string },
  action: TradingAction,
  priority: Priority = 'normal',
): void {
  // a contract is charged to the derivatives budget, never to a spot pair's counter
  const d =
    of.assetClass === 'derivatives'
      ? governor.tryDerivatives(action, priority)
      : governor.tryTrading(of.id, action, priority)
  if (!d.ok) throw new OrderRefused(d.reason)
}

/**
 * What Kraken's engine and the pair allow now (core/orders/marketStatus): refused in words before
 * an order, amend or cancel Kraken would refuse anyway in maintenance, cancel-only, post-only,
 * limit-only or reduce-only mode.
 */
export function marketOpen(status: MarketStatus, action: 'add' | 'amend' | 'cancel', o: NewOrder): void {
  const why =
    action === 'add'
      ? placeRefusal(status, o)
      : action === 'amend'
        ? amendRefusal(status, o)
        : cancelRefusal(status)
  if (why !== null) throw new OrderRefused(why)
}
