import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clockRunning, every } from '../../../src-renderer/stores/uiClock'

describe('uiClock: one clock for a window’s periodic views', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('calls each view at its own period, and the views due together in the same task', () => {
    const calls: string[] = []
    // each setInterval callback is one task: record which task each call came in
    let task = 0
    const stops = [
      every(250, () => calls.push(`mirror@${task}`)),
      every(500, () => calls.push(`counters@${task}`)),
      every(1000, () => calls.push(`clock@${task}`)),
    ]
    for (let i = 1; i <= 4; i++) {
      task = i
      vi.advanceTimersByTime(250)
    }
    expect(calls).toEqual([
      'mirror@1',
      'mirror@2',
      'counters@2',
      'mirror@3',
      'mirror@4',
      'counters@4',
      'clock@4',
    ])
    expect(vi.getTimerCount()).toBe(1)
    stops.forEach((s) => s())
  })

  it('stops its timer with the last view, and a view stopped mid-tick is not called', () => {
    const calls: string[] = []
    let stopB: () => void = () => {}
    const stopA = every(250, () => {
      calls.push('a')
      stopB()
    })
    stopB = every(250, () => calls.push('b'))
    vi.advanceTimersByTime(250)
    expect(calls).toEqual(['a'])
    expect(clockRunning()).toBe(true)
    stopA()
    expect(clockRunning()).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(1000)
    expect(calls).toEqual(['a'])
  })

  it('keeps a timer of its own for a period that is not a whole number of ticks', () => {
    const calls: number[] = []
    const stop = every(200, () => calls.push(Date.now()))
    const t0 = Date.now()
    vi.advanceTimersByTime(600)
    expect(calls.map((t) => t - t0)).toEqual([200, 400, 600])
    expect(clockRunning()).toBe(false)
    stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
