/**
 * The replay clock: reads the recording and hands each frame to the recorded market when its
 * time comes — at the recorded pace divided by the speed (1x, 2x, 10x), or as fast as frames
 * apply ('max') — with pause, resume, speed changes and seek, and reports its status to
 * listeners (on every change of state, and while running at most every 250 ms).
 *
 * Seek reads forward from where the clock is (or the recording again from its start, for a time
 * before it) keeping only the recorded books — the last snapshot before the target plus the
 * updates after it — then sets the exchange's books to them in one step: the market jumps, and
 * trades in between are not printed nor fill the trader's orders.
 */
import type { RecordedFrame } from '../../../src-domain/recording'
import { RecordingReader } from './RecordingReader'
import type { RecordedMarket } from './RecordedMarket'
import { readRecordedFrame } from './recordedFrames'
import type { ReplayCommand, ReplayOptions, ReplaySpeed, ReplayStatus } from './types'

/** What the exchange offers a replay profile, in-process (SimWorker offers the same, async). */
export interface ReplayControl {
  status(): ReplayStatus
  command(cmd: ReplayCommand): ReplayStatus
  onStatus(listener: (s: ReplayStatus) => void): () => void
}

const STATUS_EVERY_MS = 250
/** at 'max', give the event loop (sockets, the trader's orders) a turn this often */
const FRAMES_PER_TURN = 256
const SNAPSHOT = '"channel":"book","type":"snapshot"'
const SYMBOL = /"symbol":"([^"\\]+)"/

export class ReplaySession implements ReplayControl {
  private speed: ReplaySpeed
  private paused: boolean
  private ended = false
  private stopped = false
  private framesApplied = 0
  private firstNs = 0n
  private lastNs = 0n
  private clockNs = 0n
  private prevNs: bigint | null = null
  private seekTo: bigint | null = null
  private anchor = { wall: 0, ns: 0n }
  private reader: AsyncGenerator<RecordedFrame[]> | null = null
  private batch: RecordedFrame[] = []
  private index = 0
  private wake: (() => void) | null = null
  private lastEmit = 0
  private readonly listeners: ((s: ReplayStatus) => void)[] = []

  constructor(
    private readonly opts: ReplayOptions,
    private readonly market: RecordedMarket,
    private readonly refused: string[] = [],
    /** a silence longer than this between two frames is reported as a gap */
    private readonly maxSilenceMs = 60_000,
  ) {
    this.speed = opts.speed ?? 1
    this.paused = opts.paused ?? false
  }

  /** Learn the recording's span (one read through), then apply up to the start and run. */
  async start(): Promise<void> {
    const scan = new RecordingReader(this.opts.files)
    let first: bigint | null = null
    let firstBook: bigint | null = null
    const booked = new Set<string>()
    for await (const b of scan.batches()) {
      if (b.length === 0) continue
      first ??= b[0]!.recvNs
      this.lastNs = b[b.length - 1]!.recvNs
      for (const f of b)
        if (f.frame.includes(SNAPSHOT)) {
          firstBook ??= f.recvNs
          const symbol = SYMBOL.exec(f.frame)?.[1]
          if (symbol !== undefined) booked.add(symbol)
        }
    }
    this.firstNs = first ?? 0n
    for (const end of scan.ends) if (end.truncated) this.market.gap(this.lastNs, '', end.truncated)
    // a market with no book looks like a broken replay: say why it is empty (level3 is not replayed)
    for (const s of this.market.symbols)
      if (!booked.has(s))
        this.market.gap(
          this.firstNs,
          s,
          'the recording has no book snapshot for it: its replayed book stays empty',
        )
    this.clockNs = this.firstNs
    // the books are at the start before `start` resolves: a subscriber's snapshot shows them
    // (by default at the first book snapshot: before it, a recording holds no book to show)
    this.seekTo = this.opts.startNs !== undefined ? BigInt(this.opts.startNs) : (firstBook ?? this.firstNs)
    this.openReader()
    await this.seek()
    void this.loop().catch((e: unknown) => {
      this.market.gap(this.clockNs, '', `the replay stopped: ${(e as Error).message}`)
      this.ended = true
      this.emit(true)
    })
  }

  stop(): void {
    this.stopped = true
    this.wakeUp()
    void this.reader?.return(undefined)
  }

  status(): ReplayStatus {
    const s: ReplayStatus = {
      files: [...this.opts.files],
      symbols: [...this.market.symbols],
      firstNs: this.firstNs.toString(),
      lastNs: this.lastNs.toString(),
      clockNs: this.clockNs.toString(),
      speed: this.speed,
      paused: this.paused,
      ended: this.ended,
      framesApplied: this.framesApplied,
      gaps: [...this.market.gaps],
    }
    if (this.refused.length) s.refused = [...this.refused]
    return s
  }

  onStatus(listener: (s: ReplayStatus) => void): () => void {
    this.listeners.push(listener)
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1)
  }

  command(cmd: ReplayCommand): ReplayStatus {
    switch (cmd.kind) {
      case 'pause':
        this.paused = true
        break
      case 'resume':
        this.paused = false
        this.reanchor()
        break
      case 'speed':
        this.speed = cmd.speed
        this.reanchor()
        break
      case 'seek':
        if (!/^\d{1,20}$/.test(cmd.ns))
          throw new Error(`seek: ${JSON.stringify(cmd.ns)} is not a time in nanoseconds`)
        this.seekTo = BigInt(cmd.ns)
        break
    }
    this.wakeUp()
    this.emit(true)
    return this.status()
  }

  private emit(force: boolean): void {
    const now = performance.now()
    if (!force && now - this.lastEmit < STATUS_EVERY_MS) return
    this.lastEmit = now
    const s = this.status()
    for (const l of [...this.listeners]) l(s)
  }

  private reanchor(): void {
    this.anchor = { wall: performance.now(), ns: this.clockNs }
  }

  private wakeUp(): void {
    const w = this.wake
    this.wake = null
    w?.()
  }

  /** Wait `ms` (null: until a command), cut short by any command. */
  private sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const t = ms === null ? null : setTimeout(() => this.wakeUp(), ms)
      this.wake = () => {
        if (t) clearTimeout(t)
        resolve()
      }
    })
  }

  private openReader(): void {
    void this.reader?.return(undefined)
    this.reader = new RecordingReader(this.opts.files).batches()
    this.batch = []
    this.index = 0
    this.prevNs = null
  }

  private async peek(): Promise<RecordedFrame | null> {
    while (this.index >= this.batch.length) {
      const r = await this.reader!.next()
      if (r.done) return null
      this.batch = r.value
      this.index = 0
    }
    return this.batch[this.index]!
  }

  private async loop(): Promise<void> {
    let sinceTurn = 0
    while (!this.stopped) {
      if (this.seekTo !== null) {
        await this.seek()
        continue
      }
      if (this.paused || this.ended) {
        await this.sleep(null)
        continue
      }
      const f = await this.peek()
      if (this.stopped || this.seekTo !== null || this.paused) continue
      if (!f) {
        this.ended = true
        this.emit(true)
        continue
      }
      if (this.speed !== 'max') {
        const due = this.anchor.wall + Number(f.recvNs - this.anchor.ns) / 1e6 / this.speed
        const wait = due - performance.now()
        if (wait > 1) {
          await this.sleep(wait)
          continue
        }
      }
      this.index++
      this.apply(f, true)
      this.emit(false)
      if (++sinceTurn >= FRAMES_PER_TURN) {
        sinceTurn = 0
        await new Promise<void>((r) => setImmediate(r))
      }
    }
  }

  private async seek(): Promise<void> {
    const target = this.seekTo!
    this.seekTo = null
    if (target < this.clockNs) {
      this.market.reset()
      this.openReader()
    }
    let n = 0
    for (let f = await this.peek(); f && f.recvNs <= target; f = await this.peek()) {
      this.index++
      this.apply(f, false)
      if (++n % 4096 === 0) {
        await new Promise<void>((r) => setImmediate(r))
        if (this.stopped || this.seekTo !== null) return
      }
    }
    this.market.resyncAll()
    this.ended = (await this.peek()) === null
    this.clockNs = target < this.firstNs ? this.firstNs : target > this.lastNs ? this.lastNs : target
    this.reanchor()
    this.emit(true)
  }

  private apply(f: RecordedFrame, follow: boolean): void {
    const prev = this.prevNs
    if (prev !== null) {
      if (f.recvNs < prev)
        this.market.gap(f.recvNs, '', `receive time goes back by ${Number(prev - f.recvNs) / 1e6} ms`)
      else if (f.recvNs - prev > BigInt(this.maxSilenceMs) * 1_000_000n)
        this.market.gap(
          f.recvNs,
          '',
          `no frames for ${(Number(f.recvNs - prev) / 1e9).toFixed(1)} s (recording stopped or connection lost?)`,
        )
    }
    this.prevNs = f.recvNs
    this.framesApplied++
    this.clockNs = f.recvNs
    let entries
    try {
      entries = readRecordedFrame(f.frame)
    } catch (e) {
      this.market.gap(f.recvNs, '', `unreadable frame: ${(e as Error).message}`)
      return
    }
    if (!entries) return
    for (const e of entries) {
      if (e.kind === 'book') this.market.book(e, f.recvNs, follow)
      else if (e.kind === 'trade') this.market.trade(e, f.recvNs, follow)
    }
  }
}
