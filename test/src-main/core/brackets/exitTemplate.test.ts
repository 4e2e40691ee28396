import { describe, expect, it } from 'vitest'
import {
  checkOnGrid,
  templateProblems,
  type ExitTemplate,
} from '../../../../src-main/core/brackets/exitTemplate'

const base: ExitTemplate = {
  id: 't1',
  name: 'Scalp',
  targets: [{ offset: { ticks: 10 }, percent: 100 }],
  stop: { offset: { ticks: 5 }, type: 'stop-loss' },
}
const BTC = { id: 'BTC/USD', pricePrecision: 1, tickSize: '0.1' }

describe('exit template validation, in words', () => {
  it('a plain template has no problems', () => {
    expect(templateProblems(base)).toEqual([])
  })

  it('an offset of 0 ticks or 0 price is refused', () => {
    expect(
      templateProblems({
        ...base,
        targets: [{ offset: { ticks: 0 }, percent: 100 }],
        stop: { offset: { price: '0.0' }, type: 'stop-loss' },
      }),
    ).toEqual([
      "The target's offset is 0 ticks: it must be away from the entry price",
      "The stop's offset is 0: it must be away from the entry price",
    ])
  })

  it('a split that does not add up to 100 % is refused', () => {
    expect(
      templateProblems({
        ...base,
        targets: [
          { offset: { ticks: 10 }, percent: 50 },
          { offset: { ticks: 20 }, percent: 40 },
        ],
      }),
    ).toEqual(["The targets' shares add up to 90 %, not 100 %"])
  })

  it('a stop-loss-limit needs its limit offset; too many targets and bad numbers are said', () => {
    const t: ExitTemplate = {
      ...base,
      targets: [1, 2, 3, 4, 5].map((n) => ({ offset: { ticks: n }, percent: 20 })),
      stop: { offset: { ticks: 5 }, type: 'stop-loss-limit' },
      breakevenAfterTicks: 0,
      trailTicks: 2.5,
    }
    expect(templateProblems(t)).toEqual([
      'At most 4 targets (this one has 5)',
      'A stop-loss-limit needs a limit offset from its trigger (0 for at the trigger)',
      'Breakeven after must be a whole number above 0',
      'The trailing distance must be a whole number above 0',
    ])
  })

  it('a price offset off the instrument tick is refused with the tick', () => {
    expect(() =>
      checkOnGrid({ ...base, stop: { offset: { price: '0.05' }, type: 'stop-loss' } }, BTC),
    ).toThrow("The stop's offset 0.05 has more decimals than BTC/USD prices (1)")
    expect(() =>
      checkOnGrid(
        { ...base, targets: [{ offset: { price: '2.5' }, percent: 100 }] },
        { ...BTC, tickSize: '0.5' },
      ),
    ).not.toThrow()
    expect(() =>
      checkOnGrid(
        { ...base, targets: [{ offset: { price: '2.2' }, percent: 100 }] },
        { ...BTC, tickSize: '0.5' },
      ),
    ).toThrow("Target 1's offset 2.2 is off the BTC/USD tick of 0.5")
  })
})
