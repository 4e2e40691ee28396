import { fromUnits } from '../../../src-domain/decimal'
import type { BookState } from '../../kraken/ws/KrakenWsPublicClient'

/*
 * Both read the best level of each side straight from the book engine (integer price units), not
 * through view(1), which builds arrays and formats quantities nobody asked for: midOf runs on
 * every order a trader sends (the price band), touchOf on every change of a followed book.
 */

/** Best bid and offer of a live book, exact decimal text. */
export function touchOf(state: BookState | undefined): { bid: string | null; ask: string | null } {
  const e = state?.engine
  if (!e) return { bid: null, ask: null }
  const pp = e.precision.pricePrecision
  const b = e.bids.at(0)
  const a = e.asks.at(0)
  return { bid: b ? fromUnits(String(b.price), pp) : null, ask: a ? fromUnits(String(a.price), pp) : null }
}

/** Mid of the touch as exact decimal text (one extra decimal keeps the half tick exact), or null. */
export function midOf(state: BookState | undefined): string | null {
  const e = state?.engine
  const b = e?.bids.at(0)
  const a = e?.asks.at(0)
  if (!e || !b || !a || !state?.instrument) {
    const t = touchOf(state)
    return t.bid ?? t.ask ?? null
  }
  // (bid + ask) / 2 at one more decimal: (bid + ask) * 5 in units of a tenth of a tick. Exact
  // in a double while it stays a safe integer (every listed price); BigInt above that
  const tenths = (b.price + a.price) * 5
  const units = Number.isSafeInteger(tenths)
    ? String(tenths)
    : ((BigInt(b.price) + BigInt(a.price)) * 5n).toString()
  return fromUnits(units, e.precision.pricePrecision + 1)
}
