import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../../src-main/app/TridentCore'
import { BookEngine } from '../../../../src-main/core/book/BookEngine'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'
import { readBookMessage } from '../../../../src-main/kraken/ws/wsv2Messages'
import { readRecordingFile } from '../../../../src-main/store/recording/readRecording'
import type { RecorderView } from '../../../../src-preload/contract/recording'
import type { AppInfo } from '../../../../src-preload/contract/types'
import { until } from '../../../helpers/until'
import {
  missingFrom,
  openWindow,
  placeElsewhere,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/**
 * Recording raw frames (issue 19), through the contract only, against the built-in exchange:
 * start, frames reach the file as the client received them, stop; and refusals in words.
 */
export const covers: Covers = { commands: ['recording.start', 'recording.stop'], topics: ['recording'] }

const SYMBOL = 'BTC/USD'
const exercised: Exercised = { commands: new Set(), topics: new Set() }
let dataDir: string
let core: TridentCore
let w: Window
/** every text frame the public client handled, in order (the test's own look at the wire) */
const received: string[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'trident-recording-wire-'))
  core = new TridentCore({
    host: 'loopback',
    version: 'test',
    sim: { seed: 41, messagesPerSecond: 0 },
    dataDir,
  })
  await core.start()
  const client = core.wsPublic!
  const handle = client.handleFrame.bind(client)
  client.handleFrame = (text: string) => {
    received.push(text)
    handle(text)
  }
  w = openWindow(core, exercised)
  // the instrument list has arrived once app.info lists the symbol
  await until(
    async () => (await w.ok<AppInfo>('app.info', {})).symbols.includes(SYMBOL),
    'the instrument list',
  )
}, 30_000)
afterAll(async () => {
  await core.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const refusal = async (payload: unknown) => {
  const res = await w.cmd('recording.start', payload)
  return res.ok ? 'accepted' : `${res.error.code}: ${res.error.message}`
}

/** Another account buys `qty` (units of 1e-8) at the best ask, less than rests there: one trade, one book update. */
function tradeAtAsk(qty: bigint): void {
  const ask = core.sim!.engine.book(SYMBOL).bestAsk()!
  placeElsewhere(core, { symbol: SYMBOL, side: 'buy', price: ask, qty, tif: 'IOC' })
}

describe('recording wires', () => {
  it('refuses in words: an unknown instrument, no channel, no instrument', async () => {
    expect(await refusal({ symbols: ['XXX/YYY'], channels: ['book'] })).toBe(
      'EREFUSED: Unknown instrument XXX/YYY: the venue does not list it',
    )
    expect(await refusal({ symbols: [SYMBOL], channels: [] })).toMatch(
      /^EBADREQ: .*choose at least one channel to record/,
    )
    expect(await refusal({ symbols: [], channels: ['book'] })).toMatch(
      /^EBADREQ: .*choose at least one instrument to record/,
    )
    expect(await refusal({ symbols: [SYMBOL], channels: ['book'], name: '../escape' })).toMatch(
      /^EBADREQ: .*letters, digits, spaces, dots, dashes and underscores only/,
    )
  })

  it('a disk that refuses is refused in words, and the topic says so', async () => {
    const sub = w.sub('recording', {})
    await w.next<RecorderView>(sub, 0, (v) => v.state === 'off', 'recording off')
    // a file where the recordings folder should be: it cannot be made
    const blocker = join(dataDir, 'recordings')
    writeFileSync(blocker, 'not a folder')
    try {
      expect(await refusal({ symbols: [SYMBOL], channels: ['book'], name: 'blocked' })).toMatch(
        /^EREFUSED: Could not start recording in .*recordings\/blocked: ENOTDIR/,
      )
      const v = await w.next<RecorderView>(sub, 0, (m) => m.state === 'error', 'the error on the topic')
      expect(v.error).toMatch(/^Could not start recording in .*: ENOTDIR/)
    } finally {
      rmSync(blocker)
    }
    w.unsub(sub)
  })

  it('records BTC/USD book and trades as received, from a book snapshot, times increasing; stop closes the file', async () => {
    const sub = w.sub('recording', {})
    // frames received before the start cannot be in the recording (an earlier snapshot may be the same text)
    const mark = received.length
    const started = await w.ok<RecorderView>('recording.start', {
      symbols: [SYMBOL],
      channels: ['book', 'trade'],
      name: 'wire-test',
    })
    expect(started.state).toBe('recording')
    expect(started.name).toBe('wire-test')
    expect(started.folder).toBe(join(dataDir, 'recordings', 'wire-test'))
    expect(started.channels).toEqual(['book', 'trade', 'instrument'])
    const from = w.messages(sub).length
    // no window shows BTC/USD: the recorder itself subscribed the book; trades move it
    const tradeFrames = () =>
      received.filter((f) => f.startsWith('{"channel":"trade","type":"update"')).length
    for (const qty of [100_000n, 200_000n, 300_000n]) {
      const before = tradeFrames()
      tradeAtAsk(qty)
      await until(() => tradeFrames() > before, `the ${qty} trade on the wire`)
    }
    const growing = await w.next<RecorderView>(
      sub,
      from,
      (v) => v.state === 'recording' && v.frames >= 7 && v.bytesCompressed > 0,
      'the recording to grow on the topic',
    )
    expect(growing.dropped).toBe(0)
    const stopped = await w.ok<RecorderView>('recording.stop', {})
    expect(stopped.state).toBe('off')
    expect(stopped.files).toBe(1)
    await w.next<RecorderView>(sub, 0, (v) => v.state === 'off' && v.name === 'wire-test', 'off on the topic')

    const folder = join(dataDir, 'recordings', 'wire-test')
    expect(readdirSync(folder)).toEqual(['0001.trec.gz'])
    const { header, frames } = readRecordingFile(join(folder, '0001.trec.gz'))
    expect(header).toMatchObject({
      trident: 'recording',
      v: 1,
      venue: 'builtin',
      channels: ['book', 'trade', 'instrument'],
      symbols: [SYMBOL],
      depth: 25,
    })
    // receive times strictly increase
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.recvNs > frames[i - 1]!.recvNs).toBe(true)
    const texts = frames.map((f) => f.frame)
    // first the instrument snapshot (precisions), then the book from its snapshot
    expect(texts[0]).toMatch(/^\{"channel":"instrument","type":"snapshot"/)
    const book = texts.filter((t) => t.startsWith('{"channel":"book"'))
    expect(book[0]).toMatch(/^\{"channel":"book","type":"snapshot"/)
    expect(book.length).toBeGreaterThanOrEqual(4)
    // each recorded frame is a text the client received, in the order it received them
    let at = mark
    for (const t of texts.slice(1)) {
      const found = received.indexOf(t, at)
      expect(found, `recorded frame not received (in order): ${t.slice(0, 80)}`).toBeGreaterThanOrEqual(0)
      at = found + 1
    }
    // and no BTC/USD book or trade frame received while recording was left out
    const firstBook = received.indexOf(book[0]!, mark)
    const lastRecorded = received.indexOf(texts.at(-1)!, firstBook)
    const wanted = received
      .slice(firstBook, lastRecorded + 1)
      .filter((t) => /^\{"channel":"(book|trade)"/.test(t) && t.includes(`"symbol":"${SYMBOL}"`))
    // heartbeats are recorded too, by design (a replay tells a quiet market from a stopped
    // recording): one a second, so one lands in this window on some runs and not on others
    const market = texts.filter((t) => !/^\{"channel":"(instrument|heartbeat)"/.test(t))
    expect(market).toEqual(wanted)
    for (const t of texts) if (t.includes('"heartbeat"')) expect(t).toBe('{"channel":"heartbeat"}')
    // the book frames replay with every checksum passing
    const engine = new BookEngine(SYMBOL, { pricePrecision: 1, qtyPrecision: 8 }, 25)
    let checked = 0
    for (const t of book) {
      const m = readBookMessage(parseLossless(t) as Record<string, unknown>)[0]!
      if (m.type === 'snapshot') engine.applySnapshot(m.bids, m.asks)
      else engine.applyUpdate(m.bids, m.asks)
      expect(engine.verify(m.checksum)).toBe(true)
      checked++
    }
    expect(checked).toBe(book.length)
    // the three trades, with their quantities as the exchange printed them
    const trades = texts.filter((t) => t.startsWith('{"channel":"trade","type":"update"'))
    expect(trades.map((t) => /"qty":([0-9.]+)/.exec(t)![1])).toEqual([
      '0.00100000',
      '0.00200000',
      '0.00300000',
    ])
    w.unsub(sub)
  })

  it('records level3 from the level3 link: its snapshot first, then its updates', async () => {
    // the level3 link opens with the trading links, a moment after market data
    const started = await until(async () => {
      const res = await w.cmd<RecorderView>('recording.start', {
        symbols: [SYMBOL],
        channels: ['level3'],
        name: 'wire-l3',
      })
      return res.ok ? res.result : null
    }, 'level3 recording to start')
    expect(started.channels).toEqual(['level3', 'instrument'])
    const sub = w.sub('recording', {})
    await w.next<RecorderView>(sub, 0, (v) => v.frames >= 2, 'the level3 snapshot recorded')
    tradeAtAsk(100_000n)
    await w.next<RecorderView>(sub, 0, (v) => v.frames >= 3, 'a level3 update recorded')
    await w.ok<RecorderView>('recording.stop', {})
    w.unsub(sub)
    const { header, frames } = readRecordingFile(join(dataDir, 'recordings', 'wire-l3', '0001.trec.gz'))
    expect(header.channels).toEqual(['level3', 'instrument'])
    expect(header.depth).toBeUndefined()
    // heartbeats are recorded too, by design (see the first test): one may land anywhere here
    const all = frames.map((f) => f.frame)
    for (const t of all) if (t.includes('"heartbeat"')) expect(t).toBe('{"channel":"heartbeat"}')
    const texts = all.filter((t) => t !== '{"channel":"heartbeat"}')
    expect(texts[0]).toMatch(/^\{"channel":"instrument","type":"snapshot"/)
    expect(texts[1]).toMatch(/^\{"channel":"level3","type":"snapshot","data":\[\{"symbol":"BTC\/USD"/)
    expect(texts.slice(2).length).toBeGreaterThanOrEqual(1)
    for (const t of texts.slice(2))
      expect(t).toMatch(/^\{"channel":"level3","type":"update","data":\[\{"symbol":"BTC\/USD"/)
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.recvNs > frames[i - 1]!.recvNs).toBe(true)
  })

  it('a second recording refuses the name of the first; stopping when off is a no-op answer', async () => {
    expect(await refusal({ symbols: [SYMBOL], channels: ['trade'], name: 'wire-test' })).toBe(
      'EREFUSED: A recording named "wire-test" exists already: choose another name',
    )
    const off = await w.ok<RecorderView>('recording.stop', {})
    expect(off.state).toBe('off')
  })

  it('a session without a data folder cannot record, and says why', async () => {
    const memory = await startCore(42)
    try {
      const mw = openWindow(memory)
      const res = await mw.cmd('recording.start', { symbols: [SYMBOL], channels: ['book'] })
      expect(res.ok ? 'accepted' : `${res.error.code}: ${res.error.message}`).toBe(
        'EREFUSED: Recording needs a data folder, and this session keeps nothing on disk',
      )
    } finally {
      await memory.stop()
    }
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
