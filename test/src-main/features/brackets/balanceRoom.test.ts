import { describe, expect, it } from 'vitest'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import { sellRoom } from '../../../../src-main/features/brackets/balanceRoom'

const BTCUSD = { id: 'BTC/USD', base: 'BTC', quote: 'USD' } as Instrument
const BTCEUR = { id: 'BTC/EUR', base: 'BTC', quote: 'EUR' } as Instrument
const ETHUSD = { id: 'ETH/USD', base: 'ETH', quote: 'USD' } as Instrument
const instrument = (s: string) => [BTCUSD, BTCEUR, ETHUSD].find((i) => i.id === s) ?? null
const order = (symbol: string, side: 'buy' | 'sell', qty: string, filledQty = '0.00000000') =>
  ({ symbol, side, qty, filledQty }) as TrackedOrder
const balances = (m: Record<string, string>) => (a: string) => m[a] ?? null

describe('sellRoom: can the balance hold one more sell beside the working orders', () => {
  it('exactly the position, its stop working: no room for the target', () => {
    const stop = order('BTC/USD', 'sell', '0.10000000')
    expect(
      sellRoom(BTCUSD, 'sell', '0.10000000', balances({ BTC: '0.1000000000' }), [stop], instrument),
    ).toBe(false)
  })

  it('spare balance: room (both legs rest at Kraken, as before)', () => {
    const stop = order('BTC/USD', 'sell', '0.10000000')
    expect(
      sellRoom(BTCUSD, 'sell', '0.10000000', balances({ BTC: '0.2000000000' }), [stop], instrument),
    ).toBe(true)
  })

  it('counts what is left of every working sell on the same base asset, on any pair; not buys nor other bases', () => {
    const working = [
      order('BTC/USD', 'sell', '0.10000000', '0.04000000'), // 0.06 still held
      order('BTC/EUR', 'sell', '0.05000000'), // same base, another pair
      order('BTC/USD', 'buy', '1.00000000'), // holds USD, not BTC
      order('ETH/USD', 'sell', '5.00000000'), // another base
    ]
    // 0.2 - 0.06 - 0.05 = 0.09 free
    expect(sellRoom(BTCUSD, 'sell', '0.09000000', balances({ BTC: '0.2' }), working, instrument)).toBe(true)
    expect(sellRoom(BTCUSD, 'sell', '0.09000001', balances({ BTC: '0.2' }), working, instrument)).toBe(false)
  })

  it('cannot tell (null) without a reported balance, or for a buy: Kraken answers', () => {
    expect(sellRoom(BTCUSD, 'sell', '0.10000000', balances({}), [], instrument)).toBe(null)
    expect(sellRoom(BTCUSD, 'buy', '0.10000000', balances({ USD: '1000' }), [], instrument)).toBe(null)
  })
})
