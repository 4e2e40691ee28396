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
  /** the notices log (every notice of the session) is open in this window */
  noticesLogOpen: boolean
  set: (
    p: Partial<Pick<TradingStore, 'orders' | 'positions' | 'risk' | 'notices' | 'alerts' | 'noticesLogOpen'>>,
  ) => void
}

/** Orders, fills, positions, risk state, notices and price alerts, as main reports them. */
export const useTradingStore = create<TradingStore>((set) => ({
  orders: { working: [], history: [], fills: [] },
  positions: { positions: [], balances: [] },
  risk: null,
  notices: { notices: [] },
  alerts: { alerts: [] },
  noticesLogOpen: false,
  set: (p) => set(p),
}))

/** Open or close the notices log (a click on the strip, Alt+N, or a keymap action). */
export function toggleNoticesLog(open?: boolean): void {
  const s = useTradingStore.getState()
  s.set({ noticesLogOpen: open ?? !s.noticesLogOpen })
}
