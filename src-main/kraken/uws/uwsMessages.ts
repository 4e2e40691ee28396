import { isObj, WsProtocolError } from '../ws/wsv2Messages'
import type { UwsContract, UwsLedgerEntry, UwsMargin, UwsPosition, UwsPreferences, UwsTicker } from './types'

/**
 * Kraken Unified WS derivatives frames (already parsed by parseLossless: every JSON number is its
 * exact source text) read into Trident's types. Field names are Kraken's where documented and
 * docs/kraken-derivatives.md §11 where Kraken is silent. A frame that does not have the shape is
 * refused with a WsProtocolError naming the field, never half-read.
 */

type Obj = Record<string, unknown>

/**
 * A JSON number's text as an exact plain decimal. Exponent forms (1.5e-05), which some JSON writers
 * use for small rates, are expanded digit for digit rather than through a float.
 */
export function decimalText(v: unknown, what: string): string {
  const m = typeof v === 'string' ? /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(v) : null
  if (!m) throw new WsProtocolError(`${what} is not a number: ${JSON.stringify(v)}`)
  const [, sign, int, frac = '', exp] = m as unknown as [
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ]
  if (exp === undefined) return v as string
  const e = Number(exp)
  if (!Number.isSafeInteger(e) || Math.abs(e) > 400)
    throw new WsProtocolError(`${what} exponent out of range: ${String(v)}`)
  const digits = int + frac
  let point = int.length + e
  let s = digits
  if (point <= 0) {
    s = '0'.repeat(1 - point) + s
    point = 1
  } else if (point > s.length) s = s + '0'.repeat(point - s.length)
  const whole = s.slice(0, point).replace(/^0+(?=\d)/, '')
  const rest = s.slice(point)
  return `${sign}${whole}${rest ? `.${rest}` : ''}`
}

function wholeNumber(v: unknown, what: string): number {
  const t = decimalText(v, what)
  const n = Number(t)
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(n))
    throw new WsProtocolError(`${what} is not a whole number: ${t}`)
  return n
}

/** Whole or decimal seconds (a test exchange may settle every 0.5 s) as whole ms, exactly. */
function secondsToMs(v: unknown, what: string): number {
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(decimalText(v, what))
  const ms = m ? Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0')) : NaN
  if (!Number.isSafeInteger(ms))
    throw new WsProtocolError(`${what} is not a whole number of ms in seconds: ${String(v)}`)
  return ms
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new WsProtocolError(`${what} is missing or not text`)
  return v
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/

/** RFC 3339 → ms since epoch; any number of fractional digits (Kraken's own examples have 6 and 7). */
export function rfc3339Ms(v: unknown, what: string): number {
  const m = typeof v === 'string' ? RFC3339.exec(v) : null
  if (!m) throw new WsProtocolError(`${what} is not an RFC 3339 time: ${JSON.stringify(v)}`)
  const [, y, mo, d, h, mi, s, frac = '', zone] = m as unknown as string[]
  const ms = Number((frac + '000').slice(0, 3))
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms)
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1
    t -= sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6))) * 60_000
  }
  return t
}

function channelData(msg: Obj, channel: string): unknown {
  if (msg.channel !== channel) throw new WsProtocolError(`not a ${channel} frame: ${String(msg.channel)}`)
  return msg.data
}

function snapshotFlag(msg: Obj, channel: string): boolean {
  if (msg.type !== 'snapshot' && msg.type !== 'update')
    throw new WsProtocolError(`${channel} frame with type ${String(msg.type)}`)
  return msg.type === 'snapshot'
}

function list(v: unknown, what: string): Obj[] {
  if (!Array.isArray(v)) throw new WsProtocolError(`${what} is not a list`)
  return v.map((x, i) => {
    if (!isObj(x)) throw new WsProtocolError(`${what}[${i}] is not an object`)
    return x
  })
}

// ------------------------------------------------------------------ public channels

const CONTRACT_KIND: Record<string, UwsContract['kind']> = {
  perpetual: 'perpetual',
  fixed_maturity: 'future',
}

/** `instrument` (asset_class derivatives): the `futures` list (§11), snapshot or update. */
export function readUwsInstrument(msg: Obj): { snapshot: boolean; contracts: UwsContract[] } {
  const data = channelData(msg, 'instrument')
  const snapshot = snapshotFlag(msg, 'instrument')
  if (!isObj(data)) throw new WsProtocolError('instrument frame without a data object')
  const contracts = list(data.futures ?? [], 'instrument futures').map((f, i) => {
    const symbol = text(f.symbol, `instrument futures[${i}].symbol`)
    const w = (k: string): string => `${symbol} ${k}`
    const kind = typeof f.type === 'string' ? CONTRACT_KIND[f.type] : undefined
    if (!kind) throw new WsProtocolError(`${w('type')} is not perpetual or fixed_maturity: ${String(f.type)}`)
    const c: UwsContract = {
      symbol,
      kind,
      base: text(f.base, w('base')),
      quote: text(f.quote, w('quote')),
      status: text(f.status, w('status')),
      tickSize: decimalText(f.price_increment, w('price_increment')),
      qtyStep: decimalText(f.qty_increment, w('qty_increment')),
      qtyMin: decimalText(f.qty_min, w('qty_min')),
      pricePrecision: wholeNumber(f.price_precision, w('price_precision')),
      qtyPrecision: wholeNumber(f.qty_precision, w('qty_precision')),
      contractSize: decimalText(f.contract_size, w('contract_size')),
      maxPosition: decimalText(f.max_position_size, w('max_position_size')),
      marginLevels: list(f.margin_levels, w('margin_levels')).map((l, j) => ({
        contracts: decimalText(l.contracts, w(`margin_levels[${j}].contracts`)),
        initialMargin: decimalText(l.initial_margin, w(`margin_levels[${j}].initial_margin`)),
        maintenanceMargin: decimalText(l.maintenance_margin, w(`margin_levels[${j}].maintenance_margin`)),
      })),
      // seconds on the wire (§11: 3600 = hourly); a fixed-maturity future has none
      fundingIntervalMs:
        f.funding_interval === null || f.funding_interval === undefined
          ? 0
          : secondsToMs(f.funding_interval, w('funding_interval')),
    }
    if (f.expiry !== null && f.expiry !== undefined) c.expiry = rfc3339Ms(f.expiry, w('expiry'))
    return c
  })
  return { snapshot, contracts }
}

/** `ticker` (derivatives): spot v2 ticker entries plus mark, index and funding (§11). */
export function readUwsTickers(msg: Obj): UwsTicker[] {
  return list(channelData(msg, 'ticker'), 'ticker data').map((t, i) => {
    const symbol = text(t.symbol, `ticker data[${i}].symbol`)
    const w = (k: string): string => `${symbol} ticker ${k}`
    return {
      symbol,
      bid: decimalText(t.bid, w('bid')),
      ask: decimalText(t.ask, w('ask')),
      last: decimalText(t.last, w('last')),
      markPrice: decimalText(t.mark_price, w('mark_price')),
      indexPrice: decimalText(t.index_price, w('index_price')),
      fundingRate: decimalText(t.funding_rate, w('funding_rate')),
      nextFundingAt: rfc3339Ms(t.next_funding_time, w('next_funding_time')),
    }
  })
}

// ------------------------------------------------------------------ private channels

/**
 * `positions`: the `futures` list (options are not traded by Trident). A closed position comes as
 * size 0 (documented). The `snapshot_too_large` warning leaves both lists empty: resubscribe.
 */
export function readUwsPositions(msg: Obj): { snapshot: boolean; positions: UwsPosition[] } {
  const data = channelData(msg, 'positions')
  const snapshot = snapshotFlag(msg, 'positions')
  if (!isObj(data)) throw new WsProtocolError('positions frame without a data object')
  const positions = list(data.futures ?? [], 'positions futures').map((p, i) => {
    const symbol = text(p.symbol, `positions futures[${i}].symbol`)
    const w = (k: string): string => `${symbol} position ${k}`
    return {
      symbol,
      size: decimalText(p.size, w('size')),
      entryPrice: decimalText(p.entry_price, w('entry_price')),
      realisedPnl: decimalText(p.realized_pnl, w('realized_pnl')),
      unrealisedFunding: decimalText(p.unrealized_funding, w('unrealized_funding')),
    }
  })
  return { snapshot, positions }
}

/**
 * `margin`: every message a full state of one section (documented). Trident margins on the
 * multi-collateral wallet only; a `single_collateral` section is answered with null.
 */
export function readUwsMargin(msg: Obj): UwsMargin | null {
  const d = channelData(msg, 'margin')
  if (msg.type === 'single_collateral') return null
  if (msg.type !== 'multi_collateral') throw new WsProtocolError(`margin frame with type ${String(msg.type)}`)
  if (!isObj(d)) throw new WsProtocolError('margin frame without a data object')
  const n = (k: string): string => decimalText(d[k], `margin ${k}`)
  return {
    currency: text(d.currency, 'margin currency'),
    balanceValue: n('balance_value'),
    portfolioValue: n('portfolio_value'),
    collateralValue: n('collateral_value'),
    initialMargin: n('initial_margin'),
    maintenanceMargin: n('maintenance_margin'),
    pnl: n('pnl'),
    unrealisedFunding: n('unrealized_funding'),
    availableMargin: n('available_margin'),
    marginEquity: n('margin_equity'),
  }
}

/**
 * `ledgers` updates: the account-wide ledger (every asset class); Trident keeps the derivatives
 * entries (funding payments, realised PnL of trades). `sequence` is per connection: a gap means a
 * lost update (recover with REST Ledgers, §4.5).
 */
export function readUwsLedgers(msg: Obj): { sequence?: number; entries: UwsLedgerEntry[] } {
  const entries = list(channelData(msg, 'ledgers'), 'ledgers data')
    .filter((e) => e.asset_class === 'derivatives')
    .map((e, i) => {
      const id = text(e.ledger_id, `ledgers data[${i}].ledger_id`)
      const w = (k: string): string => `ledger ${id} ${k}`
      const entry: UwsLedgerEntry = {
        id,
        type: text(e.type, w('type')),
        asset: text(e.asset, w('asset')),
        amount: decimalText(e.amount, w('amount')),
        at: rfc3339Ms(e.timestamp, w('timestamp')),
      }
      if (typeof e.symbol === 'string') entry.symbol = e.symbol
      if (e.realized_pnl !== undefined) entry.realisedPnl = decimalText(e.realized_pnl, w('realized_pnl'))
      return entry
    })
  const out: { sequence?: number; entries: UwsLedgerEntry[] } = { entries }
  if (msg.sequence !== undefined) out.sequence = wholeNumber(msg.sequence, 'ledgers sequence')
  return out
}

const PERMISSIONS = new Set(['enabled', 'reduce_only', 'disabled'])

/** `preferences`: the futures trading permission and each market's leverage (null = cross). */
export function readUwsPreferences(msg: Obj): UwsPreferences {
  const d = channelData(msg, 'preferences')
  snapshotFlag(msg, 'preferences')
  if (!isObj(d)) throw new WsProtocolError('preferences frame without a data object')
  const permission = d.futures_permission
  if (typeof permission !== 'string' || !PERMISSIONS.has(permission))
    throw new WsProtocolError(
      `preferences futures_permission is not enabled, reduce_only or disabled: ${String(permission)}`,
    )
  return {
    permission: permission as UwsPreferences['permission'],
    leverage: list(d.leverage_preferences ?? [], 'preferences leverage_preferences').map((l, i) => {
      const symbol = text(l.symbol, `leverage_preferences[${i}].symbol`)
      return {
        symbol,
        maxLeverage: l.max_leverage === null ? null : decimalText(l.max_leverage, `${symbol} max_leverage`),
      }
    }),
  }
}

// ------------------------------------------------------------------ method replies

export type UwsReply =
  | { method: string; reqId?: number; success: true; result: Obj; timeIn?: number; timeOut?: number }
  | { method: string; reqId?: number; success: false; error: string; timeIn?: number; timeOut?: number }

/** A method's answer (v2 envelope, §5.2): Kraken's error text is kept verbatim. */
export function readUwsReply(msg: Obj): UwsReply {
  const method = text(msg.method, 'reply method')
  const common: { method: string; reqId?: number; timeIn?: number; timeOut?: number } = { method }
  if (msg.req_id !== undefined) common.reqId = wholeNumber(msg.req_id, `${method} req_id`)
  if (msg.time_in !== undefined) common.timeIn = rfc3339Ms(msg.time_in, `${method} time_in`)
  if (msg.time_out !== undefined) common.timeOut = rfc3339Ms(msg.time_out, `${method} time_out`)
  if (msg.success === true) return { ...common, success: true, result: isObj(msg.result) ? msg.result : {} }
  if (msg.success === false) return { ...common, success: false, error: text(msg.error, `${method} error`) }
  throw new WsProtocolError(`${method} reply without success true or false`)
}
