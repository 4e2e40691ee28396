import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../../src-main/app/TridentCore'
import type { ReplayView } from '../../../../src-preload/contract/replay'
import type { PlaceResult, ProfilesView, ProfileView } from '../../../../src-preload/contract/types'
import { makeRecording, sellDown, type MadeRecording } from '../../../helpers/makeRecording'
import { linksOnline, missingFrom, openWindow, type Covers, type Exercised, type Window } from './wireClient'

/**
 * Practice mode through the contract, against a real replaying exchange: a replay profile made of
 * a recording in the data folder (a built-in market selling down through its bids), activated,
 * and the next start replays it; the trader's resting buy fills where the recorded market trades
 * through it, and the replay topic carries the clock and the session result.
 */
export const covers: Covers = {
  commands: ['profiles.saveReplay', 'replay.control'],
  topics: ['replay'],
}

type Replaying = Extract<ReplayView, { replay: true }>
const exercised: Exercised = { commands: new Set(), topics: new Set() }
const dataDir = mkdtempSync(join(tmpdir(), 'trident-replay-wire-'))
const RECORDING = 'btc-sell-down'
const NOT_A_REPLAY = 'Not a replay: this session trades on a live or simulated venue, not a recording'
let made: MadeRecording
let core: TridentCore
let w: Window

beforeAll(async () => {
  // 20 steps, 1 s apart in recorded time: each sells 3 ticks through the bid (BTC/USD from 64999.9
  // down; the exchange's seeded bids last about 30 such steps)
  made = await makeRecording({
    file: join(dataDir, 'recordings', RECORDING, '0001.trec.gz'),
    steps: 20,
    stepMs: 1000,
    step: sellDown(3),
  })
  core = new TridentCore({
    host: 'loopback',
    version: 'test',
    dataDir,
    sim: { seed: 9, messagesPerSecond: 0 },
  })
  await core.start()
  w = openWindow(core, exercised)
  // every link up before this core is stopped for the next start (FIX must not be half-way in)
  await linksOnline(w)
}, 30_000)
afterAll(() => core.stop())

describe('replay wires', () => {
  it('on the built-in profile: the replay topic says it is not a replay, and replay.control is refused in words', async () => {
    const sub = w.sub('replay', {})
    const first = await w.next<ReplayView>(sub, 0, () => true, 'the first replay message')
    expect(first).toEqual({ replay: false, detail: NOT_A_REPLAY })
    const refused = await w.cmd('replay.control', { kind: 'resume' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'EREFUSED', message: `${NOT_A_REPLAY}: there is no replay clock to resume` },
    })
    w.unsub(sub)
  })

  it('profiles.saveReplay answers with a replay profile of a recording found, which the profiles topic lists', async () => {
    const sub = w.sub('profiles', {})
    const first = await w.next<ProfilesView>(sub, 0, () => true, 'the first profiles message')
    // (the sample shipped in resources/recordings is listed after it)
    const recorded = first.recordings.filter((r) => r.where === 'recorded')
    expect(recorded.map((r) => [r.name, r.where, r.files, r.symbols, r.venue])).toEqual([
      [RECORDING, 'recorded', 1, ['BTC/USD'], 'builtin'],
    ])
    const answer = await w.ok<ProfileView>('profiles.saveReplay', {
      id: 'replay-btc',
      name: `Replay: ${RECORDING}`,
      recording: RECORDING,
      speed: 10,
    })
    expect(answer).toMatchObject({
      id: 'replay-btc',
      kind: 'replay',
      replay: { recording: RECORDING, speed: 10 },
    })
    const shown = await w.next<ProfilesView>(
      sub,
      1,
      (v) => v.profiles.some((p) => p.id === 'replay-btc'),
      'the replay profile listed',
    )
    expect(shown.profiles.map((p) => p.id)).toEqual(['builtin', 'replay-btc'])
    const refused = await w.cmd('profiles.saveReplay', { id: 'replay-x', name: 'X', recording: 'elsewhere' })
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'No recording "elsewhere" on this computer' },
    })
    await w.ok<ProfilesView>('profiles.activate', { id: 'replay-btc' })
  })

  it('the next start replays it, paused at its first frame; a resting buy fills where the recording trades through it', async () => {
    // the next start, as the app's: same data folder, the replay profile active
    w.close()
    await core.stop()
    core = new TridentCore({
      host: 'loopback',
      version: 'test',
      dataDir,
      sim: { seed: 9, messagesPerSecond: 0 },
    })
    await core.start()
    w = openWindow(core, exercised)
    await linksOnline(w)
    const sub = w.sub('replay', {})
    const first = await w.next<Replaying>(sub, 0, (v) => v.replay, 'the replay status')
    expect(first).toMatchObject({
      replay: true,
      recording: RECORDING,
      symbols: ['BTC/USD'],
      firstNs: made.firstNs.toString(),
      lastNs: made.lastNs.toString(),
      speed: 10,
      paused: true,
      ended: false,
      gaps: [],
      fills: 0,
      result: [],
    })
    expect(first.clockIso.slice(0, 16)).toBe('2026-11-30T14:00')

    // a buy resting 5 USD under the recorded bid; the recording sells 0.4 USD lower every second
    const placed = await w.ok<PlaceResult>('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '64995.0',
      protocol: 'ws',
    })
    expect('clOrdId' in placed).toBe(true)
    const resumed = await w.ok<Replaying>('replay.control', { kind: 'resume' })
    expect(resumed).toMatchObject({ replay: true, paused: false, speed: 10 })
    await w.ok<Replaying>('replay.control', { kind: 'speed', speed: 'max' })

    // the end's book reaches the app a message after the clock's last status: wait for its mark
    const end = await w.next<Replaying>(
      sub,
      0,
      (v) => v.replay && v.ended && v.result[0]?.unrealised === '-0.043',
      'the replay at its end, marked at its last book',
      20_000,
    )
    expect(end).toMatchObject({
      paused: false,
      ended: true,
      progress: 1,
      clockNs: made.lastNs.toString(),
      fills: 1,
    })
    // bought 0.01 at 64995.0 (the limit: the recorded sells traded through it), paying the maker
    // fee 0.16% = 1.03992; the recording ends with its best bid at 64990.7, where a long is marked
    // (what selling it would get): unrealised = 0.01 x (64990.7 - 64995.0) = -0.043, pnl =
    // -0.043 - 1.03992 = -1.08292. The bid only fell after the fill, so the equity's lowest point
    // is its last: that fall from the peak of 0 (before the fill) is the max drawdown
    expect(end.result).toEqual([
      {
        quote: 'USD',
        realised: '0.000',
        unrealised: '-0.043',
        fees: '1.03992',
        pnl: '-1.08292',
        maxDrawdown: '1.08292',
      },
    ])
  }, 60_000)

  it('pause, speed and seek: each answer is the status, and the topic follows the clock back in time', async () => {
    const sub = w.sub('replay', {})
    const paused = await w.ok<Replaying>('replay.control', { kind: 'pause' })
    expect(paused).toMatchObject({ replay: true, paused: true })
    const slower = await w.ok<Replaying>('replay.control', { kind: 'speed', speed: 2 })
    expect(slower).toMatchObject({ paused: true, speed: 2 })
    // ten recorded seconds in: the books are rebuilt there, and the recording is no longer at its end
    const target = made.firstNs + 10_000_000_000n
    await w.ok<Replaying>('replay.control', { kind: 'seek', ns: target.toString() })
    const there = await w.next<Replaying>(
      sub,
      0,
      (v) => v.replay && !v.ended && BigInt(v.clockNs) <= target,
      'the clock back at ten seconds in',
    )
    // a frame of the recording is at exactly that time (step 10's first, 1 µs after its second)
    expect(there).toMatchObject({
      clockNs: target.toString(),
      clockIso: '2026-11-30T14:00:10.000Z',
      paused: true,
      speed: 2,
      ended: false,
      // 10 s of the recording's 20.000002 s, to four places
      progress: 0.4999,
      fills: 1,
    })
  })

  it('a replay profile whose recording is gone starts the plain built-in exchange, and says why', async () => {
    w.close()
    await core.stop()
    renameSync(join(dataDir, 'recordings', RECORDING), join(dataDir, 'elsewhere'))
    core = new TridentCore({
      host: 'loopback',
      version: 'test',
      dataDir,
      sim: { seed: 9, messagesPerSecond: 0 },
    })
    await core.start()
    w = openWindow(core, exercised)
    await linksOnline(w)
    const replay = w.sub('replay', {})
    expect(await w.next<ReplayView>(replay, 0, () => true, 'the replay topic')).toEqual({
      replay: false,
      detail: NOT_A_REPLAY,
    })
    const profiles = w.sub('profiles', {})
    const view = await w.next<ProfilesView>(profiles, 0, () => true, 'the profiles topic')
    // trading on the built-in exchange now; the replay profile stays chosen for when the recording is back
    expect(view).toMatchObject({ current: 'builtin', active: 'replay-btc' })
    expect(view.profiles.find((p) => p.id === 'replay-btc')?.status).toEqual({
      ok: false,
      detail: `The recording "${RECORDING}" is no longer on this computer`,
      at: 0,
    })
  }, 30_000)

  it('a replay profile whose recording cannot be replayed still lets the app start, on the plain built-in exchange', async () => {
    w.close()
    await core.stop()
    mkdirSync(join(dataDir, 'recordings', RECORDING))
    writeFileSync(join(dataDir, 'recordings', RECORDING, '0001.trec.gz'), 'not a recording at all')
    core = new TridentCore({
      host: 'loopback',
      version: 'test',
      dataDir,
      sim: { seed: 9, messagesPerSecond: 0 },
    })
    await core.start()
    w = openWindow(core, exercised)
    await linksOnline(w)
    const profiles = w.sub('profiles', {})
    const view = await w.next<ProfilesView>(profiles, 0, () => true, 'the profiles topic')
    expect(view).toMatchObject({ current: 'builtin', active: 'replay-btc' })
    expect(view.profiles.find((p) => p.id === 'replay-btc')?.status).toMatchObject({
      ok: false,
      detail: expect.stringMatching(
        /^Its recording cannot be replayed \(.*not a gzip'd Trident recording.*\): started without it$/,
      ),
    })
  }, 30_000)

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
