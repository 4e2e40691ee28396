import { describe, expect, it, vi } from 'vitest'

const subscribe = vi.fn()
vi.mock('../../../src-renderer/bridge', () => ({ getBridge: () => ({ subscribe }) }))

const { latencySamples, onWireTimes, orderPlaced, pendingCount } =
  await import('../../../src-renderer/stores/latencySamples')
const { summarize } = await import('../../../src-renderer/panels/latencyModel')

const k2w = () => summarize(latencySamples.keyToWire)

describe('latency samples: a key press paired with its order on the wire', () => {
  it('pairs an order with its wire time by client order id, and subscribes once from the first order', () => {
    orderPlaced('a', 1000)
    expect(subscribe).toHaveBeenCalledTimes(1)
    expect(subscribe.mock.calls[0]![0]).toBe('latency')
    onWireTimes({ sent: [{ clOrdId: 'a', sentAt: 1002.5 }] })
    expect(k2w()).toMatchObject({ count: 1, p50: 2.5, max: 2.5 })
  })

  it('a wire time that comes before the answer is paired when the answer comes', () => {
    onWireTimes({ sent: [{ clOrdId: 'b', sentAt: 2004 }] })
    orderPlaced('b', 2000)
    expect(k2w()).toMatchObject({ count: 2, p50: 2.5, max: 4 })
    expect(subscribe).toHaveBeenCalledTimes(1)
  })

  it('main repeats its latest sends in every message: each order counts once', () => {
    onWireTimes({
      sent: [
        { clOrdId: 'a', sentAt: 1002.5 },
        { clOrdId: 'b', sentAt: 2004 },
      ],
    })
    expect(k2w().count).toBe(2)
  })

  it('what never pairs (orders of other windows, answers lost) stays bounded', () => {
    for (let i = 0; i < 10_000; i++) {
      orderPlaced(`mine-${i}`, i)
      onWireTimes({ sent: [{ clOrdId: `elsewhere-${i}`, sentAt: i }] })
    }
    expect(pendingCount()).toBeLessThanOrEqual(128)
    expect(k2w().count).toBe(2)
  })
})
