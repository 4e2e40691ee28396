import { create } from 'zustand'
import type { AppInfo, BookView, ConnectionsView, RateLimitsView } from '../../src-preload/contract/types'

interface MarketStore {
  info: AppInfo | null
  books: Record<string, BookView>
  connections: ConnectionsView | null
  rateLimits: RateLimitsView | null
  /** topic messages received, per symbol (for the status bar's rate display) */
  bookMessages: Record<string, number>
  setInfo: (info: AppInfo) => void
  setBook: (book: BookView) => void
  setConnections: (c: ConnectionsView) => void
  setRateLimits: (r: RateLimitsView) => void
}

/** Fed by topics from main; panels select only the slice they draw, so one book's update re-renders only its views. */
export const useMarketStore = create<MarketStore>((set) => ({
  info: null,
  books: {},
  connections: null,
  rateLimits: null,
  bookMessages: {},
  setInfo: (info) => set({ info }),
  setBook: (book) =>
    set((s) => ({
      books: { ...s.books, [book.symbol]: book },
      bookMessages: { ...s.bookMessages, [book.symbol]: (s.bookMessages[book.symbol] ?? 0) + 1 },
    })),
  setConnections: (connections) => set({ connections }),
  setRateLimits: (rateLimits) => set({ rateLimits }),
}))
