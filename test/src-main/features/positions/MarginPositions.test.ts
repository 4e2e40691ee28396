import { afterEach, describe, expect, it, vi } from 'vitest'
import { MarginPositions } from '../../../../src-main/features/positions/MarginPositions'

afterEach(() => {
  vi.useRealTimers()
})

describe('MarginPositions: when Kraken is asked', () => {
  it('keeps asking once the session traded on margin, even after the tracker forgot that order', async () => {
    vi.useFakeTimers()
    let asked = 0
    // the margin order is in the tracker for the first poll only, then forgotten (FINISHED_KEPT)
    const inTracker = [true]
    const m = new MarginPositions({
      fetch: () => {
        asked++
        return Promise.resolve([])
      },
      symbolOf: () => null,
      marginTraded: () => inTracker.shift() ?? false,
      publish: () => {},
      log: () => {},
      everyMs: 1000,
    })
    m.start() // asks once at the start
    await vi.advanceTimersByTimeAsync(3000)
    m.stop()
    expect(asked).toBe(4)
  })

  it('asks only at the start when the session has no margin order and no position', async () => {
    vi.useFakeTimers()
    let asked = 0
    const m = new MarginPositions({
      fetch: () => {
        asked++
        return Promise.resolve([])
      },
      symbolOf: () => null,
      marginTraded: () => false,
      publish: () => {},
      log: () => {},
      everyMs: 1000,
    })
    m.start()
    await vi.advanceTimersByTimeAsync(3000)
    m.stop()
    expect(asked).toBe(1)
  })
})
