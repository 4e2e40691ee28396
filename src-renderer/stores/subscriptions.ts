import { useEffect } from 'react'
import { getBridge } from '../bridge'
import { useMarketStore } from './marketStore'

/** Keep `symbol`'s book flowing into the store while the calling panel is mounted. */
export function useBookSubscription(symbol: string): void {
  useEffect(() => {
    const bridge = getBridge()
    return bridge.subscribe('book', { symbol, depth: 25 }, (book) => useMarketStore.getState().setBook(book))
  }, [symbol])
}

export function useConnectionsSubscription(): void {
  useEffect(() => {
    const bridge = getBridge()
    return bridge.subscribe('connections', {}, (c) => useMarketStore.getState().setConnections(c))
  }, [])
}

export function useRateLimitsSubscription(): void {
  useEffect(() => {
    const bridge = getBridge()
    return bridge.subscribe('rateLimits', {}, (r) => useMarketStore.getState().setRateLimits(r))
  }, [])
}

export function useAppInfo(): void {
  useEffect(() => {
    let live = true
    const load = (): void => {
      getBridge()
        .invoke('app.info', {})
        .then((info) => {
          if (live) useMarketStore.getState().setInfo(info)
        })
        .catch(() => {
          // core not reachable yet: the bridge reconnects; ask again shortly
          if (live) setTimeout(load, 1000)
        })
    }
    load()
    return () => {
      live = false
    }
  }, [])
}
