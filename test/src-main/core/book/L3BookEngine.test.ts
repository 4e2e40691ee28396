import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { L3BookEngine, type WireL3Order } from '../../../../src-main/core/book/L3BookEngine'

const example = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/kraken-l3-checksum-example.json'), 'utf8'),
) as {
  checksum: number
  asks_string: string
  bids_string: string
  bids: WireL3Order[]
  asks: WireL3Order[]
}
const precision = { pricePrecision: 1, qtyPrecision: 8 }

describe('L3BookEngine (Kraken WS v2 level3)', () => {
  it("reproduces Kraken's official level3 checksum vector 1063832831", () => {
    const book = new L3BookEngine('BTC/USD', precision, 10)
    book.applySnapshot(example.bids, example.asks)
    expect(book.checksumInput()).toBe(example.asks_string + example.bids_string)
    expect(book.checksum()).toBe(1063832831)
  })

  it('checks queue priority: the same orders in another order give another checksum', () => {
    const book = new L3BookEngine('BTC/USD', precision, 10)
    const bids = [...example.bids]
    ;[bids[0], bids[1]] = [bids[1]!, bids[0]!]
    book.applySnapshot(bids, example.asks)
    expect(book.checksum()).not.toBe(1063832831)
  })

  it('applies add (to the back of the queue), modify (keeps place) and delete, then truncates', () => {
    const book = new L3BookEngine('BTC/USD', precision, 10)
    book.applySnapshot(example.bids, example.asks)
    book.applyUpdate(
      [
        { event: 'modify', order_id: 'OTCFZG-YOE2Q-LQKNM3', limit_price: '44939.4', order_qty: '0.5' },
        { event: 'add', order_id: 'NEW-1', limit_price: '44939.4', order_qty: '0.1' },
        { event: 'delete', order_id: 'OJPMIN-NXZL5-SOWP6V', limit_price: '44937.1', order_qty: '0' },
      ],
      [{ event: 'add', order_id: 'NEW-2', limit_price: '44939.0', order_qty: '1' }],
    )
    const top = book.view(1)
    expect(top[0]!.orders[0]).toEqual({ id: 'OTCFZG-YOE2Q-LQKNM3', qty: '0.50000000' })
    expect(top[0]!.orders.at(-1)).toEqual({ id: 'NEW-1', qty: '0.10000000' })
    expect(top[1]).toMatchObject({ side: 'ask', price: '44939.0' })
    // a new best ask level pushed the worst of the 10 ask levels out of the window
    const asks = book
      .view(10)
      .filter((l) => l.side === 'ask')
      .map((l) => l.price)
    expect(asks).toHaveLength(10)
    expect(asks).not.toContain('44979.2')
    expect(asks.at(-1)).toBe('44978.5')
  })
})
