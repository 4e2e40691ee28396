import { createRequire } from 'node:module'
import { parse as losslessJsonPackage } from 'lossless-json'
import { BookEngine } from '../core/book/BookEngine'
import { crc32Finish, crc32Start, crc32Update } from '../core/book/crc32'
import { Level3Books } from '../features/marketData/Level3Books'
import { KrakenWsPublicClient } from '../kraken/ws/KrakenWsPublicClient'
import { KrakenWsPrivateClient } from '../kraken/ws/KrakenWsPrivateClient'
import { scanBookFrame } from '../kraken/ws/bookFrameScanner'
import { parseLossless } from '../kraken/ws/losslessJson'
import { readBookMessage, type BookMessage } from '../kraken/ws/wsv2Messages'
import { replayBook } from './replay'
import { createUwsPublicClient } from '../kraken/uws/KrakenUwsPublic'
import {
  asUwsFrames,
  INSTRUMENT_FRAME,
  l2Frames,
  l3Frames,
  PRICE_PRECISION,
  QTY_PRECISION,
  SYMBOL,
  UWS_INSTRUMENT_FRAME,
  UWS_SYMBOL,
} from './bookFrames'

/**
 * The book path as the trader feels it: a text frame in, a checksum-verified book out, timed on
 * the app's own code (the public client's `handleFrame`, the level3 client's frame handler into
 * Level3Books), next to the floor (JSON.parse + a minimal sorted-array book + CRC32, which keeps
 * no decimal exact) and ccxt's Kraken book handling, on the same frames in the same run.
 * Each path runs several interleaved rounds; figures are medians, ratios are of medians.
 * Time is this process's CPU time (process.cpuUsage), not wall time: on a shared machine other
 * processes' load then barely moves the figures, and every path is measured the same way.
 */

const FLOOR = 'floor: JSON.parse + minimal sorted-array apply + CRC32'
const PRECISION = { pricePrecision: PRICE_PRECISION, qtyPrecision: QTY_PRECISION }

type Path = { name: string; run: () => number }

function measure(paths: Path[], frames: number, rounds: number): Map<string, number> {
  for (const p of paths) p.run() // warm up (and check: each run throws if a checksum disagrees)
  const samples = new Map<string, number[]>(paths.map((p) => [p.name, []]))
  for (let r = 0; r < rounds; r++) {
    // each round starts with another path, so none always pays for the same predecessor's
    // garbage (forcing a full GC between runs was tried: it flushes compiled code and skews more)
    for (let k = 0; k < paths.length; k++) {
      const p = paths[(r + k) % paths.length]!
      const t0 = process.cpuUsage()
      const n = p.run()
      const used = process.cpuUsage(t0)
      const ms = (used.user + used.system) / 1000
      if (n !== frames) throw new Error(`${p.name}: ${n} of ${frames} frames verified`)
      samples.get(p.name)!.push((frames / ms) * 1000)
    }
  }
  const med = new Map<string, number>()
  for (const [name, xs] of samples) {
    xs.sort((a, b) => a - b)
    med.set(name, xs[xs.length >> 1]!)
  }
  return med
}

const fmt = (perSec: number): string =>
  perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)} M/s` : `${Math.round(perSec / 1000)} k/s`

function print(med: Map<string, number>, notes: Record<string, string> = {}): void {
  for (const [name, v] of med)
    console.log(`  ${name.padEnd(64)} ${fmt(v).padStart(10)}  ${notes[name] ?? ''}`)
}

function ratio(label: string, a: number, b: number, goal: number): void {
  const r = a / b
  console.log(
    `  ${label.padEnd(64)} ${`${r.toFixed(2)}x`.padStart(10)}  (goal >= ${goal}x: ${r >= goal ? 'met' : 'NOT met'})`,
  )
}

// ---------------------------------------------------------------- L2

/**
 * The app's client path: the public client's frame handler, no socket. `uws`: the same for a
 * derivatives contract, through the Unified WS public client (the spot client, asset_class
 * derivatives), on the same frames with the contract's symbol.
 */
function clientPath(frames: readonly string[], depth: number, uws = false): number {
  let verified = 0
  const options = {
    url: 'ws://127.0.0.1:9',
    depth: depth as 25,
    onBook: (_s: string, st: { status: string }) => void (st.status === 'live' && verified++),
    onLink: () => undefined,
    onProtocolError: (e: Error) => {
      throw e
    },
  }
  const client = uws ? createUwsPublicClient(options) : new KrakenWsPublicClient(options)
  client.handleFrame(uws ? UWS_INSTRUMENT_FRAME : INSTRUMENT_FRAME)
  client.watchBook(uws ? UWS_SYMBOL : SYMBOL)
  for (const f of frames) client.handleFrame(f)
  return verified
}

function engineOn(messages: readonly BookMessage[][], depth: number): number {
  let verified = 0
  let book = new BookEngine(SYMBOL, PRECISION, depth)
  for (const entries of messages) {
    const m = entries[0]!
    if (m.type === 'snapshot') {
      book = new BookEngine(SYMBOL, PRECISION, depth)
      book.applySnapshot(m.bids, m.asks)
    } else book.applyUpdate(m.bids, m.asks)
    if (book.verify(m.checksum)) verified++
  }
  return verified
}

/** Kraken's checksum form of a number: fixed decimals, no dot, no leading zeros. */
const digitsOf = (x: number, decimals: number): string =>
  x.toFixed(decimals).replace('.', '').replace(/^0+/, '')

type FloorLevel = { p: number; q: number; frag: string }

/**
 * The floor: JSON.parse, a sorted array per side, CRC32 of the top 10. Numbers become doubles,
 * so the checksum text is rebuilt with toFixed (exact only because these prices and quantities
 * fit a double's digits); the fragment is cached per level as the app's engine does.
 */
function floorPath(frames: readonly string[], depth: number): number {
  let bids: FloorLevel[] = []
  let asks: FloorLevel[] = []
  let verified = 0
  const frag = (p: number, q: number): string => digitsOf(p, PRICE_PRECISION) + digitsOf(q, QTY_PRECISION)
  const apply = (side: FloorLevel[], levels: { price: number; qty: number }[], desc: boolean): void => {
    for (const { price, qty } of levels) {
      let lo = 0
      let hi = side.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (desc ? side[mid]!.p > price : side[mid]!.p < price) lo = mid + 1
        else hi = mid
      }
      const hit = side[lo]?.p === price
      if (qty === 0) {
        if (hit) side.splice(lo, 1)
      } else if (hit) {
        side[lo]!.q = qty
        side[lo]!.frag = frag(price, qty)
      } else side.splice(lo, 0, { p: price, q: qty, frag: frag(price, qty) })
    }
    if (side.length > depth) side.length = depth
  }
  for (const f of frames) {
    const msg = JSON.parse(f) as { type: string; data: { bids: never[]; asks: never[]; checksum: number }[] }
    const d = msg.data[0]!
    if (msg.type === 'snapshot') {
      bids = []
      asks = []
    }
    apply(bids, d.bids, true)
    apply(asks, d.asks, false)
    let crc = crc32Start()
    for (let i = 0; i < 10 && i < asks.length; i++) crc = crc32Update(crc, asks[i]!.frag)
    for (let i = 0; i < 10 && i < bids.length; i++) crc = crc32Update(crc, bids[i]!.frag)
    if (crc32Finish(crc) === d.checksum) verified++
  }
  return verified
}

/** ccxt's pro.kraken book handling as shipped: JSON.parse (its WS client's) + handleMessage. */
function ccxtPath(): ((frames: readonly string[]) => number) | null {
  let ccxt: { pro: { kraken: new (o: object) => { handleMessage(c: object, m: unknown): void } } }
  try {
    // loaded at run time (a devDependency, not bundled into the app)
    ccxt = createRequire(__filename)('ccxt') as typeof ccxt
  } catch {
    return null
  }
  return (frames) => {
    const ex = new ccxt.pro.kraken({})
    let resolved = 0
    const client = {
      subscriptions: {},
      resolve: () => void resolved++,
      reject: (e: Error) => {
        throw e
      },
    }
    for (const f of frames) ex.handleMessage(client, JSON.parse(f))
    return resolved
  }
}

function ccxtVersion(): string {
  try {
    return (createRequire(__filename)('ccxt') as { version: string }).version
  } catch {
    return '?'
  }
}

export function benchL2Path(quick: boolean): void {
  const depth = 25 // what the app subscribes (TridentCore)
  const n = quick ? 20_000 : 100_000
  const frames = l2Frames(depth, n)
  const rounds = quick ? 3 : 7
  console.log(
    `\nBook path, L2: text frame -> verified book (${frames.length.toLocaleString('en-US')} frames: a snapshot of ${depth} levels a side + updates of 1-3 levels,`,
  )
  console.log(
    "  generated in Kraken's text format with checksums from the app's engine; medians of interleaved rounds)",
  )
  const preParsed = frames.map((f) => readBookMessage(parseLossless(f) as Record<string, unknown>))
  const uws = asUwsFrames(frames)
  const ccxt = ccxtPath()
  const paths: Path[] = [
    {
      name: 'Trident client: text -> scanner -> book -> CRC32 checked (app path)',
      run: () => clientPath(frames, depth),
    },
    {
      name: `Trident Unified WS client, ${UWS_SYMBOL} (same frames, derivatives)`,
      run: () => clientPath(uws, depth, true),
    },
    {
      name: 'Trident replay tool on the same frames (same path)',
      run: () => replayBook(frames, { depth }).checked,
    },
    {
      name: 'Trident general path: parseLossless -> reader -> book -> CRC32',
      run: () =>
        engineOn(
          frames.map((f) => readBookMessage(parseLossless(f) as Record<string, unknown>)),
          depth,
        ),
    },
    { name: 'Trident book engine alone (pre-parsed)', run: () => engineOn(preParsed, depth) },
    {
      name: 'Trident book frame scanner alone',
      run: () => frames.reduce((k, f) => k + (scanBookFrame(f) ? 1 : 0), 0),
    },
    {
      name: 'parseLossless alone (the general lossless parser)',
      run: () => frames.reduce((k, f) => k + (parseLossless(f) ? 1 : 0), 0),
    },
    {
      name: 'lossless-json package alone (the general parser until now)',
      run: () => frames.reduce((k, f) => k + (losslessJsonPackage(f, null, (d: string) => d) ? 1 : 0), 0),
    },
    { name: FLOOR, run: () => floorPath(frames, depth) },
    { name: 'floor: JSON.parse alone', run: () => frames.reduce((k, f) => k + (JSON.parse(f) ? 1 : 0), 0) },
  ]
  if (ccxt)
    paths.push({
      name: `ccxt ${ccxtVersion()} pro.kraken handleMessage, shipped (no checksum)`,
      run: () => ccxt(frames),
    })
  const med = measure(paths, frames.length, rounds)
  print(med)
  const app = med.get(paths[0]!.name)!
  ratio('app path vs floor (JSON.parse + apply + CRC32)', app, med.get(FLOOR)!, 0.8)
  ratio(`Unified WS (${UWS_SYMBOL}) path vs floor`, med.get(paths[1]!.name)!, med.get(FLOOR)!, 0.8)
  if (ccxt) ratio("app path vs ccxt's shipped path", app, med.get(paths[paths.length - 1]!.name)!, 1.5)
  else console.log('  (ccxt not installed: npm install -D ccxt@4 for the peer figure)')
}

// ---------------------------------------------------------------- L3

/** The app's level3 path: the level3 client's frame handler into Level3Books, no socket. */
function l3AppPath(frames: readonly string[]): number {
  let verified = 0
  const noop = (): Promise<void> => Promise.resolve()
  const books = new Level3Books({
    client: () => ({ watchLevel3: noop, unwatchLevel3: noop, resyncLevel3: noop }),
    precision: () => PRECISION,
    isMine: () => false,
    publish: () => void verified++,
    log: (line) => {
      throw new Error(line)
    },
  })
  books.acquire(SYMBOL)
  const client = new KrakenWsPrivateClient({
    url: 'ws://127.0.0.1:9',
    getToken: () => Promise.resolve(''),
    onExecution: () => undefined,
    mode: 'level3',
    onLevel3: (type, entry) => books.onMessage(type, entry),
  })
  // its frame handler is private: this is the very function the socket calls
  const onFrame = (client as unknown as { onFrame(text: string): void }).onFrame.bind(client)
  for (const f of frames) onFrame(f)
  return verified
}

type L3FloorOrder = { id: string; p: number; q: number; frag: string }

/** The floor for level3: JSON.parse, orders by id, sorted price levels with their queues, CRC32. */
function l3FloorPath(frames: readonly string[], depth: number): number {
  type Lvl = { p: number; orders: L3FloorOrder[] }
  let sides: { bids: Lvl[]; asks: Lvl[] } = { bids: [], asks: [] }
  let byId = new Map<string, { side: Lvl[]; o: L3FloorOrder }>()
  let verified = 0
  const frag = (p: number, q: number): string => digitsOf(p, PRICE_PRECISION) + digitsOf(q, QTY_PRECISION)
  const find = (side: Lvl[], p: number, desc: boolean): number => {
    let lo = 0
    let hi = side.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (desc ? side[mid]!.p > p : side[mid]!.p < p) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const remove = (side: Lvl[], o: L3FloorOrder, desc: boolean): void => {
    const i = find(side, o.p, desc)
    const l = side[i]
    if (!l || l.p !== o.p) return
    l.orders.splice(l.orders.indexOf(o), 1)
    if (l.orders.length === 0) side.splice(i, 1)
    byId.delete(o.id)
  }
  type WireO = { event?: string; order_id: string; limit_price: number; order_qty: number }
  for (const f of frames) {
    const msg = JSON.parse(f) as { type: string; data: { bids: WireO[]; asks: WireO[]; checksum: number }[] }
    const d = msg.data[0]!
    if (msg.type === 'snapshot') {
      sides = { bids: [], asks: [] }
      byId = new Map()
    }
    for (const [side, list, desc] of [
      [sides.bids, d.bids, true],
      [sides.asks, d.asks, false],
    ] as const) {
      for (const w of list) {
        const known = byId.get(w.order_id)
        if (w.event === 'modify' && known && known.o.p === w.limit_price && w.order_qty !== 0) {
          known.o.q = w.order_qty
          known.o.frag = frag(known.o.p, w.order_qty)
          continue
        }
        if (known) remove(known.side, known.o, known.side === sides.bids)
        if (w.event === 'delete' || w.order_qty === 0) continue
        const o = { id: w.order_id, p: w.limit_price, q: w.order_qty, frag: frag(w.limit_price, w.order_qty) }
        const i = find(side, o.p, desc)
        if (side[i]?.p === o.p) side[i]!.orders.push(o)
        else side.splice(i, 0, { p: o.p, orders: [o] })
        byId.set(o.id, { side, o })
      }
      while (side.length > depth) for (const o of side.pop()!.orders) byId.delete(o.id)
    }
    let crc = crc32Start()
    for (const side of [sides.asks, sides.bids])
      for (let i = 0; i < 10 && i < side.length; i++)
        for (const o of side[i]!.orders) crc = crc32Update(crc, o.frag)
    if (crc32Finish(crc) === d.checksum) verified++
  }
  return verified
}

export function benchL3Path(quick: boolean): void {
  const depth = 10 // what Level3Books subscribes
  const n = quick ? 20_000 : 100_000
  const frames = l3Frames(depth, n)
  const rounds = quick ? 3 : 7
  console.log(
    `\nBook path, level3: text frame -> verified order-by-order book (${frames.length.toLocaleString('en-US')} frames, generated, app's checksums)`,
  )
  const paths: Path[] = [
    {
      name: 'Trident level3 client -> Level3Books -> CRC32 checked (app path)',
      run: () => l3AppPath(frames),
    },
    { name: 'floor: JSON.parse + minimal apply + CRC32', run: () => l3FloorPath(frames, depth) },
    { name: 'floor: JSON.parse alone', run: () => frames.reduce((k, f) => k + (JSON.parse(f) ? 1 : 0), 0) },
  ]
  const med = measure(paths, frames.length, rounds)
  print(med)
  ratio(
    'app path vs floor (JSON.parse + apply + CRC32)',
    med.get(paths[0]!.name)!,
    med.get(paths[1]!.name)!,
    0.8,
  )
}
