import { BookEngine, type WireLevel } from '../core/book/BookEngine'
import { L3BookEngine, type WireL3Order } from '../core/book/L3BookEngine'
import { mulberry32 } from '../sim/market/prng'

/**
 * Deterministic Kraken WS v2 book streams for the bench, in Kraken's exact text format
 * (`"price":65000.1`, `"qty":0.10000000`, key order symbol/bids/asks/checksum/timestamp).
 * They stand in for a recorded capture (the corpus only holds a few documentation frames).
 * The checksums are computed by the app's own engines (BookEngine, L3BookEngine) as the frames
 * are generated; the bench's floor recomputes them independently and must agree on every frame.
 */

export const SYMBOL = 'BTC/USD'
export const PRICE_PRECISION = 1
export const QTY_PRECISION = 8

/** The instrument frame the public client needs before it accepts a book. */
export const INSTRUMENT_FRAME = `{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[{"symbol":"${SYMBOL}","price_precision":${PRICE_PRECISION},"qty_precision":${QTY_PRECISION},"price_increment":0.1,"qty_min":0.0001,"cost_min":0.5}]}}`

/**
 * The Unified WS (derivatives) carries the spot v2 book message with the contract's symbol
 * (docs/kraken-derivatives.md §11); its instrument channel lists contracts under `futures`. Same
 * precisions as the spot frames, so the same frames with the symbol changed are a contract's book.
 */
export const UWS_SYMBOL = 'PF_XBTUSD'
export const UWS_INSTRUMENT_FRAME = `{"channel":"instrument","type":"snapshot","data":{"futures":[{"symbol":"${UWS_SYMBOL}","type":"perpetual","base":"BTC","quote":"USD","status":"online","price_increment":0.1,"qty_increment":0.00000001,"qty_min":0.0001,"price_precision":${PRICE_PRECISION},"qty_precision":${QTY_PRECISION},"contract_size":1,"max_position_size":1200,"margin_levels":[{"contracts":0,"initial_margin":0.02,"maintenance_margin":0.01}],"funding_interval":3600,"funding_rate_coefficient":8,"max_relative_funding_rate":0.001,"expiry":null}]}}`

/** Spot book frames as the Unified WS sends a contract's book (only the symbol differs). */
export function asUwsFrames(frames: readonly string[]): string[] {
  return frames.map((f) => f.replace(`"symbol":"${SYMBOL}"`, `"symbol":"${UWS_SYMBOL}"`))
}

const priceText = (u: number): string => `${Math.floor(u / 10)}.${u % 10}`
const qtyText = (q: number): string => `${Math.floor(q / 1e8)}.${String(q % 1e8).padStart(8, '0')}`
const levelText = (l: WireLevel): string => `{"price":${l.price},"qty":${l.qty}}`

function timestamp(k: number): string {
  const iso = new Date(Date.UTC(2026, 10, 30, 20, 0, 0) + k * 7).toISOString() // ...:00.123Z
  return `${iso.slice(0, -1)}${String((k * 379) % 1000).padStart(3, '0')}Z`
}

/**
 * A snapshot of `depth` levels a side and `n` updates as Kraken sends them for a subscription of
 * that depth: quantity changes near the touch (most), deletes followed by the level that enters
 * the window from below (Kraken refills the depth), and new levels inside the window (the level
 * pushed out is dropped by the receiver, no delete is sent). 1 to 3 levels per frame.
 */
export function l2Frames(depth: number, n: number, seed = 20): string[] {
  const rnd = mulberry32(seed)
  const qty = (): number => 1 + Math.floor(rnd() * rnd() * 5e8)
  // the venue's full book, deeper than the window so that deletes can be refilled
  const bids: { p: number; q: number }[] = []
  const asks: { p: number; q: number }[] = []
  const mid = 650_000
  let gap = 0
  for (let i = 0; i < depth * 3; i++) {
    gap += 1 + Math.floor(rnd() * 3)
    bids.push({ p: mid - gap, q: qty() })
    asks.push({ p: mid + gap, q: qty() })
  }
  const wire = (l: { p: number; q: number }): WireLevel => ({ price: priceText(l.p), qty: qtyText(l.q) })
  const ref = new BookEngine(SYMBOL, { pricePrecision: PRICE_PRECISION, qtyPrecision: QTY_PRECISION }, depth)
  const snapBids = bids.slice(0, depth).map(wire)
  const snapAsks = asks.slice(0, depth).map(wire)
  ref.applySnapshot(snapBids, snapAsks)
  const frames = [
    `{"channel":"book","type":"snapshot","data":[{"symbol":"${SYMBOL}","bids":[${snapBids.map(levelText).join(',')}],"asks":[${snapAsks.map(levelText).join(',')}],"checksum":${ref.checksum()}}]}`,
  ]
  for (let k = 0; k < n; k++) {
    const out: { bids: WireLevel[]; asks: WireLevel[] } = { bids: [], asks: [] }
    const changes = rnd() < 0.7 ? 1 : rnd() < 0.67 ? 2 : 3
    for (let c = 0; c < changes; c++) {
      const isBid = rnd() < 0.5
      const side = isBid ? bids : asks
      const list = isBid ? out.bids : out.asks
      const at = Math.floor(rnd() * rnd() * depth) // busier near the touch
      const r = rnd()
      const touched = new Set(list.map((l) => l.price))
      if (touched.has(priceText(side[at]!.p))) continue // one change per level and frame
      if (r < 0.6) {
        side[at]!.q = qty()
        list.push(wire(side[at]!))
      } else if (r < 0.8) {
        const gone = side.splice(at, 1)[0]!
        list.push({ price: priceText(gone.p), qty: '0.00000000' })
        const refill = side[depth - 1]
        if (refill && !touched.has(priceText(refill.p))) list.push(wire(refill))
      } else {
        // a new level inside the window, between two existing ones (never crossing the spread)
        const lo = side[at]!.p
        const hi = at === 0 ? (isBid ? asks[0]!.p : bids[0]!.p) : side[at - 1]!.p
        const p = isBid ? lo + 1 : lo - 1
        if ((isBid ? p >= hi : p <= hi) || touched.has(priceText(p))) continue
        const l = { p, q: qty() }
        side.splice(at, 0, l)
        list.push(wire(l))
      }
      // keep the venue's book deep enough to refill the window
      while (side.length < depth * 2) {
        const last = side[side.length - 1]!
        side.push({ p: isBid ? last.p - 1 : last.p + 1, q: qty() })
      }
    }
    ref.applyUpdate(out.bids, out.asks)
    frames.push(
      `{"channel":"book","type":"update","data":[{"symbol":"${SYMBOL}","bids":[${out.bids.map(levelText).join(',')}],"asks":[${out.asks.map(levelText).join(',')}],"checksum":${ref.checksum()},"timestamp":"${timestamp(k)}"}]}`,
    )
  }
  return frames
}

const l3Text = (o: WireL3Order, ts: string): string =>
  `{${o.event ? `"event":"${o.event}",` : ''}"order_id":"${o.order_id}","limit_price":${o.limit_price},"order_qty":${o.order_qty},"timestamp":"${ts}"}`

/**
 * A level3 snapshot (`depth` price levels a side, 1 to 4 orders each) and `n` updates of add,
 * modify and delete events, in Kraken's level3 text format.
 */
export function l3Frames(depth: number, n: number, seed = 30): string[] {
  const rnd = mulberry32(seed)
  let nextId = 1
  const id = (): string => {
    const s = String(nextId++).padStart(15, '0')
    return `O${s.slice(0, 5)}-${s.slice(5, 10)}-${s.slice(10)}`
  }
  const qty = (): string => qtyText(1 + Math.floor(rnd() * rnd() * 5e8))
  const mid = 650_000
  type O = { id: string; p: number; q: string }
  const book = { bids: [] as O[], asks: [] as O[] }
  for (let i = 1; i <= depth; i++) {
    const orders = 1 + Math.floor(rnd() * 4)
    for (let k = 0; k < orders; k++) {
      book.bids.push({ id: id(), p: mid - i * 2, q: qty() })
      book.asks.push({ id: id(), p: mid + i * 2, q: qty() })
    }
  }
  const wire = (o: O, event?: WireL3Order['event']): WireL3Order => ({
    order_id: o.id,
    limit_price: priceText(o.p),
    order_qty: o.q,
    ...(event ? { event } : {}),
  })
  const ref = new L3BookEngine(
    SYMBOL,
    { pricePrecision: PRICE_PRECISION, qtyPrecision: QTY_PRECISION },
    depth,
  )
  const sb = book.bids.map((o) => wire(o))
  const sa = book.asks.map((o) => wire(o))
  ref.applySnapshot(sb, sa)
  const ts0 = timestamp(0)
  const frames = [
    `{"channel":"level3","type":"snapshot","data":[{"symbol":"${SYMBOL}","checksum":${ref.checksum()},"bids":[${sb.map((o) => l3Text(o, ts0)).join(',')}],"asks":[${sa.map((o) => l3Text(o, ts0)).join(',')}]}]}`,
  ]
  for (let k = 0; k < n; k++) {
    const out = { bids: [] as WireL3Order[], asks: [] as WireL3Order[] }
    const isBid = rnd() < 0.5
    const side = isBid ? book.bids : book.asks
    const list = isBid ? out.bids : out.asks
    const r = rnd()
    // adds balance deletes around ~2.5 orders a level, as a steady market does
    const target = depth * 2.5
    if (side.length === 0 || r < (side.length < target ? 0.6 : 0.35)) {
      // a new order at one of the visible prices (joins the back of the queue)
      const level = 1 + Math.floor(rnd() * rnd() * depth)
      const o = { id: id(), p: isBid ? mid - level * 2 : mid + level * 2, q: qty() }
      side.push(o)
      list.push(wire(o, 'add'))
    } else if (r < (side.length < target ? 0.8 : 0.6)) {
      const o = side[Math.floor(rnd() * side.length)]!
      o.q = qty()
      list.push(wire(o, 'modify'))
    } else {
      const o = side.splice(Math.floor(rnd() * side.length), 1)[0]!
      list.push(wire(o, 'delete'))
    }
    ref.applyUpdate(out.bids, out.asks)
    const ts = timestamp(k)
    frames.push(
      `{"channel":"level3","type":"update","data":[{"checksum":${ref.checksum()},"symbol":"${SYMBOL}","bids":[${out.bids.map((o) => l3Text(o, ts)).join(',')}],"asks":[${out.asks.map((o) => l3Text(o, ts)).join(',')}]}]}`,
    )
  }
  return frames
}
