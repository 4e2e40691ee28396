import { useEffect, useState } from 'react'
import { useMarketStore } from './marketStore'
import { every } from './uiClock'

/**
 * A book read every `ms` instead of on every message: for views that are read, not reacted to
 * (the L2 table, the status bar's counters), so they take no frames from the ladder under bursts.
 */
export function useBookEvery(symbol: string, ms: number) {
  const [book, setBook] = useState(() => useMarketStore.getState().books[symbol])
  useEffect(() => {
    return every(ms, () => setBook(useMarketStore.getState().books[symbol]))
  }, [symbol, ms])
  return book
}
