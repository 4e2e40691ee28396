import { create } from 'zustand'
import type { NoticesView, OrdersView, PositionsView, RiskView } from '../../src-preload/contract/types'

interface TradingStore {
  orders: OrdersView
  positions: PositionsView
  risk: RiskView | null
  notices: NoticesView
  set: (p: Partial<Pick<TradingStore, 'orders' | 'positions' | 'risk' | 'notices'>>) => void
}

/** Orders, fills, positions, risk state and notices, as main reports them. */
export const useTradingStore = create<TradingStore>((set) => ({
  orders: { working: [], history: [], fills: [] },
  positions: { positions: [], balances: [] },
  risk: null,
  notices: { notices: [] },
  set: (p) => set(p),
}))
