import { describe, expect, it } from 'vitest'
import type { TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import { SessionResult } from '../../../../src-main/features/replay/sessionResult'
import { addSigned, compareSigned, negate } from '../../../../src-domain/signedDecimal'

function order(
  clOrdId: string,
  side: 'buy' | 'sell',
  fills: { tradeId: string; qty: string; price: string; fee?: string; feeAsset?: string }[],
): TrackedOrder {
  return {
    clOrdId,
    symbol: 'BTC/USD',
    side,
    type: 'limit',
    qty: '1',
    state: 'filled',
    filledQty: '0',
    qtyPrecision: 8,
    pricePrecision: 1,
    fills: fills.map((f) => ({ ...f, at: 0, protocol: 'ws' as const })),
    createdAt: 0,
    lastChangedAt: 0,
  } as unknown as TrackedOrder
}

describe('signed decimals', () => {
  it('adds, negates and compares exactly at the longer scale', () => {
    expect(addSigned('-5.000', '0.1')).toBe('-4.900')
    expect(addSigned('0.1', '0.2')).toBe('0.3')
    expect(addSigned('-0.05', '0.05')).toBe('0.00')
    expect(addSigned('12345678901234567890.12345678', '-0.00000001')).toBe('12345678901234567890.12345677')
    expect(negate('0.1')).toBe('-0.1')
    expect(negate('-3')).toBe('3')
    expect(compareSigned('-10.000', '-10')).toBe(0)
    expect(compareSigned('-10.001', '-10')).toBe(-1)
    expect(compareSigned('0.0001', '0')).toBe(1)
  })
})

describe('session result: PnL from fills and the replay mark, max drawdown of the equity', () => {
  it('marks a long at the best bid, a short at the best offer, flat at the mid (a missing side: the mid)', () => {
    const book = { bid: '64990.0', ask: '65010.0', mid: '65000.0' } as Record<string, string | null>
    const r = new SessionResult()
    const long = [order('a', 'buy', [{ tradeId: 't1', qty: '0.1', price: '65000.0' }])]
    // long 0.1 from 65000.0 at the bid 64990.0: -1
    expect(r.sample(long, (_s, at) => book[at]!)[0]!.unrealised).toBe('-1.000')
    book.bid = null
    // no bid: at the mid 65000.0
    expect(r.sample(long, (_s, at) => book[at] ?? null)[0]!.unrealised).toBe('0.000')
    const short = new SessionResult()
    const sold = [order('b', 'sell', [{ tradeId: 't2', qty: '0.1', price: '65000.0' }])]
    // short 0.1 from 65000.0 at the offer 65010.0: -1
    expect(short.sample(sold, (_s, at) => book[at] ?? null)[0]!.unrealised).toBe('-1.000')
  })

  it('follows a round trip and a second entry sample by sample', () => {
    const r = new SessionResult()
    const orders: TrackedOrder[] = []
    let mark = '65010.0'
    const sample = () => r.sample(orders, () => mark)[0]

    // 1. buy 0.5 at 65000.0, marked at 65010.0: unrealised 0.5 x 10 = 5
    orders.push(order('a', 'buy', [{ tradeId: 't1', qty: '0.5', price: '65000.0' }]))
    expect(sample()).toEqual({
      quote: 'USD',
      realised: '0.000',
      unrealised: '5.000',
      fees: '0',
      pnl: '5.000',
      maxDrawdown: '0',
    })
    // 2. the mark falls to 64980.0: unrealised 0.5 x -20 = -10; from the peak of 5, a fall of 15
    mark = '64980.0'
    expect(sample()).toMatchObject({ unrealised: '-10.000', pnl: '-10.000', maxDrawdown: '15.000' })
    // 3. sold 0.5 at 64990.0 with a 0.1 USD fee: realised 0.5 x -10 = -5, pnl -5.1; the fall from 5
    //    is 10.1, less than the 15 already seen
    mark = '64990.0'
    orders.push(
      order('b', 'sell', [{ tradeId: 't2', qty: '0.5', price: '64990.0', fee: '0.1', feeAsset: 'USD' }]),
    )
    expect(sample()).toEqual({
      quote: 'USD',
      realised: '-5.000',
      unrealised: '0.000',
      fees: '0.1',
      pnl: '-5.100',
      maxDrawdown: '15.000',
    })
    // 4. buy 0.2 at 64900.0, marked at 65100.0: -5 + 0.2 x 200 - 0.1 = 34.9, a new peak
    mark = '65100.0'
    orders.push(
      order('c', 'buy', [{ tradeId: 't3', qty: '0.2', price: '64900.0', fee: '0.2', feeAsset: 'ZUSD' }]),
    )
    expect(sample()).toMatchObject({
      unrealised: '40.000',
      fees: '0.3',
      pnl: '34.700',
      maxDrawdown: '15.000',
    })
    // 5. the mark falls to 64800.0: -5 + 0.2 x -100 - 0.3 = -25.3; the fall from 34.7 is 60
    mark = '64800.0'
    expect(sample()).toMatchObject({
      realised: '-5.000',
      unrealised: '-20.000',
      pnl: '-25.300',
      maxDrawdown: '60.000',
    })
    expect(r.fills).toBe(3)
  })

  it('counts a fill once however often it is sampled, and a fee in another currency is not the quote', () => {
    const r = new SessionResult()
    const orders = [
      order('a', 'buy', [
        { tradeId: 't1', qty: '0.1', price: '65000.0', fee: '0.00001', feeAsset: 'XXBT' },
        { tradeId: 't2', qty: '0.1', price: '65002.0' },
      ]),
    ]
    r.sample(orders, () => null)
    const [usd] = r.sample(orders, () => '65001.05')
    // average entry 65001.0, marked a tenth of a tick finer at 65001.05: 0.2 x 0.05 = 0.01
    expect(usd).toEqual({
      quote: 'USD',
      realised: '0.000',
      unrealised: '0.010',
      fees: '0',
      pnl: '0.010',
      maxDrawdown: '0',
    })
    expect(r.fills).toBe(2)
  })

  it('no fills: no result lines', () => {
    expect(new SessionResult().sample([], () => '1')).toEqual([])
  })
})

describe('session result: what it keeps per order goes with the order (issue 20)', () => {
  it('an order the tracker forgets counts its fills not sampled yet, then its trade ids go', () => {
    const r = new SessionResult()
    const mark = () => '65000.0'
    const a = order('a', 'buy', [{ tradeId: 't1', qty: '0.1', price: '64000.0' }])
    r.sample([a], mark)
    // a second fill arrived and the order was forgotten before the next sample
    a.fills.push({ tradeId: 't2', qty: '0.1', price: '64000.0', at: 0, protocol: 'ws' })
    r.forget(a)
    const after = r.sample([], mark)
    expect(r.fills).toBe(2)
    expect(after[0]!.unrealised).toBe('200.000')
    expect((r as unknown as { applied: Map<string, unknown> }).applied.size).toBe(0)
    // a kept order's fills still count once however often it is sampled
    const b = order('b', 'sell', [{ tradeId: 't3', qty: '0.2', price: '65000.0' }])
    r.sample([b], mark)
    r.sample([b], mark)
    expect(r.fills).toBe(3)
  })
})
