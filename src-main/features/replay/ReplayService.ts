import type { ReplayView } from '../../../src-preload/contract/replay'
import type { OrderTracker } from '../../core/orders/OrderTracker'
import { RefusedError } from '../../ipc/StreamHub'
import { SessionResult, type Mark } from './sessionResult'

type Speed = 1 | 2 | 10 | 'max'

/**
 * The replaying exchange's status and commands as this feature needs them: the same shape as the
 * exchange's own `ReplayStatus`/`ReplayCommand` (src-main/sim/replay/types.ts), which a feature
 * may not import; the venue session hands the exchange's over and the compiler checks they fit.
 */
export interface ReplayGap {
  atNs: string
  symbol: string
  what: string
}
export interface ReplayStatus {
  symbols: string[]
  firstNs: string
  lastNs: string
  clockNs: string
  speed: Speed
  paused: boolean
  ended: boolean
  framesApplied: number
  gaps: ReplayGap[]
}
export type ReplayCommand =
  { kind: 'pause' } | { kind: 'resume' } | { kind: 'speed'; speed: Speed } | { kind: 'seek'; ns: string }

/** The built-in exchange's replay, as the venue session hands it over (in-process or on its worker). */
export interface ReplayDriver {
  status(): ReplayStatus | Promise<ReplayStatus>
  command(c: ReplayCommand): ReplayStatus | Promise<ReplayStatus>
  /** called on every change of the replay's status; returns the unsubscribe */
  onStatus(fn: (s: ReplayStatus) => void): () => void
}

export interface ReplayHandle {
  /** the recording's name as listed */
  recording: string
  driver: ReplayDriver
}

export interface ReplayServiceDeps {
  /** the session's replay; null on any other profile (or before the session) */
  replay: () => ReplayHandle | null
  tracker: OrderTracker
  /** the replayed book's best bid, best offer or mid (the session result's marks) */
  mark: Mark
  /** hold a book's subscription for the session (the mark needs it whether a window shows it or not) */
  hold?: (symbol: string) => () => void
  publish: () => void
}

const REFRESH_MS = 250
const NOT_A_REPLAY = 'Not a replay: this session trades on a live or simulated venue, not a recording'

/**
 * Practice mode's clock and result: follows the replaying exchange's status (each change is
 * published on the `replay` topic), takes the trader's pause/resume/speed/seek, and keeps the
 * session result (`SessionResult`) sampled on every clock move and fill.
 */
export class ReplayService {
  private attached: ReplayHandle | null = null
  private status: ReplayStatus | null = null
  private readonly result = new SessionResult()

  constructor(private readonly d: ReplayServiceDeps) {
    d.tracker.onForget((o) => this.result.forget(o))
  }

  /** Follow the session's replay once it exists (the first window or command to ask starts it). */
  private attach(): ReplayHandle | null {
    const h = this.d.replay()
    if (!h || this.attached === h) return h
    this.attached = h
    h.driver.onStatus((s) => this.onStatus(s))
    // the mark moves with the replayed book, which reaches this process after the clock's status
    // (a WS message later): the result is looked at again a few times a second, and published
    // when it changed, so the last word after the end is the end's book
    const timer = setInterval(() => {
      // the session it followed is over (the app stopping): nothing more to look at
      if (this.d.replay() !== h) clearInterval(timer)
      else this.refresh()
    }, REFRESH_MS)
    timer.unref()
    void Promise.resolve(h.driver.status())
      .then((s) => this.status ?? this.onStatus(s))
      // the exchange stopping under it: the next status, if any, says what it is
      .catch(() => undefined)
    return h
  }

  private refresh(): void {
    const before = JSON.stringify(this.result.result)
    this.result.sample(this.d.tracker.all(), this.d.mark)
    if (JSON.stringify(this.result.result) !== before) this.d.publish()
  }

  private onStatus(s: ReplayStatus): void {
    if (!this.status) for (const symbol of s.symbols) this.d.hold?.(symbol)
    this.status = s
    this.result.sample(this.d.tracker.all(), this.d.mark)
    this.d.publish()
  }

  async control(c: ReplayCommand): Promise<ReplayView> {
    const h = this.attach()
    if (!h) throw new RefusedError(`${NOT_A_REPLAY}: there is no replay clock to ${c.kind}`)
    this.onStatus(await h.driver.command(c))
    return this.view()
  }

  view(): ReplayView {
    const h = this.attach()
    const s = this.status
    if (!h) return { replay: false, detail: NOT_A_REPLAY }
    if (!s) return { replay: false, detail: 'The replay is starting…' }
    // fills since the last clock move count too (an order can cross the book while paused)
    this.result.sample(this.d.tracker.all(), this.d.mark)
    return {
      replay: true,
      recording: h.recording,
      symbols: s.symbols,
      firstNs: s.firstNs,
      lastNs: s.lastNs,
      clockNs: s.clockNs,
      clockIso: nsToIso(s.clockNs),
      speed: s.speed,
      paused: s.paused,
      ended: s.ended,
      progress: progress(s),
      framesApplied: s.framesApplied,
      gaps: s.gaps.map(gapInWords),
      fills: this.result.fills,
      result: this.result.result,
    }
  }
}

/** "2026-11-30T14:03:07.123Z" from nanoseconds text (milliseconds kept, the rest dropped). */
export function nsToIso(ns: string): string {
  return new Date(Number(BigInt(ns) / 1_000_000n)).toISOString()
}

/** "14:03:07.120 UTC BTC/USD: book checksum mismatch …" */
export function gapInWords(g: ReplayGap): string {
  return `${nsToIso(g.atNs).slice(11, 23)} UTC ${g.symbol}: ${g.what}`
}

/** How far the clock is from the first frame to the last, 0..1 (bigint until the last division). */
function progress(s: ReplayStatus): number {
  const span = BigInt(s.lastNs) - BigInt(s.firstNs)
  if (span <= 0n) return s.ended ? 1 : 0
  const done = BigInt(s.clockNs) - BigInt(s.firstNs)
  return Math.min(1, Math.max(0, Number((done * 10_000n) / span) / 10_000))
}
