import { create } from 'zustand'
import type {
  AlertsView,
  NoticesView,
  OrdersView,
  PositionsView,
  RiskView,
} from '../../src-preload/contract/types'

interface TradingStore {
  orders: OrdersView
  positions: PositionsView
  risk: RiskView | null
  notices: NoticesView
  alerts: AlertsView
  set: (p: Partial<Pick<TradingStore, 'orders' | 'positions' | 'risk' | 'notices' | 'alerts'>>) => void
}

/** Orders, fills, positions, risk state, notices and price alerts, as main reports them. */
export const useTradingStore = create<TradingStore>((set) => ({
  orders: { working: [], history: [], fills: [] },
  positions: { positions: [], balances: [] },
  risk: null,
  notices: { notices: [] },
  alerts: { alerts: [] },
  set: (p) => set(p),
}))
