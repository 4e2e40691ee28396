import { describe, expect, it } from 'vitest'
import { ocoRemaining, planBracket, stopTarget } from '../../../../src-main/core/brackets/bracketPlan'
import type { ExitTemplate } from '../../../../src-main/core/brackets/exitTemplate'

const BTC = { id: 'BTC/USD', pricePrecision: 1, tickSize: '0.1', qtyPrecision: 8, ordermin: '0.0001' }
const two: ExitTemplate = {
  id: 't',
  name: 'two targets',
  targets: [
    { offset: { ticks: 10 }, percent: 60 },
    { offset: { price: '3.0' }, percent: 40 },
  ],
  stop: { offset: { ticks: 5 }, type: 'stop-loss-limit', limitOffset: { ticks: 2 } },
}

describe('a bracket for one fill', () => {
  it('long: targets above the fill split 60/40, the stop below with its limit beyond the trigger', () => {
    expect(planBracket(two, 'buy', { qty: '0.30000000', price: '65000.0' }, BTC)).toEqual({
      targets: [
        { side: 'sell', type: 'limit', qty: '0.18000000', limitPrice: '65001.0' },
        { side: 'sell', type: 'limit', qty: '0.12000000', limitPrice: '65003.0' },
      ],
      stop: {
        side: 'sell',
        type: 'stop-loss-limit',
        qty: '0.30000000',
        triggerPrice: '64999.5',
        limitPrice: '64999.3',
      },
    })
  })

  it('short: mirrored; an uneven split gives the last target what is left', () => {
    const t: ExitTemplate = {
      ...two,
      targets: [
        { offset: { ticks: 10 }, percent: 33 },
        { offset: { ticks: 20 }, percent: 67 },
      ],
      stop: { offset: { ticks: 5 }, type: 'stop-loss' },
    }
    expect(
      planBracket(t, 'sell', { qty: '0.00000007', price: '100.0' }, { ...BTC, ordermin: '0.00000001' }),
    ).toEqual({
      targets: [
        { side: 'buy', type: 'limit', qty: '0.00000002', limitPrice: '99.0' },
        { side: 'buy', type: 'limit', qty: '0.00000005', limitPrice: '98.0' },
      ],
      stop: { side: 'buy', type: 'stop-loss', qty: '0.00000007', triggerPrice: '100.5' },
    })
  })

  it('a target share below the venue minimum is merged into the next target', () => {
    const p = planBracket(
      two,
      'buy',
      { qty: '0.00020000', price: '65000.0' },
      { ...BTC, ordermin: '0.00015' },
    )
    expect(p.targets).toEqual([{ side: 'sell', type: 'limit', qty: '0.00020000', limitPrice: '65003.0' }])
  })

  it("the last target's share below the venue minimum goes to the target before it", () => {
    // 60/40 of 0.0002 with a 0.0001 minimum: 0.00012 is an order, 0.00008 is not (the bracket
    // soak saw that leg refused and its part of the fill left without a target)
    const p = planBracket(two, 'buy', { qty: '0.00020000', price: '65000.0' }, BTC)
    expect(p.targets).toEqual([{ side: 'sell', type: 'limit', qty: '0.00020000', limitPrice: '65001.0' }])
    expect(p.stop.qty).toBe('0.00020000')
  })

  it('three targets: a last share under the minimum joins the nearest target that is an order', () => {
    const three: ExitTemplate = {
      ...two,
      targets: [
        { offset: { ticks: 10 }, percent: 50 },
        { offset: { ticks: 20 }, percent: 5 },
        { offset: { ticks: 30 }, percent: 45 },
      ],
    }
    // 0.00021: 0.000105 is an order; 0.0000105 carries into the last, 0.0000945 + 0.0000105 = 0.000105
    expect(
      planBracket(three, 'buy', { qty: '0.00021000', price: '65000.0' }, BTC).targets.map((t) => t.qty),
    ).toEqual(['0.00010500', '0.00010500'])
    // 0.00019: 0.000095 carries into the second (0.0001045), the last 0.0000855 is under: it joins the second
    expect(
      planBracket(three, 'buy', { qty: '0.00019000', price: '65000.0' }, BTC).targets.map((t) => [
        t.qty,
        t.limitPrice,
      ]),
    ).toEqual([['0.00019000', '65002.0']])
  })
})

describe('one cancels the other, sized', () => {
  const leg = (qty: bigint, filled: bigint, working = true) => ({ qty, filled, working })
  it('a target filled whole leaves the stop nothing', () => {
    expect(ocoRemaining(10n, [leg(10n, 10n, false)], leg(10n, 0n))).toEqual({ stop: 0n, targets: [0n] })
  })
  it('a target part-filled shrinks the stop by that much', () => {
    expect(ocoRemaining(10n, [leg(6n, 2n), leg(4n, 0n)], leg(10n, 0n))).toEqual({
      stop: 8n,
      targets: [4n, 4n],
    })
  })
  it('a stop part-filled takes from the farthest target first', () => {
    expect(ocoRemaining(10n, [leg(6n, 0n), leg(4n, 0n)], leg(10n, 5n))).toEqual({
      stop: 5n,
      targets: [5n, 0n],
    })
  })
})

describe('breakeven and trailing', () => {
  const long = { entrySide: 'buy' as const, entry: 650000n, trigger: 649950n, tick: 1n }
  it('breakeven: not before N ticks in favour, the entry price once there', () => {
    expect(stopTarget({ ...long, touch: 650003n, breakevenAfterTicks: 4 })).toBeNull()
    expect(stopTarget({ ...long, touch: 650004n, breakevenAfterTicks: 4 })).toEqual({
      trigger: 650000n,
      why: 'breakeven',
    })
  })
  it('trailing: follows the touch at its distance, never back', () => {
    expect(stopTarget({ ...long, touch: 650010n, trailTicks: 20 })).toEqual({
      trigger: 649990n,
      why: 'trailing',
    })
    expect(stopTarget({ ...long, trigger: 649990n, touch: 650005n, trailTicks: 20 })).toBeNull()
  })
  it('short: mirrored', () => {
    expect(
      stopTarget({
        entrySide: 'sell',
        entry: 1000n,
        trigger: 1050n,
        tick: 5n,
        touch: 980n,
        breakevenAfterTicks: 4,
        trailTicks: 8,
      }),
    ).toEqual({ trigger: 1000n, why: 'breakeven' })
    expect(
      stopTarget({ entrySide: 'sell', entry: 1000n, trigger: 1050n, tick: 5n, touch: 900n, trailTicks: 8 }),
    ).toEqual({
      trigger: 940n,
      why: 'trailing',
    })
  })
})
