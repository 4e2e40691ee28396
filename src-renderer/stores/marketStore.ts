import { create } from 'zustand'
import type { AppInfo, BookView, ConnectionsView, RateLimitsView } from '../../src-preload/contract/types'

interface MarketStore {
  info: AppInfo | null
  books: Record<string, BookView>
  connections: ConnectionsView | null
  rateLimits: RateLimitsView | null
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
  setInfo: (info) => set({ info }),
  // every book message of every window passes here (hundreds a second under bursts): one copy of
  // the small symbol map, nothing else (a per-symbol message counter no view read was dropped)
  setBook: (book) => set((s) => ({ books: { ...s.books, [book.symbol]: book } })),
  setConnections: (connections) => set({ connections }),
  setRateLimits: (rateLimits) => set({ rateLimits }),
}))
