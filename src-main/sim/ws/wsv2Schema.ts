import { isLosslessNumber } from 'lossless-json'
import { KrakenError } from '../engine/types'

/**
 * The field types of Kraken's WS v2 trading methods, enforced as strictly as Kraken does, with
 * Kraken's own words. Requests are parsed keeping number tokens apart from strings (LosslessNumber
 * vs string), so `"limit_price":"65000.5"` is told apart from `"limit_price":65000.5`.
 *
 * Texts, and where they come from:
 * - a string where a float belongs: `Limit_price field must be a number_float` and
 *   `Cash_order_qty field must be a number_float`, recorded from the live API
 *   (Brendan-Blanchard/kraken-async-rs tests/wss_v2/trading_tests.rs and error_tests.rs): the
 *   field name with its first letter capitalised.
 * - the same for an integer field (`Timeout field must be a number_integer`): no recording found;
 *   written by analogy with the float text.
 * - a field the method does not have: `Unsupported field: 'params' for the given msg type: ping`
 *   is recorded (same error_tests.rs); the same words name an unknown parameter.
 * - a string/boolean/object/array field of the wrong type: the same "<Field> field must be a
 *   <type>" form, not recorded either (Kraken refuses them; its exact words are unknown here).
 * Missing required fields keep the `EGeneral:Invalid arguments:<field>` the engine gives (no
 * recorded WS v2 text found).
 */

type Kind = 'float' | 'integer' | 'string' | 'boolean' | 'object' | 'array' | 'any'
type Shape = Record<string, Kind>

/** add_order's order fields (also each batch_add entry), per docs.kraken.com/api/docs/websocket-v2/add_order */
const ORDER: Shape = {
  order_type: 'string',
  side: 'string',
  order_qty: 'float',
  limit_price: 'float',
  limit_price_type: 'string',
  triggers: 'object',
  time_in_force: 'string',
  margin: 'boolean',
  post_only: 'boolean',
  reduce_only: 'boolean',
  effective_time: 'string',
  expire_time: 'string',
  cl_ord_id: 'string',
  order_userref: 'integer',
  conditional: 'object',
  display_qty: 'float',
  fee_preference: 'string',
  no_mpp: 'boolean',
  stp_type: 'string',
  cash_order_qty: 'float',
}

const TRIGGERS: Shape = { reference: 'string', price: 'float', price_type: 'string' }
const CONDITIONAL: Shape = {
  order_type: 'string',
  limit_price: 'float',
  limit_price_type: 'string',
  trigger_price: 'float',
  trigger_price_type: 'string',
}

const METHODS: Record<string, Shape> = {
  add_order: {
    ...ORDER,
    symbol: 'string',
    deadline: 'string',
    validate: 'boolean',
    sender_sub_id: 'string',
    token: 'string',
  },
  amend_order: {
    order_id: 'string',
    cl_ord_id: 'string',
    order_qty: 'float',
    display_qty: 'float',
    limit_price: 'float',
    limit_price_type: 'string',
    post_only: 'boolean',
    trigger_price: 'float',
    trigger_price_type: 'string',
    deadline: 'string',
    symbol: 'string',
    token: 'string',
  },
  edit_order: {
    order_id: 'string',
    symbol: 'string',
    order_qty: 'float',
    limit_price: 'float',
    display_qty: 'float',
    triggers: 'object',
    post_only: 'boolean',
    reduce_only: 'boolean',
    fee_preference: 'string',
    no_mpp: 'boolean',
    order_userref: 'integer',
    deadline: 'string',
    validate: 'boolean',
    token: 'string',
  },
  cancel_order: { order_id: 'array', cl_ord_id: 'array', order_userref: 'array', token: 'string' },
  cancel_all: { token: 'string' },
  cancel_all_orders_after: { timeout: 'integer', token: 'string' },
  batch_add: {
    symbol: 'string',
    orders: 'array',
    deadline: 'string',
    validate: 'boolean',
    token: 'string',
  },
  batch_cancel: { orders: 'array', cl_ord_id: 'array', token: 'string' },
}

const cap = (f: string): string => f.charAt(0).toUpperCase() + f.slice(1)

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isLosslessNumber(v)
}

function checkValue(field: string, kind: Kind, v: unknown): void {
  switch (kind) {
    case 'float':
      if (!isLosslessNumber(v)) throw new KrakenError(`${cap(field)} field must be a number_float`)
      return
    case 'integer':
      if (!isLosslessNumber(v) || !/^-?\d+$/.test(v.value))
        throw new KrakenError(`${cap(field)} field must be a number_integer`)
      return
    case 'string':
      if (typeof v !== 'string') throw new KrakenError(`${cap(field)} field must be a string`)
      return
    case 'boolean':
      if (typeof v !== 'boolean') throw new KrakenError(`${cap(field)} field must be a boolean`)
      return
    case 'object':
      if (!isObj(v)) throw new KrakenError(`${cap(field)} field must be an object`)
      return
    case 'array':
      if (!Array.isArray(v)) throw new KrakenError(`${cap(field)} field must be an array`)
      return
  }
}

function checkShape(method: string, shape: Shape, p: Record<string, unknown>): void {
  for (const [field, v] of Object.entries(p)) {
    const kind = shape[field]
    if (!kind) throw new KrakenError(`Unsupported field: '${field}' for the given msg type: ${method}`)
    checkValue(field, kind, v)
  }
}

/** Throws Kraken's error for a trading request whose params Kraken would refuse by type or name. */
export function checkTradingParams(method: string, params: Record<string, unknown>): void {
  const shape = METHODS[method]
  if (!shape) return
  checkShape(method, shape, params)
  const orders = method === 'batch_add' && Array.isArray(params.orders) ? params.orders : []
  for (const o of orders) {
    if (!isObj(o)) throw new KrakenError('Orders field must be an array of objects')
    checkShape(method, ORDER, o)
  }
  for (const o of [params, ...orders.filter(isObj)]) {
    if (isObj(o.triggers)) checkShape(method, TRIGGERS, o.triggers)
    if (isObj(o.conditional)) checkShape(method, CONDITIONAL, o.conditional)
  }
  if (method === 'cancel_order' && Array.isArray(params.order_userref))
    for (const u of params.order_userref as unknown[]) checkValue('order_userref', 'integer', u)
}
