import type { KrakenWsPublicClient } from '../../kraken/ws/KrakenWsPublicClient'

/**
 * What the market-data features read of a public feed (books, trades, tickers, candles): one
 * venue endpoint, or several behind one (spot WS v2 and the Unified WS: app/MarketFeeds).
 */
export type MarketFeed = Pick<
  KrakenWsPublicClient,
  'symbols' | 'bookState' | 'watchBook' | 'unwatchBook' | 'watch'
>
