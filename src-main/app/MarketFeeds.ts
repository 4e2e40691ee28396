import { isDerivativesSymbol } from '../../src-domain/derivatives'
import type { MarketFeed } from '../features/marketData/MarketFeed'
import type {
  BookState,
  ChannelEntry,
  DataChannel,
  KrakenWsPublicClient,
} from '../kraken/ws/KrakenWsPublicClient'

/**
 * Spot pairs (WS v2) and derivatives contracts (Unified WS) behind one feed: each call goes to the
 * endpoint that lists the instrument, so books, tape, candles, alerts and marks of a perpetual are
 * the spot features unchanged — a second asset class, not a second copy.
 */
export class MarketFeeds implements MarketFeed {
  constructor(
    readonly spot: KrakenWsPublicClient,
    readonly derivatives: KrakenWsPublicClient | null,
  ) {}

  private of(symbol: string): KrakenWsPublicClient | null {
    return isDerivativesSymbol(symbol) ? this.derivatives : this.spot
  }

  get symbols(): string[] {
    return this.derivatives ? [...this.spot.symbols, ...this.derivatives.symbols] : this.spot.symbols
  }

  bookState(symbol: string): BookState | undefined {
    return this.of(symbol)?.bookState(symbol)
  }

  watchBook(symbol: string): void {
    this.of(symbol)?.watchBook(symbol)
  }

  unwatchBook(symbol: string): void {
    this.of(symbol)?.unwatchBook(symbol)
  }

  watch(
    channel: DataChannel,
    symbol: string,
    onData: (entries: ChannelEntry[], snapshot: boolean) => void,
    params: Record<string, unknown> = {},
  ): () => void {
    const feed = this.of(symbol)
    return feed ? feed.watch(channel, symbol, onData, params) : () => {}
  }
}
