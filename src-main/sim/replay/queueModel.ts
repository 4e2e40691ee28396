/**
 * Where the trader's resting orders stand in a recorded queue, and what a recorded trade fills.
 *
 * The model (hftbacktest calls it "risk averse"): an order that joins a price level goes behind
 * all the quantity the recording shows there (`ahead` = the recorded level size when it joined;
 * size added later goes behind it). `ahead` only shrinks by
 * - recorded trades at its price, which consume the queue from the front: first `ahead`, then
 *   the order itself; and
 * - the recorded level shrinking below `ahead`, the one case where a cancel must have come from in
 *   front of it. Otherwise a recorded cancel is taken to come off the BACK of the queue.
 * Taking cancels off the back is the pessimistic choice: the trader never gets a fill that the
 * live market might not have given, which is the honest default for practice. A recorded trade
 * at a price WORSE for the taker than the order's (a buy at 101 when we offer at 100) means the
 * taker would have hit our better price first: it fills the order, up to the trade's quantity.
 */

export interface QueueSpot {
  id: string
  price: number
  /** quantity left to fill */
  remaining: bigint
  /** recorded quantity in front of it */
  ahead: bigint
}

export interface SpotFill {
  id: string
  qty: bigint
}

/**
 * The fills a recorded trade of `qty` at `price` gives the trader's resting orders on the maker
 * side (`makerSide` 'sell' = asks, for a buy taker), and each spot's new `ahead` (mutated).
 * `spots` must be in priority order: best price first, then time.
 */
export function tradeThrough(
  makerSide: 'buy' | 'sell',
  spots: QueueSpot[],
  price: number,
  qty: bigint,
): SpotFill[] {
  const fills: SpotFill[] = []
  let left = qty
  for (const s of spots) {
    if (left <= 0n) break
    const better = makerSide === 'sell' ? s.price < price : s.price > price
    let f: bigint
    if (better) f = left
    else if (s.price === price) {
      f = left > s.ahead ? left - s.ahead : 0n
      s.ahead = s.ahead > left ? s.ahead - left : 0n
    } else continue
    if (f > s.remaining) f = s.remaining
    if (f > 0n) {
      fills.push({ id: s.id, qty: f })
      left -= f
    }
  }
  return fills
}

/** The recorded level at the order's price now holds `levelQty`: what is in front is at most that. */
export function clampAhead(ahead: bigint, levelQty: bigint): bigint {
  return ahead > levelQty ? levelQty : ahead
}
