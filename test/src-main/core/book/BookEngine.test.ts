import { describe, expect, it } from 'vitest'
import { BookEngine, type WireLevel } from '../../../../src-main/core/book/BookEngine'
import { crc32Ascii } from '../../../../src-main/core/book/crc32'

// Kraken's official WS v2 worked example (BTC/USD, price precision 1, qty precision 8).
const ASKS: WireLevel[] = [
  ['45285.2', '0.00100000'],
  ['45286.4', '1.54571953'],
  ['45286.6', '1.54571109'],
  ['45289.6', '1.54560911'],
  ['45290.2', '0.15890660'],
  ['45291.8', '1.54553491'],
  ['45294.7', '0.04454749'],
  ['45296.1', '0.35380000'],
  ['45297.5', '0.09945542'],
  ['45299.5', '0.18772827'],
].map(([price, qty]) => ({ price: price!, qty: qty! }))
const BIDS: WireLevel[] = [
  ['45283.5', '0.10000000'],
  ['45283.4', '1.54582015'],
  ['45282.1', '0.10000000'],
  ['45281.0', '0.10000000'],
  ['45280.3', '1.54592586'],
  ['45279.0', '0.07990000'],
  ['45277.6', '0.03310103'],
  ['45277.5', '0.30000000'],
  ['45277.3', '1.54602737'],
  ['45276.6', '0.15445238'],
].map(([price, qty]) => ({ price: price!, qty: qty! }))
const ASKS_STRING =
  '45285210000045286415457195345286615457110945289615456091145290215890660452918154553491452947445474945296135380000452975994554245299518772827'
const BIDS_STRING =
  '452835100000004528341545820154528211000000045281010000000452803154592586452790799000045277633101034527753000000045277315460273745276615445238'

const precision = { pricePrecision: 1, qtyPrecision: 8 }

describe('crc32Ascii', () => {
  it('matches the standard CRC-32 check value', () => {
    expect(crc32Ascii('123456789')).toBe(0xcbf43926)
    expect(crc32Ascii('')).toBe(0)
  })
})

describe('BookEngine (Kraken WS v2 L2)', () => {
  it("reproduces Kraken's official checksum vector 3310070434", () => {
    const book = new BookEngine('BTC/USD', precision, 10)
    book.applySnapshot(BIDS, ASKS)
    expect(book.checksumInput()).toBe(ASKS_STRING + BIDS_STRING)
    expect(book.checksum()).toBe(3310070434)
    expect(book.verify(3310070434)).toBe(true)
  })

  it('is order-independent on input and sorts bids descending, asks ascending', () => {
    const book = new BookEngine('BTC/USD', precision, 10)
    book.applySnapshot([...BIDS].reverse(), [...ASKS].reverse())
    expect(book.checksum()).toBe(3310070434)
    expect(book.bids.isWellFormed()).toBe(true)
    expect(book.asks.isWellFormed()).toBe(true)
    expect(book.view(1)).toEqual({ bids: [['45283.5', '0.10000000']], asks: [['45285.2', '0.00100000']] })
  })

  it('accepts prices and quantities with fewer decimals than the precision (lossless text)', () => {
    const book = new BookEngine('BTC/USD', precision, 10)
    book.applySnapshot(
      BIDS.map((l) => ({ price: l.price, qty: l.qty.replace(/0+$/, '').replace(/\.$/, '') })),
      ASKS.map((l) => ({ price: l.price.replace(/\.0$/, ''), qty: l.qty })),
    )
    expect(book.checksum()).toBe(3310070434)
  })

  it('applies updates: qty 0 deletes, new levels insert, depth truncates', () => {
    const book = new BookEngine('BTC/USD', precision, 10)
    book.applySnapshot(BIDS, ASKS)
    const before = book.checksum()
    // A better bid pushes the worst bid out of the 10-level window without a delete message.
    book.applyUpdate([{ price: '45284.0', qty: '0.5' }], [{ price: '45285.2', qty: '0' }])
    expect(book.bids.size).toBe(10)
    expect(book.asks.size).toBe(9)
    expect(book.view(1).bids[0]).toEqual(['45284.0', '0.50000000'])
    expect(book.view(1).asks[0]).toEqual(['45286.4', '1.54571953'])
    expect(book.view(10).bids.map((l) => l[0])).not.toContain('45276.6')
    expect(book.checksum()).not.toBe(before)
    expect(book.bids.isWellFormed() && book.asks.isWellFormed()).toBe(true)
    expect(book.updatesSinceSnapshot).toBe(1)
  })

  it('detects a corrupted checksum', () => {
    const book = new BookEngine('BTC/USD', precision, 10)
    book.applySnapshot(BIDS, ASKS)
    expect(book.verify(3310070435)).toBe(false)
  })

  it('leaves the book untouched when a message holds a malformed level', () => {
    const book = new BookEngine('BTC/USD', precision, 10)
    book.applySnapshot(BIDS, ASKS)
    expect(() =>
      book.applyUpdate([{ price: '45284.0', qty: '1' }], [{ price: '45285.25', qty: '1' }]),
    ).toThrow(/more than 1 decimals/)
    expect(book.checksum()).toBe(3310070434)
  })

  it('refuses an update before any snapshot', () => {
    const book = new BookEngine('BTC/USD', precision, 10)
    expect(() => book.applyUpdate(BIDS, ASKS)).toThrow(/before snapshot/)
  })
})

describe('BookEngine checksum caching', () => {
  it('always equals a full recomputation, through 20,000 random updates at several depths', async () => {
    const { mulberry32 } = await import('../../../../src-main/sim/market/prng')
    for (const depth of [10, 25, 100]) {
      const rnd = mulberry32(depth)
      const book = new BookEngine('BTC/USD', precision, depth)
      book.applySnapshot(BIDS, ASKS)
      for (let k = 0; k < 20_000 / 3; k++) {
        const mk = (side: 'b' | 'a') => ({
          price: `${side === 'b' ? 45270 + Math.floor(rnd() * 14) : 45284 + Math.floor(rnd() * 20)}.${Math.floor(rnd() * 10)}`,
          qty: rnd() < 0.2 ? '0' : `0.${String(1 + Math.floor(rnd() * 99999999)).padStart(8, '0')}`,
        })
        const bids = rnd() < 0.6 ? [mk('b')] : []
        const asks =
          rnd() < 0.6
            ? [mk('a'), mk('a')].filter((l, i, all) => all.findIndex((x) => x.price === l.price) === i)
            : []
        book.applyUpdate(bids, asks)
        if (rnd() < 0.5) continue // sometimes several updates between checksums
        expect(book.checksum()).toBe(crc32Ascii(book.checksumInput()))
      }
      expect(book.bids.isWellFormed() && book.asks.isWellFormed()).toBe(true)
    }
  })
})
