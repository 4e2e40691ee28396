import type { MarginPositionView } from '../../../src-preload/contract/types'

/** What Kraken's OpenPositions says of one position (kraken/rest/openPositions), pair as Kraken named it. */
export type VenueMarginPosition = Omit<MarginPositionView, 'symbol'> & { pair: string }

export interface MarginPositionsDeps {
  /** Kraken's OpenPositions now; null: no venue session with a key yet */
  fetch: () => Promise<VenueMarginPosition[]> | null
  /** Kraken's pair name ("XXBTZUSD") → the app's instrument id ("BTC/USD"), or null */
  symbolOf: (pair: string) => string | null
  /** whether the session has placed a margin order (only then is OpenPositions worth asking) */
  marginTraded: () => boolean
  publish: () => void
  log: (msg: string) => void
  everyMs?: number
}

/**
 * Spot margin positions are Kraken's (it lends; the coins never reach the balance), so they are
 * read from Kraken's OpenPositions: once when the session starts, then every few seconds while
 * there is one or the session has traded on margin. A failed read keeps the last view and says so
 * in the log (the positions topic keeps showing what Kraken last said).
 */
export class MarginPositions {
  private list: MarginPositionView[] = []
  private timer: NodeJS.Timeout | null = null
  private busy = false
  /** a margin order was placed this session (sticky: its order may be forgotten since) */
  private traded = false

  constructor(private readonly d: MarginPositionsDeps) {}

  view(): MarginPositionView[] {
    return this.list
  }

  start(): void {
    if (this.timer) return
    void this.refresh()
    this.timer = setInterval(() => {
      // once a margin order was placed, always asked: the tracker forgets old orders (FINISHED_KEPT)
      this.traded ||= this.d.marginTraded()
      if (this.list.length > 0 || this.traded) void this.refresh()
    }, this.d.everyMs ?? 3000)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  async refresh(): Promise<void> {
    const asked = this.d.fetch()
    if (!asked || this.busy) return
    this.busy = true
    try {
      const next = (await asked).map((p): MarginPositionView => ({
        id: p.id,
        symbol: this.d.symbolOf(p.pair) ?? p.pair,
        side: p.side,
        volume: p.volume,
        volumeClosed: p.volumeClosed,
        cost: p.cost,
        margin: p.margin,
        value: p.value,
        net: p.net,
        leverage: p.leverage,
      }))
      const changed = JSON.stringify(next) !== JSON.stringify(this.list)
      this.list = next
      if (changed) this.d.publish()
    } catch (e) {
      this.d.log(`margin positions: ${(e as Error).message}`)
    } finally {
      this.busy = false
    }
  }
}
