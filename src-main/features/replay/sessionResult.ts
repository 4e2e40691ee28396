import type { TrackedOrder } from '../../core/orders/OrderTracker'
import { fillTrade, uncountedFills, type CountedFills } from '../../core/positions/countedFills'
import { PositionBook } from '../../core/positions/PositionBook'
import { addSigned, compareSigned, negate } from '../../../src-domain/signedDecimal'

/** The session result in one quote currency (every text an exact signed decimal). */
export interface QuoteResult {
  quote: string
  realised: string
  unrealised: string
  /** fees charged in this quote currency (positive = paid) */
  fees: string
  /** realised + unrealised - fees: the session's equity change now */
  pnl: string
  /** the largest fall of that equity from its highest point so far (0 or positive) */
  maxDrawdown: string
}

/**
 * A practice session's result from its fills and the replay's mark, per quote currency:
 *
 *   position, average entry and realised PnL per instrument by the average cost method
 *   (`PositionBook`: adding keeps the average, reducing realises (exit - average) x quantity
 *   closed, crossing zero opens at the fill price);
 *   unrealised      = net position x (mark - average entry), marked where the position would close
 *                     on the replayed book, as the positions panel marks it: a long at the best
 *                     bid, a short at the best offer, flat at the mid (a missing side: the mid);
 *   equity(t)       = sum over instruments of (realised + unrealised(t)) - fees paid in the quote;
 *   max drawdown    = max over the samples t of (max(0, equity(s) for s <= t) - equity(t)).
 *
 * The session starts flat, so equity starts at 0 and so does the peak. Equity is sampled when
 * `sample` is called: on every replay clock move and every fill, so a drawdown between two marks
 * the replay never showed is not seen (nor could a trader have seen it).
 */
export class SessionResult {
  private book = new PositionBook()
  /** the trade ids counted, per order: forgotten with the order (OrderTracker.onForget) */
  private readonly applied: CountedFills = new Map()
  private readonly quoteOf = new Map<string, string>()
  private readonly fees = new Map<string, string>()
  private readonly peak = new Map<string, string>()
  private readonly drawdown = new Map<string, string>()
  private fillCount = 0
  private last: QuoteResult[] = []

  /** Count the orders' fills not yet counted, then value everything at the marks and note the equity. */
  sample(orders: readonly TrackedOrder[], mark: Mark): QuoteResult[] {
    for (const o of orders) this.count(o)
    const by = new Map<string, { realised: string; unrealised: string }>()
    for (const symbol of this.book.symbols()) {
      const quote = this.quoteOf.get(symbol)!
      const net = this.book.net(symbol)
      const side = net.startsWith('-') ? 'ask' : /[1-9]/.test(net) ? 'bid' : 'mid'
      const v = this.book.view(symbol, mark(symbol, side) ?? (side === 'mid' ? null : mark(symbol, 'mid')))!
      const acc = by.get(quote) ?? { realised: '0', unrealised: '0' }
      by.set(quote, {
        realised: addSigned(acc.realised, v.realisedPnl),
        unrealised: addSigned(acc.unrealised, v.unrealisedPnl),
      })
    }
    this.last = [...by].map(([quote, { realised, unrealised }]) => {
      const fees = this.fees.get(quote) ?? '0'
      const pnl = addSigned(addSigned(realised, unrealised), negate(fees))
      let peak = this.peak.get(quote) ?? '0'
      if (compareSigned(pnl, peak) > 0) this.peak.set(quote, (peak = pnl))
      const fall = addSigned(peak, negate(pnl))
      let dd = this.drawdown.get(quote) ?? '0'
      if (compareSigned(fall, dd) > 0) this.drawdown.set(quote, (dd = fall))
      return { quote, realised, unrealised, fees, pnl, maxDrawdown: dd }
    })
    return this.last
  }

  /**
   * The tracker forgot this finished order (OrderTracker.onForget): its fills not sampled yet count
   * now, then its trade ids go, as no event can bring them again.
   */
  forget(o: TrackedOrder): void {
    this.count(o)
    this.applied.delete(o.clOrdId)
  }

  /** The order's fills not counted yet move the session's book and fees. */
  private count(o: TrackedOrder): void {
    // fills an order was adopted with moved no book of this session
    for (const f of uncountedFills(this.applied, o, (x) => x.beforeAdoption === true)) {
      this.fillCount++
      const quote = quoteOf(o.symbol)
      this.quoteOf.set(o.symbol, quote)
      this.book.apply(fillTrade(o, f))
      if (f.fee && f.feeAsset && sameCurrency(f.feeAsset, quote))
        this.fees.set(quote, addSigned(this.fees.get(quote) ?? '0', f.fee))
    }
  }

  get fills(): number {
    return this.fillCount
  }

  /** the result as last sampled */
  get result(): QuoteResult[] {
    return this.last
  }
}

/** A price of the replayed book: its best bid, best offer or mid (null: none) */
export type Mark = (symbol: string, at: 'bid' | 'ask' | 'mid') => string | null

/** "BTC/USD" -> "USD" */
function quoteOf(symbol: string): string {
  const i = symbol.indexOf('/')
  return i < 0 ? symbol : symbol.slice(i + 1)
}

/** Kraken names some currencies two ways (ZUSD and USD, XXBT and BTC). */
function sameCurrency(a: string, b: string): boolean {
  const norm = (c: string) =>
    (c.length === 4 && (c[0] === 'Z' || c[0] === 'X') ? c.slice(1) : c).replace('XBT', 'BTC')
  return norm(a) === norm(b)
}
