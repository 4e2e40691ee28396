export interface FollowedBooksDeps {
  /** market data is connected: before that, following waits (the session follows at its start) */
  live: () => boolean
  /** take a book subscription of main's own (the same reference count windows use) */
  acquire: (symbol: string) => { release: () => void }
  touch: (symbol: string) => { bid: string | null; ask: string | null }
  /** the top of a followed book moved: alerts and position marks are checked here */
  onTop: (symbol: string) => void
  frameMs: number
  log: (msg: string) => void
}

/**
 * The books main holds for alerts and positions, whatever windows show. A book's subscription
 * otherwise lives only while a window shows it, and alerts then never fired and marks froze
 * (seen on main). Top-of-book checks are coalesced to the frame pace: at thousands of book
 * messages a second the touch is read at most once a frame per instrument, and `onTop` hears
 * only real changes.
 */
export class FollowedBooks {
  /** symbol → release of main's own subscription */
  private readonly followed = new Map<string, () => void>()
  private readonly dirty = new Set<string>()
  private readonly lastTop = new Map<string, string>()
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly d: FollowedBooksDeps) {}

  /** Follow exactly these instruments (from now on): new ones are acquired, dropped ones released. */
  follow(symbols: ReadonlySet<string>): void {
    if (!this.d.live()) return
    for (const [s, release] of this.followed)
      if (!symbols.has(s)) {
        this.followed.delete(s)
        this.lastTop.delete(s)
        release()
      }
    for (const s of symbols) {
      if (this.followed.has(s)) continue
      try {
        this.followed.set(s, this.d.acquire(s).release)
        // a book already live (a window shows it) is checked now, not at its next change
        this.changed(s)
      } catch (e) {
        this.d.log(`cannot follow the ${s} book for alerts and marks: ${(e as Error).message}`)
      }
    }
  }

  /** A book changed (any book: only followed ones are checked). */
  changed(symbol: string): void {
    if (!this.followed.has(symbol)) return
    this.dirty.add(symbol)
    if (this.timer) return
    this.timer = setTimeout(() => this.check(), this.d.frameMs)
    this.timer.unref()
  }

  private check(): void {
    this.timer = null
    for (const s of this.dirty) {
      if (!this.followed.has(s)) continue
      const t = this.d.touch(s)
      if (!t.bid && !t.ask) continue
      const key = `${t.bid}|${t.ask}`
      if (this.lastTop.get(s) === key) continue
      this.lastTop.set(s, key)
      this.d.onTop(s)
    }
    this.dirty.clear()
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
