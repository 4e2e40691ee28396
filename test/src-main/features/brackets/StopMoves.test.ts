import { describe, expect, it, vi } from 'vitest'
import type { Bracket } from '../../../../src-main/core/brackets/bracketState'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { OrderTracker, TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import { StopMoves } from '../../../../src-main/features/brackets/StopMoves'

const BTC = { id: 'BTC/USD', pricePrecision: 1, qtyPrecision: 8, tickSize: '0.1' } as Instrument

/** a long bracket from 65000.0, its stop at 64998.0, breakeven after 10 ticks */
const bracket = (): Bracket =>
  ({
    id: 'E-1',
    entryClOrdId: 'E',
    symbol: 'BTC/USD',
    entrySide: 'buy',
    entryPrice: '65000.0',
    qty: '0.1',
    template: { breakevenAfterTicks: 10, stop: { offset: { ticks: 20 }, type: 'stop-loss' } },
    stop: { role: 'stop', n: 0, type: 'stop-loss', qty: '0.1', triggerPrice: '64998.0', clOrdId: 'S-1' },
    targets: [],
    phase: 'working',
  }) as unknown as Bracket

describe('StopMoves: what it keeps per bracket goes with a forgotten bracket (issue 20)', () => {
  it('a stop moved to breakeven is paced by its last move, until the desk forgets the bracket', async () => {
    let now = 10_000
    const move = vi.fn().mockResolvedValue(undefined)
    const stops = new StopMoves({
      tracker: { get: () => ({ clOrdId: 'S-1', state: 'open' }) as TrackedOrder } as unknown as OrderTracker,
      instrument: () => BTC,
      touch: () => ({ bid: '65003.0', ask: '65003.1' }),
      legs: { move },
      save: () => {},
      now: () => now,
    })
    const b = bracket()
    stops.move(b)
    expect(b.stop.triggerPrice).toBe('65000.0')
    expect(stops.moving(b)).toBe(true)
    await new Promise((r) => setImmediate(r))
    expect(stops.moving(b)).toBe(false)
    // a second look within the second waits (a timer), the first move's time is kept
    now += 100
    stops.move(b)
    expect(stops.kept).toBe(2)
    stops.forget(b)
    expect(stops.kept).toBe(0)
    expect(move).toHaveBeenCalledTimes(1)
  })
})
