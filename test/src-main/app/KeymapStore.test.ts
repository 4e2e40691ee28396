import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KeymapStore } from '../../../src-main/app/KeymapStore'
import { DEFAULT_KEYMAP } from '../../../src-preload/contract/keymap'

const dir = () => mkdtempSync(join(tmpdir(), 'trident-keymap-'))

describe('KeymapStore', () => {
  it('starts from the defaults in resources/', () => {
    const k = new KeymapStore(dir())
    expect(k.view()).toEqual({ bindings: DEFAULT_KEYMAP, custom: false })
  })

  it('saves a change and the next launch has it', () => {
    const d = dir()
    const v = new KeymapStore(d).set({ ...DEFAULT_KEYMAP, 'ticket.buyAtBid': ['n'] })
    expect(v.custom).toBe(true)
    expect(JSON.parse(readFileSync(join(d, 'keymap.json'), 'utf8'))['ticket.buyAtBid']).toEqual(['n'])
    expect(new KeymapStore(d).view().bindings['ticket.buyAtBid']).toEqual(['n'])
    expect(new KeymapStore(d).reset().custom).toBe(false)
    expect(new KeymapStore(d).view().custom).toBe(false)
  })

  it('refuses conflicts and unknown actions in words, and keeps the old keymap', () => {
    const k = new KeymapStore(dir())
    expect(() => k.set({ ...DEFAULT_KEYMAP, 'ticket.buyAtBid': ['s'] })).toThrow(
      'Keymap not saved: Key s is bound to more than one action',
    )
    expect(() => k.set({ ...DEFAULT_KEYMAP, 'orders.sellEverything': ['q'] })).toThrow(
      'Keymap not saved: Unknown action "orders.sellEverything"',
    )
    expect(() => k.set({ ...DEFAULT_KEYMAP, 'ticket.send': [] as string[] }).bindings).not.toThrow()
    expect(k.view().bindings['ticket.buyAtBid']).toEqual(DEFAULT_KEYMAP['ticket.buyAtBid'])
  })

  it('a damaged file is ignored (and said), actions added since get their default keys', () => {
    const d = dir()
    writeFileSync(join(d, 'keymap.json'), '{ not json')
    const said: string[] = []
    expect(new KeymapStore(d, (l) => said.push(l)).view().custom).toBe(false)
    expect(said[0]).toMatch(/^keymap: ignoring .*keymap\.json: /)
    writeFileSync(join(d, 'keymap.json'), JSON.stringify({ 'ticket.buyAtBid': ['n'] }))
    const v = new KeymapStore(d).view()
    expect(v.bindings['ticket.buyAtBid']).toEqual(['n'])
    expect(v.bindings['ticket.send']).toEqual(DEFAULT_KEYMAP['ticket.send'])
  })
})
