import { describe, expect, it } from 'vitest'
import type { Bracket, BracketEntry } from '../../src-main/core/brackets/bracketState'
import type { MatchingEngine } from '../../src-main/sim/engine/MatchingEngine'
import type { EngineEvent, ExecType, Fill, SimOrder } from '../../src-main/sim/engine/types'
import { checkBrackets } from './bracketChecks'
import { VenueLedger } from './venueLedger'

/**
 * The bracket soak's judge, on a hand-written exchange history (times in ms, quantities in
 * units of 1e-8 BTC), so a soak that passes is known to be able to fail: an OCO that reacted in
 * 30 ms, one that never reacted (the stop filled 7 s after the target), a fill whose legs came
 * late.
 */
function history() {
  let emit: (events: EngineEvent[]) => void = () => {}
  const engine = { onEvents: (fn: typeof emit) => ((emit = fn), () => {}) }
  const ledger = new VenueLedger(engine as unknown as MatchingEngine)
  const orders = new Map<string, SimOrder>()
  let seq = 0
  const open = (clOrdId: string, type: SimOrder['type'], qty: bigint, at: number): SimOrder => {
    const o = {
      id: `O${++seq}`,
      account: 'trader',
      symbol: 'BTC/USD',
      side: 'sell',
      type,
      qty,
      filled: 0n,
      clOrdId,
      status: 'open',
      openedAt: at,
      lastChangedAt: at,
    } as SimOrder
    orders.set(clOrdId, o)
    emit([{ kind: 'order', exec: 'new', order: o }])
    return o
  }
  const fill = (clOrdId: string, qty: bigint, at: number, tradeSeq: number): void => {
    const o = orders.get(clOrdId)!
    o.filled += qty
    const f = {
      tradeId: `T${tradeSeq}`,
      tradeSeq,
      orderId: o.id,
      symbol: 'BTC/USD',
      price: 650000,
      qty,
      time: at,
    } as Fill
    let exec: ExecType = 'trade'
    if (o.filled === o.qty) {
      o.status = 'closed'
      o.closedAt = at
      exec = 'filled'
    }
    emit([{ kind: 'order', exec, order: o, fill: f }])
  }
  const cancel = (clOrdId: string, at: number): void => {
    const o = orders.get(clOrdId)!
    o.status = 'canceled'
    o.closedAt = at
    emit([{ kind: 'order', exec: 'canceled', order: o }])
  }
  return { ledger, open, fill, cancel }
}

const template = {
  id: 't',
  name: 'One target',
  targets: [{ offset: { ticks: 3 }, percent: 100 }],
  stop: { offset: { ticks: 3 }, type: 'stop-loss' },
} as BracketEntry['template']
const entry = (id: string): BracketEntry => ({
  entryClOrdId: id,
  symbol: 'BTC/USD',
  side: 'buy',
  template,
  covered: [],
  createdAt: 0,
})
const bracket = (entryId: string, tradeSeq: number, stop: string, target: string): Bracket => ({
  id: `${entryId}-1`,
  entryClOrdId: entryId,
  symbol: 'BTC/USD',
  entrySide: 'buy',
  tradeIds: [`BTC/USD:${tradeSeq}`],
  qty: '0.00100000',
  entryPrice: '65000.0',
  template,
  stop: { role: 'stop', n: 0, side: 'sell', type: 'stop-loss', qty: '0.00100000', clOrdId: stop },
  targets: [{ role: 'target', n: 1, side: 'sell', type: 'limit', qty: '0.00100000', clOrdId: target }],
  phase: 'done',
  createdAt: 0,
})

describe('bracket soak checks', () => {
  it('an OCO that reacted in 30 ms passes; one whose stop filled 7 s after its target fails twice', () => {
    const h = history()
    // entry A fills at 990; its legs rest at 1000 (10 ms); the target fills at 2000, the stop is cancelled at 2030
    h.open('A', 'limit', 100_000n, 900)
    h.fill('A', 100_000n, 990, 1)
    h.open('A-s', 'stop-loss', 100_000n, 995)
    h.open('A-t', 'limit', 100_000n, 1000)
    h.fill('A-t', 100_000n, 2000, 2)
    h.cancel('A-s', 2030)
    // entry B fills at 3000; its legs rest at 4200 (1200 ms); the target fills at 5000 and the
    // stop is never cancelled: it fills at 12000, the position 0.001 past flat
    h.open('B', 'limit', 100_000n, 2900)
    h.fill('B', 100_000n, 3000, 3)
    h.open('B-s', 'stop-loss', 100_000n, 4100)
    h.open('B-t', 'limit', 100_000n, 4200)
    h.fill('B-t', 100_000n, 5000, 4)
    h.fill('B-s', 100_000n, 12_000, 5)

    const v = checkBrackets({
      ledger: h.ledger,
      entries: [entry('A'), entry('B')],
      brackets: [bracket('A', 1, 'A-s', 'A-t'), bracket('B', 3, 'B-s', 'B-t')],
      tracked: (cl) => {
        const o = h.ledger.order(cl)!
        return {
          clOrdId: cl,
          state: o.status === 'closed' ? 'filled' : 'cancelled',
          filledQty: `0.00${String(o.filled).padStart(6, '0')}`,
        } as never
      },
      boundMs: 1000,
      endAt: 20_000,
      orderminUnits: 5_000n,
      qtyScale: 100_000_000n,
    })
    expect(v.protectMs).toEqual([10, 1200])
    expect(v.unprotected).toEqual([
      "BTC/USD:3 (100000 units at 650000, entry B): 1200 ms to bracket B-1's legs (stop0 filled; target1 filled)",
    ])
    expect(v.ocoWindowsMs).toEqual([30, 7000])
    expect(v.ocoLate).toEqual([
      "B-1: the stop offered more than the position left for 7000 ms from a leg's fill (stop0 closed 100000 of 100000, target1 closed 100000 of 100000)",
    ])
    expect(v.overFilled).toEqual([])
    expect(v.overFilledLate).toEqual([
      'B-1: 0.00100000 BTC/USD protected, its legs filled 200000 units (stop0 B-s closed 100000, target1 B-t closed 100000; fills: stop0 100000 at 650000 +7000 ms, target1 100000 at 650000 +0 ms)',
    ])
    expect([v.legsPlaced, v.legsFilled, v.legsCancelled, v.ocoCancels]).toEqual([4, 3, 1, 1])
    expect([v.lost, v.doubled, v.wrongState]).toEqual([[], [], []])
  })
})
