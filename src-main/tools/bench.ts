import 'reflect-metadata'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BookEngine, type WireLevel } from '../core/book/BookEngine'
import { AppMessageEncoder } from '../kraken/fix/appMessageEncoder'
import { decodeFix, encodeFix, type FixFields } from '../kraken/fix/fixFields'
import { krakenDictionaryPath } from '../kraken/fix/krakenDictionary'
import { mulberry32 } from '../sim/market/prng'
import { benchL2Path, benchL3Path } from './benchBookPath'
import { benchOrderPath } from './benchOrderPath'
import { benchReplay } from './benchReplay'
import { benchRecorder } from './benchRecorder'
import type { ElasticBuffer, IJsFixConfig, MsgView } from 'jspurefix'
import type * as SessionScope from 'jspurefix/dist/runtime/session-scope'
import type * as TransmitterModule from 'jspurefix/dist/transport/ascii/ascii-msg-transmitter'

/**
 * `npm run bench`: throughput figures for the hot paths, printed, never asserted.
 *   node out/main/bench.js [--quick] [--book-path] [--order-path]
 * `--book-path` runs only the text-frame -> verified-book section (benchBookPath.ts);
 * `--order-path` only the contract-frame -> venue-socket section (benchOrderPath.ts).
 */
const QUICK = process.argv.includes('--quick')
const BOOK_PATH_ONLY = process.argv.includes('--book-path')
const ORDER_PATH_ONLY = process.argv.includes('--order-path')

function time(fn: () => number): { ops: number; ms: number } {
  const t0 = process.hrtime.bigint()
  const ops = fn()
  return { ops, ms: Number(process.hrtime.bigint() - t0) / 1e6 }
}

function rate(ops: number, ms: number): string {
  const perSec = (ops / ms) * 1000
  return perSec >= 1e6
    ? `${(perSec / 1e6).toFixed(2)} M/s`
    : `${Math.round(perSec).toLocaleString('en-US')} /s`
}

function row(name: string, value: string, note = ''): void {
  console.log(`  ${name.padEnd(52)} ${value.padStart(14)}  ${note}`)
}

// ---------------------------------------------------------------- books

/** A recorded-like stream: a snapshot and N single-level updates around a moving touch, with checksums. */
function bookStream(
  depth: number,
  n: number,
  levelsPerMsg = 1,
): {
  snapshot: { bids: WireLevel[]; asks: WireLevel[] }
  updates: { bids: WireLevel[]; asks: WireLevel[]; checksum: number }[]
} {
  const rnd = mulberry32(depth)
  const px = (u: number) => `${Math.floor(u / 10)}.${u % 10}`
  const qty = () => `${Math.floor(rnd() * 5)}.${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`
  const mid = 650000
  const bids: WireLevel[] = []
  const asks: WireLevel[] = []
  for (let i = 1; i <= depth; i++) {
    bids.push({ price: px(mid - i), qty: '1.00000000' })
    asks.push({ price: px(mid + i), qty: '1.00000000' })
  }
  const ref = new BookEngine('BTC/USD', { pricePrecision: 1, qtyPrecision: 8 }, depth)
  ref.applySnapshot(bids, asks)
  const updates = []
  for (let k = 0; k < n; k++) {
    const u: { bids: WireLevel[]; asks: WireLevel[] } = { bids: [], asks: [] }
    for (let j = 0; j < levelsPerMsg; j++) {
      const side = rnd() < 0.5 ? 'bid' : 'ask'
      const off = 1 + Math.floor(rnd() * Math.min(depth, 20))
      const q = rnd() < 0.1 ? '0' : qty() // 10% deletes; the level is re-added by a later update
      const price = px(side === 'bid' ? mid - off : mid + off)
      const list = side === 'bid' ? u.bids : u.asks
      if (list.some((l) => l.price === price)) continue
      list.push({ price, qty: q === '0.00000000' ? '0.00000001' : q })
    }
    ref.applyUpdate(u.bids, u.asks)
    updates.push({ ...u, checksum: ref.checksum() })
  }
  return { snapshot: { bids, asks }, updates }
}

function benchBooks(): void {
  console.log('\nL2 book: apply an update message + CRC32 + compare with the message checksum')
  for (const [depth, perMsg] of [
    [10, 1],
    [10, 3],
    [1000, 1],
    [1000, 3],
  ] as const) {
    const n = QUICK ? 50_000 : 500_000
    const stream = bookStream(depth, n, perMsg)
    const levels = stream.updates.reduce((s, u) => s + u.bids.length + u.asks.length, 0)
    const run = (): number => {
      const book = new BookEngine('BTC/USD', { pricePrecision: 1, qtyPrecision: 8 }, depth)
      book.applySnapshot(stream.snapshot.bids, stream.snapshot.asks)
      let ok = 0
      for (const u of stream.updates) {
        book.applyUpdate(u.bids, u.asks)
        if (book.verify(u.checksum)) ok++
      }
      if (ok !== stream.updates.length)
        throw new Error(`bench stream mismatched ${stream.updates.length - ok} times`)
      return ok
    }
    run() // warm up
    const r = time(run)
    row(
      `depth ${depth}, up to ${perMsg} level(s)/message: messages`,
      rate(r.ops, r.ms),
      `(${r.ops.toLocaleString('en-US')} in ${r.ms.toFixed(0)} ms)`,
    )
    row(
      `depth ${depth}, up to ${perMsg} level(s)/message: level updates`,
      rate(levels, r.ms),
      depth === 10 ? '(target at depth 10: 1.00 M/s)' : '',
    )
  }
}

// ---------------------------------------------------------------- FIX

const ER: FixFields = [
  [49, 'KRAKEN-TRD'],
  [56, 'TRIDENT1'],
  [34, '1234'],
  [52, '20261124-09:23:12.797'],
  [37, 'OCFUES-7JHD4-WB26YC'],
  [11, '179551219279700001'],
  [17, 'TABCDE-FGHIJ-KLMNOP-B'],
  [150, 'F'],
  [39, '1'],
  [55, 'XBT/USD'],
  [54, '1'],
  [38, '0.30000000'],
  [40, '2'],
  [44, '45285.2'],
  [59, '1'],
  [14, '0.10000000'],
  [151, '0.20000000'],
  [6, '45285.2'],
  [31, '45285.2'],
  [32, '0.10000000'],
  [527, '98765'],
  [60, '20261124-09:23:12.797'],
]
async function benchFix(): Promise<void> {
  console.log('\nFIX 4.4: ExecutionReport decode and NewOrderSingle encode')
  const n = QUICK ? 50_000 : 300_000
  const erText = encodeFix('8', [], ER)
  decodeFix(erText) // sanity
  const ours = time(() => {
    let k = 0
    for (let i = 0; i < n; i++) k += decodeFix(erText).fields.length
    return k > 0 ? n : 0
  })
  row('ours: decode ExecutionReport (BodyLength+CheckSum checked)', rate(ours.ops, ours.ms))
  const m = await import('jspurefix')
  // not re-exported from jspurefix's index
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { makeSessionScope } = require('jspurefix/dist/runtime/session-scope') as typeof SessionScope
  const { AsciiMsgTransmitter } =
    require('jspurefix/dist/transport/ascii/ascii-msg-transmitter') as typeof TransmitterModule
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dict = krakenDictionaryPath(join(mkdtempSync(join(tmpdir(), 'trident-bench-')), 'fix'))
  const sc = new m.SessionContainer()
  sc.registerGlobal('error')
  const container = await sc.makeSystem({
    application: {
      type: 'initiator',
      name: 'bench',
      tcp: { host: '127.0.0.1', port: 1 },
      protocol: 'ascii',
      dictionary: dict,
    },
    SenderCompId: 'TRIDENT1',
    TargetCompID: 'KRAKEN-TRD',
    HeartBtInt: 30,
    BeginString: 'FIX.4.4',
  } as never)
  const config = container.resolve<IJsFixConfig>(m.DITokens.IJsFixConfig)
  const scoped = makeSessionScope(config)
  const buffer = scoped.sessionContainer.resolve<ElasticBuffer>(m.DITokens.ParseBuffer)
  const parser = new m.AsciiParser(scoped, null, buffer, 160 * 1024)
  let seen = 0
  let materialise = false
  parser.on('msg', (_t: string, view: MsgView) => {
    seen++
    if (materialise && view.toObject() === null) throw new Error('no object')
  })
  const erBuf = Buffer.from(erText, 'latin1')
  const jsView = time(() => {
    seen = 0
    for (let i = 0; i < n; i++) parser.parseBuffer(erBuf)
    return seen
  })
  row('jspurefix: parse ExecutionReport to a view', rate(jsView.ops, jsView.ms))
  materialise = true
  const jsObj = time(() => {
    seen = 0
    for (let i = 0; i < n; i++) parser.parseBuffer(erBuf)
    return seen
  })
  row('jspurefix: parse ExecutionReport to an object (full parse)', rate(jsObj.ops, jsObj.ms))
  // NewOrderSingle as the app sends it: the whole message (header, body, trailer) by our
  // AppMessageEncoder, which the FIX session uses; jspurefix's transmitter encoding the same
  // message, as the session sent it before (and still does for what our encoder declines)
  const obj = {
    ClOrdID: '179551219280000002',
    Instrument: { Symbol: 'XBT/USD' },
    Side: '1',
    TransactTime: '20261124-09:23:12.800',
    OrderQtyData: { OrderQty: '0.30000000' },
    OrdType: '2',
    Price: '45285.2',
    TimeInForce: '1',
  }
  const ourEncoder = new AppMessageEncoder(config.definitions)
  const at = new Date(Date.UTC(2026, 10, 24, 9, 23, 12, 800))
  const header = {
    beginString: 'FIX.4.4',
    senderCompId: 'TRIDENT1',
    targetCompId: 'KRAKEN-TRD',
    sendingTime: at,
  }
  // both warmed up first: under load, whichever runs first pays the JIT
  for (let i = 0; i < 2000; i++) ourEncoder.encode('D', obj, { ...header, seq: i })
  const tx = new AsciiMsgTransmitter(scoped)
  const txInternals = tx as unknown as { time: Date; encodeMessage: (t: string, o: object) => unknown }
  txInternals.time = at
  for (let i = 0; i < 2000; i++) {
    tx.encoder.reset()
    txInternals.encodeMessage('D', obj)
  }
  const enc = time(() => {
    let len = 0
    for (let i = 0; i < n; i++) len += ourEncoder.encode('D', obj, { ...header, seq: 1235 + i })?.length ?? 0
    return len > 0 ? n : 0
  })
  row("ours: encode NewOrderSingle, full message (the app's sender)", rate(enc.ops, enc.ms))
  const jsEnc = time(() => {
    for (let i = 0; i < n; i++) {
      tx.encoder.reset()
      txInternals.encodeMessage('D', obj)
    }
    return n
  })
  row('jspurefix: transmitter encode NewOrderSingle, full message', rate(jsEnc.ops, jsEnc.ms))
  const full = (jsObj.ops / jsObj.ms) * 1000
  console.log(
    `\n  our decode vs jspurefix full parse: ${(((ours.ops / ours.ms) * 1000) / full).toFixed(1)}x (target >= 3x)`,
  )
  console.log(
    `  our decode vs jspurefix view parse: ${(((ours.ops / ours.ms) * 1000) / ((jsView.ops / jsView.ms) * 1000)).toFixed(1)}x`,
  )
}

async function main(): Promise<void> {
  console.log(
    `Trident bench (${QUICK ? 'quick' : 'full'}) — Node ${process.version}, ${process.platform}/${process.arch}`,
  )
  if (ORDER_PATH_ONLY) {
    await benchOrderPath(QUICK)
    return
  }
  benchL2Path(QUICK)
  benchL3Path(QUICK)
  await benchRecorder(QUICK)
  if (BOOK_PATH_ONLY) return
  benchBooks()
  await benchFix()
  await benchOrderPath(QUICK)
  await benchReplay(QUICK)
}

main()
  .then(() => process.exit(0)) // the order-path core leaves jspurefix timers behind
  .catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
