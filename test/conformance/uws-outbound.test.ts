import { isLosslessNumber, parse } from 'lossless-json'
import { describe, expect, it } from 'vitest'
import {
  frameText,
  uwsAddOrderParams,
  uwsAmendOrderParams,
  uwsBatchCancelParams,
  uwsCancelAllParams,
  uwsCancelOrderParams,
  uwsSetLeverageParams,
  type Params,
} from '../../src-main/kraken/uws/uwsRequests'
import { corpusMessage } from './corpus'

/**
 * What Trident writes on Kraken's Unified WS private socket for an intent equals the request
 * Kraken documents for it (test/conformance/corpus/uws), field by field and JSON type by JSON type
 * (a number stays a number with its digits), and, since the builders keep Kraken's key order, byte
 * for byte. The token and req_id are the vector's own: the private client appends the token last,
 * as Kraken's examples have it.
 */

/** A frame as typed values: numbers as "num:<digits>", strings as "str:<text>". */
function typed(v: unknown): unknown {
  if (isLosslessNumber(v)) return `num:${v.value}`
  if (typeof v === 'string') return `str:${v}`
  if (Array.isArray(v)) return v.map(typed)
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typed(x)]))
  return v
}

/** Our frame for `params` with the vector's token (and req_id when the vector has one). */
function ours(method: string, params: Params, token: string, reqId?: number): string {
  const text = frameText(method, { ...params, token }, reqId ?? 1)
  // Kraken's amend examples carry no req_id; the client always sends one
  return reqId === undefined ? text.replace(/,"req_id":1}$/, '}') : text
}

function expectSame(ourText: string, vectorId: string): void {
  const vector = corpusMessage(vectorId).text
  expect(typed(parse(ourText))).toEqual(typed(parse(vector)))
  expect(ourText).toBe(vector)
}

describe('UWS outbound: Kraken-documented derivatives requests', () => {
  it('amend_order by cl_ord_id: limit_price 490795 and order_qty 1.2 as number tokens (uws.amend_order.request.kraken-docs-1)', () => {
    const text = ours(
      'amend_order',
      uwsAmendOrderParams(
        { clOrdId: '2c6be801-1f53-4f79-a0bb-4ea1c95dfae9' },
        { limitPrice: '490795', qty: '1.2' },
      ),
      'PM5Qm0MDrS54l657aQAtb7AhrwN30e2LBg1nUYOd6vU',
    )
    expectSame(text, 'uws.amend_order.request.kraken-docs-1')
    const p = (typed(parse(text)) as { params: Record<string, unknown> }).params
    expect(p).toEqual({
      asset_class: 'str:derivatives',
      cl_ord_id: 'str:2c6be801-1f53-4f79-a0bb-4ea1c95dfae9',
      limit_price: 'num:490795',
      order_qty: 'num:1.2',
      token: 'str:PM5Qm0MDrS54l657aQAtb7AhrwN30e2LBg1nUYOd6vU',
    })
  })

  it('amend_order by order_id with deadline and post_only (uws.amend_order.request.kraken-docs-2)', () => {
    const text = ours(
      'amend_order',
      uwsAmendOrderParams(
        { orderId: 'e66851e7-8721-50ed-bf43-5e6a2ddff423' },
        { limitPrice: '61031.3', deadline: '2024-07-21T09:53:59.050Z', postOnly: true },
      ),
      'DGB00LiKlPlLI/amQaSKUUr8niqXDb+1zwvtjp34nzk',
    )
    expectSame(text, 'uws.amend_order.request.kraken-docs-2')
    const p = (typed(parse(text)) as { params: Record<string, unknown> }).params
    expect(p.limit_price).toBe('num:61031.3')
    expect(p.post_only).toBe(true)
    expect(p.deadline).toBe('str:2024-07-21T09:53:59.050Z')
  })

  it('cancel_all names asset_class derivatives (uws.cancel_all.request.kraken-docs-1)', () => {
    expectSame(
      ours('cancel_all', uwsCancelAllParams(), 'weeBxllys/7kHy/zHpkATSDIS42BvDgWS2b04ZSZHZ5', 1234567890),
      'uws.cancel_all.request.kraken-docs-1',
    )
  })

  it('batch_cancel of three UUID order ids (uws.batch_cancel.request.kraken-docs-1)', () => {
    expectSame(
      ours(
        'batch_cancel',
        uwsBatchCancelParams([
          '11111111-1111-4111-8111-111111111111',
          '22222222-2222-4222-8222-222222222222',
          '33333333-3333-4333-8333-333333333333',
        ]),
        'TxxxxxxxxxOxxxxxxxxxxKxxxxxxxExxxxxxxxN',
        1234567890,
      ),
      'uws.batch_cancel.request.kraken-docs-1',
    )
  })
})

describe('UWS outbound: documented rules without a Kraken example (§5.1, §5.5, §5.6, §11)', () => {
  it('set_preference: leverage_mode {symbol, max_leverage} with a JSON number, or null for cross', () => {
    expect(ours('set_preference', uwsSetLeverageParams('PF_XBTUSD', '5'), 't', 103)).toBe(
      '{"method":"set_preference","params":{"asset_class":"derivatives","leverage_mode":{"symbol":"PF_XBTUSD","max_leverage":5},"token":"t"},"req_id":103}',
    )
    expect(ours('set_preference', uwsSetLeverageParams('PF_ETHUSD', '12.5'), 't', 104)).toBe(
      '{"method":"set_preference","params":{"asset_class":"derivatives","leverage_mode":{"symbol":"PF_ETHUSD","max_leverage":12.5},"token":"t"},"req_id":104}',
    )
    expect(ours('set_preference', uwsSetLeverageParams('PF_XBTUSD', null), 't', 105)).toBe(
      '{"method":"set_preference","params":{"asset_class":"derivatives","leverage_mode":{"symbol":"PF_XBTUSD","max_leverage":null},"token":"t"},"req_id":105}',
    )
    for (const bad of ['"5"', '0', '-2', '5x', ''])
      expect(() => uwsSetLeverageParams('PF_XBTUSD', bad), bad).toThrow(/is not a positive number/)
  })

  it('add_order: asset_class, reduce_only, an index trigger with price_type static, digits verbatim, no order_userref', () => {
    const text = ours(
      'add_order',
      uwsAddOrderParams({
        symbol: 'PF_XBTUSD',
        type: 'stop-loss-limit',
        side: 'sell',
        qty: '0.2500',
        limitPrice: '59000',
        triggerPrice: '59500',
        triggerReference: 'index',
        tif: 'GTC',
        reduceOnly: true,
        clOrdId: '0b8a2a2e-7c1d-4e3f-9a51-2f4e6d1c9b07',
      }),
      't',
      7,
    )
    expect(text).toBe(
      '{"method":"add_order","params":{"asset_class":"derivatives","order_type":"stop-loss-limit","side":"sell","order_qty":0.2500,"symbol":"PF_XBTUSD","limit_price":59000,"triggers":{"reference":"index","price":59500,"price_type":"static"},"reduce_only":true,"cl_ord_id":"0b8a2a2e-7c1d-4e3f-9a51-2f4e6d1c9b07","token":"t"},"req_id":7}',
    )
    expect(text).not.toContain('order_userref')
    // a market order: no price, no trigger; IOC and GTD spelled as Kraken spells them
    expect(
      uwsAddOrderParams({ symbol: 'PF_XBTUSD', type: 'market', side: 'buy', qty: '1', tif: 'IOC' }),
    ).toMatchObject({ asset_class: 'derivatives', order_type: 'market', time_in_force: 'ioc' })
    expect(
      uwsAddOrderParams({
        symbol: 'PF_XBTUSD',
        type: 'limit',
        side: 'buy',
        qty: '1',
        limitPrice: '60000',
        tif: 'GTD',
        expireAt: Date.UTC(2026, 11, 1, 15, 0, 0),
      }),
    ).toMatchObject({ time_in_force: 'gtd', expire_time: '2026-12-01T15:00:00.000Z' })
    // the default trigger reference is Kraken's default, last
    expect(
      uwsAddOrderParams({
        symbol: 'PF_XBTUSD',
        type: 'take-profit',
        side: 'sell',
        qty: '1',
        triggerPrice: '70000',
      }).triggers,
    ).toEqual({ reference: 'last', price: expect.anything(), price_type: 'static' })
  })

  it('add_order refuses, in words, what derivatives over UWS do not take', () => {
    const base = { symbol: 'PF_XBTUSD', side: 'buy', qty: '1' } as const
    expect(() => uwsAddOrderParams({ ...base, type: 'trailing-stop', triggerPrice: '50' })).toThrow(
      /trailing-stop orders are not sent over the Unified WS/,
    )
    expect(() => uwsAddOrderParams({ ...base, type: 'iceberg', limitPrice: '1' })).toThrow(
      /iceberg is not a derivatives order type/,
    )
    expect(() => uwsAddOrderParams({ ...base, type: 'limit', limitPrice: '1', tif: 'FOK' })).toThrow(
      /time in force FOK is not offered for derivatives/,
    )
    expect(() => uwsAddOrderParams({ ...base, type: 'limit' })).toThrow(/needs a limit price/)
    expect(() => uwsAddOrderParams({ ...base, type: 'limit', limitPrice: '1', triggerPrice: '2' })).toThrow(
      /A limit order has no trigger/,
    )
    expect(() => uwsAddOrderParams({ ...base, type: 'market', postOnly: true })).toThrow(/Post-only/)
    expect(() => uwsAddOrderParams({ ...base, type: 'limit', limitPrice: '1e5' })).toThrow(
      /not a decimal Kraken can read/,
    )
  })

  it('cancel_order never mixes order_id and cl_ord_id; order ids must be UUIDs', () => {
    expect(uwsCancelOrderParams([{ orderId: '11111111-1111-4111-8111-111111111111' }])).toEqual({
      asset_class: 'derivatives',
      order_id: ['11111111-1111-4111-8111-111111111111'],
    })
    expect(uwsCancelOrderParams([{ clOrdId: 'a' }, { clOrdId: 'b' }])).toEqual({
      asset_class: 'derivatives',
      cl_ord_id: ['a', 'b'],
    })
    expect(() =>
      uwsCancelOrderParams([{ orderId: '11111111-1111-4111-8111-111111111111' }, { clOrdId: 'a' }]),
    ).toThrow(/not both in one request/)
    expect(() => uwsCancelOrderParams([{ orderId: 'OLUMT4-UTEGU-ZYM7E9' }])).toThrow(/is not a UUID/)
    expect(() => uwsCancelOrderParams([])).toThrow(/at least one order/)
  })

  it('batch_cancel takes 2 to 50 orders, order ids and client ids combined', () => {
    expect(uwsBatchCancelParams(['11111111-1111-4111-8111-111111111111'], ['c1'])).toEqual({
      asset_class: 'derivatives',
      orders: ['11111111-1111-4111-8111-111111111111'],
      cl_ord_id: ['c1'],
    })
    expect(() => uwsBatchCancelParams(['11111111-1111-4111-8111-111111111111'])).toThrow(
      /batch_cancel takes 2 to 50 orders, not 1/,
    )
  })

  it('amend_order needs a change', () => {
    expect(() => uwsAmendOrderParams({ clOrdId: 'a' }, { deadline: '2026-12-01T15:00:00Z' })).toThrow(
      /amend_order needs a change/,
    )
  })
})
