import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32Ascii } from '../../../../src-main/core/book/crc32'
import { L3BookEngine, type WireL3Order } from '../../../../src-main/core/book/L3BookEngine'

describe('L3BookEngine incremental checksum', () => {
  it('always equals the CRC32 of the full checksum input, whatever the events (property)', () => {
    const order = fc.record({
      id: fc.integer({ min: 1, max: 40 }),
      off: fc.integer({ min: 1, max: 14 }),
      qty: fc.oneof(
        fc.constant('0'),
        fc.integer({ min: 1, max: 999 }).map((q) => `${q}.5`),
      ),
      event: fc.constantFrom('add', 'modify', 'delete', undefined),
    })
    const side = fc.array(order, { maxLength: 4 })
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 14 }),
        fc.array(order, { maxLength: 30 }),
        fc.array(fc.tuple(side, side), { minLength: 1, maxLength: 40 }),
        (depth, snapshot, updates) => {
          const wire = (
            o: { id: number; off: number; qty: string; event?: string },
            bid: boolean,
          ): WireL3Order => ({
            order_id: `O${o.id}${bid ? 'B' : 'A'}`,
            limit_price: String(bid ? 100 - o.off : 100 + o.off),
            order_qty: o.qty,
            ...(o.event ? { event: o.event as 'add' } : {}),
          })
          const book = new L3BookEngine('X/Y', { pricePrecision: 0, qtyPrecision: 1 }, depth)
          const snap = snapshot.filter((o) => o.qty !== '0')
          book.applySnapshot(
            snap.filter((_, k) => k % 2 === 0).map((o) => wire(o, true)),
            snap.filter((_, k) => k % 2 === 1).map((o) => wire(o, false)),
          )
          expect(book.checksum()).toBe(crc32Ascii(book.checksumInput()))
          for (const [b, a] of updates) {
            book.applyUpdate(
              b.map((o) => wire(o, true)),
              a.map((o) => wire(o, false)),
            )
            expect(book.checksum()).toBe(crc32Ascii(book.checksumInput()))
          }
        },
      ),
      { numRuns: 1000 },
    )
  })
})
