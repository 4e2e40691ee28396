import type { MarginPositionView, PositionView, PositionsView } from '../../../src-preload/contract/types'
import { fillTrade, uncountedFills, type CountedFills } from '../../core/positions/countedFills'
import type { TrackedFill, TrackedOrder } from '../../core/orders/OrderTracker'
import { PositionBook, type PositionState } from '../../core/positions/PositionBook'
import { isDerivativesSymbol } from '../../../src-domain/derivatives'

export interface PositionsDeps {
  /** mid price text of a symbol's book, or null */
  mid: (symbol: string) => string | null
  /** best bid and offer of a symbol's live book (either null when that side is empty) */
  touch?: (symbol: string) => { bid: string | null; ask: string | null }
  publish: () => void
  /** spot margin positions as Kraken last reported them (MarginPositions) */
  marginPositions?: () => MarginPositionView[]
  /**
   * Is this trade already in the journal's position base (its order folded earlier)? Such a fill
   * is counted without moving the position again, when its order comes back (found working at the
   * venue and adopted again) and reports it, or is read back at a start with it.
   */
  inBase?: (tradeId: string) => boolean
}

/**
 * Positions from fills (each fill counted once, whichever protocol reported it, restored or
 * live), marked on the live book, and the balances the venue reports.
 */
export class Positions {
  private readonly book = new PositionBook()
  /**
   * The position base: the book from the journal's saved base plus the fills of every order the
   * tracker has forgotten since. Saved with those orders marked folded (OrderOutcomes), a start
   * reads this instead of every order ever journaled (issue 20: a year of trading read ~2 s).
   */
  private readonly base = new PositionBook()
  /** the trade ids counted, per order: forgotten with the order (OrderTracker.onForget) */
  private readonly applied: CountedFills = new Map()
  /** Balances as the venue reports them (WS balances channel). */
  private readonly balances = new Map<string, string>()

  constructor(private readonly d: PositionsDeps) {}

  /** The order's fills not counted yet move the position; returns them (in the order's order). */
  applyFills(o: TrackedOrder): TrackedFill[] {
    // a derivatives position is the venue's (Unified WS positions: DerivativesDesk), and so is a
    // spot margin position (OpenPositions: MarginPositions) — not a sum of fills: their fills are
    // counted once and told, but move no cash position (flatten would sell the trader's own coins)
    const spot = !isDerivativesSymbol(o.symbol) && o.leverage === undefined
    const fresh = uncountedFills(this.applied, o)
    const inBase = this.d.inBase
    const told = inBase ? fresh.filter((f) => !inBase(f.tradeId)) : fresh
    if (spot) for (const f of told) this.book.apply(fillTrade(o, f))
    return told
  }

  /**
   * The tracker forgot this finished order: what was counted of it stays in the position, and no
   * event can bring its fills again (OrderTracker's FINISHED_KEPT rule), so its trade ids go and
   * its counted fills move the base. Returns the trade ids that moved it (to be marked in the
   * journal as the base's, with the base saved).
   */
  forget(o: TrackedOrder): string[] {
    const ids = this.applied.get(o.clOrdId)
    this.applied.delete(o.clOrdId)
    if (!ids || isDerivativesSymbol(o.symbol) || o.leverage !== undefined) return []
    const moved: string[] = []
    for (const f of o.fills)
      if (ids.has(f.tradeId) && !this.d.inBase?.(f.tradeId)) {
        this.base.apply(fillTrade(o, f))
        moved.push(f.tradeId)
      }
    return moved
  }

  /** Start from the journal's saved base (before the restored orders' fills are counted). */
  restoreBase(saved: readonly PositionState[]): void {
    this.base.load(saved)
    this.book.load(saved)
  }

  /** The base as it stands: saved by the journal with the orders folded into it. */
  baseState(): PositionState[] {
    return this.base.state()
  }

  net(symbol: string): string {
    return this.book.net(symbol)
  }

  /** every instrument the trader has traded this session (flat or not) */
  symbols(): string[] {
    return this.book.symbols()
  }

  /** instruments with a position held (not flat): their books must be followed for the mark */
  held(): string[] {
    return this.book.symbols().filter((x) => /[1-9]/.test(this.book.net(x)))
  }

  onBalances(entries: Record<string, unknown>[]): void {
    for (const e of entries)
      if (typeof e.asset === 'string' && e.balance !== undefined)
        this.balances.set(e.asset, String(e.balance))
    this.d.publish()
  }

  /**
   * A position is marked where it would close: a long at the best bid, a short at the best offer
   * (what flattening now would get before fees, not the mid a trader could not trade at); flat, at
   * the mid. Without that side of the book, the mid; without a book, no mark.
   */
  private mark(symbol: string): { price: string | null; source: PositionView['markSource'] } {
    const net = this.book.net(symbol)
    const top = this.d.touch?.(symbol)
    const side = net.startsWith('-') ? 'ask' : /[1-9]/.test(net) ? 'bid' : null
    const price = side && top ? top[side] : null
    if (side && price) return { price, source: side }
    const mid = this.d.mid(symbol)
    return { price: mid, source: mid ? 'mid' : 'none' }
  }

  view(): PositionsView {
    const margin = this.d.marginPositions?.() ?? []
    return {
      positions: this.book.symbols().map((s) => {
        const m = this.mark(s)
        return { ...this.book.view(s, m.price)!, mark: m.price ?? '', markSource: m.source }
      }),
      balances: [...this.balances]
        .map(([asset, balance]) => ({ asset, balance }))
        .sort((a, b) => a.asset.localeCompare(b.asset)),
      ...(margin.length ? { marginPositions: margin } : {}),
    }
  }
}
