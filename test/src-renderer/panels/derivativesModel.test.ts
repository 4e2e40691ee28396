import { describe, expect, it } from 'vitest'
import {
  closingOrder,
  derivativesProblems,
  instrumentGroups,
  instrumentLabel,
  isDerivatives,
  leverageChoice,
  leverageOf,
  leverageWords,
  positionOf,
  qtyUnitWords,
} from '../../../src-renderer/panels/derivativesModel'
import { orderFlags } from '../../../src-renderer/panels/orderFlags'
import { BTC_USD, PF_XBTUSD } from '../instruments'
import { LONG_XBT, view } from '../derivativesView'

const order = (over: Partial<Parameters<typeof derivativesProblems>[0]> = {}) => ({
  symbol: 'PF_XBTUSD',
  side: 'buy' as const,
  type: 'limit' as const,
  qty: '0.5',
  tif: 'GTC' as const,
  reduceOnly: false,
  chase: false,
  exitTemplate: '',
  ...over,
})

describe('derivatives instruments in words', () => {
  it('knows a contract by its asset class, or by its id when main does not say', () => {
    expect(isDerivatives(PF_XBTUSD)).toBe(true)
    expect(isDerivatives(BTC_USD)).toBe(false)
    expect(isDerivatives({ symbol: 'PF_ETHUSD' })).toBe(true)
    expect(isDerivatives({ symbol: 'ETH/USD', assetClass: 'spot' })).toBe(false)
    expect(isDerivatives(undefined)).toBe(false)
  })
  it('says what the quantity counts, from the contract size and base', () => {
    expect(qtyUnitWords(PF_XBTUSD)).toBe('contracts (1 = 1 BTC)')
    expect(qtyUnitWords({ ...PF_XBTUSD, contract: { ...PF_XBTUSD.contract!, contractSize: '0.001' } })).toBe(
      'contracts (1 = 0.001 BTC)',
    )
    expect(qtyUnitWords(BTC_USD)).toBe('BTC')
  })
  it('labels contracts "perp" or "future" and groups them after spot pairs', () => {
    expect(instrumentLabel(PF_XBTUSD)).toBe('PF_XBTUSD · BTC perp')
    expect(
      instrumentLabel({
        ...PF_XBTUSD,
        symbol: 'FF_XBTUSD_270326',
        contract: { ...PF_XBTUSD.contract!, kind: 'future' },
      }),
    ).toBe('FF_XBTUSD_270326 · BTC future')
    expect(instrumentGroups([PF_XBTUSD, BTC_USD], 'BTC/USD')).toEqual([
      { label: 'Spot', options: [{ symbol: 'BTC/USD', label: 'BTC/USD' }] },
      { label: 'Derivatives', options: [{ symbol: 'PF_XBTUSD', label: 'PF_XBTUSD · BTC perp' }] },
    ])
    // before app.info the panel's own symbol is still listed; no contracts: one group
    expect(instrumentGroups([], 'ETH/USD')).toEqual([
      { label: 'Spot', options: [{ symbol: 'ETH/USD', label: 'ETH/USD' }] },
    ])
  })
})

describe('leverage preference', () => {
  it('reads the market preference: fixed, cross, or not known yet', () => {
    expect(leverageOf(view(), 'PF_XBTUSD')).toBe('5')
    expect(leverageOf(view(), 'PF_ETHUSD')).toBeNull()
    // Kraken has not sent the account's preferences yet: not known, never shown as cross
    expect(leverageOf(view({ leverage: [] }), 'PF_XBTUSD')).toBeUndefined()
    expect(leverageOf(null, 'PF_XBTUSD')).toBeUndefined()
    expect(leverageWords('5')).toBe('5× isolated')
    expect(leverageWords(null)).toBe('cross margin')
    expect(leverageWords(undefined)).toBe('leverage not known yet')
  })
  it('takes Cross or a number from 1 to the contract maximum, and refuses the rest in words', () => {
    expect(leverageChoice('', PF_XBTUSD)).toEqual({ maxLeverage: null })
    expect(leverageChoice('Cross', PF_XBTUSD)).toEqual({ maxLeverage: null })
    expect(leverageChoice('10', PF_XBTUSD)).toEqual({ maxLeverage: 10 })
    expect(leverageChoice('2.5', PF_XBTUSD)).toEqual({ maxLeverage: 2.5 })
    expect(leverageChoice('50', PF_XBTUSD)).toEqual({ maxLeverage: 50 })
    expect(leverageChoice('51', PF_XBTUSD)).toEqual({
      problem: "Leverage 51× is above this contract's maximum of 50×",
    })
    expect(leverageChoice('0.5', PF_XBTUSD)).toEqual({ problem: 'Leverage must be at least 1×, not 0.5×' })
    expect(leverageChoice('5x', PF_XBTUSD)).toEqual({
      problem: 'Leverage must be a number like 5 (or Cross), not "5x"',
    })
  })
})

describe('positions and the close order', () => {
  it('finds the open position and the order that closes exactly it', () => {
    expect(positionOf(view(), 'PF_XBTUSD')).toBe(LONG_XBT)
    expect(positionOf(view({ positions: [{ ...LONG_XBT, size: '0.0000' }] }), 'PF_XBTUSD')).toBeUndefined()
    expect(closingOrder({ size: '0.5' })).toEqual({ side: 'sell', qty: '0.5' })
    expect(closingOrder({ size: '-1.2500' })).toEqual({ side: 'buy', qty: '1.2500' })
    expect(closingOrder({ size: '0' })).toBeNull()
  })
})

describe('derivatives order checks', () => {
  it('passes a good order with the derivatives account known', () => {
    expect(derivativesProblems(order(), PF_XBTUSD, view())).toEqual([])
  })
  it('waits for the account, and says when the venue has no derivatives', () => {
    expect(derivativesProblems(order(), PF_XBTUSD, null)).toEqual([
      'Waiting for the derivatives account (permission and positions) from Trident core',
    ])
    expect(
      derivativesProblems(order(), PF_XBTUSD, view({ available: false, detail: 'spot-only profile' })),
    ).toEqual(['Derivatives are not available here: spot-only profile'])
  })
  it('refuses what Kraken or Trident do not offer on a contract', () => {
    expect(
      derivativesProblems(
        order({ type: 'iceberg', chase: true, exitTemplate: 't1', qty: '1200.0001' }),
        PF_XBTUSD,
        view(),
      ),
    ).toEqual([
      "Kraken's derivatives orders have no iceberg: choose another type",
      'Chase is not offered on derivatives yet: untick Chase',
      'Exits are not offered on derivatives yet: choose no exits',
      "Quantity 1200.0001 is above this contract's largest position of 1200 contracts",
    ])
  })
  it('refuses fill-or-kill, which the Unified WS does not take', () => {
    expect(derivativesProblems(order({ tif: 'FOK' }), PF_XBTUSD, view())).toEqual([
      "Kraken's derivatives orders have no fill-or-kill: choose GTC or IOC",
    ])
    // a market order is sent IOC whatever the box says
    expect(derivativesProblems(order({ tif: 'FOK', type: 'market' }), PF_XBTUSD, view())).toEqual([])
  })
  it('follows the account permission: disabled refuses, reduce-only allows only reduce-only', () => {
    expect(derivativesProblems(order(), PF_XBTUSD, view({ permission: 'disabled' }))).toEqual([
      'This account may not trade derivatives (Kraken: futures permission disabled)',
    ])
    expect(
      derivativesProblems(order({ side: 'sell' }), PF_XBTUSD, view({ permission: 'reduce_only' })),
    ).toEqual([
      'This account may only reduce derivatives positions (Kraken: reduce-only permission): tick Reduce-only',
    ])
    expect(
      derivativesProblems(
        order({ side: 'sell', reduceOnly: true }),
        PF_XBTUSD,
        view({ permission: 'reduce_only' }),
      ),
    ).toEqual([])
  })
  it('refuses reduce-only with no position, on the growing side, or above the position', () => {
    expect(
      derivativesProblems(order({ reduceOnly: true, side: 'sell' }), PF_XBTUSD, view({ positions: [] })),
    ).toEqual(['Reduce-only needs an open PF_XBTUSD position to reduce: there is none'])
    expect(derivativesProblems(order({ reduceOnly: true, side: 'buy' }), PF_XBTUSD, view())).toEqual([
      'Reduce-only buy would grow your PF_XBTUSD long of 0.5 contracts: choose sell',
    ])
    expect(
      derivativesProblems(order({ reduceOnly: true, side: 'sell', qty: '0.6' }), PF_XBTUSD, view()),
    ).toEqual(['Reduce-only 0.6 contracts is more than your PF_XBTUSD position of 0.5'])
    expect(
      derivativesProblems(order({ reduceOnly: true, side: 'sell', qty: '0.5000' }), PF_XBTUSD, view()),
    ).toEqual([])
  })
})

describe('blotter order flags', () => {
  it('marks reduce-only with who enforces it, the trigger signal and spot margin leverage', () => {
    expect(orderFlags({ symbol: 'BTC/USD', reduceOnly: true })).toEqual([
      { text: 'RO', title: 'reduce-only (enforced by Trident)' },
    ])
    expect(orderFlags({ symbol: 'PF_XBTUSD', reduceOnly: true, triggerSignal: 'index' })).toEqual([
      { text: 'RO', title: "reduce-only (Kraken's reduce_only)" },
      { text: 'on index', title: 'the price the trigger watches' },
    ])
    expect(orderFlags({ symbol: 'BTC/USD', leverage: '3' })).toEqual([
      { text: '3×', title: 'spot margin order, borrowing at 3×' },
    ])
    expect(orderFlags({ symbol: 'BTC/USD' })).toEqual([])
  })
})
