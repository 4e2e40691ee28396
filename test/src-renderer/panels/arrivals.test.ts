import { describe, expect, it } from 'vitest'
import { arrivals } from '../../../src-renderer/panels/arrivals'

const key = (f: { id: string }) => f.id
const fills = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ id: `F${from + i}` }))

describe('arrivals (the Alerts panel rings for what is new)', () => {
  it('remembers the list as the window opened, then tells only what arrived', () => {
    let r = arrivals(null, fills(1, 3), key)
    expect(r.fresh).toEqual([])
    r = arrivals(r.seen, fills(1, 5), key)
    expect(r.fresh).toEqual([{ id: 'F4' }, { id: 'F5' }])
    r = arrivals(r.seen, fills(1, 5), key)
    expect(r.fresh).toEqual([])
  })

  it("remembers a bounded number of keys: a day's fills do not grow it (issue 20)", () => {
    let r = arrivals(null, fills(1, 2_000), key)
    for (let n = 2_001; n <= 12_000; n += 100) {
      r = arrivals(r.seen, fills(n - 1_900, n + 99), key) // 100 new, the oldest 100 gone
      expect(r.fresh).toHaveLength(100)
    }
    expect(r.seen.size).toBe(4_000)
    expect([r.seen.has('F8001'), r.seen.has('F8000')]).toEqual([true, false])
  })

  it('a list that comes back after a core restart (empty, then restored) rings for nothing old', () => {
    let r = arrivals(null, fills(1, 2_000), key)
    r = arrivals(r.seen, [], key)
    expect(r.fresh).toEqual([])
    r = arrivals(r.seen, fills(1, 2_001), key)
    expect(r.fresh).toEqual([{ id: 'F2001' }])
  })
})
