import { create } from 'zustand'
import type {
  AlertsView,
  Notice,
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
  /**
   * What only this window said (a ticket refusal, a key with nothing to act on, a command that
   * failed): kept here beside main's notices so the notices log has them too. Negative ids, so
   * they never meet main's.
   */
  localNotices: Notice[]
  alerts: AlertsView
  /** the notices log (every notice of the session) is open in this window */
  noticesLogOpen: boolean
  set: (
    p: Partial<
      Pick<
        TradingStore,
        'orders' | 'positions' | 'risk' | 'notices' | 'localNotices' | 'alerts' | 'noticesLogOpen'
      >
    >,
  ) => void
}

/** Orders, fills, positions, risk state, notices and price alerts, as main reports them. */
export const useTradingStore = create<TradingStore>((set) => ({
  orders: { working: [], history: [], fills: [] },
  positions: { positions: [], balances: [] },
  risk: null,
  notices: { notices: [] },
  localNotices: [],
  alerts: { alerts: [] },
  noticesLogOpen: false,
  set: (p) => set(p),
}))

/** Open or close the notices log (a click on the strip, or the notices.log key). */
export function toggleNoticesLog(open?: boolean): void {
  const s = useTradingStore.getState()
  s.set({ noticesLogOpen: open ?? !s.noticesLogOpen })
}

/** As main: the window keeps its last 500 local notices, the oldest unpinned going first. */
const LOCAL_KEPT = 500
let nextLocalId = -1

/**
 * Add what this window said to the notices log (and the strip). A refusal is pinned until
 * dismissed, as main pins its own. The same words again while the last is still there (x pressed
 * five times with nothing to cancel) move that notice's time instead of adding four more.
 */
export function addLocalNotice(
  text: string,
  how: { level: Notice['level']; kind: Notice['kind']; pinned: boolean },
  at: number = Date.now(),
): Notice {
  const s = useTradingStore.getState()
  const last = s.localNotices[s.localNotices.length - 1]
  if (last && last.text === text && last.level === how.level && (last.pinned ?? false) === how.pinned) {
    const moved: Notice = { ...last, at }
    s.set({ localNotices: [...s.localNotices.slice(0, -1), moved] })
    return moved
  }
  const notice: Notice = { id: nextLocalId--, at, text, level: how.level, kind: how.kind, pinned: how.pinned }
  const kept = [...s.localNotices, notice]
  if (kept.length > LOCAL_KEPT) {
    // as main's NoticeBoard: the oldest unpinned goes first, else the oldest pinned (a window
    // refusing keys all day without the trader dismissing them must not grow for ever)
    const i = kept.findIndex((n) => !n.pinned)
    kept.splice(i >= 0 ? i : 0, kept.length - LOCAL_KEPT)
  }
  s.set({ localNotices: kept })
  return notice
}

/** Unpin this window's notices (all of them without ids): off the strip, still in the log. */
export function dismissLocalNotices(ids?: readonly number[]): void {
  const s = useTradingStore.getState()
  s.set({
    localNotices: s.localNotices.map((n) =>
      n.pinned && (!ids || ids.includes(n.id)) ? { ...n, pinned: false } : n,
    ),
  })
}

/** Main's notices and this window's, oldest first (ties: main's first). */
export function mergedNotices(main: readonly Notice[], local: readonly Notice[]): Notice[] {
  if (local.length === 0) return main as Notice[]
  return [...main, ...local].sort((a, b) => a.at - b.at)
}
