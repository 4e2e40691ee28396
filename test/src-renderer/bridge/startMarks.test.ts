import { afterEach, describe, expect, it } from 'vitest'
import { START_MARKS, startWatch } from '../../../src-renderer/bridge/startMarks'

const marked = (name: string): number => performance.getEntriesByName(name, 'mark').length

afterEach(() => performance.clearMarks())

describe('start marks (cold start bench)', () => {
  it('marks the first book subscription sent and its first message, once each, then stops looking', () => {
    const watch = startWatch()
    watch.sent({ k: 'sub', id: 1, topic: 'workspace', params: {} })
    watch.sent({ k: 'cmd', id: 2, name: 'app.info', payload: {} })
    expect(marked(START_MARKS.bookSent)).toBe(0)
    watch.sent({ k: 'sub', id: 3, topic: 'book', params: { symbol: 'BTC/USD', depth: 25 } })
    watch.sent({ k: 'sub', id: 4, topic: 'book', params: { symbol: 'ETH/USD', depth: 25 } })
    expect(marked(START_MARKS.bookSent)).toBe(1)

    // another topic's message, or a reply with the book's id, is not the book
    watch.received?.({ k: 'topic', id: 1, data: {} })
    watch.received?.({ k: 'res', id: 3, ok: true, result: null })
    watch.received?.({ k: 'topic', id: 4, data: {} })
    expect(marked(START_MARKS.bookReceived)).toBe(0)
    watch.received?.({ k: 'topic', id: 3, data: {} })
    expect(marked(START_MARKS.bookReceived)).toBe(1)
    expect(watch.received).toBeNull()

    // a reconnect re-sends the subscription: no second mark
    watch.sent({ k: 'sub', id: 3, topic: 'book', params: { symbol: 'BTC/USD', depth: 25 } })
    expect(marked(START_MARKS.bookSent)).toBe(1)
  })

  it('a message before any book subscription marks nothing', () => {
    const watch = startWatch()
    watch.received?.({ k: 'topic', id: 1, data: {} })
    expect(marked(START_MARKS.bookReceived)).toBe(0)
    expect(watch.received).not.toBeNull()
  })
})
