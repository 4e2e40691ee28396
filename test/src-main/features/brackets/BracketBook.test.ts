import { describe, expect, it } from 'vitest'
import type { Bracket, BracketEntry, BracketLeg } from '../../../../src-main/core/brackets/bracketState'
import type { TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import { BracketBook } from '../../../../src-main/features/brackets/BracketBook'

const template = {
  id: 't1',
  name: 'Scalp',
  targets: [{ offset: { ticks: 20 }, percent: 100 }],
  stop: { offset: { ticks: 20 }, type: 'stop-loss' as const },
}

const entry = (id: string, covered: string[] = []): BracketEntry => ({
  entryClOrdId: id,
  symbol: 'BTC/USD',
  side: 'buy',
  template,
  covered,
  createdAt: 1,
})

const leg = (role: 'target' | 'stop', clOrdId?: string): BracketLeg =>
  ({
    role,
    n: role === 'stop' ? 0 : 1,
    type: 'limit',
    qty: '0.1',
    limitPrice: '65002.0',
    clOrdId,
  }) as BracketLeg

/** entry E's bracket protecting trade `trade`, its stop S-E and target T-E */
const bracket = (e: string, trade: string, phase: Bracket['phase'] = 'done'): Bracket => ({
  id: `${e}-1`,
  entryClOrdId: e,
  symbol: 'BTC/USD',
  entrySide: 'buy',
  tradeIds: [trade],
  qty: '0.1',
  entryPrice: '65000.0',
  template,
  targets: [leg('target', `T-${e}`)],
  stop: leg('stop', `S-${e}`),
  phase,
  createdAt: 1,
})

/** the entry's order as the tracker has it: its state and fills' trade ids */
const order = (id: string, state: TrackedOrder['state'], trades: string[]): TrackedOrder =>
  ({
    clOrdId: id,
    state,
    fills: trades.map((tradeId) => ({ tradeId, qty: '0.1', price: '65000.0', at: 1 })),
  }) as unknown as TrackedOrder

/** an entry filled by one trade, whose bracket is done: finished */
function finishedEntry(book: BracketBook, id: string): void {
  book.addEntry(entry(id))
  book.addBracket(bracket(id, `X-${id}`))
  book.review(id, order(id, 'filled', [`X-${id}`]))
}

describe('BracketBook (issue 20: a day of brackets is bounded)', () => {
  it('keeps the newest finished entries up to its bound; the oldest go with their brackets and leg links', () => {
    const forgotten: [string, readonly string[]][] = []
    const book = new BracketBook((b, ids) => forgotten.push([b.id, ids]), 2)
    finishedEntry(book, 'E1')
    finishedEntry(book, 'E2')
    expect(book.sizes).toEqual({ entries: 2, brackets: 2, legs: 4 })
    finishedEntry(book, 'E3')
    expect(book.sizes).toEqual({ entries: 2, brackets: 2, legs: 4 })
    expect([...book.entries.keys()]).toEqual(['E2', 'E3'])
    expect(forgotten).toEqual([['E1-1', ['S-E1', 'T-E1']]])
    expect(book.legOf('S-E1')).toBeUndefined()
    expect(book.legOf('S-E3')?.id).toBe('E3-1')
    expect(book.bracketsOf('E1')).toEqual([])
  })

  it('a leg placed again keeps its earlier order id until the bracket is forgotten, then both go', () => {
    const forgotten: (readonly string[])[] = []
    const book = new BracketBook((_b, ids) => forgotten.push(ids), 0)
    book.addEntry(entry('E1'))
    const b = bracket('E1', 'X1', 'working')
    book.addBracket(b)
    b.stop.clOrdId = 'S2-E1' // the stop placed again
    book.linkLeg('S2-E1', b)
    expect(book.legOf('S-E1')).toBe(b)
    expect(book.legOf('S2-E1')).toBe(b)
    b.phase = 'done'
    book.review('E1', order('E1', 'filled', ['X1']))
    expect(forgotten).toEqual([['S-E1', 'T-E1', 'S2-E1']])
    expect(book.sizes).toEqual({ entries: 0, brackets: 0, legs: 0 })
  })

  it('an entry is not finished while its order works, a fill has no bracket, or a bracket works', () => {
    const book = new BracketBook(() => {}, 0)
    // the order still works (more fills may come): kept, and the tracker keeps its order
    book.addEntry(entry('E1'))
    book.addBracket(bracket('E1', 'X1'))
    book.review('E1', order('E1', 'open', ['X1']))
    // ended, but its second fill has no bracket yet
    book.addEntry(entry('E2'))
    book.addBracket(bracket('E2', 'X2'))
    book.review('E2', order('E2', 'filled', ['X2', 'X2b']))
    // ended and covered, but its bracket still works
    book.addEntry(entry('E3'))
    book.addBracket(bracket('E3', 'X3', 'working'))
    book.review('E3', order('E3', 'filled', ['X3']))
    // the tracker does not have its order, and the order journal has not folded it: left as it is
    book.addEntry(entry('E4'))
    book.addBracket(bracket('E4', 'X4'))
    book.review('E4', undefined)
    expect([...book.entries.keys()]).toEqual(['E1', 'E2', 'E3', 'E4'])
    expect(['E1', 'E2', 'E3', 'E4', 'S-E3'].map((id) => book.needs(id))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
    // a done bracket's legs are not needed; a fill refused a bracket (covered) finishes its entry
    expect(book.needs('S-E1')).toBe(false)
    book.addEntry(entry('E5', ['X5']))
    book.review('E5', order('E5', 'cancelled', ['X5']))
    expect(book.entries.has('E5')).toBe(false)
  })

  it('a finished entry the tracker still needs is not needed any more; a late fill makes it unfinished again', () => {
    const book = new BracketBook(() => {}, 5)
    finishedEntry(book, 'E1')
    expect(book.needs('E1')).toBe(false)
    // a fill reported after the end (a race at the venue): the entry acts again, and is kept
    book.review('E1', order('E1', 'filled', ['X-E1', 'late']))
    expect(book.needs('E1')).toBe(true)
    for (const id of ['E2', 'E3', 'E4', 'E5', 'E6', 'E7']) finishedEntry(book, id)
    expect(book.entries.has('E1')).toBe(true)
    expect(book.sizes.entries).toBe(6)
  })

  it('a finished entry stays finished once the tracker has forgotten its order (a journal reload looks again)', () => {
    const book = new BracketBook(() => {}, 5)
    finishedEntry(book, 'E1')
    book.review('E1', undefined)
    expect(book.needs('E1')).toBe(false)
    for (const id of ['E2', 'E3', 'E4', 'E5', 'E6']) finishedEntry(book, id)
    expect(book.entries.has('E1')).toBe(false) // still counted among the finished, so it went first
  })

  it('an entry whose order the journal folded (it ended; a start no longer reads it) is finished, with or without brackets', () => {
    const folded = new Set(['E6', 'E7'])
    const book = new BracketBook(
      () => {},
      0,
      (id) => folded.has(id),
    )
    // a limit entry cancelled unfilled: no bracket
    book.addEntry(entry('E6'))
    book.review('E6', undefined)
    // filled, its bracket done
    book.addEntry(entry('E7'))
    book.addBracket(bracket('E7', 'X7'))
    book.review('E7', undefined)
    // its bracket still works: not finished, whatever the journal says
    folded.add('E8')
    book.addEntry(entry('E8'))
    book.addBracket(bracket('E8', 'X8', 'working'))
    book.review('E8', undefined)
    expect([...book.entries.keys()]).toEqual(['E8'])
  })
})
