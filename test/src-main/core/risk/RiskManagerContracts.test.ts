import { describe, expect, it } from 'vitest'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { DEFAULT_LIMITS, RiskManager } from '../../../../src-main/core/risk/RiskManager'

const perp = {
  id: 'PF_XBTUSD',
  base: 'BTC',
  quote: 'USD',
  qtyPrecision: 4,
  pricePrecision: 0,
  assetClass: 'derivatives',
  contract: { contractSize: '1' },
} as Instrument

const buy = (qty: string, extra: Partial<PlaceRequest> = {}): PlaceRequest => ({
  symbol: 'PF_XBTUSD',
  side: 'buy',
  type: 'limit',
  qty,
  limitPrice: '60000',
  tif: 'GTC',
  ...extra,
})

function risk() {
  const r = new RiskManager()
  r.setDefaults({
    ...DEFAULT_LIMITS,
    maxNotional: '1000000',
    confirmAbove: '1000000',
    maxContracts: '2',
    maxContractNotional: '200000',
    maxLeverage: '5',
  })
  return r
}
const ctx = (position: string, equity?: string) => ({
  mid: '60000',
  openOrders: 0,
  position,
  ...(equity !== undefined ? { equity } : {}),
})

describe('RiskManager: derivatives limits', () => {
  it('maximum contracts, counted on the venue-held position', () => {
    expect(risk().check(buy('1'), perp, ctx('1'), false)).toEqual({ ok: true })
    expect(risk().check(buy('1.5'), perp, ctx('1'), false)).toEqual({
      ok: false,
      reason: 'This would take your PF_XBTUSD position to 2.5000 contracts (limit 2)',
    })
    // a sell from a long reduces it: allowed whatever the size of the long
    expect(risk().check({ ...buy('1.5'), side: 'sell' }, perp, ctx('1.5'), false)).toEqual({ ok: true })
  })

  it('maximum notional of the position at the order price', () => {
    const r = risk()
    r.setDefaults({ ...r.limitsFor(''), maxContractNotional: '90000' })
    expect(r.check(buy('1'), perp, ctx('0.6'), false)).toEqual({
      ok: false,
      reason: 'This would take your PF_XBTUSD position to 96000.00 USD (limit 90000 USD)',
    })
  })

  it('maximum leverage on the margin equity; reduce-only orders are never held back by it', () => {
    // 1 contract at 60,000 on 10,000 equity is 6× against a 5× limit
    expect(risk().check(buy('1'), perp, ctx('0', '10000'), false)).toEqual({
      ok: false,
      reason: 'This would leave PF_XBTUSD at 6.00× leverage on 10000 USD of margin equity (your limit 5×)',
    })
    expect(risk().check(buy('0.5'), perp, ctx('0', '10000'), false)).toEqual({ ok: true })
    expect(
      risk().check({ ...buy('1'), reduceOnly: true, side: 'sell' }, perp, ctx('1', '10000'), false),
    ).toEqual({
      ok: true,
    })
  })

  it('without a contract limit the base-quantity position limit still holds', () => {
    const r = new RiskManager()
    expect(r.check(buy('11', { limitPrice: '1' }), perp, { ...ctx('0'), mid: '1' }, false)).toEqual({
      ok: false,
      reason: 'Quantity 11 is above your PF_XBTUSD limit of 5',
    })
  })
})
