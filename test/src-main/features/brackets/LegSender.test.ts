import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Bracket, BracketLeg } from '../../../../src-main/core/brackets/bracketState'
import { OrderRefused } from '../../../../src-main/core/orders/PlaceRequest'
import type { TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import type { OrderEntry } from '../../../../src-main/features/orders/OrderCommands'
import { LegSender, retryAfterMs } from '../../../../src-main/features/brackets/LegSender'

/**
 * Protection is never dropped for a refusal that waiting mends (the bracket soak, seed 42: an OCO
 * cancel refused by the trading counter was never asked again, and both legs filled).
 */
const COUNTER = "cancel on BTC/USD would take Kraken's trading counter to 20.5 of 20; wait 1.5 s"

const stop = {
  role: 'stop',
  n: 0,
  side: 'sell',
  type: 'stop-loss',
  qty: '0.1',
  triggerPrice: '64000.0',
  clOrdId: 'S-1',
}
const bracket = {
  id: 'E-1',
  symbol: 'BTC/USD',
  qty: '0.1',
  entryPrice: '65000.0',
  targets: [],
  stop,
} as unknown as Bracket
const order = { clOrdId: 'S-1', state: 'open' } as TrackedOrder

function sender(entry: Partial<OrderEntry>) {
  const notices: string[] = []
  const retried: string[] = []
  const legs = new LegSender({
    entry: () => entry as OrderEntry,
    notices: { notice: (_l, text) => notices.push(text) },
    cancelAsked: () => undefined,
    claimNext: () => undefined,
    halted: () => null,
    retry: (b) => retried.push(b.id),
  })
  return { legs, notices, retried }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('LegSender: held back, tried again', () => {
  it('reads the wait from the rate governor, a second for a link that is down, none otherwise', () => {
    expect(retryAfterMs(COUNTER)).toBe(1550)
    expect(retryAfterMs('WebSocket is not connected')).toBe(1000)
    expect(retryAfterMs('EOrder:Unknown order')).toBeNull()
  })

  it('an OCO cancel the counter refused is looked at again when the wait is over, and asked again', async () => {
    const cancel = vi.fn().mockRejectedValueOnce(new OrderRefused(COUNTER)).mockResolvedValueOnce(undefined)
    const { legs, retried } = sender({ cancel })
    legs.cancel(bracket, stop as BracketLeg, order, 'target 1 filled', false)
    await vi.advanceTimersByTimeAsync(1549)
    expect(retried).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(retried).toEqual(['E-1'])
    // the desk's look at the bracket asks for the cancel again: it is not remembered as asked
    legs.cancel(bracket, stop as BracketLeg, order, 'target 1 filled', false)
    await vi.advanceTimersByTimeAsync(0)
    expect(cancel).toHaveBeenCalledTimes(2)
  })

  it('a cancel the counter holds back again and again is said once, and once more when it goes out', async () => {
    const cancel = vi
      .fn()
      .mockRejectedValueOnce(new OrderRefused(COUNTER))
      .mockRejectedValueOnce(new OrderRefused(COUNTER))
      .mockRejectedValueOnce(new OrderRefused(COUNTER))
      .mockResolvedValueOnce(undefined)
    const { legs, notices, retried } = sender({ cancel })
    for (let i = 0; i < 4; i++) {
      // the desk looks again when the wait is over and asks for the cancel again
      legs.cancel(bracket, stop as BracketLeg, order, 'target 1 filled', false)
      await vi.advanceTimersByTimeAsync(1550)
    }
    expect(cancel).toHaveBeenCalledTimes(4)
    expect(retried).toEqual(['E-1', 'E-1', 'E-1'])
    expect(notices).toEqual([
      'Bracket E-1 (0.1 BTC/USD from 65000.0): target 1 filled, so its stop S-1 is cancelled (one cancels the other)',
      `Bracket E-1 (0.1 BTC/USD from 65000.0): could not cancel its stop S-1: ${COUNTER}; asked again when that allows`,
      'Bracket E-1 (0.1 BTC/USD from 65000.0): the cancel of its stop S-1 went out after 4.7 s held back',
    ])
    expect(legs.kept).toBe(1) // the cancel asked of S-1, until the desk forgets the bracket
  })

  it('a different shrink of a held leg is said, with its size; the first one held is not said as gone out', async () => {
    const amend = vi
      .fn()
      .mockRejectedValueOnce(new OrderRefused(COUNTER.replace('cancel', 'amend')))
      .mockResolvedValueOnce(undefined)
    const { legs, notices } = sender({ amendProtective: amend })
    const leg = { ...stop } as BracketLeg
    legs.shrink(bracket, leg, order, '0.05', 'target 1 part-filled')
    await vi.advanceTimersByTimeAsync(1550)
    legs.shrink(bracket, leg, order, '0.03', 'target 1 part-filled again')
    await vi.advanceTimersByTimeAsync(0)
    expect(amend.mock.calls.map((c: unknown[]) => c[1])).toEqual([{ qty: '0.05' }, { qty: '0.03' }])
    expect(notices).toEqual([
      'Bracket E-1 (0.1 BTC/USD from 65000.0): target 1 part-filled, so its stop S-1 is shrunk to 0.05',
      `Bracket E-1 (0.1 BTC/USD from 65000.0): could not resize its stop S-1 to 0.05: ${COUNTER.replace('cancel', 'amend')}; asked again when that allows`,
      'Bracket E-1 (0.1 BTC/USD from 65000.0): target 1 part-filled again, so its stop S-1 is shrunk to 0.03',
    ])
  })

  /**
   * A held target's round trip asks for the stop's cancel; the counter holds it back and the
   * firing is given up (resize answers false), so nobody asks for that cancel again.
   */
  async function freeingHeld() {
    const cancel = vi.fn().mockRejectedValueOnce(new OrderRefused(COUNTER)).mockResolvedValue(undefined)
    const s = sender({ cancel })
    expect(
      await s.legs.resize(bracket, stop as BracketLeg, order, null, 'target fires: stop cancelled'),
    ).toBe(false)
    expect(s.notices).toEqual([
      'target fires: stop cancelled',
      `Bracket E-1 (0.1 BTC/USD from 65000.0): could not cancel its stop S-1: ${COUNTER}; asked again when that allows`,
    ])
    return s
  }

  it('a held request the desk let go of is new when asked over a minute later: said again, not "went out after 61 s"', async () => {
    const { legs, notices } = await freeingHeld()
    await vi.advanceTimersByTimeAsync(61_000)
    // the same request for the same reason, but not its retry: the target fires again later
    expect(await legs.resize(bracket, stop as BracketLeg, order, null, 'target fires: stop cancelled')).toBe(
      true,
    )
    expect(notices.slice(2)).toEqual(['target fires: stop cancelled'])
  })

  it('within the minute the same request for the same reason is its retry: said once, then that it went out', async () => {
    const { legs, notices } = await freeingHeld()
    await vi.advanceTimersByTimeAsync(1550)
    expect(await legs.resize(bracket, stop as BracketLeg, order, null, 'target fires: stop cancelled')).toBe(
      true,
    )
    expect(notices.slice(2)).toEqual([
      'Bracket E-1 (0.1 BTC/USD from 65000.0): the cancel of its stop S-1 went out after 1.6 s held back',
    ])
  })

  it('a cancel of the same stop asked for another reason is said, though the first is still held', async () => {
    const { legs, notices } = await freeingHeld()
    // seconds later target 2 fills: one cancels the other
    await vi.advanceTimersByTimeAsync(1550)
    legs.cancel(bracket, stop as BracketLeg, order, 'target 2 filled', false)
    await vi.advanceTimersByTimeAsync(0)
    expect(notices.slice(2)).toEqual([
      'Bracket E-1 (0.1 BTC/USD from 65000.0): target 2 filled, so its stop S-1 is cancelled (one cancels the other)',
    ])
  })

  it('a leg the counter held back counts as pending, then is due once, and the notice says when', async () => {
    const place = vi.fn().mockRejectedValueOnce(new OrderRefused(COUNTER.replace('cancel', 'add')))
    const { legs, notices, retried } = sender({ place })
    const leg = { ...stop, clOrdId: undefined } as unknown as BracketLeg
    await legs.place(bracket, leg, () => undefined)
    expect(legs.failed(leg)).toBe(false)
    expect(legs.pending(leg)).toBe(true)
    expect(notices.at(-1)).toBe(
      `Bracket E-1 (0.1 BTC/USD from 65000.0): stop held back (${COUNTER.replace('cancel', 'add')}); placed in 1.6 s`,
    )
    await vi.advanceTimersByTimeAsync(1550)
    expect(retried).toEqual(['E-1'])
    expect(legs.pending(leg)).toBe(false)
    expect(legs.takeDue(leg)).toBe(true)
    expect(legs.takeDue(leg)).toBe(false)
  })
})

describe('LegSender: a leg may use the counter points normal orders leave free', () => {
  it('asks for each leg as protective (RateGovernor keeps the last 10 points for it)', async () => {
    const place = vi.fn().mockResolvedValue({ clOrdId: 'S-2', state: 'open' })
    const { legs } = sender({ place })
    await legs.place(bracket, { ...stop, clOrdId: undefined } as unknown as BracketLeg, () => undefined)
    expect(place.mock.calls).toEqual([
      [
        {
          symbol: 'BTC/USD',
          side: 'sell',
          type: 'stop-loss',
          qty: '0.1',
          tif: 'GTC',
          triggerPrice: '64000.0',
          protective: true,
        },
      ],
    ])
  })
})

describe('LegSender: its shrinks and resizes may use the kept points too; its stop moves may not', () => {
  it('asks for a shrink and a resize as protective, a breakeven move as a normal amend', async () => {
    const amend = vi.fn().mockResolvedValue(undefined)
    const amendProtective = vi.fn().mockResolvedValue(undefined)
    const { legs } = sender({ amend, amendProtective })
    legs.shrink(bracket, stop as BracketLeg, order, '0.05', 'target 1 part-filled')
    await legs.resize(
      bracket,
      stop as BracketLeg,
      order,
      '0.1',
      'the held target did not fill: stop back to 0.1',
    )
    await legs.move(bracket, order, { ...stop, triggerPrice: '65000.0' } as BracketLeg, 'breakeven')
    expect(amendProtective.mock.calls).toEqual([
      ['S-1', { qty: '0.05' }],
      ['S-1', { qty: '0.1' }],
    ])
    expect(amend.mock.calls).toEqual([['S-1', { triggerPrice: '65000.0' }]])
  })
})

describe('LegSender: what it keeps per leg goes with a forgotten bracket (issue 20)', () => {
  it('a cancel asked and a leg refused are kept until the desk forgets the bracket', async () => {
    const place = vi.fn().mockRejectedValue(new OrderRefused('EOrder:Insufficient funds'))
    const { legs } = sender({ cancel: vi.fn().mockResolvedValue(undefined), place })
    const own = bracket.stop
    legs.cancel(bracket, own, order, 'target 1 filled', false)
    await legs.place(bracket, own, () => undefined)
    await vi.runAllTimersAsync()
    // the cancel asked of S-1 (so it is not asked twice) and the leg refused
    expect(legs.failed(own)).toBe(true)
    expect(legs.kept).toBe(2)
    legs.forget(bracket, ['S-1'])
    expect(legs.kept).toBe(0)
    expect(legs.failed(own)).toBe(false)
  })
})
