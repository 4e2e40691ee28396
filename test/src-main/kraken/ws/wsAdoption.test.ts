import { describe, expect, it } from 'vitest'
import { OrderRouter } from '../../../../src-main/core/orders/OrderRouter'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import { RateGovernor } from '../../../../src-main/core/risk/RateGovernor'
import { VenueExecution } from '../../../../src-main/features/orders/VenueExecution'
import { KrakenRestClient } from '../../../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../../../src-main/kraken/rest/NonceSource'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

/**
 * Defect 2 of issue 14, WS side: an order found in the executions snapshot that Trident did not
 * place is adopted with its trigger price, what already filled (cum_qty), its time in force and
 * limit, as Kraken names them (docs.kraken.com/api/docs/websocket-v2/executions). The entries are
 * written in Kraken's field names and number style and parsed as the private client parses frames.
 */
function client() {
  const tracker = new OrderTracker()
  const exec = new VenueExecution({
    registry: conformanceRegistry,
    rest: new KrakenRestClient({
      baseUrl: 'http://127.0.0.1:9',
      credentials: { apiKey: 'k', apiSecret: 'c2VjcmV0' },
      nonces: new NonceSource(null),
    }),
    ws: null,
    fix: null,
    tracker,
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', Date.now),
  })
  return { exec, tracker }
}

const entry = (json: string) => parseLossless(json) as Record<string, unknown>

describe('WS executions snapshot adoption keeps what Kraken says', () => {
  it('a partly filled GTD limit order: limit price, cum_qty filled, time in force', () => {
    const { exec, tracker } = client()
    exec.handleWsExecution(
      entry(
        '{"order_id":"OK4GJX-KSTLS-7DZZO5","order_userref":3,"symbol":"BTC/USD","order_qty":0.50000000,"cum_qty":0.12500000,"cum_cost":3312.5,"time_in_force":"GTD","exec_type":"new","side":"sell","order_type":"limit","limit_price_type":"static","limit_price":26500.0,"order_status":"partially_filled","post_only":true,"timestamp":"2023-09-22T10:33:05.709950Z"}',
      ),
      true,
    )
    expect(tracker.get('venue:OK4GJX-KSTLS-7DZZO5')).toMatchObject({
      venueOrderId: 'OK4GJX-KSTLS-7DZZO5',
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'limit',
      qty: '0.50000000',
      filledQty: '0.12500000',
      limitPrice: '26500.0',
      tif: 'GTD',
      state: 'partially-filled',
      protocol: 'ws',
    })
  })

  it('a stop-loss-limit: triggers.price is the trigger, limit_price the limit; its cl_ord_id is kept', () => {
    const { exec, tracker } = client()
    exec.handleWsExecution(
      entry(
        '{"order_id":"OIIQBL-6PV3A-7M2AJJ","cl_ord_id":"other-app-7","symbol":"LTC/USDT","order_qty":0.10000000,"cum_qty":0.00000000,"time_in_force":"GTC","exec_type":"new","side":"sell","order_type":"stop-loss-limit","limit_price":54.00000,"triggers":{"reference":"last","price":55.00000,"price_type":"static","triggered":false},"order_status":"new","timestamp":"2024-01-14T19:27:44.973Z"}',
      ),
      true,
    )
    expect(tracker.get('other-app-7')).toMatchObject({
      venueOrderId: 'OIIQBL-6PV3A-7M2AJJ',
      symbol: 'LTC/USDT',
      type: 'stop-loss-limit',
      qty: '0.10000000',
      filledQty: '0.00000000',
      triggerPrice: '55.00000',
      limitPrice: '54.00000',
      tif: 'GTC',
      state: 'open',
    })
  })

  it('a trailing stop: a quote offset is its trigger; a pct offset is not a price', () => {
    const { exec, tracker } = client()
    exec.handleWsExecution(
      entry(
        '{"order_id":"OTRAIL-00001-AAAAAA","symbol":"XRP/USD","order_qty":10.00000000,"time_in_force":"GTC","exec_type":"new","side":"buy","order_type":"trailing-stop","triggers":{"reference":"last","price":0.05000,"price_type":"quote"},"order_status":"new"}',
      ),
      true,
    )
    exec.handleWsExecution(
      entry(
        '{"order_id":"OTRAIL-00002-AAAAAA","symbol":"XRP/USD","order_qty":10.00000000,"time_in_force":"GTC","exec_type":"new","side":"buy","order_type":"trailing-stop","triggers":{"reference":"last","price":50.0,"price_type":"pct"},"order_status":"new"}',
      ),
      true,
    )
    expect(tracker.get('venue:OTRAIL-00001-AAAAAA')!.triggerPrice).toBe('0.05000')
    expect(tracker.get('venue:OTRAIL-00002-AAAAAA')!.triggerPrice).toBeUndefined()
  })
})
