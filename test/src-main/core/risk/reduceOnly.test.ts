import { describe, expect, it } from 'vitest'
import { reduceOnlyExcess, reduceOnlyProblem } from '../../../../src-main/core/risk/reduceOnly'

const w = (clOrdId: string, side: 'buy' | 'sell', remaining: string, createdAt: number) => ({
  clOrdId,
  side,
  remaining,
  createdAt,
})
const sell = (qty: string) => ({ symbol: 'BTC/USD', side: 'sell' as const, qty })
const buy = (qty: string) => ({ symbol: 'BTC/USD', side: 'buy' as const, qty })

describe('reduce-only (enforced by Trident on spot)', () => {
  it('a new order must trade against the position and fit what is left of it', () => {
    expect(reduceOnlyProblem(sell('0.1'), '0', [], 8)).toBe(
      'Reduce-only: there is no BTC/USD position to reduce',
    )
    expect(reduceOnlyProblem(buy('0.1'), '1.00000000', [], 8)).toBe(
      'Reduce-only: you are long 1.00000000 BTC/USD; only a sell reduces it',
    )
    expect(reduceOnlyProblem(sell('1.00000000'), '1.00000000', [], 8)).toBeNull()
    expect(reduceOnlyProblem(sell('1.00000001'), '1.00000000', [], 8)).toBe(
      'Reduce-only: you are long 1.00000000 BTC/USD; at most 1.00000000 more can reduce it',
    )
    expect(reduceOnlyProblem(sell('0.5'), '1', [w('a', 'sell', '0.6', 1)], 8)).toBe(
      'Reduce-only: you are long 1.00000000 BTC/USD with 0.60000000 already working to reduce it; at most 0.40000000 more can reduce it',
    )
    expect(reduceOnlyProblem(buy('0.25'), '-0.25', [w('x', 'sell', '9', 1)], 8)).toBeNull()
  })

  it('after the position shrinks, the newest orders that no longer fit are the ones to cancel', () => {
    const working = [w('old', 'sell', '0.2', 1), w('mid', 'sell', '0.2', 2), w('new', 'sell', '0.2', 3)]
    expect(reduceOnlyExcess('0.6', working, 8)).toEqual([])
    expect(reduceOnlyExcess('0.45', working, 8)).toEqual(['new'])
    expect(reduceOnlyExcess('0.1', working, 8)).toEqual(['new', 'mid', 'old'])
    // flat or flipped: every one of them could now open a position
    expect(reduceOnlyExcess('0', working, 8)).toEqual(['new', 'mid', 'old'])
    expect(reduceOnlyExcess('-1', working, 8)).toEqual(['new', 'mid', 'old'])
  })
})
