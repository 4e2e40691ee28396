import { describe, expect, it } from 'vitest'
import { DuplicateGuard } from '../../../../src-main/core/risk/DuplicateGuard'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'

const buy: PlaceRequest = {
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '0.01',
  limitPrice: '65000.0',
  tif: 'GTC',
}
const ASK = 'You sent the same order 0.3 s ago (Buy 0.01 BTC/USD @ 65000.0 limit). Send it again?'

describe('DuplicateGuard', () => {
  it('asks before the same order again within the window; other orders, and later, go through', () => {
    const g = new DuplicateGuard()
    expect(g.check(buy, 2000, 1000, false)).toBeNull()
    g.noteSent(buy, 1000, 2000)
    expect(g.check(buy, 2000, 1300, false)).toBe(ASK)
    // the same order written differently is the same order
    expect(g.check({ ...buy, qty: '0.0100', limitPrice: '65000' }, 2000, 1300, false)).toBe(
      'You sent the same order 0.3 s ago (Buy 0.0100 BTC/USD @ 65000 limit). Send it again?',
    )
    expect(g.check({ ...buy, limitPrice: '65000.000' }, 2000, 1300, false)).not.toBeNull()
    expect(g.check({ ...buy, limitPrice: '65000.1' }, 2000, 1300, false)).toBeNull()
    // a whole number keeps its zeros: 6500 is not 65000
    expect(g.check({ ...buy, limitPrice: '6500' }, 2000, 1300, false)).toBeNull()
    expect(g.check({ ...buy, limitPrice: '6500.0' }, 2000, 1300, false)).toBeNull()
    expect(g.check({ ...buy, side: 'sell' }, 2000, 1300, false)).toBeNull()
    expect(g.check({ ...buy, symbol: 'ETH/USD' }, 2000, 1300, false)).toBeNull()
    expect(g.check({ ...buy, qty: '0.02' }, 2000, 1300, false)).toBeNull()
    expect(g.check(buy, 2000, 3300, false)).toBeNull() // 2 s since it was sent and last asked about
    expect(g.check(buy, 0, 1300, false)).toBeNull() // 0 turns the guard off
  })

  it('a confirmation faster than anyone reads is asked again; a read one goes', () => {
    const g = new DuplicateGuard()
    g.noteSent(buy, 1000, 2000)
    expect(g.check(buy, 2000, 1300, false)).toBe(ASK)
    // Enter still held: the "yes" 40 ms after the question is the same key burst
    expect(g.check(buy, 2000, 1340, true)).toMatch(/^You sent the same order 0\.3 s ago/)
    expect(g.check(buy, 2000, 1500, true)).toMatch(/^You sent the same order 0\.5 s ago/)
    // 600 ms after the last question: the trader read it and said yes
    expect(g.check(buy, 2000, 2100, true)).toBeNull()
  })

  it('fifty Enters in 263 ms: one order, every other press asked', () => {
    const g = new DuplicateGuard()
    let sent = 0
    let asked = 0
    let confirmPending = false
    for (let i = 0; i < 50; i++) {
      const now = 1000 + Math.floor((i * 263) / 49)
      // as the window does: an Enter with a question showing answers it "yes"
      const q = g.check(buy, 2000, now, confirmPending)
      if (q) {
        asked++
        confirmPending = true
      } else {
        g.noteSent(buy, now, 2000)
        sent++
        confirmPending = false
      }
    }
    expect(sent).toBe(1)
    expect(asked).toBe(49)
  })

  it('Enter held longer than the window: the questions keep it open, still one order', () => {
    const g = new DuplicateGuard()
    let sent = 0
    let pending = false
    // a press every 100 ms for 5 s, on a window of 2 s
    for (let now = 1000; now < 6000; now += 100) {
      if (g.check(buy, 2000, now, pending)) pending = true
      else {
        g.noteSent(buy, now, 2000)
        sent++
        pending = false
      }
    }
    expect(sent).toBe(1)
    // once the trader lets go for the window, the same order is an order again
    expect(g.check(buy, 2000, 5900 + 2000, false)).toBeNull()
  })
})
