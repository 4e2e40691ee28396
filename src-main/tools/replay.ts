import { readFileSync } from 'node:fs'
import { BookEngine, type WireLevel } from '../core/book/BookEngine'
import { parseLossless } from '../kraken/ws/losslessJson'
import { scanBookFrame } from '../kraken/ws/bookFrameScanner'
import { type BookMessage, readBookMessage, WsProtocolError } from '../kraken/ws/wsv2Messages'
import { tardisMain } from './replayTardis'

/**
 * `npm run replay -- export|import ...`: Tardis CSV to and from recordings (replayTardis.ts).
 * `npm run replay -- book FILE [--depth N] [--price-precision P --qty-precision Q] [--time]`
 * Replays recorded Kraken WS v2 `book` messages (a JSON array, or one message per line) through
 * the app's book engine, verifying every checksum. Precisions default to what the recorded text
 * shows (Kraken prints full precision), or come from the flags.
 */
const USAGE =
  'Usage: npm run replay -- book FILE [--depth N] [--price-precision P --qty-precision Q] [--time]'

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(name)
  if (i < 0) return undefined
  const v = Number(process.argv[i + 1])
  if (!Number.isInteger(v) || v < 0) fail(`${name} needs a whole number`)
  return v
}

function fail(msg: string): never {
  console.error(msg)
  process.exit(2)
}

function decimals(text: string): number {
  const i = text.indexOf('.')
  return i < 0 ? 0 : text.length - i - 1
}

/**
 * The file's messages as frame texts (one per line, or the elements of a JSON array), each then
 * read exactly as the live client reads a frame: the book scanner, else the general lossless
 * parse. So timing a replay times the app's path.
 */
export function loadMessages(text: string): string[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) return splitArray(trimmed)
  return trimmed.split('\n').filter((l) => l.trim() !== '')
}

/** Element texts of a JSON array (brackets and strings tracked; each element is checked when read). */
function splitArray(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) {
      // skip the string, escapes included
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++
    } else if (c === 91 || c === 123) depth++
    else if (c === 93 || c === 125) {
      depth--
      if (depth === 0) {
        if (c !== 93 || text.slice(i + 1).trim() !== '') break
        const last = text.slice(start, i).trim()
        if (last !== '' || out.length > 0) out.push(last)
        return out
      }
    } else if (c === 44 && depth === 1) {
      out.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  throw new WsProtocolError('file is not a JSON array')
}

function readFrame(text: string, index: number): BookMessage[] | null {
  const scanned = scanBookFrame(text)
  if (scanned !== null) return scanned
  let m: unknown
  try {
    m = parseLossless(text)
  } catch (e) {
    throw new WsProtocolError(`message ${index}: not JSON (${(e as Error).message})`)
  }
  if (typeof m !== 'object' || m === null || (m as { channel?: unknown }).channel !== 'book') {
    if ((m as { channel?: unknown })?.channel === 'heartbeat' || (m as { method?: unknown })?.method)
      return null
    throw new WsProtocolError(`message ${index}: not a book message`)
  }
  try {
    return readBookMessage(m as Record<string, unknown>)
  } catch (e) {
    throw new WsProtocolError(`message ${index}: ${(e as Error).message}`)
  }
}

export interface ReplayResult {
  checked: number
  mismatched: { index: number; symbol: string; expected: number; computed: number }[]
}

export function replayBook(
  messages: readonly string[],
  opts: { depth?: number; pricePrecision?: number; qtyPrecision?: number } = {},
): ReplayResult {
  const books = new Map<string, BookEngine>()
  const result: ReplayResult = { checked: 0, mismatched: [] }
  messages.forEach((text, index) => {
    const entries = readFrame(text, index)
    if (entries === null) return
    for (const e of entries) {
      let book = books.get(e.symbol)
      if (e.type === 'snapshot') {
        const all: WireLevel[] = [...e.bids, ...e.asks]
        const pp = opts.pricePrecision ?? Math.max(0, ...all.map((l) => decimals(l.price)))
        const qp = opts.qtyPrecision ?? Math.max(0, ...all.map((l) => decimals(l.qty)))
        book = new BookEngine(
          e.symbol,
          { pricePrecision: pp, qtyPrecision: qp },
          opts.depth ?? Math.max(10, e.bids.length, e.asks.length),
        )
        books.set(e.symbol, book)
        try {
          book.applySnapshot(e.bids, e.asks)
        } catch (x) {
          throw new WsProtocolError(`message ${index}: ${(x as Error).message}`)
        }
      } else {
        if (!book) throw new WsProtocolError(`message ${index}: update for ${e.symbol} before its snapshot`)
        try {
          book.applyUpdate(e.bids, e.asks)
        } catch (x) {
          throw new WsProtocolError(`message ${index}: ${(x as Error).message}`)
        }
      }
      result.checked++
      const computed = book.checksum()
      if (computed !== e.checksum)
        result.mismatched.push({ index, symbol: e.symbol, expected: e.checksum, computed })
    }
  })
  return result
}

function main(): void {
  const sub = process.argv[2]
  if (sub === 'export' || sub === 'import') {
    void tardisMain(process.argv.slice(2)).then((code) => process.exit(code))
    return
  }
  const valued = ['--depth', '--price-precision', '--qty-precision']
  const [kind, file] = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && !valued.includes(all[i - 1] ?? ''))
  if (kind !== 'book' || !file) fail(USAGE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    fail(`cannot read ${file}: ${(e as Error).message}`)
  }
  try {
    const opts: Parameters<typeof replayBook>[1] = {}
    const depth = flag('--depth')
    const pp = flag('--price-precision')
    const qp = flag('--qty-precision')
    if (depth !== undefined) opts.depth = depth
    if (pp !== undefined) opts.pricePrecision = pp
    if (qp !== undefined) opts.qtyPrecision = qp
    const cpu = process.cpuUsage()
    const wall = performance.now()
    const messages = loadMessages(text)
    const r = replayBook(messages, opts)
    const timing = (): void => {
      if (!process.argv.includes('--time')) return
      // the same path as the live client, so this is the app's text-frame -> verified-book rate
      const used = process.cpuUsage(cpu)
      const cpuMs = (used.user + used.system) / 1000
      const wallMs = performance.now() - wall
      // a tiny file can take less than the CPU clock's resolution
      const rate = (ms: number): string =>
        ms > 0 ? Math.round(messages.length / (ms / 1000)).toLocaleString('en-US') : 'n/a'
      console.error(
        `${messages.length} messages: ${rate(cpuMs)} msgs/s of CPU time (${cpuMs.toFixed(0)} ms), ${rate(wallMs)} msgs/s wall (${wallMs.toFixed(0)} ms)`,
      )
    }
    for (const m of r.mismatched.slice(0, 20)) {
      console.error(
        `message ${m.index} (${m.symbol}): checksum ${m.expected} expected, ${m.computed} computed`,
      )
    }
    console.log(`checked ${r.checked}, mismatched ${r.mismatched.length}`)
    timing()
    process.exit(r.mismatched.length === 0 ? 0 : 1)
  } catch (e) {
    console.error(`malformed input: ${(e as Error).message}`)
    process.exit(1)
  }
}

if (require.main === module) main()
