import { fromUnits, toUnits } from '../../../src-domain/decimal'

/**
 * Reduce-only on spot. Kraken accepts `reduce_only` for margin only, so Trident enforces it
 * itself and never sends the flag: a reduce-only order must trade against the current position,
 * and together with the other working reduce-only orders on its side never exceed it. Pure.
 */
export interface WorkingReduceOnly {
  clOrdId: string
  side: 'buy' | 'sell'
  /** quantity not yet filled, decimal text */
  remaining: string
  createdAt: number
}

const units = (t: string, qp: number): bigint =>
  BigInt(toUnits(t.replace('-', ''), qp)) * (t.startsWith('-') ? -1n : 1n)

/** Why a new reduce-only order may not go, in words; null when it may. */
export function reduceOnlyProblem(
  o: { symbol: string; side: 'buy' | 'sell'; qty: string },
  net: string,
  working: WorkingReduceOnly[],
  qp: number,
): string | null {
  const pos = units(net, qp)
  if (pos === 0n) return `Reduce-only: there is no ${o.symbol} position to reduce`
  const closing = pos > 0n ? 'sell' : 'buy'
  const size = pos > 0n ? pos : -pos
  const posText = `${pos > 0n ? 'long' : 'short'} ${fromUnits(size.toString(), qp)} ${o.symbol}`
  if (o.side !== closing) return `Reduce-only: you are ${posText}; only a ${closing} reduces it`
  const already = working.filter((w) => w.side === closing).reduce((s, w) => s + units(w.remaining, qp), 0n)
  const room = size - already
  if (units(o.qty, qp) > room)
    return `Reduce-only: you are ${posText}${already > 0n ? ` with ${fromUnits(already.toString(), qp)} already working to reduce it` : ''}; at most ${fromUnits((room > 0n ? room : 0n).toString(), qp)} more can reduce it`
  return null
}

/**
 * After the position moved: the working reduce-only orders that could now open or grow a
 * position (wrong side, or more than the position), newest first — to be cancelled.
 */
export function reduceOnlyExcess(net: string, working: WorkingReduceOnly[], qp: number): string[] {
  const pos = units(net, qp)
  const closing = pos > 0n ? 'sell' : pos < 0n ? 'buy' : null
  let room = pos > 0n ? pos : -pos
  const out: string[] = []
  // the oldest keep their place; the newest give way first
  for (const w of [...working].sort((a, b) => a.createdAt - b.createdAt)) {
    const q = units(w.remaining, qp)
    if (w.side !== closing || q > room) out.push(w.clOrdId)
    else room -= q
  }
  return out.reverse()
}
