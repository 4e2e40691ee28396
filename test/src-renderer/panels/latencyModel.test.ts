import { describe, expect, it } from 'vitest'
import { formatMs, percentile, SampleRing, summarize } from '../../../src-renderer/panels/latencyModel'

describe('latency HUD model', () => {
  it('nearest-rank percentiles of 1..100 are the ranks themselves', () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1)
    expect([50, 90, 99, 100].map((p) => percentile(s, p))).toEqual([50, 90, 99, 100])
  })

  it('percentiles of a small set: ten samples, one slow', () => {
    const r = new SampleRing(16)
    for (const x of [2.5, 1.0, 1.5, 3.0, 2.0, 1.25, 1.75, 2.25, 2.75, 40.0]) r.add(x)
    // sorted: 1.0 1.25 1.5 1.75 2.0 2.25 2.5 2.75 3.0 40.0
    expect(summarize(r)).toEqual({ count: 10, p50: 2.0, p90: 3.0, p99: 40.0, max: 40.0 })
  })

  it('no samples: a count of 0 and no figures', () => {
    const s = summarize(new SampleRing(4))
    expect(s.count).toBe(0)
    expect([s.p50, s.p90, s.p99, s.max].every(Number.isNaN)).toBe(true)
    expect(formatMs(s.p50)).toBe('–')
  })

  it('stays bounded: after 100,000 samples it holds the latest `capacity`, and counts them all', () => {
    const r = new SampleRing(1000)
    for (let i = 1; i <= 100_000; i++) r.add(i)
    expect(r.size).toBe(1000)
    expect(r.total).toBe(100_000)
    // the ring holds 99,001 … 100,000: the old samples no longer weigh on the percentiles
    expect(summarize(r)).toEqual({ count: 100_000, p50: 99_500, p90: 99_900, p99: 99_990, max: 100_000 })
  })

  it('formats figures for the panel', () => {
    expect(formatMs(1.8349)).toBe('1.83 ms')
    expect(formatMs(12.34)).toBe('12.3 ms')
  })
})
