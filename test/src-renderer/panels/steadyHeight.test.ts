import { describe, expect, it } from 'vitest'
import { nextFloor } from '../../../src-renderer/panels/steadyHeight'

/** one line of pills: a 16 px pill and the 6 px gap under the line above */
const LINE = 22

describe('the status bar height floor', () => {
  it('starts at the first height measured', () => {
    expect(nextFloor(null, 1264, 58, LINE)).toEqual({ width: 1264, minHeight: 58 })
  })

  it('rises when a pill wraps to a new line, and holds when it comes back', () => {
    const wrapped = nextFloor({ width: 1264, minHeight: 58 }, 1264, 80, LINE)
    expect(wrapped).toEqual({ width: 1264, minHeight: 80 })
    // the latency text is short again: the pills are one line lower, and the bar holds
    expect(nextFloor(wrapped, 1264, 58, LINE)).toEqual({ width: 1264, minHeight: 80 })
  })

  it('comes down to one line above the pills when they are lower by more (margin warnings gone)', () => {
    expect(nextFloor({ width: 1264, minHeight: 124 }, 1264, 58, LINE)).toEqual({ width: 1264, minHeight: 80 })
  })

  it('starts again at a new width (the window was resized)', () => {
    expect(nextFloor({ width: 1264, minHeight: 80 }, 1584, 36, LINE)).toEqual({ width: 1584, minHeight: 36 })
  })
})
