/**
 * Watches links' states (every 25 ms) and keeps each outage: from the first look at a link not
 * online to the first look at it online again. The bracket soak's bound on how long a fill may
 * wait for its legs is the longest of these.
 */
export class LinkWatch {
  /** each outage: which link, how long, and from when (epoch ms) */
  readonly outages: { link: string; ms: number; from: number }[] = []
  private readonly downSince = new Map<string, number>()
  private readonly timer: ReturnType<typeof setInterval>

  constructor(private readonly links: Record<string, () => string | undefined>) {
    this.timer = setInterval(() => this.look(), 25)
  }

  get longestMs(): number {
    return Math.max(0, ...this.outages.map((o) => o.ms))
  }

  get longestWhat(): string {
    const o = this.outages.find((x) => x.ms === this.longestMs)
    return o ? o.link : 'none'
  }

  stop(): void {
    clearInterval(this.timer)
    // an outage still open when the watch stops counts up to now
    const now = Date.now()
    for (const [link, since] of this.downSince) this.outages.push({ link, ms: now - since, from: since })
    this.downSince.clear()
  }

  private look(): void {
    const now = Date.now()
    for (const [link, state] of Object.entries(this.links)) {
      const up = state() === 'online'
      const since = this.downSince.get(link)
      if (!up && since === undefined) this.downSince.set(link, now)
      if (up && since !== undefined) {
        this.outages.push({ link, ms: now - since, from: since })
        this.downSince.delete(link)
      }
    }
  }
}
