/**
 * Conditional close (OTO, "one triggers the other"): an order may carry the close order Kraken
 * places for it once it has executed (WS v2 add_order `conditional: {order_type, limit_price,
 * trigger_price}`, REST `close[ordertype]`, `close[price]`, `close[price2]`). Kraken: the close is
 * placed when the primary executes, in the same quantity and the opposite direction, and is an
 * independent order from then on (it is not cancelled with the primary, nor linked to any other:
 * no one-cancels-the-other). Kraken's pages do not say when a partly filled primary places it;
 * here the close is placed when the primary is done (filled, or cancelled or expired after a
 * partial fill), for the quantity that executed.
 */
import type { EngineCore } from './EngineCore'
import { validateOrder } from './orderValidation'
import { KrakenError, type ConditionalClose, type NewOrder, type SimOrder } from './types'

/** the order types a conditional close may be (Kraken's support pages: limit, stop loss, take profit) */
const CLOSE_TYPES = new Set<ConditionalClose['type']>([
  'limit',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
])

/** The close order a primary order will place once it executes (opposite side, the primary's quantity). */
function closeRequest(
  o: Pick<NewOrder, 'account' | 'symbol' | 'side' | 'source'>,
  c: ConditionalClose,
  qty: bigint,
): NewOrder {
  const req: NewOrder = {
    account: o.account,
    symbol: o.symbol,
    side: o.side === 'buy' ? 'sell' : 'buy',
    type: c.type,
    qty,
    tif: 'GTC',
    source: o.source,
  }
  if (c.limitPrice !== undefined) req.limitPrice = c.limitPrice
  if (c.triggerPrice !== undefined) req.triggerPrice = c.triggerPrice
  return req
}

/** Refuses (KrakenError, nothing changed) a conditional close the primary could never place. */
export function checkConditional(core: EngineCore, req: NewOrder): void {
  const c = req.conditional
  if (!c) return
  if (!CLOSE_TYPES.has(c.type)) throw new KrakenError('EGeneral:Invalid arguments:conditional order_type')
  // the close is checked as an order of the primary's full quantity (prices, ticks, minimums)
  validateOrder(core, closeRequest(req, c, req.qty), core.instrument(req.symbol))
}

/** The primary ended: the close for what it executed, or null when it has none or nothing executed. */
export function closeFor(o: SimOrder): NewOrder | null {
  if (!o.conditional || o.filled <= 0n) return null
  return closeRequest(o, o.conditional, o.filled)
}
