import { describe, expect, it } from 'vitest'
import type { Bracket, BracketEntry } from '../../../../src-main/core/brackets/bracketState'
import { BracketJournal } from '../../../../src-main/store/BracketJournal'
import { openDb } from '../../../../src-main/store/TridentDb'

const template = {
  id: 't1',
  name: 'Scalp',
  targets: [{ offset: { ticks: 10 }, percent: 100 }],
  stop: { offset: { ticks: 5 }, type: 'stop-loss' as const },
}
const entry: BracketEntry = {
  entryClOrdId: '000000000000000001',
  symbol: 'BTC/USD',
  side: 'buy',
  template,
  covered: [],
  createdAt: 5,
}
const bracket: Bracket = {
  id: 'b-000000000000000001-1',
  entryClOrdId: '000000000000000001',
  symbol: 'BTC/USD',
  entrySide: 'buy',
  tradeIds: ['BTC/USD:7'],
  qty: '0.10000000',
  entryPrice: '65000.0',
  template,
  targets: [{ role: 'target', n: 1, side: 'sell', type: 'limit', qty: '0.10000000', limitPrice: '65001.0' }],
  stop: { role: 'stop', n: 0, side: 'sell', type: 'stop-loss', qty: '0.10000000', triggerPrice: '64999.5' },
  phase: 'working',
  createdAt: 6,
}

describe('BracketJournal', () => {
  it('keeps entries and brackets per profile, each replaced whole by its next save', () => {
    const db = openDb(':memory:')
    const j = new BracketJournal(db, 'live')
    j.saveEntry(entry)
    j.saveBracket(bracket)
    expect(new BracketJournal(db, 'other').brackets()).toEqual([])
    expect(j.entries()).toEqual([entry])
    expect(j.brackets()).toEqual([bracket])
    const sent = { ...bracket, stop: { ...bracket.stop, clOrdId: '000000000000000002' } }
    j.saveBracket(sent)
    j.saveEntry({ ...entry, covered: ['BTC/USD:7'] })
    expect(j.brackets()).toEqual([sent])
    expect(j.entries()).toEqual([{ ...entry, covered: ['BTC/USD:7'] }])
  })
})
