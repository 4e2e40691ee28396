import { describe, expect, it } from 'vitest'
import {
  capNumberText,
  capText,
  clip,
  NUMBER_FIELD_MAX,
  TEXT_FIELD_MAX,
} from '../../../src-renderer/panels/fieldCaps'
import {
  isPlainDecimal,
  payingBalance,
  sendProblems,
  ticketSummary,
} from '../../../src-renderer/panels/ticketModel'
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
const balances = [
  { asset: 'USD', balance: '1000.0000' },
  { asset: 'BTC', balance: '0.02000000' },
]

describe('plain decimals only', () => {
  it('takes digits with one dot and nothing else', () => {
    for (const ok of ['1', '0.01', '65000.5', '.5', '5.']) expect(isPlainDecimal(ok)).toBe(true)
    for (const bad of [
      '1e-2',
      '1e5',
      '1E5',
      '-1',
      '+1',
      '0x10',
      '1.2.3',
      '',
      '.',
      ' 1',
      '1,5',
      'Infinity',
      'NaN',
    ])
      expect(isPlainDecimal(bad)).toBe(false)
  })
  it('refuses exponents in words, in the quantity and the prices', () => {
    expect(sendProblems(t({ qty: '1e-2' }), inst, balances)).toEqual([
      'Quantity must be a plain decimal like 0.01 (digits and one dot), not "1e-2"',
    ])
    expect(sendProblems(t({ qty: '1e5' }), inst, balances)[0]).toBe(
      'Quantity must be a plain decimal like 0.01 (digits and one dot), not "1e5"',
    )
    expect(sendProblems(t({ price: '6.5e4' }), inst, balances)).toEqual([
      'Price must be a plain decimal like 65000.5 (digits and one dot), not "6.5e4"',
    ])
    expect(sendProblems(t({ type: 'stop-loss', triggerPrice: '-1' }), inst, balances)).toEqual([
      'Trigger price must be a plain decimal like 65000.5 (digits and one dot), not "-1"',
    ])
    expect(sendProblems(t({ qty: '' }), inst, balances)).toEqual(['Quantity is missing'])
  })
})

describe('one check for the button, Enter and the ladder', () => {
  it('counts the balance that pays: quote for a buy, coin for a sell', () => {
    expect(payingBalance(t(), inst, balances)).toEqual({ asset: 'USD', amount: '1000.0000' })
    expect(payingBalance(t({ side: 'sell' }), inst, balances)).toEqual({ asset: 'BTC', amount: '0.02000000' })
    expect(payingBalance(t(), undefined, balances)).toBeUndefined()
  })
  it('refuses what the account cannot pay for (Enter once sent it anyway)', () => {
    expect(sendProblems(t({ qty: '7' }), inst, balances)).toEqual([
      'Not enough USD: this needs more than the 1000.0000 available',
    ])
    expect(sendProblems(t({ side: 'sell', qty: '0.03' }), inst, balances)).toEqual([
      'Not enough BTC: selling 0.03 needs more than the 0.02000000 you hold',
    ])
    expect(sendProblems(t({ qty: '0.015' }), inst, balances)).toEqual([])
  })
})

describe('field caps', () => {
  it('keeps at most the cap of a million-character paste', () => {
    const pasted = '1'.repeat(1_000_000)
    expect(NUMBER_FIELD_MAX).toBe(24)
    expect(TEXT_FIELD_MAX).toBe(80)
    expect(capNumberText(pasted)).toBe('1'.repeat(24))
    expect(capNumberText(' 0.01 \n')).toBe('0.01')
    expect(capText('a'.repeat(1000))).toBe('a'.repeat(80))
  })
  it('clips what it echoes, with an ellipsis', () => {
    expect(clip('0.01')).toBe('0.01')
    expect(clip('1'.repeat(30))).toBe(`${'1'.repeat(23)}…`)
    expect(clip('abcdef', 4)).toBe('abc…')
  })
  it('the send button and the refusal never repeat a long paste', () => {
    const long = '9'.repeat(1000)
    expect(ticketSummary(t({ qty: long }), inst)).toBe(`Buy ${'9'.repeat(23)}… BTC @ 65000.0 limit`)
    expect(sendProblems(t({ qty: `${long}e` }), inst, balances)).toEqual([
      `Quantity must be a plain decimal like 0.01 (digits and one dot), not "${'9'.repeat(23)}…"`,
    ])
  })
})
