/**
 * Tardis' `incremental_book_L2` CSV from and to Trident recordings (`npm run replay -- export` /
 * `import`). The format (docs.tardis.dev, "Data Types"): columns
 * `exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount`; times in
 * microseconds since the epoch, UTC; side `bid`/`ask`; `amount` is the level's new size, 0 = the
 * level is gone; rows of one exchange message share `local_timestamp`, and `is_snapshot` rows
 * after update rows start a new book.
 *
 * The round trip is lossless for books: prices and amounts stay the recorded decimal text, and
 * the export keeps `local_timestamp` strictly increasing from message to message (a message
 * received in the same microsecond as the one before is written 1 us later) so the import groups
 * the rows back into the same messages. Import rebuilds each message's Kraken checksum from the
 * book (cut to `depth` as Kraken's feed is). Trades are not in this format; a recording of the
 * built-in exchange is written with exchange `trident-builtin`, a live one with `kraken`.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { crc32, createGzip } from 'node:zlib'
import { encodeHeader, encodeRecord, type RecordingHeader } from '../../src-domain/recording'
import { readRecordedFrame } from '../sim/replay/recordedFrames'
import { RecordingReader } from '../sim/replay/RecordingReader'

export const TARDIS_COLUMNS = 'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount'
const BUILTIN = 'trident-builtin'

/** RFC 3339 with up to 9 decimals -> microseconds since the epoch (text, exact). */
function isoToMicros(iso: string): string {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(iso)
  if (!m) throw new Error(`not an RFC 3339 UTC time: ${iso}`)
  const secs = BigInt(Date.parse(`${m[1]}Z`)) / 1000n
  return (secs * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0').slice(0, 6))).toString()
}

function microsToIso(us: bigint): string {
  const ms = Number(us / 1000n)
  return new Date(ms).toISOString().slice(0, 19) + '.' + (us % 1_000_000n).toString().padStart(6, '0') + 'Z'
}

/** Write `files` (one recording) as incremental_book_L2 CSV; returns the rows written. */
export async function exportTardis(files: string[], write: (text: string) => void): Promise<number> {
  const reader = new RecordingReader(files)
  write(TARDIS_COLUMNS + '\n')
  let rows = 0
  let prevUs = -1n
  for await (const batch of reader.batches()) {
    const exchange = reader.header!.venue === 'builtin' ? BUILTIN : 'kraken'
    for (const f of batch) {
      const entries = readRecordedFrame(f.frame)?.filter((e) => e.kind === 'book')
      if (!entries?.length) continue
      let us = f.recvNs / 1000n
      if (us <= prevUs) us = prevUs + 1n
      prevUs = us
      let out = ''
      for (const e of entries) {
        const ts = e.timestamp ? isoToMicros(e.timestamp) : us.toString()
        const snap = e.type === 'snapshot'
        const head = `${exchange},${e.symbol},${ts},${us},${snap},`
        for (const [p, q] of e.bids) out += `${head}bid,${p},${q}\n`
        for (const [p, q] of e.asks) out += `${head}ask,${p},${q}\n`
        rows += e.bids.length + e.asks.length
      }
      write(out)
    }
  }
  return rows
}

/** Non-negative decimal texts compared by value, exactly. */
function compareDecimal(a: string, b: string): number {
  // the point at the same place (an import writes every price of a pair with its decimals): digit by digit
  if (a.length === b.length && a.indexOf('.') === b.indexOf('.')) return a < b ? -1 : a > b ? 1 : 0
  const [ai = '', af = ''] = a.split('.')
  const [bi = '', bf = ''] = b.split('.')
  const ia = ai.replace(/^0+(?=\d)/, '')
  const ib = bi.replace(/^0+(?=\d)/, '')
  if (ia.length !== ib.length) return ia.length - ib.length
  if (ia !== ib) return ia < ib ? -1 : 1
  const n = Math.max(af.length, bf.length)
  const fa = af.padEnd(n, '0')
  const fb = bf.padEnd(n, '0')
  return fa === fb ? 0 : fa < fb ? -1 : 1
}

const isZero = (t: string): boolean => /^0*\.?0*$/.test(t)
const digits = (t: string): string => t.replace('.', '').replace(/^0+/, '')

class TextBook {
  bids = new Map<string, string>()
  asks = new Map<string, string>()
  constructor(private readonly depth: number) {}

  set(side: 'bid' | 'ask', price: string, qty: string): void {
    const m = side === 'bid' ? this.bids : this.asks
    if (isZero(qty)) m.delete(price)
    else m.set(price, qty)
  }

  sorted(side: 'bid' | 'ask'): [string, string][] {
    const all = [...(side === 'bid' ? this.bids : this.asks)]
    return all.sort((x, y) => (side === 'bid' ? compareDecimal(y[0], x[0]) : compareDecimal(x[0], y[0])))
  }

  /** Cut to depth (as the feed's client does), then Kraken's CRC32 over the top 10 of each side. */
  checksum(): number {
    let s = ''
    const sides = { ask: this.sorted('ask'), bid: this.sorted('bid') }
    for (const side of ['ask', 'bid'] as const) {
      const m = side === 'bid' ? this.bids : this.asks
      for (const [p] of sides[side].slice(this.depth)) m.delete(p)
    }
    for (const [p, q] of sides.ask.slice(0, 10)) s += digits(p) + digits(q)
    for (const [p, q] of sides.bid.slice(0, 10)) s += digits(p) + digits(q)
    return crc32(s) >>> 0
  }
}

interface Row {
  exchange: string
  symbol: string
  timestamp: string
  local: string
  snapshot: boolean
  side: 'bid' | 'ask'
  price: string
  amount: string
}

function parseRow(line: string, n: number): Row {
  const c = line.split(',')
  const [exchange, symbol, timestamp, local, snap, side, price, amount] = c
  if (
    c.length !== 8 ||
    !/^\d+$/.test(timestamp!) ||
    !/^\d+$/.test(local!) ||
    (side !== 'bid' && side !== 'ask')
  )
    throw new Error(`line ${n}: not an incremental_book_L2 row: ${line.slice(0, 80)}`)
  if (!/^\d+(\.\d+)?$/.test(price!) || !/^\d+(\.\d+)?$/.test(amount!))
    throw new Error(`line ${n}: price and amount must be plain decimals: ${line.slice(0, 80)}`)
  return {
    exchange: exchange!,
    symbol: symbol!,
    timestamp: timestamp!,
    local: local!,
    snapshot: snap === 'true',
    side,
    price: price!,
    amount: amount!,
  }
}

/**
 * Turn incremental_book_L2 CSV text into a recording at `out`; returns the frames written. `depth`
 * (default: the Kraken depth that holds the largest snapshot side, at least 10): the book is cut
 * to it after every message, as a client subscribed at that depth keeps it. Cutting a deeper
 * book (Tardis records Kraken deep) would lose for good the levels that later rise into it.
 */
export function importTardis(csv: string, out: string, depth?: number): Promise<number> {
  const lines = async function* (): AsyncGenerator<string> {
    yield* csv.split('\n')
  }
  return importLines(lines, out, depth)
}

/** The same from a CSV file, read as a stream (twice): a day of Tardis data need not fit in memory. */
export function importTardisFile(csv: string, out: string, depth?: number): Promise<number> {
  return importLines(() => createInterface({ input: createReadStream(csv), crlfDelay: Infinity }), out, depth)
}

/** The rows of the CSV, header checked, in order. */
async function* rowsOf(lines: AsyncIterable<string>): AsyncGenerator<Row> {
  let n = 0
  for await (const line of lines) {
    n++
    if (n === 1) {
      if (line.trim() !== TARDIS_COLUMNS)
        throw new Error(`not an incremental_book_L2 CSV: the first line must be ${TARDIS_COLUMNS}`)
      continue
    }
    if (line !== '') yield parseRow(line, n)
  }
}

interface Survey {
  first: Row
  symbols: Set<string>
  /** decimals of each symbol's prices and amounts: the most any row shows (amount 0 says nothing) */
  per: Map<string, { pp: number; qp: number }>
  /** the most levels one side of a snapshot holds */
  snapshotSide: number
}

/** First pass: what the header and the instrument frame need, and the depth the data shows. */
async function survey(lines: AsyncIterable<string>): Promise<Survey> {
  let first: Row | null = null
  const symbols = new Set<string>()
  const per = new Map<string, { pp: number; qp: number }>()
  let snapshotSide = 0
  let group = ''
  const count = { bid: 0, ask: 0 }
  for await (const r of rowsOf(lines)) {
    first ??= r
    symbols.add(r.symbol)
    const p = per.get(r.symbol) ?? { pp: 0, qp: 0 }
    p.pp = Math.max(p.pp, decimalsOf(r.price))
    if (!isZero(r.amount)) p.qp = Math.max(p.qp, decimalsOf(r.amount))
    per.set(r.symbol, p)
    if (!r.snapshot) continue
    const key = `${r.local} ${r.symbol}`
    if (key !== group) {
      group = key
      count.bid = count.ask = 0
    }
    snapshotSide = Math.max(snapshotSide, ++count[r.side])
  }
  if (first === null) throw new Error('the CSV has no rows')
  return { first, symbols, per, snapshotSide }
}

const KRAKEN_DEPTHS = [10, 25, 100, 500, 1000]

async function importLines(lines: () => AsyncIterable<string>, out: string, depth?: number): Promise<number> {
  const { first, symbols, per, snapshotSide } = await survey(lines())
  const cut = depth ?? KRAKEN_DEPTHS.find((d) => d >= snapshotSide) ?? snapshotSide
  const header: RecordingHeader = {
    trident: 'recording',
    v: 1,
    venue: first.exchange === BUILTIN ? 'builtin' : 'kraken',
    started: microsToIso(BigInt(first.local)),
    channels: ['book'],
    symbols: [...symbols],
    depth: cut,
  }
  const gz = createGzip()
  const file = createWriteStream(out)
  gz.pipe(file)
  const failed = new Promise<never>((_, reject) => file.once('error', reject))
  failed.catch(() => undefined)
  // compressed as fast as it is read: frames go to zlib 64 KiB at a time (one write per frame,
  // each waiting for zlib to drain, was most of an import's time), and wait while zlib is behind
  let pending = ''
  const write = async (text: string, now = false): Promise<void> => {
    pending += text
    if (pending.length < 64 * 1024 && !now) return
    const ok = gz.write(pending)
    pending = ''
    if (!ok) await Promise.race([new Promise((r) => gz.once('drain', r)), failed])
  }
  await write(encodeHeader(header))
  if (header.venue === 'kraken') await write(encodeRecord(BigInt(first.local) * 1000n, instrumentFrame(per)))
  const books = new Map<string, TextBook>()
  let frames = 0
  let group: Row[] = []
  const emit = async (): Promise<void> => {
    const head = group[0]!
    let book = books.get(head.symbol)
    if (head.snapshot || !book) books.set(head.symbol, (book = new TextBook(cut)))
    for (const r of group) book.set(r.side, r.price, r.amount)
    const level = (r: Row): string => `{"price":${r.price},"qty":${r.amount}}`
    const bids = group.filter((r) => r.side === 'bid').map(level)
    const asks = group.filter((r) => r.side === 'ask').map(level)
    const ts = head.snapshot ? '' : `,"timestamp":"${microsToIso(BigInt(head.timestamp))}"`
    const frame = `{"channel":"book","type":"${head.snapshot ? 'snapshot' : 'update'}","data":[{"symbol":"${head.symbol}","bids":[${bids.join(',')}],"asks":[${asks.join(',')}],"checksum":${book.checksum()}${ts}}]}`
    await write(encodeRecord(BigInt(head.local) * 1000n, frame))
    frames++
  }
  // the rows of one message share local_timestamp, symbol and is_snapshot
  for await (const r of rowsOf(lines())) {
    const { pp, qp } = per.get(r.symbol)!
    r.price = fixed(r.price, pp)
    r.amount = fixed(r.amount, qp)
    const head = group[0]
    if (head && (r.local !== head.local || r.symbol !== head.symbol || r.snapshot !== head.snapshot)) {
      await emit()
      group = []
    }
    group.push(r)
  }
  if (group.length) await emit()
  await write('', true)
  await Promise.race([
    new Promise<void>((resolve) => {
      file.once('close', resolve)
      gz.end()
    }),
    failed,
  ])
  return frames
}

const decimalsOf = (t: string): number => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0)

/**
 * `t` written with `n` decimals (zeros added, never cut: `n` is the most the file shows). Tardis
 * prints numbers as short as they go (65000, 0.5); Kraken's feed and its checksum use the pair's
 * full precision (65000.0, 0.50000000), and so does a replay's check of the rebuilt book.
 */
function fixed(t: string, n: number): string {
  const d = decimalsOf(t)
  if (d >= n) return t
  return (d === 0 ? t + '.' : t) + '0'.repeat(n - d)
}

/** A live recording must carry its instruments: the precisions are the decimals the data shows. */
function instrumentFrame(per: Map<string, { pp: number; qp: number }>): string {
  const unit = (n: number): string => (n === 0 ? '1' : `0.${'0'.repeat(n - 1)}1`)
  const pairs = [...per].map(([symbol, { pp, qp }]) => {
    const [base, quote] = symbol.split('/')
    return `{"symbol":"${symbol}","base":"${base}","quote":"${quote}","status":"online","price_precision":${pp},"qty_precision":${qp},"cost_precision":5,"tick_size":${unit(pp)},"price_increment":${unit(pp)},"qty_increment":${unit(qp)},"qty_min":${unit(qp)},"cost_min":0}`
  })
  return `{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[${pairs.join(',')}]}}`
}

const TARDIS_USAGE =
  'Usage: npm run replay -- export FILE... --format tardis [--out OUT.csv]\n' +
  '       npm run replay -- import FILE.csv --out REC.trec.gz [--depth N]'

/** `export` / `import` from the command line; resolves to the exit code. */
export async function tardisMain(args: string[]): Promise<number> {
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name)
    return i < 0 ? undefined : args[i + 1]
  }
  const valued = new Set(['--format', '--out', '--depth'])
  const positional = args.slice(1).filter((a, i, all) => !a.startsWith('--') && !valued.has(all[i - 1] ?? ''))
  const out = value('--out')
  try {
    if (args[0] === 'export') {
      if (value('--format') !== 'tardis' || positional.length === 0) throw new Error(TARDIS_USAGE)
      const stream = out ? createWriteStream(out) : null
      const rows = await exportTardis(positional, (t) => (stream ? stream.write(t) : process.stdout.write(t)))
      if (stream) await new Promise((r) => stream.end(r))
      console.error(`${rows} incremental_book_L2 rows${out ? ` written to ${out}` : ''}`)
      return 0
    }
    if (positional.length !== 1 || !out) throw new Error(TARDIS_USAGE)
    const given = value('--depth')
    const depth = given === undefined ? undefined : Number(given)
    if (depth !== undefined && (!Number.isInteger(depth) || depth < 10))
      throw new Error('--depth needs a whole number, 10 or more')
    const frames = await importTardisFile(positional[0]!, out, depth)
    console.error(`${frames} book frames written to ${out}`)
    return 0
  } catch (e) {
    console.error((e as Error).message)
    return (e as Error).message === TARDIS_USAGE ? 2 : 1
  }
}
