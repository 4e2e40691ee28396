/**
 * The recorded WS v2 frames a replay acts on — book, trade and instrument — read with every
 * number kept as its text (lossless-json with a number parser that returns the text), since
 * prices and quantities are turned into exact units and a float would lose Kraken's trailing
 * zeros. Every other frame (heartbeats, method replies, ticker, ohlc) is skipped unread.
 */
import { parse } from 'lossless-json'

export type LevelText = [price: string, qty: string]

export interface BookEntry {
  kind: 'book'
  type: 'snapshot' | 'update'
  symbol: string
  bids: LevelText[]
  asks: LevelText[]
  checksum: number
  /** exchange time of an update (RFC 3339), when sent */
  timestamp?: string
}

export interface TradeEntry {
  kind: 'trade'
  snapshot: boolean
  symbol: string
  /** taker side */
  side: 'buy' | 'sell'
  price: string
  qty: string
  ordType: 'market' | 'limit'
  tradeId: number
  timestamp: string
}

/** One pair of an `instrument` snapshot, as the replay needs it. */
export interface InstrumentPair {
  symbol: string
  base: string
  quote: string
  pricePrecision: number
  qtyPrecision: number
  costPrecision: number
  tickSize: string
  qtyIncrement: string
  qtyMin: string
  costMin: string
}

export type RecordedEntry = BookEntry | TradeEntry | { kind: 'instrument'; pairs: InstrumentPair[] }

const asText = (s: string): string => s
type Obj = Record<string, unknown>

function levels(v: unknown): LevelText[] {
  if (!Array.isArray(v)) return []
  return v.map((l: Obj) => [String(l.price), String(l.qty)])
}

/** The entries of one recorded frame, or null for a frame the replay does not use. */
export function readRecordedFrame(text: string): RecordedEntry[] | null {
  // cheap look before parsing: most skipped frames are heartbeats and ticker updates
  const book = text.includes('"channel":"book"')
  const trade = !book && text.includes('"channel":"trade"')
  const instrument = !book && !trade && text.includes('"channel":"instrument"')
  if (!book && !trade && !instrument) return null
  if (book) {
    const fast = scanBook(text)
    if (fast) return [fast]
  }
  const m = parse(text, null, asText) as Obj
  if (m.method !== undefined || (m.type !== 'snapshot' && m.type !== 'update')) return null
  if (instrument) {
    const data = m.data as { pairs?: Obj[] } | undefined
    return [{ kind: 'instrument', pairs: (data?.pairs ?? []).map(pair) }]
  }
  const data = Array.isArray(m.data) ? (m.data as Obj[]) : []
  if (book) {
    return data.map((d) => {
      const e: BookEntry = {
        kind: 'book',
        type: m.type as 'snapshot' | 'update',
        symbol: String(d.symbol),
        bids: levels(d.bids),
        asks: levels(d.asks),
        checksum: Number(d.checksum),
      }
      if (typeof d.timestamp === 'string') e.timestamp = d.timestamp
      return e
    })
  }
  return data.map((d) => ({
    kind: 'trade',
    snapshot: m.type === 'snapshot',
    symbol: String(d.symbol),
    side: d.side === 'sell' ? 'sell' : 'buy',
    price: String(d.price),
    qty: String(d.qty),
    ordType: d.ord_type === 'market' ? 'market' : 'limit',
    tradeId: Number(d.trade_id),
    timestamp: String(d.timestamp),
  }))
}

const BOOK_HEAD = /^\{"channel":"book","type":"(snapshot|update)","data":\[\{"symbol":"([^"\\]+)","bids":\[/
const LEVEL = /\{"price":(\d+(?:\.\d+)?),"qty":(\d+(?:\.\d+)?)\}/y
const BOOK_TAIL = /^"checksum":(\d+)(?:,"timestamp":"([^"\\]+)")?\}\]\}$/

/** Levels from `at` up to the list's `]`, or null when the text is not exactly such a list. */
function scanLevels(text: string, at: number, out: LevelText[]): number {
  let i = at
  for (;;) {
    if (text.charCodeAt(i) === 93) return i + 1
    if (out.length > 0) {
      if (text.charCodeAt(i) !== 44) return -1
      i++
    }
    LEVEL.lastIndex = i
    const m = LEVEL.exec(text)
    if (!m) return -1
    out.push([m[1]!, m[2]!])
    i = LEVEL.lastIndex
  }
}

/**
 * A book frame in the exact shape Kraken and the built-in exchange send (one symbol; keys in
 * their order), read without a general JSON parse: most of a replay's frames are these, and the
 * parse was the largest cost of a replay at 'max'. Anything else (null) takes the general path.
 */
function scanBook(text: string): BookEntry | null {
  const head = BOOK_HEAD.exec(text)
  if (!head) return null
  const bids: LevelText[] = []
  const asks: LevelText[] = []
  let i = scanLevels(text, head[0].length, bids)
  if (i < 0 || !text.startsWith(',"asks":[', i)) return null
  i = scanLevels(text, i + 9, asks)
  if (i < 0 || text.charCodeAt(i) !== 44) return null
  const tail = BOOK_TAIL.exec(text.slice(i + 1))
  if (!tail) return null
  const e: BookEntry = {
    kind: 'book',
    type: head[1] as 'snapshot' | 'update',
    symbol: head[2]!,
    bids,
    asks,
    checksum: Number(tail[1]),
  }
  if (tail[2] !== undefined) e.timestamp = tail[2]
  return e
}

function pair(p: Obj): InstrumentPair {
  return {
    symbol: String(p.symbol),
    base: String(p.base),
    quote: String(p.quote),
    pricePrecision: Number(p.price_precision),
    qtyPrecision: Number(p.qty_precision),
    costPrecision: Number(p.cost_precision ?? 5),
    tickSize: String(p.tick_size ?? p.price_increment),
    qtyIncrement: String(p.qty_increment),
    qtyMin: String(p.qty_min),
    costMin: String(p.cost_min ?? '0'),
  }
}
