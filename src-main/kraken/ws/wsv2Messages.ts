import type { WireLevel } from '../../core/book/BookEngine'

/**
 * Typed views of the Kraken WS v2 frames this adapter consumes, with checks that turn a malformed
 * frame into a clear error instead of a crash deep inside the book engine.
 * Numbers arrive as exact decimal text (see losslessJson.ts).
 */

export class WsProtocolError extends Error {
  override readonly name = 'WsProtocolError'
}

export interface BookMessage {
  type: 'snapshot' | 'update'
  symbol: string
  bids: WireLevel[]
  asks: WireLevel[]
  checksum: number
  /** venue time of an update (RFC3339), as sent */
  timestamp?: string
}

export interface InstrumentPair {
  symbol: string
  pricePrecision: number
  qtyPrecision: number
  tickSize: string
  qtyMin: string
  costMin: string
}

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function numText(v: unknown, what: string): string {
  if (typeof v !== 'string' || !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v)) {
    throw new WsProtocolError(`${what} is not a number: ${JSON.stringify(v)}`)
  }
  return v
}

function int(v: unknown, what: string): number {
  const n = Number(numText(v, what))
  if (!Number.isSafeInteger(n) || n < 0)
    throw new WsProtocolError(`${what} is not a whole number: ${String(v)}`)
  return n
}

function levels(v: unknown, what: string): WireLevel[] {
  if (v === undefined) return []
  if (!Array.isArray(v)) throw new WsProtocolError(`${what} is not an array`)
  return v.map((l, i) => {
    if (!isObj(l)) throw new WsProtocolError(`${what}[${i}] is not an object`)
    return { price: numText(l.price, `${what}[${i}].price`), qty: numText(l.qty, `${what}[${i}].qty`) }
  })
}

/** Book frames carry one entry per symbol in `data`. */
export function readBookMessage(msg: Obj): BookMessage[] {
  const type = msg.type
  if (type !== 'snapshot' && type !== 'update')
    throw new WsProtocolError(`book frame with type ${String(type)}`)
  if (!Array.isArray(msg.data)) throw new WsProtocolError('book frame without data array')
  return msg.data.map((d, i) => {
    if (!isObj(d) || typeof d.symbol !== 'string') throw new WsProtocolError(`book data[${i}] has no symbol`)
    const checksum = int(d.checksum, `book ${d.symbol} checksum`)
    if (checksum > 0xffffffff) throw new WsProtocolError(`book ${d.symbol} checksum out of range`)
    const m: BookMessage = {
      type,
      symbol: d.symbol,
      bids: levels(d.bids, `${d.symbol} bids`),
      asks: levels(d.asks, `${d.symbol} asks`),
      checksum,
    }
    if (typeof d.timestamp === 'string') m.timestamp = d.timestamp
    return m
  })
}

export function readInstrumentPairs(msg: Obj): InstrumentPair[] {
  const data = msg.data
  if (!isObj(data) || !Array.isArray(data.pairs)) throw new WsProtocolError('instrument frame without pairs')
  return data.pairs.map((p, i) => {
    if (!isObj(p) || typeof p.symbol !== 'string')
      throw new WsProtocolError(`instrument pair ${i} has no symbol`)
    return {
      symbol: p.symbol,
      pricePrecision: int(p.price_precision, `${p.symbol} price_precision`),
      qtyPrecision: int(p.qty_precision, `${p.symbol} qty_precision`),
      tickSize: numText(p.price_increment ?? p.tick_size, `${p.symbol} price_increment`),
      qtyMin: numText(p.qty_min, `${p.symbol} qty_min`),
      costMin: numText(p.cost_min, `${p.symbol} cost_min`),
    }
  })
}

export { isObj }
