import { useEffect } from 'react'
import { getBridge } from '../bridge'
import { useMarketStore } from './marketStore'
import { useTradingStore } from './tradingStore'
import type { Keymap } from '../../src-preload/contract/keymap'
import { useKeymapStore } from './keymapStore'
import { sayEnded } from '../trading/say'

/** The depth every book panel asks for: the same params share one subscription (see earlyBooks.ts). */
export const BOOK_DEPTH = 25

/** Keep `symbol`'s book flowing into the store while the calling panel is mounted. */
export function useBookSubscription(symbol: string): void {
  useEffect(() => {
    const bridge = getBridge()
    return bridge.subscribe(
      'book',
      { symbol, depth: BOOK_DEPTH },
      (book) => useMarketStore.getState().setBook(book),
      sayEnded(`The ${symbol} book`),
    )
  }, [symbol])
}

export function useConnectionsSubscription(): void {
  useEffect(() => {
    const bridge = getBridge()
    return bridge.subscribe(
      'connections',
      {},
      (c) => useMarketStore.getState().setConnections(c),
      sayEnded('Link status'),
    )
  }, [])
}

export function useRateLimitsSubscription(): void {
  useEffect(() => {
    const bridge = getBridge()
    return bridge.subscribe(
      'rateLimits',
      {},
      (r) => useMarketStore.getState().setRateLimits(r),
      sayEnded('Rate counters'),
    )
  }, [])
}

export function useAppInfo(): void {
  useEffect(() => {
    let live = true
    const load = (): void => {
      getBridge()
        .invoke('app.info', {})
        .then((info) => {
          if (!live) return
          useMarketStore.getState().setInfo(info)
          // instrument details arrive once the venue's reference data is in: ask again until then
          if (info.instruments.length === 0) setTimeout(load, 500)
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

/** Orders, positions, risk, notices, alerts and the keymap for the whole window. */
export function useTradingSubscriptions(): void {
  useEffect(() => {
    const bridge = getBridge()
    const set = useTradingStore.getState().set
    const stops = [
      // working orders only: history and fills come with the panels that show them (useOrderHistory)
      bridge.subscribe(
        'orders',
        { scope: 'working' },
        (o) => set({ orders: { ...useTradingStore.getState().orders, working: o.working } }),
        sayEnded('Working orders'),
      ),
      bridge.subscribe('positions', {}, (positions) => set({ positions }), sayEnded('Positions')),
      bridge.subscribe('risk', {}, (risk) => set({ risk }), sayEnded('Risk state')),
      bridge.subscribe('notices', {}, (notices) => set({ notices }), sayEnded('Notices')),
      bridge.subscribe('alerts', {}, (alerts) => set({ alerts }), sayEnded('Alerts')),
      bridge.subscribe(
        'keymap',
        {},
        (k) => useKeymapStore.getState().set({ keymap: k.bindings as Keymap, custom: k.custom }),
        sayEnded('Keymap'),
      ),
    ]
    return () => stops.forEach((s) => s())
  }, [])
}

/**
 * Order history and fills (large): subscribed only while a panel that shows them is open in this
 * window (blotter, chart fill marks, fill alerts); panels share the one subscription.
 */
export function useOrderHistory(): void {
  useEffect(() => {
    return getBridge().subscribe(
      'orders',
      { scope: 'all' },
      (orders) => useTradingStore.getState().set({ orders }),
      sayEnded('Order history'),
    )
  }, [])
}
