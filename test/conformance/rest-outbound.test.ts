import { afterEach, describe, expect, it } from 'vitest'
import { OrderRouter } from '../../src-main/core/orders/OrderRouter'
import type { PlaceRequest } from '../../src-main/core/orders/PlaceRequest'
import { OrderTracker } from '../../src-main/core/orders/OrderTracker'
import { RateGovernor } from '../../src-main/core/risk/RateGovernor'
import { VenueExecution } from '../../src-main/features/orders/VenueExecution'
import { KrakenRestClient } from '../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../src-main/kraken/rest/NonceSource'
import { corpusMessage } from './corpus'
import { conformanceRegistry, fakeKrakenRest } from './fakeKrakenRest'

/**
 * What Trident posts to Kraken's REST trading endpoints for an intent equals the body Kraken
 * documents (or ccxt sends, which Kraken accepts) for the same intent, field by field. Trident
 * posts JSON; every value is a string, as Kraken's spec types volume and price and as form bodies
 * carry them. Left out: nonce (ours), cl_ord_id (Trident always names its orders), and fields of
 * features Trident does not offer, listed where dropped.
 */

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

const REPLY: Record<string, string> = {
  AddOrder:
    '{"error":[],"result":{"txid":["OL7LNO-R4SAD-6UINEU"],"descr":{"order":"buy 0.10000000 LTCUSDT @ market"}}}',
  CancelOrder: '{"error":[],"result":{"count":1}}',
  CancelAll: '{"error":[],"result":{"count":1}}',
  CancelAllOrdersAfter:
    '{"error":[],"result":{"currentTime":"2023-03-24T17:41:56Z","triggerTime":"2023-03-24T17:42:56Z"}}',
}

async function rig() {
  const peer = await fakeKrakenRest((method) => REPLY[method] ?? '{"error":[],"result":{}}')
  close = peer.close
  const exec = new VenueExecution({
    registry: conformanceRegistry,
    rest: new KrakenRestClient({
      baseUrl: peer.url,
      credentials: { apiKey: 'k', apiSecret: 'c2VjcmV0' },
      nonces: new NonceSource(null),
    }),
    ws: null,
    fix: null,
    tracker: new OrderTracker(),
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', Date.now),
  })
  /** the body of each request to `method`, without what is necessarily ours */
  const bodies = (method: string) =>
    peer.requests
      .filter((r) => r.method === method)
      .map((r) => {
        const b = JSON.parse(r.body) as Record<string, unknown>
        delete b.nonce
        delete b.cl_ord_id
        return b
      })
  return { exec, bodies }
}

function documented(id: string, drop: string[] = []): Record<string, unknown> {
  const b = JSON.parse(corpusMessage(id).text) as Record<string, unknown>
  for (const k of ['nonce', ...drop]) delete b[k]
  return b
}

const ltc = (o: Partial<PlaceRequest>): PlaceRequest => ({
  symbol: 'LTC/USDT',
  side: 'sell',
  type: 'market',
  qty: '0.1',
  tif: 'GTC',
  protocol: 'rest',
  ...o,
})

describe('REST requests Trident sends equal the documented bodies', () => {
  it('AddOrder for market, stop-loss, stop-loss-limit, take-profit-limit and take-profit (ccxt bodies)', async () => {
    const { exec, bodies } = await rig()
    await exec.place(ltc({ side: 'buy' }))
    await exec.place(ltc({ type: 'stop-loss', triggerPrice: '55' }))
    await exec.place(ltc({ type: 'stop-loss-limit', triggerPrice: '55', limitPrice: '54' }))
    await exec.place(ltc({ type: 'take-profit-limit', triggerPrice: '120', limitPrice: '110' }))
    await exec.place(ltc({ type: 'take-profit', triggerPrice: '120' }))
    expect(documented('rest.AddOrder.request.ccxt-3')).toEqual({
      pair: 'LTCUSDT',
      type: 'sell',
      ordertype: 'stop-loss-limit',
      volume: '0.1',
      price: '55',
      price2: '54',
    })
    expect(bodies('AddOrder')).toEqual(
      ['ccxt-1', 'ccxt-2', 'ccxt-3', 'ccxt-4', 'ccxt-5'].map((n) => documented(`rest.AddOrder.request.${n}`)),
    )
  })

  it('AddOrder post-only: oflags post (ccxt also asked fee in base, fcib, which Trident does not offer)', async () => {
    const { exec, bodies } = await rig()
    await exec.place(ltc({ side: 'buy', type: 'limit', limitPrice: '50', postOnly: true }))
    const doc = documented('rest.AddOrder.request.ccxt-6')
    expect(doc.oflags).toBe('fcib,post')
    expect(bodies('AddOrder')).toEqual([{ ...doc, oflags: 'post' }])
  })

  it('AddOrder trailing stop: trigger last and a "+" offset (ccxt; its margin fields left out)', async () => {
    const { exec, bodies } = await rig()
    await exec.place({
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'trailing-stop',
      qty: '0.0002',
      triggerPrice: '100',
      tif: 'GTC',
      protocol: 'rest',
    })
    expect(bodies('AddOrder')).toEqual([
      documented('rest.AddOrder.request.ccxt-7', ['reduce_only', 'leverage']),
    ])
  })

  it("AddOrder limit of Kraken's own example: same fields and values; Trident types them as strings, as the spec does", async () => {
    const { exec, bodies } = await rig()
    await exec.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '1.25',
      limitPrice: '27500',
      tif: 'GTC',
      protocol: 'rest',
    })
    const doc = documented('rest.AddOrder.request.api-specs-1')
    expect(doc).toEqual({ ordertype: 'limit', type: 'buy', volume: 1.25, pair: 'XBTUSD', price: 27500 })
    expect(bodies('AddOrder')).toEqual([
      { ordertype: 'limit', type: 'buy', volume: '1.25', pair: 'XXBTZUSD', price: '27500' },
    ])
  })

  it('CancelOrder by txid, CancelAll, CancelAllOrdersAfter (Kraken cURL example and ccxt bodies)', async () => {
    const { exec, bodies } = await rig()
    const o = await exec.place(ltc({ side: 'buy', type: 'limit', limitPrice: '50' }))
    await exec.cancel(o.clOrdId)
    await exec.cancelEverything()
    await exec.cancelAllAfter(10)
    await exec.cancelAllAfter(0)
    expect(bodies('CancelOrder')).toEqual([{ txid: 'OL7LNO-R4SAD-6UINEU' }])
    expect(Object.keys(documented('rest.CancelOrder.request.api-specs-1'))).toEqual(['txid'])
    expect(Object.keys(documented('rest.CancelOrder.request.ccxt-1'))).toEqual(['txid'])
    expect(bodies('CancelAll')).toEqual([documented('rest.CancelAll.request.ccxt-1')])
    expect(bodies('CancelAllOrdersAfter')).toEqual([
      documented('rest.CancelAllOrdersAfter.request.ccxt-1'),
      documented('rest.CancelAllOrdersAfter.request.ccxt-2'),
    ])
  })
})
