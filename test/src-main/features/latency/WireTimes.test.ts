import { describe, expect, it } from 'vitest'
import { WireTimes } from '../../../../src-main/features/latency/WireTimes'

describe('WireTimes', () => {
  it('gives the sends oldest first', () => {
    const t = new WireTimes(4)
    expect(t.view()).toEqual({ sent: [] })
    t.sent('a', 1.5)
    t.sent('b', 2.25)
    expect(t.view()).toEqual({
      sent: [
        { clOrdId: 'a', sentAt: 1.5 },
        { clOrdId: 'b', sentAt: 2.25 },
      ],
    })
  })

  it('keeps only the latest `capacity` sends, however many go out', () => {
    const t = new WireTimes(3)
    for (let i = 1; i <= 1000; i++) t.sent(`o${i}`, i)
    expect(t.view()).toEqual({
      sent: [
        { clOrdId: 'o998', sentAt: 998 },
        { clOrdId: 'o999', sentAt: 999 },
        { clOrdId: 'o1000', sentAt: 1000 },
      ],
    })
  })
})
