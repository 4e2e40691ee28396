/**
 * Synthetic liquidity on the perpetual books: the spot market's synthetic maker and taker
 * (SyntheticTraders, one set per perpetual so re-seeding one book leaves the other alone), plus an
 * arbitrageur that keeps each book near its index, as arbitrage against the spot market keeps a
 * real perpetual near its index:
 * - mid more than 0.1 % from the index: a market order of one lot towards the index;
 * - mid more than 1 % away (the index jumped, or a test moved it): the maker's quotes are pulled
 *   and re-laid around the index.
 */
import type { MatchingEngine } from '../engine/MatchingEngine'
import { KrakenError } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { SyntheticTraders } from '../market/SyntheticTraders'
import { perpetual } from './perpetuals'
import { formatPrice } from './units'

const [MAKER, TAKER] = SyntheticTraders.accounts as [string, string]

export class PerpLiquidity {
  private readonly traders = new Map<string, SyntheticTraders>()

  constructor(
    private readonly engine: MatchingEngine,
    private readonly instruments: readonly SimInstrument[],
    random: () => number,
  ) {
    for (const i of instruments) {
      const t = new SyntheticTraders(engine, [i], random)
      t.seed()
      this.traders.set(i.symbol, t)
    }
  }

  /** One market event on `symbol`, pulled towards `index` (price units). */
  step(symbol: string, index: bigint): void {
    const traders = this.traders.get(symbol)
    if (!traders) return
    const book = this.engine.book(symbol)
    const bid = book.bestBid()
    const ask = book.bestAsk()
    if (bid !== null && ask !== null) {
      const mid2 = BigInt(bid) + BigInt(ask)
      const off = mid2 - 2n * index
      const absOff = off < 0n ? -off : off
      if (absOff * 100n > 2n * index) return this.recentre(symbol, index, traders)
      if (absOff * 1000n > 2n * index) this.arbitrage(symbol, off > 0n ? 'sell' : 'buy')
    }
    traders.step(symbol)
  }

  private recentre(symbol: string, index: bigint, traders: SyntheticTraders): void {
    this.engine.cancelAll(MAKER, { symbol })
    const inst = this.instruments.find((i) => i.symbol === symbol)!
    inst.referencePrice = formatPrice(perpetual(symbol), index)
    traders.seed(40)
  }

  private arbitrage(symbol: string, side: 'buy' | 'sell'): void {
    const inst = this.instruments.find((i) => i.symbol === symbol)!
    try {
      this.engine.place({
        account: TAKER,
        symbol,
        side,
        type: 'market',
        qty: BigInt(inst.ordermin.replace('.', '').replace(/^0+/, '')) * 10n,
        tif: 'IOC',
        source: { protocol: 'rest' },
      })
    } catch (e) {
      if (!(e instanceof KrakenError)) throw e
    }
  }
}
