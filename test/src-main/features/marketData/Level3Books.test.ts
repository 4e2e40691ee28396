import { describe, expect, it } from 'vitest'
import { Level3Books } from '../../../../src-main/features/marketData/Level3Books'
import { L3BookEngine } from '../../../../src-main/core/book/L3BookEngine'

const precision = { pricePrecision: 1, qtyPrecision: 8 }
const bids = [
  { order_id: 'A1', limit_price: '100.0', order_qty: '0.50000000' },
  { order_id: 'A2', limit_price: '100.0', order_qty: '0.25000000' },
]
const asks = [{ order_id: 'B1', limit_price: '100.5', order_qty: '1.00000000' }]

function rig(mine: string[] = []) {
  const calls: string[] = []
  const published: string[] = []
  const books = new Level3Books({
    client: () => ({
      watchLevel3: async (s) => void calls.push(`watch ${s}`),
      unwatchLevel3: async (s) => void calls.push(`unwatch ${s}`),
      resyncLevel3: async (s) => void calls.push(`resync ${s}`),
    }),
    precision: (s) => (s === 'BTC/USD' ? precision : null),
    isMine: (id) => mine.includes(id),
    publish: (k) => published.push(k),
    log: () => {},
  })
  return { books, calls, published }
}

function checksumOf(b: typeof bids, a: typeof asks): number {
  const e = new L3BookEngine('BTC/USD', precision, 10)
  e.applySnapshot(b, a)
  return e.checksum()
}

describe('Level3Books', () => {
  it('one subscription per instrument however many windows watch it', () => {
    const { books, calls } = rig()
    const one = books.acquire('BTC/USD')
    const two = books.acquire('BTC/USD')
    expect(calls).toEqual(['watch BTC/USD'])
    one.release()
    one.release() // twice is harmless
    expect(calls).toEqual(['watch BTC/USD'])
    two.release()
    expect(calls).toEqual(['watch BTC/USD', 'unwatch BTC/USD'])
    expect(() => books.acquire('NOPE/USD')).toThrow('Unknown instrument NOPE/USD')
  })

  it('a verified snapshot goes live, queue order kept, my orders marked', () => {
    const { books } = rig(['A2'])
    books.acquire('BTC/USD')
    books.onMessage('snapshot', { symbol: 'BTC/USD', bids, asks, checksum: checksumOf(bids, asks) })
    const v = books.latest('BTC/USD')!
    expect(v.status).toBe('live')
    expect(v.orderCount).toBe(3)
    expect(v.levels[0]).toEqual({
      side: 'bid',
      price: '100.0',
      orders: [
        { id: 'A1', qty: '0.50000000', mine: false },
        { id: 'A2', qty: '0.25000000', mine: true },
      ],
    })
  })

  it('a checksum mismatch drops the book and asks for a fresh snapshot; updates meanwhile are ignored', () => {
    const { books, calls } = rig()
    books.acquire('BTC/USD')
    books.onMessage('snapshot', { symbol: 'BTC/USD', bids, asks, checksum: checksumOf(bids, asks) + 1 })
    expect(books.latest('BTC/USD')).toMatchObject({ status: 'resyncing', checksumFailures: 1 })
    expect(calls).toContain('resync BTC/USD')
    books.onMessage('update', {
      symbol: 'BTC/USD',
      bids: [{ order_id: 'A1', limit_price: '100.0', order_qty: '0', event: 'delete' }],
      asks: [],
      checksum: 0,
    })
    expect(books.latest('BTC/USD')!.status).toBe('resyncing')
    books.onMessage('snapshot', { symbol: 'BTC/USD', bids, asks, checksum: checksumOf(bids, asks) })
    expect(books.latest('BTC/USD')).toMatchObject({ status: 'live', orderCount: 3 })
  })

  it('a malformed entry changes nothing and triggers a resync', () => {
    const { books, calls } = rig()
    books.acquire('BTC/USD')
    books.onMessage('snapshot', { symbol: 'BTC/USD', bids, asks, checksum: checksumOf(bids, asks) })
    books.onMessage('update', {
      symbol: 'BTC/USD',
      bids: [{ order_id: 'A9', limit_price: 'abc', order_qty: '1' }],
      asks: [],
    })
    expect(calls).toContain('resync BTC/USD')
    expect(books.latest('BTC/USD')!.orderCount).toBe(3)
  })
})
