import { describe, expect, it } from 'vitest'
import { restWords } from '../../../src-renderer/panels/linkWords'

describe('REST link words', () => {
  const now = 1_000_000_000
  it('says when REST was last used, or that it is idle — never a stale "online"', () => {
    expect(restWords({ protocol: 'rest', state: 'online', lastHeardAt: null }, now)).toEqual({
      state: 'ready',
      used: 'not used yet',
    })
    expect(restWords({ protocol: 'rest', state: 'online', lastHeardAt: now - 12_300 }, now)).toEqual({
      state: 'ready',
      used: 'used 12.3 s ago',
    })
    expect(restWords({ protocol: 'rest', state: 'online', lastHeardAt: now - 827_000 }, now)).toEqual({
      state: 'idle',
      used: 'idle · used 14 min ago',
    })
  })
  it('leaves streams and a REST link in trouble to their own words', () => {
    expect(restWords({ protocol: 'ws', state: 'online', lastHeardAt: now }, now)).toBeNull()
    expect(restWords({ protocol: 'rest', state: 'error', lastHeardAt: now }, now)).toBeNull()
  })
})
