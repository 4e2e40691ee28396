import { afterEach, describe, expect, it, vi } from 'vitest'
import { KrakenWsPublicBooks, type BookState } from '../../../../src-main/kraken/ws/KrakenWsPublicBooks'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'
import { readBookMessage, type InstrumentPair } from '../../../../src-main/kraken/ws/wsv2Messages'
import { corpusMessage } from '../../../conformance/corpus'

// Kraken's documented MATIC/USD snapshot; its checksum 2439117997 was settled outside Trident
// (test/conformance/inbound-book.test.ts).
const MATIC: InstrumentPair = {
  symbol: 'MATIC/USD',
  pricePrecision: 4,
  qtyPrecision: 8,
  tickSize: '0.0001',
  qtyMin: '0.1',
  costMin: '0.5',
}
const snapshot = () =>
  readBookMessage(parseLossless(corpusMessage('ws.book.snapshot.docs-1').text) as Record<string, unknown>)[0]!

function setup(resyncBudgetPerMinute = 5) {
  const sent: Record<string, unknown>[] = []
  const seen: { symbol: string; status: string; engine: boolean; failures: number }[] = []
  const errors: string[] = []
  const books = new KrakenWsPublicBooks({
    depth: 10,
    onBook: (symbol, st: BookState) =>
      seen.push({ symbol, status: st.status, engine: st.engine !== null, failures: st.checksumFailures }),
    onProtocolError: (e) => errors.push(e.message),
    resyncBudgetPerMinute,
    send: (m) => sent.push(m),
  })
  return { books, sent, seen, errors }
}

const subscribe = {
  method: 'subscribe',
  params: { channel: 'book', symbol: ['MATIC/USD'], depth: 10, snapshot: true },
}
const unsubscribe = { method: 'unsubscribe', params: { channel: 'book', symbol: ['MATIC/USD'], depth: 10 } }

describe('KrakenWsPublicBooks', () => {
  afterEach(() => vi.useRealTimers())

  it('a verified snapshot makes the book live; a bad checksum throws it away and resubscribes', () => {
    const { books, sent, seen, errors } = setup()
    expect(books.add('MATIC/USD', MATIC)).toBe(true)
    expect(books.add('MATIC/USD', MATIC)).toBe(false)
    books.apply([snapshot()])
    expect(seen).toEqual([{ symbol: 'MATIC/USD', status: 'live', engine: true, failures: 0 }])
    expect(books.get('MATIC/USD')!.engine!.view(1)).toEqual({
      bids: [['0.5666', '4831.75496356']],
      asks: [['0.5668', '4410.79769741']],
    })

    books.apply([{ ...snapshot(), checksum: 1 }])
    expect(seen[1]).toEqual({ symbol: 'MATIC/USD', status: 'resyncing', engine: false, failures: 1 })
    expect(errors).toEqual([
      'book MATIC/USD: checksum mismatch (expected 1, computed 2439117997); resubscribing',
    ])
    expect(sent).toEqual([unsubscribe, subscribe])
  })

  it('a book without its instrument is not built, and an update before the snapshot is skipped', () => {
    const { books, seen } = setup()
    books.add('MATIC/USD', null)
    books.apply([snapshot()])
    expect(seen).toEqual([])
    books.setInstrument(MATIC)
    books.apply([{ ...snapshot(), type: 'update' }])
    expect(seen).toEqual([])
    books.apply([snapshot()])
    expect(seen).toEqual([{ symbol: 'MATIC/USD', status: 'live', engine: true, failures: 0 }])
  })

  it('out of its resync budget a book waits 15 s before asking again; stopping cancels that', () => {
    vi.useFakeTimers()
    const { books, sent } = setup(1)
    books.add('MATIC/USD', MATIC)
    books.apply([{ ...snapshot(), checksum: 1 }]) // first resync: within the budget of 1
    books.apply([{ ...snapshot(), checksum: 1 }]) // the answer is bad again: out of budget
    expect(sent).toEqual([unsubscribe, subscribe, unsubscribe])
    vi.advanceTimersByTime(15_000)
    expect(sent).toEqual([unsubscribe, subscribe, unsubscribe, subscribe])

    books.apply([{ ...snapshot(), checksum: 1 }])
    expect(sent.length).toBe(5)
    books.cancelRetries()
    vi.advanceTimersByTime(60_000)
    expect(sent).toEqual([unsubscribe, subscribe, unsubscribe, subscribe, unsubscribe])
  })

  it('a dropped connection leaves every book stale and empty', () => {
    const { books, seen } = setup()
    books.add('MATIC/USD', MATIC)
    books.apply([snapshot()])
    books.dropAll()
    expect(seen[1]).toEqual({ symbol: 'MATIC/USD', status: 'stale', engine: false, failures: 0 })
    expect(books.get('MATIC/USD')!.engine).toBeNull()
  })
})
