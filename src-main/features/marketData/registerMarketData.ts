import type { StreamHub } from '../../ipc/StreamHub'
import type { BookViews } from './BookViews'
import type { Level3Books } from './Level3Books'
import type { TapeFeeds } from './TapeFeeds'

/** Market data's topics: L2 and L3 books, time and sales, candles. */
export function registerMarketData(
  hub: StreamHub,
  f: { books: BookViews; level3: Level3Books; tape: TapeFeeds },
): void {
  hub.topic('book', { acquire: ({ symbol }) => f.books.acquire(symbol), latest: (k) => f.books.view(k) })
  hub.topic('book.l3', {
    acquire: ({ symbol }) => f.level3.acquire(symbol),
    latest: (k) => f.level3.latest(k),
  })
  hub.topic('trades', {
    acquire: ({ symbol }) => f.tape.acquire('trade', symbol),
    latest: (k) => f.tape.trades(k),
  })
  hub.topic('candles', {
    acquire: ({ symbol, interval }) => f.tape.acquire('ohlc', symbol, interval),
    latest: (k) => f.tape.candles(k),
  })
}
