import { useEffect, useState } from 'react'
import { useMarketStore } from './marketStore'

/**
 * A book read every `ms` instead of on every message: for views that are read, not reacted to
 * (the L2 table, the status bar's counters), so they take no frames from the ladder under bursts.
 */
export function useBookEvery(symbol: string, ms: number) {
  const [book, setBook] = useState(() => useMarketStore.getState().books[symbol])
  useEffect(() => {
    const t = setInterval(() => setBook(useMarketStore.getState().books[symbol]), ms)
    return () => clearInterval(t)
  }, [symbol, ms])
  return book
}
