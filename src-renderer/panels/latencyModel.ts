/**
 * The latency HUD's arithmetic: a fixed ring of the latest samples (a trading day of orders and
 * frames costs the same memory as the first minute) and nearest-rank percentiles over it.
 */
export class SampleRing {
  private readonly xs: Float64Array
  private filled = 0
  private next = 0
  /** every sample ever added, including those the ring has since dropped */
  total = 0

  constructor(readonly capacity: number) {
    this.xs = new Float64Array(capacity)
  }

  add(x: number): void {
    this.xs[this.next] = x
    this.next = (this.next + 1) % this.capacity
    if (this.filled < this.capacity) this.filled++
    this.total++
  }

  /** how many samples the ring holds now (at most `capacity`) */
  get size(): number {
    return this.filled
  }

  /** the samples held, sorted ascending (a copy: the HUD sorts once a second, not per sample) */
  sorted(): Float64Array {
    return this.xs.slice(0, this.filled).sort()
  }
}

/** Nearest rank: the smallest sample with at least p % of the samples at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export interface LatencySummary {
  /** samples ever taken this session */
  count: number
  p50: number
  p90: number
  p99: number
  max: number
}

export function summarize(ring: SampleRing): LatencySummary {
  const s = ring.sorted()
  return {
    count: ring.total,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1]! : NaN,
  }
}

/** "1.84 ms" under 10 ms, "12.3 ms" above; a dash before the first sample. */
export function formatMs(v: number): string {
  if (!Number.isFinite(v)) return '–'
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`
}
