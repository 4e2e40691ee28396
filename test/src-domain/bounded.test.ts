import { describe, expect, it } from 'vitest'
import { dropOldest } from '../../src-domain/bounded'

describe('dropOldest', () => {
  it('keeps a Set to its newest keys, handing each dropped one on, oldest first', () => {
    const s = new Set(['a', 'b', 'c', 'd', 'e'])
    const dropped: string[] = []
    dropOldest(s, 2, (k) => dropped.push(k))
    expect([...s]).toEqual(['d', 'e'])
    expect(dropped).toEqual(['a', 'b', 'c'])
  })

  it('keeps a Map the same way, and leaves one within its bound alone', () => {
    const m = new Map([
      [1, 'x'],
      [2, 'y'],
    ])
    dropOldest(m, 1)
    expect([...m]).toEqual([[2, 'y']])
    dropOldest(m, 1)
    expect([...m]).toEqual([[2, 'y']])
  })
})
