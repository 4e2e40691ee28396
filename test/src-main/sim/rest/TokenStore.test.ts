import { describe, expect, it } from 'vitest'
import { TokenStore, USED_TOKENS_KEPT } from '../../../../src-main/sim/rest/auth'

describe("the built-in exchange's WebSockets tokens are bounded (issue 20)", () => {
  it('unused tokens past 15 minutes are swept; used ones kept up to the bound, the least recently used dropped first', () => {
    let now = 0
    const store = new TokenStore(() => now, 3)
    store.issue('acct', 'stale')
    now = 900_001
    store.issue('acct', 'u1')
    // 'stale' was never used and is 15 minutes old: gone
    expect(store.size).toBe(1)
    expect(store.resolve('stale')).toBeNull()
    for (const t of ['u2', 'u3']) store.issue('acct', t)
    for (const t of ['u1', 'u2', 'u3']) expect(store.resolve(t)).toBe('acct')
    // a used token lives on past its 15 minutes (its connection may be long-lived)
    now += 3_600_000
    expect(store.resolve('u1')).toBe('acct')
    store.issue('acct', 'u4')
    expect(store.resolve('u4')).toBe('acct')
    // four used, three kept: u2 was used least recently
    expect(store.size).toBe(3)
    expect(store.resolve('u2')).toBeNull()
    for (const t of ['u3', 'u1', 'u4']) expect(store.resolve(t)).toBe('acct')
  })

  it('keeps a thousand used tokens by default', () => {
    expect(USED_TOKENS_KEPT).toBe(1000)
    const store = new TokenStore(() => 0)
    for (let i = 0; i < 1200; i++) {
      store.issue('acct', `t${i}`)
      store.resolve(`t${i}`)
    }
    expect(store.size).toBe(1000)
    expect(store.resolve('t199')).toBeNull()
    expect(store.resolve('t200')).toBe('acct')
  })
})
