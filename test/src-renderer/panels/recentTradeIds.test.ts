import { describe, expect, it } from 'vitest'
import { newTradeFilter } from '../../../src-renderer/panels/recentTradeIds'

/** A tape as main sends it: newest first, at most `len` trades, ids counting up from 1. */
function tape(newest: number, len: number): { id: string }[] {
  const out: { id: string }[] = []
  for (let n = newest; n > newest - len && n > 0; n--) out.push({ id: String(n) })
  return out
}

describe('newTradeFilter (the ladder: which trades of a pushed tape are new)', () => {
  it('passes only trades not in an earlier tape, newest first', () => {
    const fresh = newTradeFilter()
    expect(fresh(tape(3, 100)).map((t) => t.id)).toEqual(['3', '2', '1'])
    expect(fresh(tape(5, 100)).map((t) => t.id)).toEqual(['5', '4'])
    expect(fresh(tape(5, 100)).map((t) => t.id)).toEqual([])
  })

  it('remembers no more ids than the latest tape holds, after a day of trades', () => {
    const fresh = newTradeFilter()
    // 100,000 trades, pushed 7 at a time in a tape that keeps the last 100 (as main's view does)
    let passed = 0
    for (let n = 7; n <= 100_002; n += 7) passed += fresh(tape(n, 100)).length
    expect(passed).toBe(100_002)
    expect(fresh.size()).toBe(100)
    // the ids kept are the newest ones: a tape repeated is all old news, the next trade is new
    expect(fresh(tape(100_002, 100))).toEqual([])
    expect(fresh(tape(100_003, 100)).map((t) => t.id)).toEqual(['100003'])
  })

  it('a tape that dropped trades off its end does not bring them back as new', () => {
    const fresh = newTradeFilter()
    fresh(tape(300, 100)) // 201..300
    // a reconnect's snapshot: the venue's last 50 trades again, all already seen
    expect(fresh(tape(300, 50))).toEqual([])
    expect(fresh.size()).toBe(50)
  })
})
