import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BookEngine } from '../../../src-main/core/book/BookEngine'
import { scanBookFrame } from '../../../src-main/kraken/ws/bookFrameScanner'
import { SimExchange } from '../../../src-main/sim/SimExchange'
import { RecordingReader } from '../../../src-main/sim/replay/RecordingReader'
import { exportTardis, importTardis } from '../../../src-main/tools/replayTardis'
import { bookFrame, recordExchange, tradeFrame, writeRecording } from '../sim/replay/replayKit'

const dir = mkdtempSync(join(tmpdir(), 'trident-tardis-'))
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const s of stops) await s()
})

async function csvOf(file: string): Promise<string> {
  let text = ''
  await exportTardis([file], (t) => (text += t))
  return text
}

/** Each book frame's levels as sent, and the book after it (checked against the frame's checksum). */
async function bookFrames(file: string): Promise<{ sent: unknown[]; books: unknown[]; bad: number }> {
  const sent: unknown[] = []
  const books: unknown[] = []
  let bad = 0
  let book: BookEngine | null = null
  for await (const b of new RecordingReader([file]).batches())
    for (const f of b)
      for (const e of scanBookFrame(f.frame) ?? []) {
        if (e.type === 'snapshot') {
          book = new BookEngine(e.symbol, { pricePrecision: 1, qtyPrecision: 8 }, 10)
          book.applySnapshot(e.bids, e.asks)
        } else book!.applyUpdate(e.bids, e.asks)
        if (!book!.verify(e.checksum)) bad++
        sent.push([f.recvNs / 1000n, e.type, e.bids, e.asks])
        books.push(book!.view(10))
      }
  return { sent, books, bad }
}

describe('npm run replay -- export --format tardis / import', () => {
  it('writes incremental_book_L2 rows: microseconds, is_snapshot, bid/ask, amount 0 for a level gone', async () => {
    const file = join(dir, 'small.trec.gz')
    const book = {
      bids: [['64999.0', '1.00000000']] as [string, string][],
      asks: [['65001.0', '2.00000000']] as [string, string][],
    }
    writeRecording(file, [
      [1_764_568_800_000_000_500n, '{"method":"subscribe","result":{"channel":"book"},"success":true}'],
      [1_764_568_800_001_000_700n, bookFrame('snapshot', book, book)],
      [
        1_764_568_800_001_000_900n,
        tradeFrame('buy', '65001.0', '2.00000000', 5, '2026-12-01T06:00:00.001000Z'),
      ],
      // received in the same microsecond as the snapshot: written 1 us later, to stay its own message
      [
        1_764_568_800_001_000_950n,
        bookFrame(
          'update',
          {
            bids: [],
            asks: [
              ['65001.0', '0.00000000'],
              ['65002.5', '0.25000000'],
            ],
          },
          { bids: book.bids, asks: [['65002.5', '0.25000000']] },
        ),
      ],
    ])
    expect(await csvOf(file)).toBe(
      [
        'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount',
        'trident-builtin,BTC/USD,1764568800001000,1764568800001000,true,bid,64999.0,1.00000000',
        'trident-builtin,BTC/USD,1764568800001000,1764568800001000,true,ask,65001.0,2.00000000',
        'trident-builtin,BTC/USD,1796104800000000,1764568800001001,false,ask,65001.0,0.00000000',
        'trident-builtin,BTC/USD,1796104800000000,1764568800001001,false,ask,65002.5,0.25000000',
        '',
      ].join('\n'),
    )
  })

  it('a recording of the built-in exchange -> CSV -> recording: the same books after every frame, same text', async () => {
    const live = new SimExchange({ seed: 21, messagesPerSecond: 800, activeSymbols: ['BTC/USD'] })
    const ep = await live.start()
    stops.push(() => live.stop())
    const original = join(dir, 'original.trec.gz')
    await recordExchange(ep.wsPublic, original, 'BTC/USD', (n) => n >= 500)
    await live.stop()
    const csv = join(dir, 'original.csv')
    writeFileSync(csv, await csvOf(original))
    const back = join(dir, 'back.trec.gz')
    const { readFileSync } = await import('node:fs')
    const frames = await importTardis(readFileSync(csv, 'utf8'), back, 10)
    const a = await bookFrames(original)
    const b = await bookFrames(back)
    expect(a.books.length).toBeGreaterThan(300)
    expect(frames).toBe(a.books.length)
    expect(b.bad).toBe(0) // the import's checksums are Kraken's
    expect(b.books).toEqual(a.books)
    // level texts as recorded; receive times to the microsecond (bumped by at most 1 us where two shared one)
    const strip = (s: unknown[]): unknown[] => s.map((x) => (x as unknown[]).slice(1))
    expect(strip(b.sent)).toEqual(strip(a.sent))
    const us = (s: unknown[]): bigint[] => s.map((x) => (x as bigint[])[0]!)
    us(b.sent).forEach((t, i) => expect(t - us(a.sent)[i]!).toBeLessThanOrEqual(1n))
    // and it replays: the built-in exchange follows the imported recording with no gap
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [back], speed: 'max' } })
    await sim.start()
    stops.push(() => sim.stop())
    const { until } = await import('../../helpers/until')
    await until(() => sim.replay!.status().ended, 'the imported replay to end')
    expect(sim.replay!.status().gaps).toEqual([])
  }, 60_000)

  it("imports Tardis' own number texts (65000, 0.5: no trailing zeros) into a recording that replays with no gap", async () => {
    // Tardis prints numbers as short as they go; Kraken's feed and checksum use the pair's full precision
    const csv =
      'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n' +
      'kraken,BTC/USD,1764568800000000,1764568800000100,true,bid,65000,1\n' +
      'kraken,BTC/USD,1764568800000000,1764568800000100,true,bid,64999.5,0.25\n' +
      'kraken,BTC/USD,1764568800000000,1764568800000100,true,ask,65000.5,2\n' +
      'kraken,BTC/USD,1764568800100000,1764568800100200,false,bid,65000,0.5\n' +
      'kraken,BTC/USD,1764568800200000,1764568800200300,false,ask,65001,0.125\n'
    const file = join(dir, 'tardis-short.trec.gz')
    expect(await importTardis(csv, file, 10)).toBe(3)
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 'max' } })
    await sim.start()
    stops.push(() => sim.stop())
    const { until } = await import('../../helpers/until')
    await until(() => sim.replay!.status().ended, 'the imported replay to end')
    expect(sim.replay!.status()).toMatchObject({ symbols: ['BTC/USD'], gaps: [], framesApplied: 4 })
    expect(sim.instruments.get('BTC/USD')).toMatchObject({ pricePrecision: 1, qtyPrecision: 3 })
    const b = sim.engine.book('BTC/USD')
    expect([b.topL2('bid', 10), b.topL2('ask', 10)]).toEqual([
      [
        [650_000, 500n],
        [649_995, 250n],
      ],
      [
        [650_005, 2_000n],
        [650_010, 125n],
      ],
    ])
  })

  it("imports a book deeper than 10 whole when no depth is given: the depth is the snapshot's", async () => {
    // 12 levels a side (Tardis records Kraken deeper than the app's 10), then the best bid goes
    const side = (s: 'bid' | 'ask', from: number, step: number): string[] =>
      Array.from(
        { length: 12 },
        (_, i) => `kraken,BTC/USD,1764568800000000,1764568800000100,true,${s},${from + i * step}.5,1.0`,
      )
    const csv =
      'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n' +
      [...side('bid', 64999, -1), ...side('ask', 65000, 1)].join('\n') +
      '\nkraken,BTC/USD,1764568800100000,1764568800100200,false,bid,64999.5,0\n'
    const file = join(dir, 'tardis-deep.trec.gz')
    expect(await importTardis(csv, file)).toBe(2)
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 'max' } })
    await sim.start()
    stops.push(() => sim.stop())
    const { until } = await import('../../helpers/until')
    await until(() => sim.replay!.status().ended, 'the imported replay to end')
    expect(sim.replay!.status().gaps).toEqual([])
    const bids = sim.engine.book('BTC/USD').topL2('bid', 30)
    // the 11 bids left, 64998.5 down to 64988.5
    expect(bids.map(([p]) => p)).toEqual(Array.from({ length: 11 }, (_, i) => 649_985 - i * 10))
    expect(sim.engine.book('BTC/USD').topL2('ask', 30)).toHaveLength(12)
  })

  it('npm run replay -- import streams the CSV: 21.6 MB of rows (300,000 messages) import in a 64 MB heap', async () => {
    const { createWriteStream } = await import('node:fs')
    const { spawnSync } = await import('node:child_process')
    const csv = join(dir, 'big.csv')
    const out = createWriteStream(csv)
    const write = (t: string): Promise<void> =>
      new Promise((r) => (out.write(t) ? r() : out.once('drain', () => r())))
    await write('exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n')
    const snap = (side: string, price: number): string =>
      `kraken,BTC/USD,1764568800000000,1764568800000100,true,${side},${price}.5,1.0\n`
    for (let i = 0; i < 10; i++) await write(snap('bid', 64999 - i) + snap('ask', 65000 + i))
    // 300,000 updates, each its own message: the best bid's size changing (the whole CSV read
    // into rows, as before, does not fit: the child dies out of memory)
    const UPDATES = 300_000
    for (let i = 0; i < UPDATES; i += 1000) {
      let chunk = ''
      for (let k = i; k < i + 1000; k++) {
        const us = 1_764_568_800_000_200n + BigInt(k) * 10n
        chunk += `kraken,BTC/USD,${us},${us},false,bid,64999.5,${(k % 9) + 1}.25\n`
      }
      await write(chunk)
    }
    await new Promise((r) => out.end(r))
    const runner = join(dir, 'runner.mts')
    const tool = join(__dirname, '../../../src-main/tools/replayTardis.ts')
    writeFileSync(
      runner,
      `import { tardisMain } from ${JSON.stringify(tool)}\nprocess.exitCode = await tardisMain(process.argv.slice(2))\n`,
    )
    const rec = join(dir, 'big.trec.gz')
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=64', '--import', 'tsx', runner, 'import', csv, '--out', rec],
      { cwd: join(__dirname, '../../..'), encoding: 'utf8' },
    )
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`${UPDATES + 1} book frames written to ${rec}`)
    expect(r.status).toBe(0)
    const { rmSync } = await import('node:fs')
    rmSync(csv)
    // the recording it made: the instrument, the snapshot, each update; the last one's size 3.25
    const { readRecordingFile } = await import('../../../src-main/store/recording/readRecording')
    const frames = readRecordingFile(rec).frames
    expect(frames).toHaveLength(UPDATES + 2)
    expect(frames.at(-1)!.frame).toMatch(
      /^\{"channel":"book","type":"update","data":\[\{"symbol":"BTC\/USD","bids":\[\{"price":64999\.5,"qty":3\.25\}\],"asks":\[\]/,
    )
    rmSync(rec)
  }, 120_000)
})
