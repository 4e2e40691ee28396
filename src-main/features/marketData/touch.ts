import type { BookState } from '../../kraken/ws/KrakenWsPublicClient'

/** Best bid and offer of a live book, exact decimal text. */
export function touchOf(state: BookState | undefined): { bid: string | null; ask: string | null } {
  const v = state?.engine?.view(1)
  return { bid: v?.bids[0]?.[0] ?? null, ask: v?.asks[0]?.[0] ?? null }
}

/** Mid of the touch as exact decimal text (one extra decimal keeps the half tick exact), or null. */
export function midOf(state: BookState | undefined): string | null {
  const { bid, ask } = touchOf(state)
  if (!bid || !ask || !state?.instrument) return bid ?? ask ?? null
  const pp = state.instrument.pricePrecision
  const u = (x: string) => BigInt(x.replace('.', ''))
  const sum = u(bid) + u(ask)
  const s = (sum * 5n).toString().padStart(pp + 2, '0')
  return `${s.slice(0, s.length - pp - 1)}.${s.slice(s.length - pp - 1)}`
}
