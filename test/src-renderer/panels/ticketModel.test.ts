import { describe, expect, it } from 'vitest'
import { sendProblems, ticketProblems, ticketSummary } from '../../../src-renderer/panels/ticketModel'
import type { Ticket } from '../../../src-renderer/stores/ticketStore'
import { BTC_USD } from '../instruments'

const inst = BTC_USD
const t = (over: Partial<Ticket> = {}): Ticket => ({
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '0.01',
  price: '65000.0',
  triggerPrice: '',
  displayQty: '',
  tif: 'GTC',
  postOnly: false,
  reduceOnly: false,
  protocol: 'auto',
  chase: false,
  chaseMaxTicks: '',
  chaseOffsetTicks: '0',
  triggerSignal: 'last',
  leverage: '',
  ...over,
})

describe('ticket validation', () => {
  it('accepts a good ticket and summarises exactly what Enter sends', () => {
    expect(ticketProblems(t(), inst)).toEqual([])
    expect(ticketSummary(t({ postOnly: true }), inst)).toBe('Buy 0.01 BTC @ 65000.0 limit post-only')
    expect(ticketSummary(t({ type: 'market', side: 'sell' }), inst)).toBe('Sell 0.01 BTC at market')
    expect(ticketSummary(t({ reduceOnly: true, side: 'sell' }), inst)).toBe(
      'Sell 0.01 BTC @ 65000.0 limit reduce-only',
    )
  })
  it('explains off-tick prices, minimums, missing fields and funds', () => {
    expect(ticketProblems(t({ price: '65000.05' }), inst)).toEqual([
      'Price must be a number with at most 1 decimals',
    ])
    expect(ticketProblems(t({ qty: '0.00001' }), inst)).toEqual([
      'Quantity is below the minimum of 0.00005 BTC',
    ])
    expect(ticketProblems(t({ price: '' }), inst)).toEqual(['Price is missing'])
    expect(ticketProblems(t({ qty: '0.0001', price: '1.0' }), inst)).toEqual([
      'Order value is below the minimum of 0.5 USD',
    ])
    expect(ticketProblems(t({ type: 'stop-loss', triggerPrice: '' }), inst)).toEqual([
      'Trigger price is missing',
    ])
    expect(ticketProblems(t({ qty: '2' }), inst, { asset: 'USD', amount: '1000' })).toEqual([
      'Not enough USD: this needs more than the 1000 available',
    ])
    expect(
      ticketProblems(t({ side: 'sell', qty: '2.5' }), inst, { asset: 'BTC', amount: '2.0000000000' }),
    ).toEqual(['Not enough BTC: selling 2.5 needs more than the 2.0000000000 you hold'])
    expect(
      ticketProblems(t({ side: 'sell', qty: '2' }), inst, { asset: 'BTC', amount: '2.0000000000' }),
    ).toEqual([])
    expect(ticketProblems(t({ type: 'market', postOnly: true }), inst)).toEqual([
      'Post-only applies to limit-priced orders only',
    ])
    expect(ticketProblems(t(), undefined)).toEqual(['Waiting for instrument details'])
  })

  it('with an exit template the button says the exits, and the one check refuses what brackets.place cannot carry', () => {
    const scalp = { id: 't1', name: 'Scalp' }
    const withExits = t({ price: '64999.9', exitTemplate: 't1' })
    expect(ticketSummary(withExits, inst, scalp)).toBe("Buy 0.01 BTC @ 64999.9 limit + exits 'Scalp'")
    expect(ticketSummary(t({ price: '64999.9' }), inst, scalp)).toBe('Buy 0.01 BTC @ 64999.9 limit')
    expect(sendProblems(withExits, inst, [], [scalp])).toEqual([])
    expect(sendProblems(withExits, inst, [], [])).toEqual([
      'The exit template chosen is no longer saved: choose another, or none',
    ])
    expect(sendProblems(t({ exitTemplate: 't1', reduceOnly: true }), inst, [], [scalp])).toEqual([
      'An entry with exits cannot be reduce-only: untick it or choose no exits',
    ])
    expect(
      sendProblems(t({ exitTemplate: 't1', type: 'iceberg', displayQty: '0.005' }), inst, [], [scalp]),
    ).toEqual(['An iceberg cannot take exits: choose no exits or another type'])
  })
})

describe('a chase order from the ticket', () => {
  // main prices it at the touch: the ticket's price is not asked for, and not checked
  const chase = (over: Partial<Ticket> = {}): Ticket =>
    t({ chase: true, price: '', chaseMaxTicks: '20', chaseOffsetTicks: '0', ...over })

  it('needs no price, and the button says what Enter sends', () => {
    expect(sendProblems(chase(), inst, [], [])).toEqual([])
    expect(ticketSummary(chase(), inst)).toBe('Buy 0.01 BTC chase: join the bid, up to 20 ticks')
    expect(ticketSummary(chase({ side: 'sell', chaseOffsetTicks: '2' }), inst)).toBe(
      'Sell 0.01 BTC chase: 2 ticks behind the ask, up to 20 ticks',
    )
    expect(ticketSummary(chase({ chaseOffsetTicks: '1', chaseMaxTicks: '1' }), inst)).toBe(
      'Buy 0.01 BTC chase: 1 tick behind the bid, up to 1 tick',
    )
    expect(ticketSummary(chase({ chaseMaxTicks: '' }), inst)).toBe(
      'Buy 0.01 BTC chase: join the bid, up to ? ticks',
    )
  })

  it('refuses a max chase or an offset that is not a whole number in range, in words', () => {
    expect(sendProblems(chase({ chaseMaxTicks: '' }), inst, [], [])).toEqual([
      'Max chase is missing: how many ticks the order may follow the touch (1 to 100000)',
    ])
    const maxWords = (v: string): string =>
      `Max chase must be a whole number of ticks from 1 to 100000, not "${v}"`
    for (const v of ['0', '100001', '2.5', '-3', '1e3'])
      expect(sendProblems(chase({ chaseMaxTicks: v }), inst, [], [])).toEqual([maxWords(v)])
    expect(sendProblems(chase({ chaseMaxTicks: '100000' }), inst, [], [])).toEqual([])
    const offWords = (v: string): string =>
      `Offset must be a whole number of ticks from 0 to 10000 (0 joins the touch), not "${v}"`
    for (const v of ['', '10001', '1.5', '-1'])
      expect(sendProblems(chase({ chaseOffsetTicks: v }), inst, [], [])).toEqual([offWords(v)])
    expect(sendProblems(chase({ chaseOffsetTicks: '10000' }), inst, [], [])).toEqual([])
  })

  it('refuses what a chase cannot carry: exits, post-only, reduce-only, another type or time in force', () => {
    const scalp = { id: 't1', name: 'Scalp' }
    expect(sendProblems(chase({ exitTemplate: 't1' }), inst, [], [scalp])).toEqual([
      'A chase order cannot take exits: choose no exits or untick Chase',
    ])
    expect(sendProblems(chase({ postOnly: true }), inst, [], [])).toEqual([
      'A chase order cannot be post-only: untick Post-only or Chase',
    ])
    expect(sendProblems(chase({ reduceOnly: true }), inst, [], [])).toEqual([
      'A chase order cannot be reduce-only: untick Reduce-only or Chase',
    ])
    expect(sendProblems(chase({ type: 'market' }), inst, [], [])).toEqual([
      'A chase order is a limit order: choose limit or untick Chase',
    ])
    expect(sendProblems(chase({ tif: 'IOC' }), inst, [], [])).toEqual([
      'A chase order rests until filled (GTC): choose GTC or untick Chase',
    ])
  })

  it('still checks the quantity and what a sell needs', () => {
    expect(sendProblems(chase({ qty: '' }), inst, [], [])).toEqual(['Quantity is missing'])
    const held = [{ asset: 'BTC', balance: '0.005' }]
    expect(sendProblems(chase({ side: 'sell' }), inst, held, [])).toEqual([
      'Not enough BTC: selling 0.01 needs more than the 0.005 you hold',
    ])
  })
})
