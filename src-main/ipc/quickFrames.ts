import type { CommandName, ParsedCommand } from '../../src-preload/contract/contract'
import type { ClientFrame } from '../../src-preload/contract/wire'
import { ORDER_TYPES, SIDES, TIMES_IN_FORCE } from '../../src-domain/orders'

/*
 * Hand-written checks for the two schemas on the order path (issue 20): the command frame and the
 * orders.place payload. At a trader's pace (one order per 100 ms, caches cold) zod's generic walk
 * of these costs ~100 µs an order; these few comparisons cost a few. They only ever ACCEPT: what
 * they accept, zod accepts too, and they return exactly zod's output (same keys, same order,
 * defaults applied). Anything else — including every invalid input — answers null and goes through
 * zod, so every refusal keeps zod's words (test/src-main/ipc/quickFrames.test.ts holds both to it).
 */

const MAX_ID = Number.MAX_SAFE_INTEGER
const SYMBOL = /^[A-Z0-9]{1,16}\/[A-Z0-9]{1,16}$/
const DECIMAL = /^\d+(\.\d+)?$/
const PROTOCOLS: readonly string[] = ['auto', 'ws', 'fix', 'rest']

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype

/** A command frame with all four members, as every window sends one; else null (zod decides). */
export function quickCommandFrame(raw: unknown): Extract<ClientFrame, { k: 'cmd' }> | null {
  if (!isPlain(raw) || raw.k !== 'cmd') return null
  let n = 0
  for (const key in raw) {
    if (key !== 'k' && key !== 'id' && key !== 'name' && key !== 'payload') return null
    n++
  }
  const { id, name } = raw
  if (n !== 4 || typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || id > MAX_ID) return null
  if (typeof name !== 'string' || name.length > 64) return null
  return { k: 'cmd', id, name, payload: raw.payload }
}

// written out, not read from the schema: a member added to the contract must go to zod (null
// here) until quickPlace copies it to its output, never be accepted and dropped
const PLACE_KEYS = new Set([
  'symbol',
  'side',
  'type',
  'qty',
  'limitPrice',
  'triggerPrice',
  'displayQty',
  'tif',
  'expireAt',
  'postOnly',
  'reduceOnly',
  'protocol',
  'confirmed',
])

const decimal = (v: unknown): v is string => typeof v === 'string' && v.length <= 32 && DECIMAL.test(v)
const optionalDecimal = (v: unknown) => v === undefined || decimal(v)
const optionalBool = (v: unknown) => v === undefined || typeof v === 'boolean'
const among = (list: readonly string[], v: unknown): v is string => typeof v === 'string' && list.includes(v)

/** An orders.place payload as the ticket and ladder send it; else null (zod decides). */
export function quickPlace(p: unknown): ParsedCommand<'orders.place'> | null {
  if (!isPlain(p)) return null
  for (const key in p) if (!PLACE_KEYS.has(key) || p[key] === undefined) return null
  const { symbol, side, type, qty, tif, protocol, confirmed } = p
  if (typeof symbol !== 'string' || symbol.length < 3 || symbol.length > 32 || !SYMBOL.test(symbol))
    return null
  if (!among(SIDES, side) || !among(ORDER_TYPES, type) || !decimal(qty)) return null
  if (!optionalDecimal(p.limitPrice) || !optionalDecimal(p.triggerPrice) || !optionalDecimal(p.displayQty))
    return null
  if (tif !== undefined && !among(TIMES_IN_FORCE, tif)) return null
  if (protocol !== undefined && !among(PROTOCOLS, protocol)) return null
  if (!optionalBool(p.postOnly) || !optionalBool(p.reduceOnly) || !optionalBool(confirmed)) return null
  const expireAt = p.expireAt
  if (
    expireAt !== undefined &&
    (typeof expireAt !== 'number' || !Number.isSafeInteger(expireAt) || expireAt <= 0)
  )
    return null
  // zod's output: the schema's key order, optional members only when given, defaults filled in
  const out: Record<string, unknown> = { symbol, side, type, qty }
  for (const key of ['limitPrice', 'triggerPrice', 'displayQty'] as const)
    if (p[key] !== undefined) out[key] = p[key]
  out.tif = tif ?? 'GTC'
  if (expireAt !== undefined) out.expireAt = expireAt
  if (p.postOnly !== undefined) out.postOnly = p.postOnly
  if (p.reduceOnly !== undefined) out.reduceOnly = p.reduceOnly
  out.protocol = protocol ?? 'auto'
  out.confirmed = confirmed ?? false
  return out as ParsedCommand<'orders.place'>
}

/** The commands with a quick check, by name (typed so a check returns its own command's output). */
export const quickCommands: { readonly [K in CommandName]?: (payload: unknown) => ParsedCommand<K> | null } =
  {
    'orders.place': quickPlace,
  }
