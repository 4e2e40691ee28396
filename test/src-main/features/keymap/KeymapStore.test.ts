import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KeymapStore } from '../../../../src-main/features/keymap/KeymapStore'
import { SettingsRepo } from '../../../../src-main/store/SettingsRepo'
import { openDb } from '../../../../src-main/store/TridentDb'
import { DEFAULT_KEYMAP } from '../../../../src-preload/contract/keymap'

/** A settings table in a real database file; a "launch" opens it again. */
const dbFile = () => join(mkdtempSync(join(tmpdir(), 'trident-keymap-')), 'trident.db')
const settings = (file: string) => new SettingsRepo(openDb(file))

describe('KeymapStore', () => {
  it('starts from the defaults in resources/', () => {
    const k = new KeymapStore(settings(dbFile()))
    expect(k.view()).toEqual({ bindings: DEFAULT_KEYMAP, custom: false })
  })

  it('saves a change in the settings table and the next launch has it', () => {
    const f = dbFile()
    const v = new KeymapStore(settings(f)).set({ ...DEFAULT_KEYMAP, 'ticket.buyAtBid': ['n'] })
    expect(v.custom).toBe(true)
    expect(settings(f).get<Record<string, string[]>>('keymap')!['ticket.buyAtBid']).toEqual(['n'])
    expect(new KeymapStore(settings(f)).view().bindings['ticket.buyAtBid']).toEqual(['n'])
    expect(new KeymapStore(settings(f)).reset().custom).toBe(false)
    expect(new KeymapStore(settings(f)).view().custom).toBe(false)
  })

  it('refuses conflicts and unknown actions in words, and keeps the old keymap', () => {
    const k = new KeymapStore(settings(dbFile()))
    expect(() => k.set({ ...DEFAULT_KEYMAP, 'ticket.buyAtBid': ['s'] })).toThrow(
      'Keymap not saved: Key s is bound to more than one action',
    )
    expect(() => k.set({ ...DEFAULT_KEYMAP, 'orders.sellEverything': ['q'] })).toThrow(
      'Keymap not saved: Unknown action "orders.sellEverything"',
    )
    expect(() => k.set({ ...DEFAULT_KEYMAP, 'ticket.send': [] as string[] }).bindings).not.toThrow()
    expect(k.view().bindings['ticket.buyAtBid']).toEqual(DEFAULT_KEYMAP['ticket.buyAtBid'])
  })

  it('a damaged saved keymap is ignored (and said), actions added since get their default keys', () => {
    const f = dbFile()
    settings(f).set('keymap', { 'ticket.buyAtBid': ['s'] }) // conflicts with ticket.sell defaults
    const said: string[] = []
    expect(new KeymapStore(settings(f), (l) => said.push(l)).view().custom).toBe(false)
    expect(said[0]).toMatch(/^keymap: ignoring the saved keymap: Key s is bound/)
    settings(f).set('keymap', ['not', 'a', 'keymap'])
    expect(new KeymapStore(settings(f), (l) => said.push(l)).view().custom).toBe(false)
    expect(said[1]).toBe('keymap: ignoring the saved keymap: not a keymap')
    settings(f).set('keymap', { 'ticket.buyAtBid': ['n'] })
    const v = new KeymapStore(settings(f)).view()
    expect(v.bindings['ticket.buyAtBid']).toEqual(['n'])
    expect(v.bindings['ticket.send']).toEqual(DEFAULT_KEYMAP['ticket.send'])
  })
})
