import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WorkspaceView } from '../../../src-preload/contract/types'
import {
  ladderSymbols,
  rememberedLadderSymbols,
  rememberLadderSymbols,
  subscribeEarlyBooks,
} from '../../../src-renderer/bridge/earlyBooks'

const LINKS = { red: 'ETH/USD', green: 'SOL/USD', blue: 'BTC/USD', yellow: 'XRP/USD' }

function view(dock: Record<string, unknown> | null, self = true): WorkspaceView {
  return {
    name: 'Default',
    saved: [],
    modified: false,
    links: LINKS,
    windows: [],
    self: self ? { id: 'main', bounds: null, screen: null, dock, incoming: [] } : null,
    layoutRev: 1,
    request: null,
  }
}

function storage(): Map<string, string> {
  const m = new Map<string, string>()
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  })
  return m
}

afterEach(() => vi.unstubAllGlobals())

describe('ladderSymbols', () => {
  it('with no saved dock: the default layout ladder, linked to the red group', () => {
    expect(ladderSymbols(view(null))).toEqual(['ETH/USD'])
  })

  it('from a saved dock: each ladder once, linked ones by their group, unlinked by their own symbol', () => {
    const dock = {
      grid: {},
      panels: {
        'ladder-1': { id: 'ladder-1', contentComponent: 'ladder', params: { link: 'green' } },
        'ladder-2': { id: 'ladder-2', contentComponent: 'ladder', params: { symbol: 'ADA/USD' } },
        'ladder-3': { id: 'ladder-3', contentComponent: 'ladder', params: { link: 'green' } },
        'chart-1': { id: 'chart-1', contentComponent: 'chart', params: { symbol: 'DOT/USD' } },
        'ladder-4': {
          id: 'ladder-4',
          contentComponent: 'ladder',
          params: { link: 'pink', symbol: 'LTC/USD' },
        },
      },
    }
    expect(ladderSymbols(view(dock))).toEqual(['SOL/USD', 'ADA/USD', 'LTC/USD'])
  })

  it('a saved dock without ladders asks for no book', () => {
    const dock = { panels: { 'chart-1': { id: 'chart-1', contentComponent: 'chart', params: {} } } }
    expect(ladderSymbols(view(dock))).toEqual([])
  })
})

describe('remembered ladder books', () => {
  it('a first start (nothing remembered) asks for the default instrument', () => {
    storage()
    expect(rememberedLadderSymbols()).toEqual(['BTC/USD'])
  })

  it('the next start asks for what the last view showed', () => {
    storage()
    rememberLadderSymbols(view(null))
    expect(rememberedLadderSymbols()).toEqual(['ETH/USD'])
  })

  it('unreadable or refused storage falls back to the default', () => {
    const m = storage()
    m.set('trident.ladderBooks', '{not json')
    expect(rememberedLadderSymbols()).toEqual(['BTC/USD'])
    m.set('trident.ladderBooks', JSON.stringify([1, 'SOL/USD', null]))
    expect(rememberedLadderSymbols()).toEqual(['SOL/USD'])
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
    })
    expect(() => rememberLadderSymbols(view(null))).not.toThrow()
    expect(rememberedLadderSymbols()).toEqual(['BTC/USD'])
  })
})

describe('subscribeEarlyBooks', () => {
  it("subscribes each book at the ladder's depth and releases each once", () => {
    const calls: { topic: string; params: unknown }[] = []
    const stopped: string[] = []
    const bridge = {
      subscribe: (topic: string, params: { symbol: string }) => {
        calls.push({ topic, params })
        return () => void stopped.push(params.symbol)
      },
    }
    const release = subscribeEarlyBooks(bridge as never, ['BTC/USD', 'ETH/USD'], () => {})
    expect(calls).toEqual([
      { topic: 'book', params: { symbol: 'BTC/USD', depth: 25 } },
      { topic: 'book', params: { symbol: 'ETH/USD', depth: 25 } },
    ])
    expect(stopped).toEqual([])
    release()
    release()
    expect(stopped).toEqual(['BTC/USD', 'ETH/USD'])
  })

  it('hands each book message to the store', () => {
    const got: string[] = []
    let deliver: (m: { symbol: string }) => void = () => {}
    const bridge = {
      subscribe: (_t: string, _p: unknown, onMessage: (m: { symbol: string }) => void) => {
        deliver = onMessage
        return () => {}
      },
    }
    subscribeEarlyBooks(bridge as never, ['BTC/USD'], (b) => got.push(b.symbol))
    deliver({ symbol: 'BTC/USD' })
    expect(got).toEqual(['BTC/USD'])
  })
})
