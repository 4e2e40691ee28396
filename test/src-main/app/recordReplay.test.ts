import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../src-main/app/TridentCore'
import { BookEngine } from '../../../src-main/core/book/BookEngine'
import { scanBookFrame } from '../../../src-main/kraken/ws/bookFrameScanner'
import { SimExchange } from '../../../src-main/sim/SimExchange'
import { readRecordingFile } from '../../../src-main/store/recording/readRecording'
import { exportTardis, importTardis } from '../../../src-main/tools/replayTardis'
import type { RecorderView } from '../../../src-preload/contract/recording'
import type { AppInfo } from '../../../src-preload/contract/types'
import { until } from '../../helpers/until'
import { BookClient, tradesOf, type BookState, type TradeSeen } from '../sim/replay/replayKit'
import { openWindow, placeElsewhere, type Window } from './wires/wireClient'

/**
 * Issue 19's "done when", across the pieces: the APP records the built-in exchange (recording.start
 * and .stop through the contract, the recorder's tap on the app's own WS client), a fresh built-in
 * exchange replays that recording at 10x to a real WS subscriber, who sees the same books frame by
 * frame (every checksum passing, with the app's book engine) and the same trades; and the same
 * recording exported to Tardis CSV and imported back gives the same books again.
 */
const SYMBOL = 'BTC/USD'
const DEPTH = 25 // the depth the app's client subscribes, so the depth of the recording
const dataDir = mkdtempSync(join(tmpdir(), 'trident-record-replay-chain-'))
const stops: (() => Promise<void> | void)[] = []
let core: TridentCore
let w: Window
/** every text frame the app's public client handled, in order */
const received: string[] = []
let files: string[] = []
/** heartbeat frames in the recording (how many depends on how long the recording took) */
let heartbeats = 0

beforeAll(async () => {
  // no timer-driven market: the test moves it, so what was recorded is known
  core = new TridentCore({
    host: 'loopback',
    version: 'test',
    sim: { seed: 19, messagesPerSecond: 0 },
    dataDir,
  })
  await core.start()
  stops.push(() => core.stop())
  const client = core.wsPublic!
  const handle = client.handleFrame.bind(client)
  client.handleFrame = (text: string) => {
    received.push(text)
    handle(text)
  }
  w = openWindow(core)
  await until(
    async () => (await w.ok<AppInfo>('app.info', {})).symbols.includes(SYMBOL),
    'the instrument list',
  )
}, 30_000)
afterAll(async () => {
  for (const s of stops.reverse()) await s()
  rmSync(dataDir, { recursive: true, force: true })
})

/** What a client of the recording sees: the book after every book frame (checksums checked), and the trades. */
function bookAndTrades(frames: { frame: string }[]): {
  states: BookState[]
  trades: TradeSeen[]
  failures: number
} {
  const states: BookState[] = []
  const trades: TradeSeen[] = []
  let failures = 0
  let book: BookEngine | null = null
  for (const { frame } of frames) {
    const t = tradesOf(frame)
    if (t?.type === 'update') trades.push(...t.trades)
    for (const e of scanBookFrame(frame) ?? []) {
      if (e.type === 'snapshot') {
        book = new BookEngine(e.symbol, { pricePrecision: 1, qtyPrecision: 8 }, DEPTH)
        book.applySnapshot(e.bids, e.asks)
      } else book!.applyUpdate(e.bids, e.asks)
      if (!book!.verify(e.checksum)) failures++
      states.push(book!.view(DEPTH))
    }
  }
  return { states, trades, failures }
}

const isMarketFrame = (t: string): boolean =>
  /^\{"channel":"(book|trade)","type":"update"/.test(t) && t.includes(`"symbol":"${SYMBOL}"`)

describe('record with the app, replay in the built-in exchange, export and import', () => {
  it('the app records BTC/USD book and trades of a moving market through the contract', async () => {
    const sub = w.sub('recording', {})
    const started = await w.ok<RecorderView>('recording.start', {
      symbols: [SYMBOL],
      channels: ['book', 'trade'],
      name: 'chain',
    })
    expect(started.state).toBe('recording')
    // the instrument and the book snapshot are in before the market moves
    await w.next<RecorderView>(sub, 0, (v) => v.frames >= 2, 'the book snapshot recorded')
    const mark = received.length
    // 600 events of the synthetic market, a turn of the event loop every 20 so frames go out as they would live
    for (let i = 0; i < 600; i++) {
      core.sim!.step(SYMBOL)
      if (i % 20 === 19) await new Promise((r) => setImmediate(r))
    }
    // a last trade of a size the synthetic traders never use marks the end of what must be recorded
    const ask = core.sim!.engine.book(SYMBOL).bestAsk()!
    placeElsewhere(core, { symbol: SYMBOL, side: 'buy', price: ask, qty: 123_457n, tif: 'IOC' })
    await until(
      () =>
        received
          .slice(mark)
          .some((t) => t.startsWith('{"channel":"trade"') && t.includes('"qty":0.00123457')),
      'the marking trade at the app',
    )
    const live = received.slice(mark).filter(isMarketFrame)
    const stopped = await w.ok<RecorderView>('recording.stop', {})
    expect(stopped).toMatchObject({ state: 'off', files: 1, dropped: 0 })
    w.unsub(sub)

    const folder = join(dataDir, 'recordings', 'chain')
    files = readdirSync(folder).map((f) => join(folder, f))
    expect(files.map((f) => f.slice(folder.length + 1))).toEqual(['0001.trec.gz'])
    const { header, frames } = readRecordingFile(files[0]!)
    expect(header).toMatchObject({ venue: 'builtin', symbols: [SYMBOL], depth: DEPTH })
    // a heartbeat (recorded to mark time) may come between any two of them
    const marketFrames = frames.filter((f) => f.frame !== '{"channel":"heartbeat"}')
    expect(marketFrames[0]!.frame).toMatch(/^\{"channel":"instrument","type":"snapshot"/)
    expect(marketFrames[1]!.frame).toMatch(
      /^\{"channel":"book","type":"snapshot","data":\[\{"symbol":"BTC\/USD"/,
    )
    // every book and trade update the app received while the market moved is in the file, in order
    const recordedUpdates = frames.map((f) => f.frame).filter(isMarketFrame)
    expect(recordedUpdates).toEqual(live)
    // seed 19, 600 events and the marking trade: 701 updates after the instrument and the snapshot
    // (and whatever heartbeats the second or so of recording caught: they only mark time)
    heartbeats = frames.filter((f) => f.frame === '{"channel":"heartbeat"}').length
    expect([frames.length - heartbeats, live.length]).toEqual([703, 701])
    const { states, trades, failures } = bookAndTrades(frames)
    expect(failures).toBe(0)
    // the snapshot and 578 book updates; 123 trades, the marking one last
    expect([states.length, trades.length]).toEqual([579, 123])
    expect([states[0]!.bids[0], states[0]!.asks[0]]).toEqual([
      ['64999.9', '0.00153847'],
      ['65000.1', '0.00769235'],
    ])
    expect([states.at(-1)!.bids[0], states.at(-1)!.asks[0]]).toEqual([
      ['65000.2', '0.00153847'],
      ['65000.4', '0.00491931'],
    ])
    expect(trades[0]).toMatchObject({ side: 'sell', price: '64999.9', qty: '0.00153847', trade_id: '1' })
    expect(trades.at(-1)).toMatchObject({ side: 'buy', price: '65000.4', qty: '0.00123457' })
  }, 60_000)

  it('replayed at 10x to a WS subscriber: the same books frame by frame (checksums pass) and the same trades', async () => {
    expect(files).toHaveLength(1)
    const want = bookAndTrades(readRecordingFile(files[0]!).frames)
    const replay = new SimExchange({ messagesPerSecond: 0, replay: { files, speed: 10, paused: true } })
    const ep = await replay.start()
    stops.push(() => replay.stop())
    const client = new BookClient(ep.wsPublic, SYMBOL, DEPTH)
    await client.open()
    stops.push(() => client.close())
    replay.replay!.command({ kind: 'resume' })
    await until(() => replay.replay!.status().ended, 'the replay to end', 30_000)
    await until(() => client.states.length >= 579, 'the last book frames')
    expect(replay.replay!.status()).toMatchObject({
      symbols: [SYMBOL],
      gaps: [],
      speed: 10,
      framesApplied: 703 + heartbeats,
    })
    expect([client.states.length, client.trades.length]).toEqual([579, 123])
    expect(client.checksumFailures).toEqual([])
    expect(client.states).toEqual(want.states)
    expect(client.trades).toEqual(want.trades)
  }, 60_000)

  it('exported to Tardis incremental_book_L2 and imported back: the same books, frame by frame', async () => {
    const want = bookAndTrades(readRecordingFile(files[0]!).frames)
    let csv = ''
    const rows = await exportTardis(files, (t) => (csv += t))
    // 785 level rows: the snapshot's 50 levels and the updates' changed levels
    expect(rows).toBe(785)
    expect(csv.split('\n').filter((l) => l.includes(',true,')).length).toBe(50)
    expect(csv.split('\n').length - 2).toBe(785)
    const imported = join(dataDir, 'imported.trec.gz')
    const frames = await importTardis(csv, imported, DEPTH)
    expect(frames).toBe(579)
    const back = bookAndTrades(readRecordingFile(imported).frames)
    expect(back.failures).toBe(0)
    expect(back.states).toEqual(want.states)
    // and the import replays whole in the built-in exchange
    const replay = new SimExchange({ messagesPerSecond: 0, replay: { files: [imported], speed: 'max' } })
    await replay.start()
    stops.push(() => replay.stop())
    await until(() => replay.replay!.status().ended, 'the imported replay to end', 30_000)
    expect(replay.replay!.status()).toMatchObject({ symbols: [SYMBOL], gaps: [], framesApplied: frames })
    // a second export of the import is the same CSV: nothing was lost either way
    let again = ''
    await exportTardis([imported], (t) => (again += t))
    expect(again).toBe(csv)
  }, 60_000)
})
