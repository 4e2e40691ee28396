import { toUnits } from '../../../src-domain/decimal'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import type { TrackedOrder } from '../../core/orders/OrderTracker'

/** every amount compared at this many decimals (Kraken reports balances with up to 10) */
const SCALE = 18

/**
 * Can the account's balance hold one more sell of `qty` on `inst` now? On Kraken spot every
 * open sell holds its base asset, so what is free is the reported balance less what the working
 * sells on that base still have to sell (the stop just sent counts: it is in the tracker from
 * the turn it was placed). Null when Trident cannot tell — no balance reported for the asset, or
 * a buy (what a buy holds depends on Kraken's price estimate for market-priced stops): the order
 * is then sent and Kraken's refusal (insufficient funds) is the answer.
 */
export function sellRoom(
  inst: Instrument,
  side: 'buy' | 'sell',
  qty: string,
  balance: (asset: string) => string | null,
  working: readonly TrackedOrder[],
  instrument: (symbol: string) => Instrument | null,
): boolean | null {
  if (side !== 'sell') return null
  const has = balance(inst.base)
  if (has === null) return null
  const u = (t: string) => BigInt(toUnits(t, SCALE))
  let held = 0n
  for (const o of working)
    if (o.side === 'sell' && instrument(o.symbol)?.base === inst.base) held += u(o.qty) - u(o.filledQty)
  return u(has) - held >= u(qty)
}
