import { describe, expect, it } from 'vitest'
import { EndedKeepingMap } from '../../../../src-main/sim/derivatives/EndedKeepingMap'

describe('EndedKeepingMap', () => {
  it('a deleted entry is gone for get() and readable through ended(), for the last N deletions only', () => {
    const m = new EndedKeepingMap<string, number>(2)
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      m.set(k, v)
    m.delete('a')
    m.delete('b')
    expect([m.get('a'), m.ended('a'), m.ended('b'), m.ended('c'), m.size]).toEqual([undefined, 1, 2, 3, 1])
    m.delete('c')
    // bounded: the oldest deletion is forgotten
    expect([m.ended('a'), m.ended('b'), m.ended('c')]).toEqual([undefined, 2, 3])
  })
})
