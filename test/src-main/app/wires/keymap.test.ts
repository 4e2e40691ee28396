import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { KeymapView } from '../../../../src-preload/contract/types'
import defaults from '../../../../resources/keymap.default.json'
import {
  linksOnline,
  missingFrom,
  openWindow,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/** The keymap through the contract: every window gets the trader's keymap, and each change. */
export const covers: Covers = { commands: ['keymap.set', 'keymap.reset'], topics: ['keymap'] }

const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let keymap: number
/** a second window: a keymap change reaches every window, not only the one that made it */
let other: Window
let otherKeymap: number

beforeAll(async () => {
  core = await startCore(20)
  w = openWindow(core, exercised)
  other = openWindow(core)
  // every link up first: starting them (FIX above all) holds main's thread for a moment
  await linksOnline(w)
  keymap = w.sub('keymap', {})
  otherKeymap = other.sub('keymap', {})
}, 30_000)
afterAll(() => core.stop())

describe('keymap wires', () => {
  it('keymap: a first message, the default keys', async () => {
    const first = await w.next<KeymapView>(keymap, 0, () => true, 'the first keymap message')
    expect(first.custom).toBe(false)
    expect(first.bindings['ticket.buyAtBid']).toEqual(['b'])
    expect(first.bindings).toEqual(defaults)
  })

  it('keymap.set answers with the new keymap, and every window gets it on the keymap topic', async () => {
    const [s, o] = [w.messages(keymap).length, other.messages(otherKeymap).length]
    const mine = { ...defaults, 'ticket.buyAtBid': ['F9'] }
    const answer = await w.ok<KeymapView>('keymap.set', { bindings: mine })
    expect(answer).toEqual({ bindings: mine, custom: true })
    const shown = await w.next<KeymapView>(keymap, s, (v) => v.custom, 'the new keymap (this window)')
    expect(shown.bindings['ticket.buyAtBid']).toEqual(['F9'])
    const there = await other.next<KeymapView>(
      otherKeymap,
      o,
      (v) => v.custom,
      'the new keymap (other window)',
    )
    expect(there).toEqual({ bindings: mine, custom: true })
  })

  it('keymap.set refuses a conflicting keymap in words, and keeps the one in use', async () => {
    const clash = { ...defaults, 'ticket.buyAtBid': ['s'] }
    expect(await w.cmd('keymap.set', { bindings: clash })).toMatchObject({
      ok: false,
      error: {
        code: 'EREFUSED',
        message:
          'Keymap not saved: Key s is bound to more than one action: Ticket: buy at the best bid (join the bid) / Ticket: sell at the best ask (join the offer)',
      },
    })
  })

  it('keymap.reset answers with the defaults, and the keymap topic goes back to them', async () => {
    const s = w.messages(keymap).length
    const answer = await w.ok<KeymapView>('keymap.reset', {})
    expect(answer).toEqual({ bindings: defaults, custom: false })
    const shown = await w.next<KeymapView>(keymap, s, (v) => !v.custom, 'the default keymap again')
    expect(shown.bindings).toEqual(defaults)
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
