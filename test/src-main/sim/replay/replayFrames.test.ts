import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BookEngine } from '../../../../src-main/core/book/BookEngine'
import { scanBookFrame } from '../../../../src-main/kraken/ws/bookFrameScanner'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { RecordingReader } from '../../../../src-main/sim/replay/RecordingReader'
import { until } from '../../../helpers/until'
import { BookClient, recordExchange, tradesOf, type BookState, type TradeSeen } from './replayKit'

const dir = mkdtempSync(join(tmpdir(), 'trident-replay-'))
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const s of stops) await s()
})

/** The recording as a client would see it: the book after every book frame, and the trade updates. */
async function recorded(file: string): Promise<{ states: BookState[]; trades: TradeSeen[]; frames: number }> {
  const states: BookState[] = []
  const trades: TradeSeen[] = []
  let book: BookEngine | null = null
  let frames = 0
  for await (const b of new RecordingReader([file]).batches())
    for (const f of b) {
      frames++
      const t = tradesOf(f.frame)
      if (t?.type === 'update') trades.push(...t.trades)
      for (const e of scanBookFrame(f.frame) ?? []) {
        if (e.type === 'snapshot') {
          book = new BookEngine(e.symbol, { pricePrecision: 1, qtyPrecision: 8 }, 10)
          book.applySnapshot(e.bids, e.asks)
        } else book!.applyUpdate(e.bids, e.asks)
        expect(book!.verify(e.checksum)).toBe(true)
        states.push(book!.view(10))
      }
    }
  return { states, trades, frames }
}

describe('replay of a recording of the built-in exchange', () => {
  it('at 10x gives back the same books frame by frame (checksums pass) and the same trades', async () => {
    const live = new SimExchange({ seed: 11, messagesPerSecond: 600, activeSymbols: ['BTC/USD'] })
    const ep = await live.start()
    stops.push(() => live.stop())
    const file = join(dir, 'live.trec.gz')
    await recordExchange(ep.wsPublic, file, 'BTC/USD', (n) => n >= 400)
    await live.stop()
    const want = await recorded(file)
    expect(want.states.length).toBeGreaterThan(200)
    expect(want.trades.length).toBeGreaterThan(10)

    const replay = new SimExchange({ replay: { files: [file], speed: 10, paused: true } })
    const rep = await replay.start()
    stops.push(() => replay.stop())
    const client = new BookClient(rep.wsPublic, 'BTC/USD', 10)
    await client.open()
    expect(replay.replay!.status()).toMatchObject({ paused: true, ended: false, symbols: ['BTC/USD'] })
    const t0 = performance.now()
    replay.replay!.command({ kind: 'resume' })
    await until(() => replay.replay!.status().ended, 'the replay to end', 30_000)
    await until(() => client.states.length >= want.states.length, 'the last book frames')
    const status = replay.replay!.status()
    expect(status.gaps).toEqual([])
    expect(status.framesApplied).toBe(want.frames)
    // the subscriber's snapshot is the recording's first book; then one frame per recorded frame
    expect(client.checksumFailures).toEqual([])
    expect(client.states).toEqual(want.states)
    expect(client.trades).toEqual(want.trades)
    // 10x: the recording's span, a tenth of it (loose upper bound: a shared machine)
    const spanMs = Number(BigInt(status.lastNs) - BigInt(status.firstNs)) / 1e6
    expect(performance.now() - t0).toBeGreaterThan(spanMs / 10 - 50)
    client.close()
  }, 60_000)

  it('the shipped sample replays whole with no gap: 76,514 frames, BTC/USD at depth 25', async () => {
    const file = join(__dirname, '../../../../resources/recordings/sample-btcusd.trec.gz')
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 'max' } })
    await sim.start()
    stops.push(() => sim.stop())
    await until(() => sim.replay!.status().ended, 'the sample to end', 60_000)
    expect(sim.replay!.status()).toMatchObject({ symbols: ['BTC/USD'], framesApplied: 76_514, gaps: [] })
    expect(sim.engine.book('BTC/USD').topL2('bid', 30)).toHaveLength(25)
  }, 90_000)
})
