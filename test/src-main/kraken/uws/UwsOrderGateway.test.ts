import { describe, expect, it } from 'vitest'
import { InstrumentRegistry, type Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { UwsOrderGateway, type UwsReport } from '../../../../src-main/kraken/uws/UwsOrderGateway'
import { frameText } from '../../../../src-main/kraken/uws/uwsRequests'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'

/**
 * UwsOrderGateway: the exact frames it asks the account to send (captured by a fake request, as
 * the private client would write them with token and req_id), and derivatives executions (§4.1,
 * §11 shapes) translated into domain events: new is the acknowledgement, partial trade, filled,
 * canceled, amended, and a liquidation fill.
 */

type Json = Record<string, unknown>
const AT = 1_764_597_600_000
const ORDER = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'
const CL = '9b2f6a1e-0c3d-4e5f-8a7b-6c5d4e3f2a1b'

const PF_XBTUSD: Instrument = {
  id: 'PF_XBTUSD',
  wsSymbol: 'PF_XBTUSD',
  restPair: 'PF_XBTUSD',
  altname: 'PF_XBTUSD',
  wsnameV1: 'PF_XBTUSD',
  fixSymbol: 'PF_XBTUSD',
  base: 'BTC',
  quote: 'USD',
  restBase: 'BTC',
  restQuote: 'USD',
  pricePrecision: 0,
  qtyPrecision: 4,
  costPrecision: 4,
  tickSize: '1',
  ordermin: '0.0001',
  costmin: '0',
  status: 'online',
}
const registry = new InstrumentRegistry([PF_XBTUSD])

function gateway(result: Json = { order_id: ORDER }) {
  const frames: string[] = []
  const reports: UwsReport[] = []
  const g = new UwsOrderGateway({
    account: {
      state: 'online',
      request: (method: string, params: Json = {}) => {
        // what KrakenWsPrivateClient writes: the token appended, numbers as exact tokens
        frames.push(frameText(method, { ...params, token: 'T' }, frames.length + 1))
        return Promise.resolve({ method, success: true, result })
      },
    },
    registry: () => registry,
    emit: (r) => reports.push(r),
    now: () => AT,
  })
  return { g, frames, reports }
}

const order = (over: Partial<TrackedOrder> = {}): TrackedOrder => ({
  clOrdId: CL,
  symbol: 'PF_XBTUSD',
  side: 'buy',
  type: 'limit',
  qty: '0.5000',
  limitPrice: '60000',
  tif: 'GTC',
  protocol: 'ws',
  qtyPrecision: 4,
  pricePrecision: 0,
  state: 'open',
  filledQty: '0',
  fills: [],
  createdAt: AT,
  lastChangedAt: AT,
  updatedAt: AT,
  ...over,
})

const exec = (text: string) => parseLossless(text) as Json

describe('UwsOrderGateway: requests', () => {
  it('place: a reduce-only stop on the index, digits as typed, answered with the order id', async () => {
    const { g, frames } = gateway()
    const req: PlaceRequest = {
      symbol: 'PF_XBTUSD',
      side: 'sell',
      type: 'stop-loss',
      qty: '0.2500',
      triggerPrice: '58000',
      tif: 'GTC',
      reduceOnly: true,
      triggerSignal: 'index',
    }
    expect(await g.place({ req, inst: PF_XBTUSD, clOrdId: CL })).toEqual({ orderId: ORDER })
    expect(frames).toEqual([
      `{"method":"add_order","params":{"asset_class":"derivatives","order_type":"stop-loss","side":"sell","order_qty":0.2500,"symbol":"PF_XBTUSD","triggers":{"reference":"index","price":58000,"price_type":"static"},"reduce_only":true,"cl_ord_id":"${CL}","token":"T"},"req_id":1}`,
    ])
  })

  it('place: a leveraged long is a plain add_order (leverage is the market preference, not an order field)', async () => {
    const { g, frames } = gateway()
    const req: PlaceRequest = {
      symbol: 'PF_XBTUSD',
      side: 'buy',
      type: 'limit',
      qty: '1.5000',
      limitPrice: '60001',
      tif: 'IOC',
      postOnly: false,
    }
    await g.place({ req, inst: PF_XBTUSD, clOrdId: CL })
    expect(frames[0]).toBe(
      `{"method":"add_order","params":{"asset_class":"derivatives","order_type":"limit","side":"buy","order_qty":1.5000,"symbol":"PF_XBTUSD","limit_price":60001,"time_in_force":"ioc","cl_ord_id":"${CL}","token":"T"},"req_id":1}`,
    )
  })

  it('amend and cancel name the order by Kraken id when it is a UUID, else by client id; cancel_all and the dead-man switch', async () => {
    const { g, frames } = gateway({
      count: 2,
      triggerTime: '2026-12-01T14:01:00Z',
      currentTime: '2026-12-01T14:00:00Z',
    })
    await g.amend(order({ venueOrderId: ORDER }), PF_XBTUSD, { qty: '1.0000', limitPrice: '59000' })
    await g.cancel(order())
    expect(await g.cancelAll()).toBe('Unified WebSocket: 2 derivatives orders cancelled')
    expect(await g.cancelAllAfter(60)).toBe(Date.UTC(2026, 11, 1, 14, 1, 0))
    expect(frames).toEqual([
      `{"method":"amend_order","params":{"asset_class":"derivatives","order_id":"${ORDER}","limit_price":59000,"order_qty":1.0000,"token":"T"},"req_id":1}`,
      `{"method":"cancel_order","params":{"asset_class":"derivatives","cl_ord_id":["${CL}"],"token":"T"},"req_id":2}`,
      '{"method":"cancel_all","params":{"asset_class":"derivatives","token":"T"},"req_id":3}',
      '{"method":"cancel_all_orders_after","params":{"timeout":60,"token":"T"},"req_id":4}',
    ])
  })

  it('refuses without a connection, and refuses an iceberg before sending', async () => {
    const g = new UwsOrderGateway({ account: null, registry: () => registry, emit: () => undefined })
    expect(g.up()).toBe(false)
    await expect(g.cancelAll()).rejects.toThrow('the Unified WebSocket (derivatives) is not connected')
    const { g: g2, frames } = gateway()
    const req: PlaceRequest = {
      symbol: 'PF_XBTUSD',
      side: 'buy',
      type: 'limit',
      qty: '1',
      limitPrice: '60000',
      displayQty: '0.1',
      tif: 'GTC',
    }
    await expect(g2.place({ req, inst: PF_XBTUSD, clOrdId: CL })).rejects.toThrow(
      'Kraken does not take iceberg (display quantity) orders on PF_XBTUSD',
    )
    expect(frames).toEqual([])
  })
})

describe('UwsOrderGateway: derivatives executions -> domain events', () => {
  const ref = { protocol: 'ws', at: AT, clOrdId: CL, orderId: ORDER }

  it('new is the acknowledgement: accepted with the order id, then open', () => {
    const { g, reports } = gateway()
    g.onExecution(
      exec(
        `{"order_id":"${ORDER}","cl_ord_id":"${CL}","symbol":"PF_XBTUSD","exec_type":"new","order_status":"new","side":"buy","order_type":"limit","order_qty":0.5000,"limit_price":60000,"asset_class":"derivatives","reduce_only":false,"timestamp":"2026-12-01T14:00:00.000000Z"}`,
      ),
      false,
    )
    expect(reports).toEqual([
      { kind: 'report', ref, events: [{ kind: 'accepted', orderId: ORDER }, { kind: 'open' }] },
    ])
  })

  it('a partial trade, the completing trade and filled: fills with fee, cumulative figures exact', () => {
    const { g, reports } = gateway()
    g.onExecution(
      exec(
        `{"order_id":"${ORDER}","cl_ord_id":"${CL}","symbol":"PF_XBTUSD","exec_type":"trade","order_status":"partially_filled","trade_id":7,"last_qty":0.2000,"last_price":60000,"cum_qty":0.2000,"avg_price":60000,"cum_cost":12000.0000,"fees":[{"asset":"USD","qty":2.40}],"asset_class":"derivatives","liquidated":false}`,
      ),
      false,
    )
    g.onExecution(
      exec(
        `{"order_id":"${ORDER}","cl_ord_id":"${CL}","symbol":"PF_XBTUSD","exec_type":"trade","order_status":"filled","trade_id":8,"last_qty":0.3000,"last_price":59999,"cum_qty":0.5000,"avg_price":59999.4,"cum_cost":29999.7000,"fees":[{"asset":"USD","qty":3.59988}],"asset_class":"derivatives"}`,
      ),
      false,
    )
    g.onExecution(
      exec(
        `{"order_id":"${ORDER}","cl_ord_id":"${CL}","symbol":"PF_XBTUSD","exec_type":"filled","order_status":"filled"}`,
      ),
      false,
    )
    expect(reports.map((r) => r.events)).toEqual([
      [
        {
          kind: 'fill',
          tradeId: 'PF_XBTUSD:7',
          qty: '0.2000',
          price: '60000',
          fee: '2.40',
          feeAsset: 'USD',
          cumQty: '0.2000',
          avgPrice: '60000',
          cumCost: '12000.0000',
        },
      ],
      [
        {
          kind: 'fill',
          tradeId: 'PF_XBTUSD:8',
          qty: '0.3000',
          price: '59999',
          fee: '3.59988',
          feeAsset: 'USD',
          cumQty: '0.5000',
          avgPrice: '59999.4',
          cumCost: '29999.7000',
        },
        { kind: 'filled' },
      ],
      [{ kind: 'filled' }],
    ])
    expect(reports.every((r) => r.liquidation === undefined)).toBe(true)
  })

  it('canceled and amended', () => {
    const { g, reports } = gateway()
    g.onExecution(
      exec(
        `{"order_id":"${ORDER}","cl_ord_id":"${CL}","symbol":"PF_XBTUSD","exec_type":"amended","order_status":"new","order_qty":1.0000,"limit_price":59000,"triggers":{"reference":"last","price":58500,"price_type":"static"}}`,
      ),
      false,
    )
    g.onExecution(
      exec(
        `{"order_id":"${ORDER}","cl_ord_id":"${CL}","symbol":"PF_XBTUSD","exec_type":"canceled","order_status":"canceled","cancel_reason":"User requested"}`,
      ),
      false,
    )
    expect(reports.map((r) => r.events)).toEqual([
      [{ kind: 'amended', qty: '1.0000', limitPrice: '59000', triggerPrice: '58500' }],
      [{ kind: 'cancelled', reason: 'User requested' }],
    ])
  })

  it('a liquidation fill: Kraken’s own order (no client id), a fill that closes it, flagged as a liquidation', () => {
    const { g, reports } = gateway()
    const LIQ = '7e6d5c4b-3a29-4817-8615-0a0b0c0d0e0f'
    g.onExecution(
      exec(
        `{"order_id":"${LIQ}","symbol":"PF_XBTUSD","exec_type":"trade","order_status":"filled","side":"sell","order_type":"limit","order_qty":0.5000,"trade_id":99,"last_qty":0.5000,"last_price":50000,"cum_qty":0.5000,"avg_price":50000,"cum_cost":25000.0000,"fees":[{"asset":"USD","qty":12.50}],"asset_class":"derivatives","liquidated":true}`,
      ),
      false,
    )
    expect(reports).toEqual([
      {
        kind: 'report',
        ref: { protocol: 'ws', at: AT, orderId: LIQ },
        liquidation: true,
        events: [
          {
            kind: 'fill',
            tradeId: 'PF_XBTUSD:99',
            qty: '0.5000',
            price: '50000',
            fee: '12.50',
            feeAsset: 'USD',
            cumQty: '0.5000',
            avgPrice: '50000',
            cumCost: '25000.0000',
          },
          { kind: 'filled' },
        ],
      },
    ])
  })

  it('an open order in the snapshot can be adopted (new + open, with its view)', () => {
    const { g, reports } = gateway()
    g.onExecution(
      exec(
        `{"order_id":"${ORDER}","cl_ord_id":"${CL}","symbol":"PF_XBTUSD","exec_type":"new","order_status":"new","side":"sell","order_type":"limit","order_qty":0.5000,"limit_price":65000,"cum_qty":0,"time_in_force":"gtc","asset_class":"derivatives","reduce_only":true}`,
      ),
      true,
    )
    expect(reports[0]!.snapshot).toBe(true)
    expect(reports[0]!.events).toEqual([{ kind: 'accepted', orderId: ORDER }, { kind: 'open' }])
    expect(reports[0]!.adoptable).toMatchObject({
      symbol: 'PF_XBTUSD',
      side: 'sell',
      type: 'limit',
      qty: '0.5000',
      limitPrice: '65000',
      state: 'open',
    })
  })
})
