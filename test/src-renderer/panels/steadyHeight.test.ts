import { describe, expect, it } from 'vitest'
import { nextFloor } from '../../../src-renderer/panels/steadyHeight'

describe('the status bar height floor', () => {
  it('starts at the first height measured', () => {
    expect(nextFloor(null, 1264, 67)).toEqual({ width: 1264, minHeight: 67 })
  })

  it('rises when a pill wraps to a new line, and stays when it comes back', () => {
    const wrapped = nextFloor({ width: 1264, minHeight: 67 }, 1264, 71)
    expect(wrapped).toEqual({ width: 1264, minHeight: 71 })
    // the latency text is short again: the bar would be 67 high, and is held at 71
    expect(nextFloor(wrapped, 1264, 67)).toEqual({ width: 1264, minHeight: 71 })
  })

  it('starts again at a new width (the window was resized)', () => {
    expect(nextFloor({ width: 1264, minHeight: 71 }, 1584, 46)).toEqual({ width: 1584, minHeight: 46 })
  })
})
