import { describe, expect, it } from 'vitest'
import { PANEL_KINDS } from '../../../src-preload/contract/types'
import {
  newPanelId,
  nextLinkParams,
  PANEL_INFO,
  resolveSymbol,
} from '../../../src-renderer/workspace/panelKinds'
import { commandSchemas } from '../../../src-preload/contract/contract'

const links = { red: 'ETH/USD', green: 'SOL/USD', blue: 'BTC/USD', yellow: 'XRP/USD' }

describe('panels and link groups', () => {
  it('a linked panel shows its group instrument, an unlinked one its own', () => {
    expect(resolveSymbol({ link: 'green', symbol: 'BTC/USD' }, links)).toBe('SOL/USD')
    expect(resolveSymbol({ link: null, symbol: 'XRP/USD' }, links)).toBe('XRP/USD')
    expect(resolveSymbol({}, links)).toBe('BTC/USD')
  })

  it('the link chip cycles red → green → blue → yellow → none → red, keeping the instrument', () => {
    const seen: (string | null)[] = []
    let p = nextLinkParams(null, 'ETH/USD')
    for (let i = 0; i < 5; i++) {
      seen.push(p.link ?? null)
      expect(p.symbol).toBe('ETH/USD')
      p = nextLinkParams(p.link ?? null, 'ETH/USD')
    }
    expect(seen).toEqual(['red', 'green', 'blue', 'yellow', null])
  })

  it('every panel kind has a title; new panel ids are unique and pass the contract', () => {
    for (const k of PANEL_KINDS) expect(PANEL_INFO[k].title.length).toBeGreaterThan(0)
    const ids = new Set(Array.from({ length: 500 }, () => newPanelId('ladder')))
    expect(ids.size).toBe(500)
    for (const id of ids)
      expect(commandSchemas['workspace.popOut'].safeParse({ panels: [{ id, kind: 'ladder' }] }).success).toBe(
        true,
      )
  })
})
