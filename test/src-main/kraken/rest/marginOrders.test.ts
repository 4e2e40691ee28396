import { describe, expect, it } from 'vitest'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { restOrderView } from '../../../../src-main/kraken/orderViews'
import { leverageOf, openPositions } from '../../../../src-main/kraken/rest/openPositions'
import { restOrder } from '../../../../src-main/kraken/rest/RestOrderGateway'
import { corpusMessage } from '../../../conformance/corpus'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'

type Json = Record<string, unknown>
/** a documented reply's result as the REST client returns it (numbers as their exact text) */
const result = (id: string) => (parseLossless(corpusMessage(id).text) as { result: Json }).result

const btc = conformanceRegistry.resolve('BTC/USD')
const req = (r: Partial<PlaceRequest>): PlaceRequest => ({
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'market',
  qty: '0.0002',
  tif: 'GTC',
  ...r,
})

describe('spot margin over REST: what Trident sends', () => {
  it('a margin order carries leverage as text and, when reducing, Kraken’s reduce_only boolean (as ccxt’s recorded margin order)', () => {
    const recorded = Object.fromEntries(
      new URLSearchParams(String(corpusMessage('rest.AddOrder.request.ccxt-7').note).split(': ')[1]),
    )
    expect(recorded.leverage).toBe('5')
    expect(recorded.reduce_only).toBe('true')
    expect(restOrder(req({ side: 'sell', leverage: '5', reduceOnly: true }), btc)).toEqual({
      pair: 'XXBTZUSD',
      type: 'sell',
      ordertype: 'market',
      volume: '0.0002',
      leverage: '5',
      reduce_only: true,
    })
    expect(restOrder(req({ leverage: '2' }), btc)).toEqual({
      pair: 'XXBTZUSD',
      type: 'buy',
      ordertype: 'market',
      volume: '0.0002',
      leverage: '2',
    })
  })

  it('a cash order never carries reduce_only (Kraken has no position to reduce: Trident checks it itself)', () => {
    expect(restOrder(req({ side: 'sell', reduceOnly: true }), btc)).toEqual({
      pair: 'XXBTZUSD',
      type: 'sell',
      ordertype: 'market',
      volume: '0.0002',
    })
  })
})

describe('spot margin over REST: what Trident reads back', () => {
  it('an open order’s descr.leverage "5:1" (Kraken.Net fixture) is kept as leverage 5; "none" is a cash order', () => {
    const open = result('rest.OpenOrders.kraken-net-fixture-1').open as Record<string, Json>
    expect(restOrderView(open['OB5VMB-B4U2U-DK2WRW']!)).toMatchObject({ leverage: '5', margin: true })
    const cash = restOrderView(open['OQCLML-BW3P3-BUCMWZ']!)!
    expect(cash.leverage).toBeUndefined()
    expect(cash.margin).toBeUndefined()
  })

  it('openPositions reads Kraken’s documented example exactly, with docalcs, queued as background work', async () => {
    const calls: unknown[] = []
    const rest = {
      private: <T>(method: string, params: Json, how: Json) => {
        calls.push([method, params, how])
        return Promise.resolve(result('rest.OpenPositions.doc-example-1') as T)
      },
    }
    const ps = await openPositions(rest as never)
    expect(calls).toEqual([['OpenPositions', { docalcs: true }, { queue: true }]])
    expect(ps).toHaveLength(5)
    expect(ps[0]).toEqual({
      id: 'TF5GVO-T7ZZ2-6NBKBI',
      pair: 'XXBTZUSD',
      orderId: 'OLWNFG-LLH4R-D6SFFP',
      side: 'buy',
      volume: '8.82412861',
      volumeClosed: '0.20200000',
      cost: '104610.52842',
      fee: '289.06565',
      margin: '20922.10568',
      value: '258797.5',
      net: '154186.9728',
      leverage: '5',
    })
    expect(ps.map((p) => p.leverage)).toEqual(['5', '5', '5', '5', '5'])
  })

  it('leverageOf: cost ÷ margin to the nearest whole level, exactly', () => {
    expect(leverageOf('6500.00000', '3250.00000')).toBe('2')
    expect(leverageOf('0.00240', '0.00048')).toBe('5')
    expect(leverageOf('145756.76856', '29151.35371')).toBe('5')
    expect(leverageOf('100', '0')).toBe('0')
  })
})
