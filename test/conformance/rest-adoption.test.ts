import { afterEach, describe, expect, it } from 'vitest'
import { OrderRouter } from '../../src-main/core/orders/OrderRouter'
import { OrderTracker } from '../../src-main/core/orders/OrderTracker'
import { RateGovernor } from '../../src-main/core/risk/RateGovernor'
import { VenueExecution, restOrderView } from '../../src-main/features/orders/VenueExecution'
import { KrakenRestClient } from '../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../src-main/kraken/rest/NonceSource'
import { corpusMessage } from './corpus'
import { conformanceRegistry, fakeKrakenRest } from './fakeKrakenRest'

/**
 * Defect 2 of issue 14: an order Trident did not place (an earlier run, another app) is adopted
 * from Kraken's REST reports with everything Kraken says about it: limit and trigger prices,
 * what is already filled, time in force, post-only. Inputs are recorded Kraken bodies from the
 * corpus; the expected orders are written out by hand from Kraken's documented meaning of each
 * field (docs.kraken.com/api/docs/rest-api/get-open-orders: descr.price = primary price, i.e. the
 * limit of a limit order and the trigger of stop-loss/take-profit(-limit); descr.price2 =
 * secondary price, the limit of a *-limit order; vol_exec = volume executed; oflags "post" =
 * post-only; expiretm non-zero = good till date).
 */

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

/** Reconcile against a peer whose OpenOrders answer is the recorded body; the adopted orders. */
async function adoptFrom(openOrdersBody: string) {
  const peer = await fakeKrakenRest((method) =>
    method === 'OpenOrders'
      ? openOrdersBody
      : method === 'TradesHistory'
        ? '{"error":[],"result":{"trades":{},"count":0}}'
        : '{"error":[],"result":{}}',
  )
  close = peer.close
  const tracker = new OrderTracker()
  const exec = new VenueExecution({
    registry: conformanceRegistry,
    rest: new KrakenRestClient({
      baseUrl: peer.url,
      credentials: { apiKey: 'k', apiSecret: 'c2VjcmV0' },
      nonces: new NonceSource(null),
    }),
    ws: null,
    fix: null,
    tracker,
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', Date.now),
  })
  const r = await exec.reconcile()
  return { adopted: r.adopted, orders: tracker.all() }
}

describe('REST adoption of recorded OpenOrders bodies keeps what Kraken says', () => {
  it('a partly filled limit order: limit price and filled quantity (Kraken.Net GetOpenOrders)', async () => {
    const { adopted, orders } = await adoptFrom(corpusMessage('rest.OpenOrders.kraken-net-1').text)
    expect(adopted).toBe(1)
    expect(orders).toEqual([
      expect.objectContaining({
        clOrdId: 'venue:OQCLML-BW3P3-BUCMWZ',
        venueOrderId: 'OQCLML-BW3P3-BUCMWZ',
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '1.25000000',
        limitPrice: '30010.0',
        filledQty: '0.37500000',
        tif: 'GTC',
        state: 'partially-filled',
      }),
    ])
    expect(orders[0]!.triggerPrice).toBeUndefined()
  })

  it('a stop-loss-limit: descr.price is the trigger, descr.price2 the limit (ccxt recording)', async () => {
    const { orders } = await adoptFrom(corpusMessage('rest.OpenOrders.ccxt-resp-2').text)
    expect(orders).toEqual([
      expect.objectContaining({
        venueOrderId: 'OIIQBL-6PV3A-7M2AJJ',
        symbol: 'LTC/USDT',
        side: 'sell',
        type: 'stop-loss-limit',
        qty: '0.10000000',
        triggerPrice: '55.00000',
        limitPrice: '54.00000',
        filledQty: '0.00000000',
        tif: 'GTC',
        state: 'open',
      }),
    ])
  })

  it('a take-profit: descr.price is the trigger and there is no limit (ccxt recording)', async () => {
    const { orders } = await adoptFrom(corpusMessage('rest.OpenOrders.ccxt-1').text)
    expect(orders).toEqual([
      expect.objectContaining({
        venueOrderId: 'OXCZ7B-EMVZQ-MTJTQJ',
        symbol: 'LTC/USDT',
        side: 'sell',
        type: 'take-profit',
        qty: '0.10000000',
        triggerPrice: '120.00000',
        state: 'open',
      }),
    ])
    expect(orders[0]!.limitPrice).toBeUndefined()
  })

  it('a trailing stop set in percent has no quote-currency offset to show (ccxt recording "+50.0000%")', async () => {
    const { orders } = await adoptFrom(corpusMessage('rest.OpenOrders.ccxt-resp-3').text)
    expect(orders).toEqual([
      expect.objectContaining({
        venueOrderId: 'OF7S76-H2IMS-N2ML4U',
        symbol: 'XRP/USD',
        side: 'buy',
        type: 'trailing-stop',
        qty: '10.00000000',
        state: 'open',
      }),
    ])
    expect(orders[0]!.triggerPrice).toBeUndefined()
    expect(orders[0]!.limitPrice).toBeUndefined()
  })

  it('a limit order on XBTUSDT (nautilus fixture)', async () => {
    const { orders } = await adoptFrom(corpusMessage('rest.OpenOrders.nautilus-1').text)
    expect(orders).toEqual([
      expect.objectContaining({
        venueOrderId: 'O26VBY-ISGAE-JP5TLU',
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'limit',
        qty: '0.50000000',
        limitPrice: '29500.0',
        state: 'open',
      }),
    ])
  })

  it('an old-format entry whose descr holds only the order text is still adopted (krakenfx/api-specs)', async () => {
    const { orders } = await adoptFrom(corpusMessage('rest.OpenOrders.api-specs-1').text)
    expect(orders).toEqual([
      expect.objectContaining({
        venueOrderId: 'O7ICPO-F4CLJ-MVBLHC',
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'limit',
        qty: '3.00000000',
        limitPrice: '500.00000',
        state: 'open',
      }),
    ])
  })
})

describe('restOrderView reads QueryOrders and ClosedOrders entries the same way', () => {
  const entry = (id: string, txid: string, path: string[] = []) => {
    let r = (JSON.parse(corpusMessage(id).text) as { result: Record<string, unknown> }).result
    for (const p of path) r = r[p] as Record<string, unknown>
    return restOrderView(r[txid] as Record<string, unknown>)
  }

  it('post-only comes from oflags (ccxt fetchOrder recording: oflags "post,fciq")', () => {
    expect(entry('rest.QueryOrders.ccxt-1', 'OR6EGN-KQSEG-AMI6CL')).toEqual({
      pair: 'LTCUSDT',
      side: 'buy',
      type: 'limit',
      qty: '0.10000000',
      filledQty: '0.00000000',
      limitPrice: '50.00000',
      tif: 'GTC',
      postOnly: true,
      state: 'open',
    })
  })

  it('a cancelled stop-loss-limit whose price2 is 0 keeps its trigger and no limit (Kraken.Net GetClosedOrders)', () => {
    expect(entry('rest.ClosedOrders.kraken-net-1', 'O37652-RJWRT-IMO74O', ['closed'])).toEqual({
      pair: 'XBTGBP',
      side: 'buy',
      type: 'stop-loss-limit',
      qty: '0.00100000',
      filledQty: '0.00000000',
      triggerPrice: '23667.0',
      tif: 'GTC',
      postOnly: false,
      state: 'cancelled',
      reason: 'User requested',
    })
  })

  it('a filled market order (Kraken.Net GetOrders)', () => {
    expect(entry('rest.QueryOrders.kraken-net-1', 'OMMDB2-FSB6Z-7W3HPO')).toEqual({
      pair: 'XBTUSD',
      side: 'sell',
      type: 'market',
      qty: '0.25000000',
      filledQty: '0.25000000',
      // Kraken's price (average) and cost of what filled
      avgPrice: '30000.0',
      cumCost: '7500.0',
      tif: 'GTC',
      postOnly: false,
      state: 'filled',
    })
  })
})
