import { describe, expect, it } from 'vitest'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { DEFAULT_LIMITS, RiskManager } from '../../../../src-main/core/risk/RiskManager'

const inst = { id: 'BTC/USD', base: 'BTC', quote: 'USD', qtyPrecision: 8, pricePrecision: 1 } as Instrument
const ctx = { mid: '65000.0', openOrders: 0, position: '0' }
const req = (over: Partial<PlaceRequest> = {}): PlaceRequest => ({
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '0.1',
  limitPrice: '64000.0',
  tif: 'GTC',
  ...over,
})

describe('RiskManager', () => {
  const r = new RiskManager()
  it('passes an ordinary order', () => {
    expect(r.check(req(), inst, ctx, false)).toEqual({ ok: true })
  })
  it('refuses size, value, band, count and position breaches in words', () => {
    expect(r.check(req({ qty: '6' }), inst, ctx, true)).toEqual({
      ok: false,
      reason: 'Quantity 6 is above your BTC/USD limit of 5',
    })
    expect(r.check(req({ qty: '4', limitPrice: '65000.0' }), inst, ctx, true)).toEqual({
      ok: false,
      reason: 'Order value 260000.00 USD is above your limit of 250000 USD',
    })
    expect(r.check(req({ limitPrice: '61000.0' }), inst, ctx, true)).toEqual({
      ok: false,
      reason: 'Limit 61000.0 is 6.15% from mid 65000.0; your band is 5%',
    })
    expect(r.check(req(), inst, { ...ctx, openOrders: 50 }, true)).toEqual({
      ok: false,
      reason: 'You already have 50 working orders (limit 50)',
    })
    expect(r.check(req({ qty: '1' }), inst, { ...ctx, position: '9.5' }, true)).toEqual({
      ok: false,
      reason: 'This would take your BTC/USD position to 10.50000000 (limit 10)',
    })
  })
  it('asks for confirmation above the threshold, and passes once confirmed', () => {
    expect(r.check(req({ qty: '1' }), inst, ctx, false)).toEqual({
      ok: false,
      confirm: 'Buy 1 BTC worth 64000.00 USD?',
    })
    expect(r.check(req({ qty: '1' }), inst, ctx, true)).toEqual({ ok: true })
  })
  it('market orders are valued at mid', () => {
    expect(
      r.check(
        req({ type: 'market', qty: '4', limitPrice: undefined }),
        inst,
        { ...ctx, mid: '65000.0' },
        true,
      ),
    ).toMatchObject({ ok: false })
  })
  it('the kill switch refuses everything until re-armed', () => {
    const k = new RiskManager()
    k.kill('trader', 1)
    expect(k.check(req(), inst, ctx, true)).toEqual({
      ok: false,
      reason: 'Trading is stopped by the kill switch. Re-arm it to trade again.',
    })
    k.rearm()
    expect(k.check(req(), inst, ctx, true)).toEqual({ ok: true })
  })
  it('per-instrument limits override the defaults; bad limits are refused', () => {
    const k = new RiskManager()
    k.setLimits('BTC/USD', { ...DEFAULT_LIMITS, maxOrderQty: '0.05' })
    expect(k.check(req(), inst, ctx, true)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('limit of 0.05'),
    })
    expect(() => k.setLimits('BTC/USD', { ...DEFAULT_LIMITS, maxOrderQty: 'lots' })).toThrow()
  })
})
