import { describe, expect, it } from 'vitest'
import {
  InstrumentRegistry,
  UnknownInstrumentError,
} from '../../../../src-main/core/instruments/InstrumentRegistry'

// Shapes as Kraken's REST AssetPairs/Assets return them (spec example fields).
const assets = {
  XXBT: { altname: 'XBT', decimals: 10 },
  ZUSD: { altname: 'USD', decimals: 4 },
  XXRP: { altname: 'XRP', decimals: 8 },
  XETH: { altname: 'ETH', decimals: 10 },
  XTZ: { altname: 'XTZ', decimals: 8 },
  XDG: { altname: 'XDG', decimals: 8 },
}
const pairs = {
  XXBTZUSD: {
    altname: 'XBTUSD',
    wsname: 'XBT/USD',
    base: 'XXBT',
    quote: 'ZUSD',
    pair_decimals: 1,
    lot_decimals: 8,
    cost_decimals: 5,
    ordermin: '0.00005',
    costmin: '0.5',
    tick_size: '0.1',
  },
  XXRPZUSD: {
    altname: 'XRPUSD',
    wsname: 'XRP/USD',
    base: 'XXRP',
    quote: 'ZUSD',
    pair_decimals: 5,
    lot_decimals: 8,
    ordermin: '2',
  },
  XTZUSD: {
    altname: 'XTZUSD',
    wsname: 'XTZ/USD',
    base: 'XTZ',
    quote: 'ZUSD',
    pair_decimals: 4,
    lot_decimals: 8,
  },
  XDGUSD: {
    altname: 'XDGUSD',
    wsname: 'XDG/USD',
    base: 'XDG',
    quote: 'ZUSD',
    pair_decimals: 7,
    lot_decimals: 8,
  },
  XETHXXBT: {
    altname: 'ETHXBT',
    wsname: 'ETH/XBT',
    base: 'XETH',
    quote: 'XXBT',
    pair_decimals: 5,
    lot_decimals: 8,
    tick_size: '0.00001',
  },
}

describe('InstrumentRegistry', () => {
  const reg = InstrumentRegistry.fromKraken(pairs, assets)

  it('maps every Kraken name of a pair to one instrument id (the WS v2 symbol)', () => {
    for (const n of ['BTC/USD', 'XXBTZUSD', 'XBTUSD', 'XBT/USD']) expect(reg.resolve(n).id, n).toBe('BTC/USD')
    expect(reg.get('BTC/USD')).toMatchObject({
      restPair: 'XXBTZUSD',
      altname: 'XBTUSD',
      wsnameV1: 'XBT/USD',
      restBase: 'XXBT',
      restQuote: 'ZUSD',
      pricePrecision: 1,
      qtyPrecision: 8,
      tickSize: '0.1',
    })
    expect(reg.get('ETH/BTC').restPair).toBe('XETHXXBT')
  })

  it('margin levels: those Kraken offers on both sides; none on a cash-only pair', () => {
    const margin = InstrumentRegistry.fromKraken(
      {
        XXBTZUSD: { ...pairs.XXBTZUSD!, leverage_buy: [2, 3, 4, 5], leverage_sell: [2, 3, 4] },
        XETHXXBT: { ...pairs.XETHXXBT!, leverage_buy: [], leverage_sell: [] },
      },
      assets,
    )
    expect(margin.get('BTC/USD').marginLeverage).toEqual(['2', '3', '4'])
    expect(margin.get('ETH/BTC').marginLeverage).toBeUndefined()
  })

  it('never strips X or Z blindly: XRP, XTZ stay; XDG becomes DOGE as WS v2 names it', () => {
    expect(reg.resolve('XXRPZUSD').id).toBe('XRP/USD')
    expect(reg.resolve('XTZUSD').id).toBe('XTZ/USD')
    expect(reg.resolve('XDGUSD').id).toBe('DOGE/USD')
  })

  it('takes precisions given as exact text (lossless JSON) as numbers', () => {
    const r = InstrumentRegistry.fromKraken(
      { XXBTZUSD: { ...pairs.XXBTZUSD, pair_decimals: '1', lot_decimals: '8', cost_decimals: '5' } },
      assets,
    )
    expect(r.get('BTC/USD')).toMatchObject({ pricePrecision: 1, qtyPrecision: 8, costPrecision: 5 })
    expect(() =>
      InstrumentRegistry.fromKraken({ X: { ...pairs.XXBTZUSD, pair_decimals: 'x' } }, assets),
    ).toThrow(/pair_decimals is not a precision/)
  })

  it('derives a tick from the price precision when AssetPairs omits tick_size', () => {
    expect(reg.get('XRP/USD').tickSize).toBe('0.00001')
  })

  it('adopts FIX symbols from InstrumentList, matched by v1 or v2 name', () => {
    const withFix = reg.withFixSymbols(['XBT/USD', 'ETH/BTC'])
    expect(withFix.get('BTC/USD').fixSymbol).toBe('XBT/USD')
    expect(withFix.resolve('XBT/USD').id).toBe('BTC/USD')
    expect(withFix.get('ETH/BTC').fixSymbol).toBe('ETH/BTC')
    expect(reg.get('BTC/USD').fixSymbol).toBe('BTC/USD') // the original is unchanged
  })

  it('says which name is unknown', () => {
    expect(() => reg.resolve('FOO/BAR')).toThrow(UnknownInstrumentError)
    expect(() => reg.resolve('FOO/BAR')).toThrow('Unknown instrument FOO/BAR')
    expect(() => InstrumentRegistry.fromKraken({ X: { ...pairs.XXBTZUSD, base: 'NOPE' } }, assets)).toThrow(
      /NOPE/,
    )
  })
})
