import type { MatchingEngine } from '../engine/MatchingEngine'
import { KrakenError, type Side } from '../engine/types'
import type { SimInstrument } from '../instruments'

const MAKER = 'synthetic-maker'
/**
 * The synthetic maker keeps at most this many orders queued at one price: a real book's queue is
 * bounded, and without it the top levels grew by ~1,000 orders a second at 5,000 events/s, which
 * made every book update cost O(resting orders) (profiled: the exchange's top cost).
 */
const MAX_MAKER_ORDERS_PER_LEVEL = 12
const TAKER = 'synthetic-taker'

/**
 * Background traders that keep every book realistic: a market maker quoting dense levels near
 * the touch with gaps further out, pulling and re-posting, and a taker whose market orders make
 * trades and move the price. They place real orders in the engine, so the trader's orders meet
 * them like any other counterparty.
 */
export class SyntheticTraders {
  private readonly lots = new Map<string, bigint>()
  private readonly ticks = new Map<string, number>()

  constructor(
    private readonly engine: MatchingEngine,
    private readonly instruments: SimInstrument[],
    private readonly random: () => number,
  ) {
    for (const a of [MAKER, TAKER]) {
      for (const i of instruments) {
        engine.accounts.deposit(a, i.base, '1000000000')
        engine.accounts.deposit(a, i.quote, '100000000000')
      }
    }
    for (const i of instruments) {
      const ref = Number(i.referencePrice)
      const ordermin = Number(i.ordermin)
      // a lot worth roughly 100 in quote currency, never under the pair's minimum
      const lot = Math.max(ordermin, 100 / ref)
      this.lots.set(i.symbol, BigInt(Math.ceil(lot * 10 ** i.qtyPrecision)))
      const [a, b = ''] = i.tickSize.split('.')
      this.ticks.set(i.symbol, Number(a! + b.padEnd(i.pricePrecision, '0')))
    }
  }

  static readonly accounts = [MAKER, TAKER]

  /** Lay down an initial book around each instrument's reference price. */
  seed(levelsPerSide = 80): void {
    for (const i of this.instruments) {
      const tick = this.ticks.get(i.symbol)!
      const [a, b = ''] = i.referencePrice.split('.')
      const mid = Number(a! + b.padEnd(i.pricePrecision, '0'))
      let bid = mid - tick
      let ask = mid + tick
      for (let k = 0; k < levelsPerSide; k++) {
        this.quote(i.symbol, 'buy', bid, k)
        this.quote(i.symbol, 'sell', ask, k)
        const gap = k < 20 ? 1 : 1 + Math.floor(this.random() * 3)
        bid -= gap * tick
        ask += gap * tick
      }
    }
  }

  private size(symbol: string, distance: number): bigint {
    return this.lots.get(symbol)! * BigInt(1 + Math.floor(this.random() * (8 + distance)))
  }

  private quote(symbol: string, side: Side, price: number, distance: number): void {
    if (price <= 0) return
    this.try(() =>
      this.engine.place({
        account: MAKER,
        symbol,
        side,
        type: 'limit',
        qty: this.size(symbol, distance),
        limitPrice: price,
        tif: 'GTC',
        postOnly: true,
        source: { protocol: 'rest' },
      }),
    )
  }

  private try(fn: () => unknown): void {
    try {
      fn()
    } catch (e) {
      if (!(e instanceof KrakenError)) throw e
      // a synthetic order the engine refuses (e.g. would cross) is simply not placed
    }
  }

  /** Cancel the maker's oldest orders at `price` beyond the per-level bound (theirs only). */
  private trimQueue(symbol: string, side: Side, price: number): void {
    const level = this.engine.book(symbol).side(side).level(price)
    if (!level || level.orders.length <= MAX_MAKER_ORDERS_PER_LEVEL) return
    const mine = level.orders.filter((o) => o.account === MAKER)
    for (const o of mine.slice(0, Math.max(0, mine.length - MAX_MAKER_ORDERS_PER_LEVEL)))
      this.try(() => this.engine.cancel(MAKER, { orderId: o.id }))
  }

  /** One market event on `symbol`. */
  step(symbol: string): void {
    const book = this.engine.book(symbol)
    const tick = this.ticks.get(symbol)!
    const bestBid = book.bestBid()
    const bestAsk = book.bestAsk()
    if (bestBid === null || bestAsk === null) {
      this.seed(40)
      return
    }
    const side: Side = this.random() < 0.5 ? 'buy' : 'sell'
    const r = this.random()
    if (r < 0.5) {
      // post near the touch
      const d = Math.floor(this.random() * 15)
      const price = side === 'buy' ? bestBid - d * tick : bestAsk + d * tick
      this.quote(symbol, side, price, d)
      this.trimQueue(symbol, side, price)
    } else if (r < 0.75) {
      // pull one of the maker's orders in the top 30 levels
      const levels = book.side(side).levels.slice(0, 30)
      const level = levels[Math.floor(this.random() * levels.length)]
      const mine = level?.orders.filter((o) => o.account === MAKER) ?? []
      const victim = mine[Math.floor(this.random() * mine.length)]
      if (victim && book.side(side).levels.length > 40)
        this.try(() => this.engine.cancel(MAKER, { orderId: victim.id }))
    } else if (r < 0.9) {
      // a taker hits the market
      this.try(() =>
        this.engine.place({
          account: TAKER,
          symbol,
          side,
          type: 'market',
          qty: this.size(symbol, 0),
          tif: 'IOC',
          source: { protocol: 'rest' },
        }),
      )
    } else if (bestAsk - bestBid > tick) {
      // tighten the spread
      this.quote(symbol, side, side === 'buy' ? bestBid + tick : bestAsk - tick, 0)
    }
    // keep depth stocked so the book never runs dry
    for (const s of ['buy', 'sell'] as const) {
      const levels = book.side(s).levels
      if (levels.length < 60) {
        const worst = levels.at(-1)?.price ?? (s === 'buy' ? bestBid : bestAsk)
        this.quote(symbol, s, s === 'buy' ? worst - tick : worst + tick, 40)
      }
    }
  }
}
