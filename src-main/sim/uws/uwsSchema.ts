/**
 * The Unified WebSocket's request shapes, enforced as strictly as Kraken's Spot v2 (whose message
 * format UWS shares, docs/kraken-derivatives.md §1.1, §11): a quoted number is refused with
 * `<Field> field must be a number_float`, an unknown field with `Unsupported field: '<name>' for
 * the given msg type: <method>` (Spot v2's recorded texts, see sim/ws/wsv2Schema.ts). `asset_class`
 * is required on every market channel and method (§3–§5) and refused on ledgers, balances and
 * preferences (§4.5 text, §11: same words for the other two).
 */
import { isLosslessNumber } from 'lossless-json'
import { KrakenError } from '../engine/types'

type Kind = 'float' | 'float|null' | 'integer' | 'string' | 'boolean' | 'object' | 'array'
type Shape = Record<string, Kind>

const ORDER: Shape = {
  asset_class: 'string',
  order_type: 'string',
  side: 'string',
  order_qty: 'float',
  symbol: 'string',
  limit_price: 'float',
  limit_price_type: 'string',
  triggers: 'object',
  time_in_force: 'string',
  post_only: 'boolean',
  reduce_only: 'boolean',
  cl_ord_id: 'string',
  expire_time: 'string',
  deadline: 'string',
  validate: 'boolean',
  token: 'string',
}

export const METHODS: Record<string, Shape> = {
  add_order: ORDER,
  amend_order: {
    asset_class: 'string',
    order_id: 'string',
    cl_ord_id: 'string',
    order_qty: 'float',
    limit_price: 'float',
    limit_price_type: 'string',
    trigger_price: 'float',
    trigger_price_type: 'string',
    post_only: 'boolean',
    deadline: 'string',
    token: 'string',
  },
  cancel_order: {
    asset_class: 'string',
    order_id: 'array',
    cl_ord_id: 'array',
    order_userref: 'array',
    token: 'string',
  },
  cancel_all: { asset_class: 'string', token: 'string' },
  // whether it takes asset_class is NOT FOUND (§5.5): accepted, not required
  cancel_all_orders_after: { asset_class: 'string', timeout: 'integer', token: 'string' },
  batch_cancel: { asset_class: 'string', orders: 'array', cl_ord_id: 'array', token: 'string' },
  set_preference: { asset_class: 'string', leverage_mode: 'object', token: 'string' },
}

/** Methods whose asset_class may be left out (not documented as required). */
const ASSET_CLASS_OPTIONAL = new Set(['cancel_all_orders_after'])

export const CHANNELS: Record<string, Shape> = {
  instrument: { channel: 'string', asset_class: 'string', snapshot: 'boolean' },
  book: { channel: 'string', asset_class: 'string', symbol: 'array', depth: 'integer', snapshot: 'boolean' },
  ticker: { channel: 'string', asset_class: 'string', symbol: 'array', snapshot: 'boolean' },
  trade: { channel: 'string', asset_class: 'string', symbol: 'array', snapshot: 'boolean' },
  ohlc: {
    channel: 'string',
    asset_class: 'string',
    symbol: 'array',
    interval: 'integer',
    tick_type: 'string',
    snapshot: 'boolean',
  },
  executions: {
    channel: 'string',
    asset_class: 'string',
    snap_trades: 'boolean',
    snap_orders: 'boolean',
    order_status: 'boolean',
    ratecounter: 'boolean',
    snapshot: 'boolean',
    token: 'string',
  },
  positions: {
    channel: 'string',
    asset_class: 'string',
    snapshot: 'boolean',
    with_margin: 'boolean',
    token: 'string',
  },
  margin: { channel: 'string', asset_class: 'string', token: 'string' },
  ledgers: { channel: 'string', token: 'string' },
  preferences: { channel: 'string', token: 'string' },
}

/** Account-wide channels: no asset_class (§4.5, §11). */
const NO_ASSET_CLASS = new Set(['ledgers', 'preferences', 'balances'])

const cap = (f: string): string => f.charAt(0).toUpperCase() + f.slice(1)

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isLosslessNumber(v)
}

function checkValue(field: string, kind: Kind, v: unknown): void {
  const ok =
    kind === 'float'
      ? isLosslessNumber(v)
      : kind === 'float|null'
        ? v === null || isLosslessNumber(v)
        : kind === 'integer'
          ? isLosslessNumber(v) && /^-?\d+$/.test(v.value)
          : kind === 'object'
            ? isObj(v)
            : kind === 'array'
              ? Array.isArray(v)
              : typeof v === kind
  const name = kind === 'float|null' ? 'float' : kind === 'float' || kind === 'integer' ? kind : kind
  if (!ok)
    throw new KrakenError(
      `${cap(field)} field must be a ${name === 'float' || name === 'integer' ? `number_${name}` : name}`,
    )
}

function checkShape(method: string, shape: Shape, p: Record<string, unknown>): void {
  for (const [field, v] of Object.entries(p)) {
    // documented: not available for derivatives (cancel_order, batch_cancel pages, §5.4–5.5)
    if (field === 'order_userref')
      throw new KrakenError('order_userref is not available for derivatives (use cl_ord_id instead)')
    const kind = shape[field]
    if (!kind) throw new KrakenError(`Unsupported field: '${field}' for the given msg type: ${method}`)
    checkValue(field, kind, v)
  }
}

/** asset_class present and `derivatives` (UWS serves derivatives only until spot arrives, §1.1). */
function checkAssetClass(p: Record<string, unknown>, what: string): void {
  if (p.asset_class === undefined) throw new KrakenError(`'params.asset_class' is required for ${what}`)
  if (p.asset_class === 'spot')
    throw new KrakenError(
      "asset_class 'spot' is not available on the Unified WebSocket yet (derivatives only until Kraken adds spot)",
    )
  if (p.asset_class !== 'derivatives')
    throw new KrakenError(
      `'params.asset_class' must be one of: spot, derivatives (got ${String(p.asset_class)})`,
    )
}

export function checkMethodParams(method: string, p: Record<string, unknown>): void {
  const shape = METHODS[method]
  if (!shape) return
  checkShape(method, shape, p)
  if (isObj(p.triggers))
    checkShape(method, { reference: 'string', price: 'float', price_type: 'string' }, p.triggers)
  if (isObj(p.leverage_mode))
    checkShape(method, { symbol: 'string', max_leverage: 'float|null' }, p.leverage_mode)
  if (!ASSET_CLASS_OPTIONAL.has(method) || p.asset_class !== undefined) checkAssetClass(p, `${method}`)
}

/** Subscribe/unsubscribe params of a known channel (an unknown channel is the caller's to refuse). */
export function checkChannelParams(method: string, channel: string, p: Record<string, unknown>): void {
  if (NO_ASSET_CLASS.has(channel) && p.asset_class !== undefined)
    throw new KrakenError(`'params.asset_class' is not valid for the ${channel} channel`)
  if (channel === 'margin' && p.snapshot !== undefined)
    throw new KrakenError("'params.snapshot' is not valid for the margin channel")
  const shape = CHANNELS[channel]
  if (!shape) return
  checkShape(method, shape, p)
  if (!NO_ASSET_CLASS.has(channel)) checkAssetClass(p, `the ${channel} channel`)
}
