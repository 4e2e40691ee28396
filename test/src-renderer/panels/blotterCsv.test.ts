import { describe, expect, it } from 'vitest'
import type { OrderView } from '../../../src-preload/contract/types'
import { ordersCsv, toCsv } from '../../../src-renderer/panels/Blotter'

describe('blotter CSV', () => {
  it('writes decimals exactly and quotes what needs quoting', () => {
    expect(
      toCsv(
        ['qty', 'price', 'reason'],
        [
          ['0.01000000', '65000.1', 'Post only order'],
          ['1', '2', 'a "quoted", reason'],
          ['3', undefined, 'x'],
        ],
      ),
    ).toBe('qty,price,reason\n0.01000000,65000.1,Post only order\n1,2,"a ""quoted"", reason"\n3,,x\n')
  })

  it('orders carry the Bracket column as the blotter shows it (a chase, a leg under its entry, none)', () => {
    const order = (clOrdId: string, over: Partial<OrderView> = {}): OrderView => ({
      clOrdId,
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01000000',
      limitPrice: '65000.3',
      tif: 'GTC',
      protocol: 'ws',
      state: 'open',
      filledQty: '0.00000000',
      createdAt: 0,
      updatedAt: Date.UTC(2026, 11, 1, 12, 0, 0),
      ...over,
    })
    const roles = new Map([
      ['C1', { entry: 'C1', label: 'chase · chasing · 3 moves', leg: false }],
      ['S1', { entry: 'E1abcdef', label: 'stop', leg: true }],
    ])
    const rows = [
      order('C1'),
      order('S1', { side: 'sell', type: 'stop-loss', limitPrice: undefined, triggerPrice: '64990.0' }),
      order('P1'),
    ]
    expect(ordersCsv(rows, roles).split('\n')).toEqual([
      'updated,side,type,bracket,qty,filled,avgPrice,limitPrice,triggerPrice,state,reason,protocol,symbol,clOrdId,venueOrderId',
      '2026-12-01T12:00:00.000Z,buy,limit,chase · chasing · 3 moves,0.01000000,0.00000000,,65000.3,,open,,ws,BTC/USD,C1,',
      '2026-12-01T12:00:00.000Z,sell,stop-loss,↳ stop of …abcdef,0.01000000,0.00000000,,,64990.0,open,,ws,BTC/USD,S1,',
      '2026-12-01T12:00:00.000Z,buy,limit,,0.01000000,0.00000000,,65000.3,,open,,ws,BTC/USD,P1,',
      '',
    ])
  })
})
