import { describe, expect, it } from 'vitest'
import { marginLeverage, sendProblems, ticketSummary } from '../../../src-renderer/panels/ticketModel'
import type { Ticket } from '../../../src-renderer/stores/ticketStore'
import { BTC_USD, BTC_USD_MARGIN, PF_XBTUSD } from '../instruments'
import { view } from '../derivativesView'

const t = (over: Partial<Ticket> = {}): Ticket => ({
  symbol: 'PF_XBTUSD',
  side: 'buy',
  type: 'limit',
  qty: '0.5',
  price: '64000',
  triggerPrice: '',
  displayQty: '',
  tif: 'GTC',
  postOnly: false,
  reduceOnly: false,
  triggerSignal: 'last',
  leverage: '',
  protocol: 'auto',
  chase: false,
  chaseMaxTicks: '',
  chaseOffsetTicks: '0',
  ...over,
})

describe('the ticket on a derivatives contract', () => {
  it('says exactly what Enter sends: contracts, price, reduce-only, the market leverage', () => {
    expect(ticketSummary(t({ reduceOnly: true }), PF_XBTUSD, undefined, '5')).toBe(
      'Buy 0.5 PF_XBTUSD contracts · limit 64,000 · reduce-only · 5× isolated',
    )
    expect(ticketSummary(t({ type: 'market', side: 'sell' }), PF_XBTUSD, undefined, null)).toBe(
      'Sell 0.5 PF_XBTUSD contracts · market · cross margin',
    )
    expect(
      ticketSummary(
        t({ type: 'stop-loss', triggerPrice: '60000', triggerSignal: 'index' }),
        PF_XBTUSD,
        undefined,
        '5',
      ),
    ).toBe('Buy 0.5 PF_XBTUSD contracts · stop-loss trigger 60,000 on index · 5× isolated')
    expect(
      ticketSummary(
        t({ type: 'take-profit-limit', triggerPrice: '70000', price: '69990' }),
        PF_XBTUSD,
        undefined,
        null,
      ),
    ).toBe(
      'Buy 0.5 PF_XBTUSD contracts · take-profit-limit trigger 70,000 on last, limit 69,990 · cross margin',
    )
    expect(
      ticketSummary(t({ type: 'trailing-stop', triggerPrice: '250' }), PF_XBTUSD, undefined, undefined),
    ).toBe('Buy 0.5 PF_XBTUSD contracts · trailing-stop 250 behind on last · leverage not known yet')
    expect(ticketSummary(t({ postOnly: true }), PF_XBTUSD, undefined, null)).toBe(
      'Buy 0.5 PF_XBTUSD contracts · limit 64,000 · post-only · cross margin',
    )
  })
  it('checks the quantity in contracts: a multiple of the step, at least the minimum', () => {
    const d = view()
    expect(sendProblems(t(), PF_XBTUSD, [], [], d)).toEqual([])
    expect(sendProblems(t({ qty: '0.00005' }), PF_XBTUSD, [], [], d)).toEqual([
      'Quantity must be a multiple of the 0.0001-contract step',
    ])
    expect(sendProblems(t({ qty: '0' }), PF_XBTUSD, [], [], d)).toEqual(['Quantity must be above zero'])
    expect(sendProblems(t({ qty: '0.0001' }), PF_XBTUSD, [], [], d)).toEqual([])
    expect(sendProblems(t({ qty: '0.0001' }), { ...PF_XBTUSD, ordermin: '0.001' }, [], [], d)).toEqual([
      'Quantity is below the minimum of 0.001 contracts',
    ])
  })
  it('pays by margin, not by a balance: no USD balance refuses nothing', () => {
    const noUsd = [{ asset: 'USD', balance: '1.00' }]
    expect(sendProblems(t(), PF_XBTUSD, noUsd, [], view())).toEqual([])
  })
  it('adds the derivatives account checks to the one check (button, Enter and ladder click)', () => {
    expect(sendProblems(t({ reduceOnly: true }), PF_XBTUSD, [], [], view({ positions: [] }))).toEqual([
      'Reduce-only needs an open PF_XBTUSD position to reduce: there is none',
    ])
    expect(sendProblems(t(), PF_XBTUSD, [], [], view({ permission: 'disabled' }))).toEqual([
      'This account may not trade derivatives (Kraken: futures permission disabled)',
    ])
    expect(sendProblems(t(), PF_XBTUSD, [], [])).toEqual([
      'Waiting for the derivatives account (permission and positions) from Trident core',
    ])
  })
})

describe('the ticket on a spot pair Kraken lends on', () => {
  const spot = (over: Partial<Ticket> = {}) =>
    t({ symbol: 'BTC/USD', qty: '0.01', price: '65000.0', ...over })
  it('sends the leverage chosen and says so; Cash says nothing new', () => {
    expect(ticketSummary(spot({ leverage: '3' }), BTC_USD_MARGIN)).toBe(
      'Buy 0.01 BTC @ 65000.0 limit · 3× margin',
    )
    expect(ticketSummary(spot({ leverage: '3', reduceOnly: true, side: 'sell' }), BTC_USD_MARGIN)).toBe(
      'Sell 0.01 BTC @ 65000.0 limit reduce-only · 3× margin',
    )
    expect(ticketSummary(spot(), BTC_USD_MARGIN)).toBe('Buy 0.01 BTC @ 65000.0 limit')
    expect(marginLeverage(spot({ leverage: '3' }), BTC_USD_MARGIN)).toBe('3')
    expect(marginLeverage(spot({ leverage: '3' }), PF_XBTUSD)).toBe('')
  })
  it('borrows: a margin buy is not refused for want of USD, a cash buy is', () => {
    const balances = [{ asset: 'USD', balance: '100.0' }]
    expect(sendProblems(spot({ leverage: '2' }), BTC_USD_MARGIN, balances)).toEqual([])
    expect(sendProblems(spot(), BTC_USD_MARGIN, balances)).toEqual([
      'Not enough USD: this needs more than the 100.0 available',
    ])
  })
  it('exits and chase are cash orders: with a margin leverage chosen the ticket refuses rather than send cash', () => {
    const balances = [{ asset: 'USD', balance: '100000.0' }]
    expect(
      sendProblems(spot({ leverage: '2', exitTemplate: 'scalp' }), BTC_USD_MARGIN, balances, [
        { id: 'scalp' },
      ]),
    ).toEqual(['Exits are for cash orders (brackets are not sent on margin): choose Cash or no exits'])
    expect(
      sendProblems(spot({ leverage: '2', chase: true, chaseMaxTicks: '20' }), BTC_USD_MARGIN, balances),
    ).toEqual(['A chase order is a cash order: choose Cash or untick Chase'])
  })
  it('refuses a leverage the pair does not offer, in words', () => {
    expect(sendProblems(spot({ leverage: '3' }), BTC_USD, [])).toEqual([
      'BTC/USD is not offered on margin: choose Cash',
    ])
    expect(sendProblems(spot({ leverage: '5' }), { ...BTC_USD, marginLeverage: ['2', '3'] }, [])).toEqual([
      'BTC/USD is not offered at 5× (only 2×, 3×): choose another leverage or Cash',
    ])
  })
})
