/**
 * Order entry checks of the built-in exchange, in Kraken's order and with its refusal texts:
 * quantity and minimums, prices by order type, tick size, time in force, iceberg display,
 * post-only, leverage, reduce-only, cost minimum, a repeated cl_ord_id, and the open-order cap.
 */
import type { SimInstrument } from '../instruments'
import type { EngineCore } from './EngineCore'
import { checkReduceOnly } from './marginPositions'
import { ASSET_DECIMALS, KrakenError, type NewOrder } from './types'

/** Order types that wait for a trigger price before they work. */
export const TRIGGERED = new Set([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
])
/** Order types that carry a limit price. */
export const LIMIT_PRICED = new Set(['limit', 'iceberg', 'stop-loss-limit', 'take-profit-limit'])

/** The instrument's tick in price units. */
export function tick(inst: SimInstrument): number {
  const [i, f = ''] = inst.tickSize.split('.')
  return Number(i! + f.padEnd(inst.pricePrecision, '0'))
}

function units(text: string, precision: number): bigint {
  const [i, f = ''] = text.split('.')
  return BigInt(i! + f.padEnd(precision, '0').slice(0, precision))
}

/** Throws KrakenError with Kraken's text for the first rule `req` breaks; changes nothing. */
export function validateOrder(core: EngineCore, req: NewOrder, inst: SimInstrument): void {
  if (req.qty <= 0n) throw new KrakenError('EGeneral:Invalid arguments:volume')
  if (req.qty < units(inst.ordermin, inst.qtyPrecision)) throw new KrakenError('EOrder:Order minimum not met')
  if (LIMIT_PRICED.has(req.type) && (req.limitPrice === undefined || req.limitPrice <= 0)) {
    throw new KrakenError('EGeneral:Invalid arguments:price')
  }
  if (TRIGGERED.has(req.type) && (req.triggerPrice === undefined || req.triggerPrice <= 0)) {
    throw new KrakenError('EGeneral:Invalid arguments:price')
  }
  const t = tick(inst)
  for (const p of [req.limitPrice, req.type === 'trailing-stop' ? undefined : req.triggerPrice]) {
    if (p !== undefined && p % t !== 0) throw new KrakenError('EOrder:Tick size check failed')
  }
  if (req.type === 'market' && req.tif === 'GTD')
    throw new KrakenError('EGeneral:Invalid arguments:timeinforce')
  if (req.tif === 'GTD' && (req.expireAt === undefined || req.expireAt <= core.now())) {
    throw new KrakenError('EGeneral:Invalid arguments:expiretm')
  }
  if (req.type === 'iceberg') {
    if (req.displayQty === undefined || req.displayQty <= 0n || req.displayQty * 15n < req.qty) {
      throw new KrakenError('EGeneral:Invalid arguments:displayvol')
    }
  }
  if (req.postOnly && !LIMIT_PRICED.has(req.type)) throw new KrakenError('EGeneral:Invalid arguments:oflags')
  // Spot margin: only the levels the pair lists (AssetPairs leverage_buy / leverage_sell); a pair
  // without margin lists none. No recorded Kraken text for an unlisted level was found: this is
  // the EGeneral:Invalid arguments:<field> form Kraken uses for a field it cannot take.
  if (req.leverage !== undefined && !(inst.marginLeverage ?? []).includes(req.leverage))
    throw new KrakenError('EGeneral:Invalid arguments:leverage')
  // Reduce-only reduces a margin position; without one there is nothing to reduce. Kraken's spot
  // error list has the texts (docs.kraken.com spot-errors, as catalogued).
  if (req.reduceOnly) checkReduceOnly(core, req)
  const refPrice = req.limitPrice ?? req.triggerPrice ?? core.last(req.symbol)
  if (refPrice !== null && refPrice !== undefined && req.type !== 'trailing-stop') {
    const cost = core.cost(inst, req.qty, refPrice)
    if (cost < units(inst.costmin, ASSET_DECIMALS)) throw new KrakenError('EOrder:Cost minimum not met')
  }
  if (req.clOrdId !== undefined) {
    for (const o of core.openOrders(req.account)) {
      if (o.clOrdId === req.clOrdId)
        // no text for a repeated cl_ord_id is published by Kraken or seen in any recorded
        // reply we could find: this one is ours, in Kraken's EGeneral:Invalid arguments form
        throw new KrakenError('EGeneral:Invalid arguments:cl_ord_id already in use')
    }
  }
  if (!core.uncapped.has(req.account)) {
    let open = 0
    for (const o of core.openOrders(req.account)) if (o.symbol === req.symbol) open++
    if (open >= core.maxOpen) throw new KrakenError('EOrder:Orders limit exceeded')
  }
}
