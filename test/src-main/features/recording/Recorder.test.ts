import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Recorder } from '../../../../src-main/features/recording/Recorder'
import { KrakenWsPublicClient } from '../../../../src-main/kraken/ws/KrakenWsPublicClient'
import { readRecordingFile } from '../../../../src-main/store/recording/readRecording'
import { INSTRUMENT_FRAME, l2Frames } from '../../../../src-main/tools/bookFrames'
import { until } from '../../../helpers/until'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const TRADE = `{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":65000.1,"qty":0.00100000,"ord_type":"limit","trade_id":1,"timestamp":"2026-12-01T06:00:00.000000Z"}]}`
const OTHER_TRADE = TRADE.replace('BTC/USD', 'ETH/USD')
const TICKER = `{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":65000.0}]}`
const HEARTBEAT = '{"channel":"heartbeat"}'
const ACK = '{"method":"subscribe","req_id":3,"result":{"channel":"book","symbol":"BTC/USD"},"success":true}'
const INSTRUMENTS = INSTRUMENT_FRAME.replace(
  '"pairs":[',
  '"pairs":[{"symbol":"ETH/USD","price_precision":2,"qty_precision":8,"price_increment":0.01,"qty_min":0.001,"cost_min":0.5},',
)

/** A recorder on a real public client fed by hand (no socket), with the app's feeds stood in for. */
function setup(
  o: {
    rotateRawBytes?: number
    bufferBytes?: number
    watched?: string[]
    capBytes?: number
    keep?: () => ReadonlySet<string>
  } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'trident-recorder-test-'))
  dirs.push(dataDir)
  const client = new KrakenWsPublicClient({
    url: 'ws://127.0.0.1:9',
    depth: 25,
    onBook: () => undefined,
    onLink: () => undefined,
  })
  client.handleFrame(INSTRUMENTS)
  for (const s of o.watched ?? []) client.watchBook(s)
  const resnapshots: string[] = []
  vi.spyOn(client, 'resnapshotBook').mockImplementation((s) => void resnapshots.push(s))
  const held: string[] = []
  const hold = (what: string) => {
    held.push(what)
    return { release: () => held.splice(held.indexOf(what), 1) }
  }
  const logs: string[] = []
  const recorder = new Recorder({
    dataDir,
    session: () => ({ wsPublic: client, trading: { wsL3: null }, profile: { kind: 'simulator' } }),
    books: { acquire: (s) => hold(`book ${s}`) },
    tape: { acquire: (c, s, i) => hold(`${c} ${s}${i ? ` ${i}` : ''}`) },
    level3: { acquire: (s) => hold(`level3 ${s}`), latest: () => undefined },
    publish: () => undefined,
    log: (m) => logs.push(m),
    rotateRawBytes: o.rotateRawBytes,
    bufferBytes: o.bufferBytes,
    ...(o.capBytes !== undefined ? { capBytes: o.capBytes } : {}),
    ...(o.keep ? { keep: o.keep } : {}),
  })
  const folder = join(dataDir, 'recordings', 'test')
  const file = (n: number) => readRecordingFile(join(folder, `000${n}.trec.gz`)).frames.map((f) => f.frame)
  return { client, recorder, held, resnapshots, folder, file, logs, dataDir }
}

describe('Recorder', () => {
  it('records only the chosen channels of the chosen instruments (and heartbeats), after the instrument snapshot', async () => {
    const { client, recorder, held, folder, file } = setup()
    const [snapshot, u1, u2] = l2Frames(25, 2)
    recorder.start({ symbols: ['BTC/USD'], channels: ['book', 'trade'], name: 'test' })
    expect(held).toEqual(['book BTC/USD', 'trade BTC/USD'])
    expect(client.frameObserver).not.toBeNull()
    for (const f of [ACK, snapshot!, HEARTBEAT, TICKER, u1!, OTHER_TRADE, TRADE, u2!]) client.handleFrame(f)
    const v = await recorder.stop()
    expect(v).toMatchObject({ state: 'off', files: 1, frames: 6, dropped: 0, gaps: 0 })
    expect(held).toEqual([])
    expect(client.frameObserver).toBeNull()
    expect(readdirSync(folder)).toEqual(['0001.trec.gz'])
    // heartbeats are kept (they mark time in a quiet market); replies, tickers, other pairs not
    expect(file(1)).toEqual([INSTRUMENTS, snapshot, HEARTBEAT, u1, TRADE, u2])
    // after the stop nothing more is written
    client.handleFrame(TRADE)
    expect(file(1)).toHaveLength(6)
  })

  it('a book a window already shows is asked for a snapshot, and recorded from it', async () => {
    const { client, recorder, resnapshots, file } = setup({ watched: ['BTC/USD'] })
    const [snapshot, u1, u2] = l2Frames(25, 2)
    client.handleFrame(snapshot!)
    recorder.start({ symbols: ['BTC/USD'], channels: ['book'], name: 'test' })
    expect(resnapshots).toEqual(['BTC/USD'])
    // an update before the fresh snapshot could not be applied by a replay: left out
    client.handleFrame(u1!)
    client.handleFrame(snapshot!)
    client.handleFrame(u2!)
    await recorder.stop()
    expect(file(1)).toEqual([INSTRUMENTS, snapshot, u2])
  })

  it('a full file is followed by one that starts again from the instrument and book snapshots', async () => {
    // record lines: instrument 320 bytes, snapshot 1,877, trade 206, u1 238: a file of 2,500 is full after u1
    const { client, recorder, resnapshots, folder, file } = setup({ rotateRawBytes: 2500 })
    const [snapshot, u1, u2, u3] = l2Frames(25, 3)
    recorder.start({ symbols: ['BTC/USD'], channels: ['book', 'trade'], name: 'test' })
    for (const f of [snapshot!, TRADE, u1!]) client.handleFrame(f)
    expect(resnapshots).toEqual([])
    // u2 opens file 2, whose book waits for the snapshot asked for: u2 is left out
    client.handleFrame(u2!)
    expect(resnapshots).toEqual(['BTC/USD'])
    client.handleFrame(snapshot!)
    client.handleFrame(u3!)
    const v = await recorder.stop()
    expect(readdirSync(folder).sort()).toEqual(['0001.trec.gz', '0002.trec.gz'])
    expect(v.files).toBe(2)
    expect(file(1)).toEqual([INSTRUMENTS, snapshot, TRADE, u1])
    expect(file(2)).toEqual([INSTRUMENTS, snapshot, u3])
  })

  it('a file opened by a trade frame never stamps its instrument snapshot after that trade', async () => {
    // the trade's receive time is read when it arrives, before the new file's preamble is written:
    // stamped "now", the preamble came after it and a replay saw time go back (CI, seen once)
    const { client, recorder, folder } = setup({ rotateRawBytes: 2500 })
    const [snapshot, u1] = l2Frames(25, 1)
    recorder.start({ symbols: ['BTC/USD'], channels: ['book', 'trade'], name: 'test' })
    for (const f of [snapshot!, TRADE, u1!]) client.handleFrame(f)
    // file 1 is full: this trade opens file 2
    client.handleFrame(TRADE)
    await recorder.stop()
    const two = readRecordingFile(join(folder, '0002.trec.gz')).frames
    expect(two.map((f) => f.frame)).toEqual([INSTRUMENTS, TRADE])
    expect(two[0]!.recvNs <= two[1]!.recvNs).toBe(true)
  })

  it('the size cap never deletes the recording a replay profile practises on, however old', async () => {
    // two old recordings of 40 kB each under a 50 kB cap: the one a replay profile uses stays
    const practised = { path: '' }
    const { client, recorder, dataDir } = setup({
      capBytes: 50_000,
      keep: () => new Set([practised.path]),
    })
    const old = (name: string, daysAgo: number): string => {
      const dir = join(dataDir, 'recordings', name)
      mkdirSync(dir, { recursive: true })
      const path = join(dir, '0001.trec.gz')
      writeFileSync(path, Buffer.alloc(40_000))
      const t = new Date(Date.now() - daysAgo * 86_400_000)
      utimesSync(path, t, t)
      return path
    }
    practised.path = old('practised', 3)
    const other = old('other', 2)
    recorder.start({ symbols: ['BTC/USD'], channels: ['book'], name: 'test' })
    client.handleFrame(l2Frames(25, 0)[0]!)
    await recorder.stop()
    await until(() => !existsSync(other), 'the newer, unused recording deleted by the cap')
    expect(existsSync(practised.path)).toBe(true)
  })

  it("when the replay profiles' recordings fill the cap, the recording being made says it lost its earlier files", async () => {
    // a practised recording of 60 kB under a 50 kB cap: only this recording's closed files can go
    const practised = { path: '' }
    const { client, recorder, dataDir } = setup({
      capBytes: 50_000,
      keep: () => new Set([practised.path]),
      rotateRawBytes: 2500,
    })
    const dir = join(dataDir, 'recordings', 'practised')
    mkdirSync(dir, { recursive: true })
    practised.path = join(dir, '0001.trec.gz')
    writeFileSync(practised.path, Buffer.alloc(60_000))
    const [snapshot, u1, u2, u3] = l2Frames(25, 3)
    recorder.start({ symbols: ['BTC/USD'], channels: ['book', 'trade'], name: 'test' })
    expect(recorder.latest().capWarning).toBeNull()
    // file 1 fills (instrument, snapshot, trade, u1), u2 opens file 2: file 1 is closed
    for (const f of [snapshot!, TRADE, u1!, u2!, snapshot!, u3!]) client.handleFrame(f)
    await until(() => recorder.latest().capWarning, 'the warning')
    expect(recorder.latest().capWarning).toBe(
      'The 50 kB size cap deleted 1 earlier file(s) of this recording: the recordings your replay profiles practise on fill it (delete the ones you no longer use)',
    )
    expect(existsSync(practised.path)).toBe(true)
    await recorder.stop()
  })

  it('frames the disk cannot take are dropped and counted; the next file starts from fresh snapshots', async () => {
    // a backlog of 4,000 bytes: the instrument (320) and snapshot (1,877) lines fit, and a few updates
    const { client, recorder, resnapshots, file } = setup({ bufferBytes: 4000 })
    const frames = l2Frames(25, 40)
    recorder.start({ symbols: ['BTC/USD'], channels: ['book'], name: 'test' })
    // one burst, within one turn of the event loop: nothing reaches zlib before it ends
    for (const f of frames) client.handleFrame(f)
    const burst = recorder.latest()
    expect(burst.dropped).toBeGreaterThan(30)
    expect(burst.frames + burst.dropped).toBe(1 + 41)
    expect(resnapshots).toEqual([])
    // the backlog drains; the next frame opens file 2 and asks for a snapshot
    await until(() => {
      client.handleFrame(frames[1]!)
      return recorder.latest().files === 2
    }, 'a new file after the gap')
    expect(recorder.latest().gaps).toBe(1)
    expect(resnapshots).toEqual(['BTC/USD'])
    client.handleFrame(frames[0]!)
    const v = await recorder.stop()
    // file 1: the instrument snapshot, the book snapshot and the updates accepted before the drop
    expect(file(1)).toEqual([INSTRUMENTS, ...frames.slice(0, burst.frames - 1)])
    // file 2: after the gap, nothing of the book until its snapshot
    expect(file(2)).toEqual([INSTRUMENTS, frames[0]])
    expect(v.dropped).toBeGreaterThanOrEqual(burst.dropped)
  })

  it('refuses in words what it cannot record', () => {
    const { recorder } = setup()
    expect(() => recorder.start({ symbols: ['BTC/USD', 'DOGE/USD'], channels: ['book'] })).toThrow(
      'Unknown instrument DOGE/USD: the venue does not list it',
    )
    expect(() => recorder.start({ symbols: ['BTC/USD'], channels: ['level3'] })).toThrow(
      'The level3 channel needs API keys: Kraken serves it to signed-in accounts only',
    )
    recorder.start({ symbols: ['BTC/USD'], channels: ['ticker'], name: 'test' })
    expect(() => recorder.start({ symbols: ['BTC/USD'], channels: ['trade'] })).toThrow(
      'Already recording "test": stop it first',
    )
    return recorder.stop()
  })
})
