import type { OrderView } from '../../src-preload/contract/types'
import { isDerivatives } from './derivativesModel'

/**
 * The short marks the blotter puts after an order's type: reduce-only (and who enforces it), the
 * price a derivatives trigger watches, the leverage a spot margin order borrows at.
 */
export function orderFlags(
  o: Pick<OrderView, 'symbol' | 'reduceOnly' | 'triggerSignal' | 'leverage'>,
): { text: string; title: string }[] {
  const out: { text: string; title: string }[] = []
  if (o.reduceOnly)
    out.push({
      text: 'RO',
      title:
        isDerivatives({ symbol: o.symbol }) || o.leverage
          ? "reduce-only (Kraken's reduce_only)"
          : 'reduce-only (enforced by Trident)',
    })
  if (o.triggerSignal) out.push({ text: `on ${o.triggerSignal}`, title: 'the price the trigger watches' })
  if (o.leverage)
    out.push({ text: `${o.leverage}×`, title: `spot margin order, borrowing at ${o.leverage}×` })
  return out
}
