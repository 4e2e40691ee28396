import { describe, expect, it } from 'vitest'
import {
  addOrderParams,
  amendOrderParams,
  cancelAllAfterParams,
  frameText,
  num,
  toWireJson,
} from '../../../../src-main/kraken/ws/wsv2Requests'

describe('wsv2Requests: exact number tokens on the wire', () => {
  it('writes a decimal verbatim as a JSON number, trailing zeros and all', () => {
    expect(toWireJson({ a: num('0.10000000'), b: [num('65000.50'), num('0.00000001')], c: 'x', d: 3 })).toBe(
      '{"a":0.10000000,"b":[65000.50,0.00000001],"c":"x","d":3}',
    )
    // digits a JS float cannot hold survive
    expect(toWireJson({ q: num('12345678901234567.123456789') })).toBe('{"q":12345678901234567.123456789}')
  })

  it('refuses what is not a plain decimal, and money that slipped through as a JS float', () => {
    for (const bad of ['1e-7', '.5', '01.5', '1.', '+1', 'abc', ''])
      expect(() => num(bad), bad).toThrow(/not a decimal Kraken can read as a number/)
    expect(() => toWireJson({ limit_price: 0.1 })).toThrow(/money must be a WireNumber/)
  })

  it('a trailing stop names a quote offset; GTD carries expire_time; IOC is spelled lower case', () => {
    expect(
      frameText(
        'add_order',
        addOrderParams('BTC/USD', {
          type: 'trailing-stop',
          side: 'sell',
          qty: '0.5',
          triggerPrice: '150.0',
          tif: 'GTD',
          expireAt: Date.UTC(2026, 11, 31, 23, 59, 59),
        }),
        9,
      ),
    ).toBe(
      '{"method":"add_order","params":{"order_type":"trailing-stop","side":"sell","order_qty":0.5,"triggers":{"reference":"last","price":150.0,"price_type":"quote"},"time_in_force":"gtd","expire_time":"2026-12-31T23:59:59.000Z","symbol":"BTC/USD"},"req_id":9}',
    )
    expect(
      addOrderParams('BTC/USD', { type: 'market', side: 'buy', qty: '1', tif: 'IOC' }).time_in_force,
    ).toBe('ioc')
  })

  it('amend by cl_ord_id with a trigger price; cancel_all_orders_after wants whole seconds', () => {
    expect(
      toWireJson(amendOrderParams({ clOrdId: 'c-1' }, { triggerPrice: '59000.0', displayQty: '0.1' })),
    ).toBe('{"cl_ord_id":"c-1","trigger_price":59000.0,"display_qty":0.1}')
    expect(() => cancelAllAfterParams(1.5)).toThrow(/whole seconds/)
  })
})
