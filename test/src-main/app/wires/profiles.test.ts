import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { ProfilesView, ProfileView } from '../../../../src-preload/contract/types'
import {
  linksOnline,
  missingFrom,
  openWindow,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/** Credential profiles through the contract: each command's answer and its effect on the topic. */
export const covers: Covers = {
  commands: ['profiles.save', 'profiles.activate', 'profiles.check', 'profiles.delete'],
  topics: ['profiles'],
}

const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let profiles: number

beforeAll(async () => {
  core = await startCore(21)
  w = openWindow(core, exercised)
  // every link up first: starting them (FIX above all) holds main's thread for a moment
  await linksOnline(w)
  profiles = w.sub('profiles', {})
}, 30_000)
afterAll(() => core.stop())

const seen = () => w.messages(profiles).length
const ID = 'desk-b'
/** a custom venue on this computer; never connected to here (only the next start would) */
const endpoints = {
  rest: 'http://127.0.0.1:9/',
  wsPublic: 'ws://127.0.0.1:9/v2',
  wsPrivate: 'ws://127.0.0.1:9/v2-private',
}
const saved: ProfileView = {
  id: ID,
  name: 'Desk B',
  kind: 'custom',
  endpoints,
  tier: 'pro',
  keyFingerprint: null,
  fixFingerprint: null,
  status: null,
}
const find = (v: ProfilesView) => v.profiles.find((p) => p.id === ID)

describe('profiles wires', () => {
  it('profiles: a first message, the built-in exchange only, traded on now', async () => {
    const first = await w.next<ProfilesView>(profiles, 0, () => true, 'the first profiles message')
    expect(first).toMatchObject({ current: 'builtin', active: 'builtin' })
    expect(first.profiles.map((p) => p.id)).toEqual(['builtin'])
  })

  it('profiles.save answers with the profile, and the profiles topic lists it', async () => {
    const s = seen()
    const answer = await w.ok<ProfileView>('profiles.save', {
      id: ID,
      name: 'Desk B',
      kind: 'custom',
      tier: 'pro',
      endpoints,
    })
    expect(answer).toEqual(saved)
    const shown = await w.next<ProfilesView>(
      profiles,
      s,
      (v) => find(v) !== undefined,
      'the saved profile listed',
    )
    expect(find(shown)).toEqual(saved)
  })

  it('profiles.activate answers with the next start on it, and the topic says so', async () => {
    const s = seen()
    const answer = await w.ok<ProfilesView>('profiles.activate', { id: ID })
    expect(answer).toMatchObject({ current: 'builtin', active: ID })
    const shown = await w.next<ProfilesView>(profiles, s, (v) => v.active === ID, 'the profile active')
    expect(shown.current).toBe('builtin')
  })

  it('profiles.check answers with what it found, and the topic shows it on the profile', async () => {
    const s = seen()
    const answer = await w.ok<ProfileView>('profiles.check', { id: ID })
    expect(answer.status).toMatchObject({ ok: false, detail: 'No API key saved for this profile' })
    const shown = await w.next<ProfilesView>(profiles, s, (v) => find(v)?.status !== null, 'the check shown')
    expect(find(shown)?.status).toMatchObject({ ok: false, detail: 'No API key saved for this profile' })
  })

  it('profiles.delete answers without the profile, the topic drops it and the next start goes back to built-in', async () => {
    const s = seen()
    const answer = await w.ok<ProfilesView>('profiles.delete', { id: ID })
    expect(answer).toMatchObject({ current: 'builtin', active: 'builtin' })
    expect(answer.profiles.map((p) => p.id)).toEqual(['builtin'])
    const shown = await w.next<ProfilesView>(profiles, s, (v) => find(v) === undefined, 'the profile gone')
    expect(shown.active).toBe('builtin')
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
