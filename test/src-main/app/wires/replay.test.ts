import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../../src-main/app/TridentCore'
import type { ProfilesView, ProfileView } from '../../../../src-preload/contract/types'
import { makeRecording, sellDown } from '../../../helpers/makeRecording'
import { missingFrom, openWindow, type Covers, type Exercised, type Window } from './wireClient'

/**
 * Practice mode through the contract: a replay profile made of a recording found in the data
 * folder, activated for the next start.
 */
export const covers: Covers = { commands: ['profiles.saveReplay'], topics: [] }

const exercised: Exercised = { commands: new Set(), topics: new Set() }
const dataDir = mkdtempSync(join(tmpdir(), 'trident-replay-wire-'))
const RECORDING = 'btc-sell-down'
let core: TridentCore
let w: Window

beforeAll(async () => {
  await makeRecording({
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
}, 30_000)
afterAll(() => core.stop())

describe('replay wires', () => {
  it('profiles.saveReplay answers with a replay profile of a recording found, which the profiles topic lists', async () => {
    const sub = w.sub('profiles', {})
    const first = await w.next<ProfilesView>(sub, 0, () => true, 'the first profiles message')
    expect(first.recordings.map((r) => [r.name, r.where, r.files, r.symbols, r.venue])).toEqual([
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
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
