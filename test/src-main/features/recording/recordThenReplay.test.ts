import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BookEngine } from '../../../../src-main/core/book/BookEngine'
import { Recorder } from '../../../../src-main/features/recording/Recorder'
import { scanBookFrame } from '../../../../src-main/kraken/ws/bookFrameScanner'
import { KrakenWsPublicClient } from '../../../../src-main/kraken/ws/KrakenWsPublicClient'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { readRecordingFile } from '../../../../src-main/store/recording/readRecording'
import { until } from '../../../helpers/until'

/**
 * The recorder's files are what the replay reads (issue 19): a recording of the built-in
 * exchange's moving market, rotated into several files, each of which replays on its own from its
 * own snapshot, and all of which the built-in exchange's replay plays through with no gap.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'trident-record-replay-'))
const stops: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const s of stops.reverse()) await s()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('record, then replay', () => {
  it('a rotated recording of the built-in exchange: each file checks from its snapshot; the replay finds no gap', async () => {
    const live = new SimExchange({ seed: 23, messagesPerSecond: 800, activeSymbols: ['BTC/USD'] })
    const ep = await live.start()
    stops.push(() => live.stop())
    const client = new KrakenWsPublicClient({
      url: ep.wsPublic,
      depth: 25,
      onBook: () => undefined,
      onLink: () => undefined,
    })
    client.start()
    stops.push(() => client.stop())
    await until(() => client.symbols.includes('BTC/USD'), 'the instrument list')
    const recorder = new Recorder({
      dataDir,
      session: () => ({ wsPublic: client, trading: { wsL3: null }, profile: { kind: 'simulator' } }),
      books: {
        acquire: (s) => {
          client.watchBook(s)
          return { release: () => client.unwatchBook(s) }
        },
      },
      tape: { acquire: (_c, s) => ({ release: client.watch('trade', s, () => undefined) }) },
      level3: { acquire: () => ({ release: () => undefined }), latest: () => undefined },
      publish: () => undefined,
      log: () => undefined,
      // small files: the market fills several in a few seconds
      rotateRawBytes: 150_000,
    })
    recorder.start({ symbols: ['BTC/USD'], channels: ['book', 'trade'], name: 'rotated' })
    await until(() => recorder.latest().files >= 3, 'three files', 30_000)
    const stats = await recorder.stop()
    await live.stop()
    expect(stats.dropped).toBe(0)

    const folder = join(dataDir, 'recordings', 'rotated')
    const files = readdirSync(folder)
      .sort()
      .map((f) => join(folder, f))
    expect(files.length).toBeGreaterThanOrEqual(3)
    let frames = 0
    for (const file of files) {
      const { header, frames: recorded } = readRecordingFile(file)
      expect(header.channels).toEqual(['book', 'trade', 'instrument'])
      frames += recorded.length
      // every file replays alone: its book starts at a snapshot, and every checksum passes
      let book: BookEngine | null = null
      let checked = 0
      for (const f of recorded)
        for (const e of scanBookFrame(f.frame) ?? []) {
          if (e.type === 'snapshot') {
            book = new BookEngine(e.symbol, { pricePrecision: 1, qtyPrecision: 8 }, 25)
            book.applySnapshot(e.bids, e.asks)
          } else {
            expect(book, `${file}: a book update before its snapshot`).not.toBeNull()
            book!.applyUpdate(e.bids, e.asks)
          }
          expect(book!.verify(e.checksum)).toBe(true)
          checked++
        }
      // the last file may end before its fresh snapshot arrived (stopped just after a rotation, as
      // on a loaded machine): then it holds no book frame at all, which the loop above checks
      if (file !== files.at(-1)) expect(checked).toBeGreaterThan(0)
    }
    expect(frames).toBe(stats.frames)

    const replay = new SimExchange({ messagesPerSecond: 0, replay: { files, speed: 'max' } })
    await replay.start()
    stops.push(() => replay.stop())
    await until(() => replay.replay!.status().ended, 'the replay to end', 30_000)
    expect(replay.replay!.status()).toMatchObject({ symbols: ['BTC/USD'], gaps: [], framesApplied: frames })
  }, 60_000)
})
