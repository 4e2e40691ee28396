import { describe, expect, it } from 'vitest'
import { InstrumentRegistry } from '../../../../src-main/core/instruments/InstrumentRegistry'
import { validatePlace } from '../../../../src-main/core/orders/PlaceRequest'
import { contractInstrument } from '../../../../src-main/kraken/uws/contractInstrument'
import type { UwsContract } from '../../../../src-main/kraken/uws/types'

/** A Unified WS contract joins the instrument registry with its terms, and the order checks use them. */

const PF_XBTUSD: UwsContract = {
  symbol: 'PF_XBTUSD',
  kind: 'perpetual',
  base: 'BTC',
  quote: 'USD',
  status: 'online',
  tickSize: '1',
  qtyStep: '0.0001',
  qtyMin: '0.0001',
  pricePrecision: 0,
  qtyPrecision: 4,
  contractSize: '1',
  maxPosition: '1200',
  marginLevels: [{ contracts: '0', initialMargin: '0.02', maintenanceMargin: '0.01' }],
  fundingIntervalMs: 3_600_000,
}

describe('contractInstrument', () => {
  it('every name is the venue symbol; the terms ride along; derivatives asset class', () => {
    const reg = new InstrumentRegistry([]).withContracts([contractInstrument(PF_XBTUSD)])
    const i = reg.resolve('PF_XBTUSD')
    expect(i).toEqual({
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
      assetClass: 'derivatives',
      contract: {
        kind: 'perpetual',
        contractSize: '1',
        qtyStep: '0.0001',
        marginLevels: [{ contracts: '0', initialMargin: '0.02', maintenanceMargin: '0.01' }],
        maxPosition: '1200',
        fundingIntervalMs: 3_600_000,
      },
    })
    expect(
      contractInstrument({ ...PF_XBTUSD, kind: 'future', expiry: Date.UTC(2027, 2, 26, 16) }).contract,
    ).toMatchObject({
      kind: 'future',
      expiry: Date.UTC(2027, 2, 26, 16),
    })
  })

  it('the core order checks read its tick and minimum: an off-tick price is refused in words', () => {
    const inst = contractInstrument(PF_XBTUSD)
    expect(() =>
      validatePlace(
        { symbol: 'PF_XBTUSD', side: 'buy', type: 'limit', qty: '0.5', limitPrice: '60000.5', tif: 'GTC' },
        inst,
      ),
    ).toThrow(/Limit price 60000.5 is not valid for PF_XBTUSD|off the PF_XBTUSD tick/)
    expect(() =>
      validatePlace(
        { symbol: 'PF_XBTUSD', side: 'buy', type: 'limit', qty: '0.5', limitPrice: '60000', tif: 'GTC' },
        inst,
      ),
    ).not.toThrow()
  })
})
