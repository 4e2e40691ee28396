import { useEffect } from 'react'
import { useHotkeys } from './hotkeys/useHotkeys'
import { useBracketHotkeys } from './hotkeys/useBracketHotkeys'
import { ConfirmDialog } from './panels/ConfirmDialog'
import { DeadmanSwitch } from './panels/DeadmanSwitch'
import { RearmDialog } from './panels/RearmDialog'
import { installFocusGuard } from './hotkeys/focusGuard'
import { Notices } from './panels/Notices'
import { PracticeBar } from './panels/PracticeBar'
import { ProfileButton } from './panels/ProfileButton'
import { HelpOverlay, ProfilesOverlay } from './panels/lazyOverlays'
import { StatusBar } from './panels/StatusBar'
import { useMarketStore } from './stores/marketStore'
import { useAppInfo, useConnectionsSubscription, useTradingSubscriptions } from './stores/subscriptions'
import { QTY_PRESETS, useTicketStore } from './stores/ticketStore'
import { toggleNoticesLog, useTradingStore } from './stores/tradingStore'
import { useUiStore } from './stores/uiStore'
import { useWorkspaceStore } from './stores/workspaceStore'
import { Dock } from './workspace/Dock'
import type { PanelKind } from '../src-preload/contract/types'
import { getDockApi } from './workspace/dockApi'
import { activeLadder } from './workspace/ladderRegistry'
import { nextLinkParams, PANEL_INFO, resolveSymbol, type PanelParams } from './workspace/panelKinds'
import { popOut } from './workspace/windowActions'
import { useWorkspace } from './workspace/useWorkspace'
import { WorkspaceMenu } from './workspace/WorkspaceMenu'
import { IS_MAIN_WINDOW, WINDOW_ID } from './workspace/windowId'
import {
  amendLast,
  cancelLast,
  cancelSymbol,
  confirmPending,
  instrument,
  killSwitch,
  prepare,
  prepareFlatten,
  sendTicket,
} from './trading/actions'
import { enterConfirms } from './trading/confirmKeys'

export function App() {
  useAppInfo()
  useTradingSubscriptions()
  useWorkspace()
  // the window title carries the link state (the taskbar is the browser's status indicator)
  useConnectionsSubscription()
  useWindowTitle()
  // clicked buttons never keep focus, a click outside a field leaves it: keys stay hotkeys
  useEffect(() => installFocusGuard(), [])
  const info = useMarketStore((s) => s.info)
  const risk = useTradingStore((s) => s.risk)
  const help = useUiStore((s) => s.help)
  const profiles = useUiStore((s) => s.profiles)
  const symbol = useTicketStore((s) => s.symbol)
  const ui = useUiStore.getState
  const ticket = useTicketStore.getState
  const nudge = (ticks: number): void => {
    const inst = instrument(symbol)
    if (inst) ticket().nudge(ticks, inst.tickSize, inst.pricePrecision)
  }
  // a question on screen (confirm an order, re-arm) takes only its answer: Enter, Esc, or Ctrl+K
  const dialogOpen = (): boolean => ui().confirm !== null || ui().rearm
  // keys fill and send the ticket: only where the trader can see one, and never under a dialog
  const withTicket = (fn: () => void) => (): void => {
    if (dialogOpen()) return
    if (useWorkspaceStore.getState().ticketsVisible > 0) fn()
    else
      ui().set({
        localError:
          'No order ticket is shown in this window: add one (Workspace ▸ Add panel ▸ Ticket) to trade by keyboard here.',
      })
  }

  useBracketHotkeys()
  useHotkeys({
    'help.toggle': () => ui().set({ help: !ui().help }),
    escape: () => {
      if (ui().rearm) ui().set({ rearm: false })
      else if (ui().confirm) void confirmPending(false)
      else if (useTradingStore.getState().noticesLogOpen) toggleNoticesLog(false)
      else if (ui().help) ui().set({ help: false })
      else if (ui().profiles) ui().set({ profiles: false })
      else if (ui().workspaceMenu) ui().set({ workspaceMenu: false })
      else {
        ticket().clear()
        ui().set({ localError: null })
      }
    },
    'ticket.buyAtBid': withTicket(() => prepare('buy', 'bid')),
    'ticket.buyAtAsk': withTicket(() => prepare('buy', 'ask')),
    'ticket.sellAtAsk': withTicket(() => prepare('sell', 'ask')),
    'ticket.sellAtBid': withTicket(() => prepare('sell', 'bid')),
    'ticket.qty1': withTicket(() => ticket().set({ qty: QTY_PRESETS[0]! })),
    'ticket.qty2': withTicket(() => ticket().set({ qty: QTY_PRESETS[1]! })),
    'ticket.qty3': withTicket(() => ticket().set({ qty: QTY_PRESETS[2]! })),
    'ticket.qty4': withTicket(() => ticket().set({ qty: QTY_PRESETS[3]! })),
    'ticket.priceUp': withTicket(() => nudge(1)),
    'ticket.priceDown': withTicket(() => nudge(-1)),
    'ticket.flatten': withTicket(() => prepareFlatten()),
    // Enter: answer the dialog on screen (re-arm's default keeps trading stopped), else send the
    // ticket. A duplicate-order question is the one Enter leaves alone: Enter made the duplicate.
    'ticket.send': () => {
      const confirm = ui().confirm
      if (ui().rearm) ui().set({ rearm: false })
      else if (confirm) {
        if (enterConfirms(confirm.why)) void confirmPending(true)
      } else if (!ui().help && !ui().profiles && !ui().workspaceMenu) withTicket(() => void sendTicket())()
    },
    'orders.amendLastUp': () => !dialogOpen() && void amendLast(symbol, 1),
    'orders.amendLastDown': () => !dialogOpen() && void amendLast(symbol, -1),
    'orders.cancelLast': () => !dialogOpen() && void cancelLast(symbol),
    'orders.cancelSymbol': () => !dialogOpen() && void cancelSymbol(symbol),
    'orders.killSwitch': () => void killSwitch(true),
    'ladder.recentre': () => activeLadder()?.recentre(),
    'ladder.scrollUp': () => activeLadder()?.scroll(1),
    'ladder.scrollDown': () => activeLadder()?.scroll(-1),
    'ladder.pageUp': () => activeLadder()?.scroll(activeLadder()!.pageRows),
    'ladder.pageDown': () => activeLadder()?.scroll(-activeLadder()!.pageRows),
    'workspace.menu': () => ui().set({ workspaceMenu: !ui().workspaceMenu }),
    'workspace.popOut': () => {
      const panel = getDockApi()?.activePanel
      if (panel) void popOut([panel])
    },
    'workspace.linkNext': () => {
      const panel = getDockApi()?.activePanel
      if (!panel || !PANEL_INFO[panel.api.component as PanelKind]?.perSymbol) return
      const params = (panel.params ?? {}) as PanelParams
      const links = useWorkspaceStore.getState().view?.links
      panel.api.updateParameters(nextLinkParams(params.link ?? null, resolveSymbol(params, links)))
    },
    'notices.log': () => toggleNoticesLog(),
  })

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Trident</span>
        <span className="muted host-info">
          {info ? `v${info.version} · ${info.host} host` : 'starting…'}
          {!IS_MAIN_WINDOW && ` · window ${WINDOW_ID}`}
        </span>
        <WorkspaceMenu />
        <span className="spacer" />
        <ProfileButton onOpen={() => ui().set({ profiles: true })} />
        <DeadmanSwitch />
        {/* distinct keys: the kill switch must never become the re-arm button under a kept focus */}
        {risk?.killed ? (
          <button
            key="rearm"
            className="rearm"
            onClick={() => ui().set({ rearm: true })}
            title="Asks first: re-arming lets orders through again"
            data-testid="rearm"
          >
            Re-arm trading
          </button>
        ) : (
          <button
            key="kill"
            className="kill"
            onClick={() => void killSwitch(true)}
            title="Cancel everything on every protocol and stop trading (Ctrl+K)"
            data-testid="kill-switch"
          >
            KILL SWITCH <kbd>Ctrl+K</kbd>
          </button>
        )}
      </header>
      <PracticeBar />
      {risk?.killed && (
        <div className="killed-banner" role="alert" data-testid="killed-banner">
          TRADING STOPPED by the kill switch at {new Date(risk.killedAt ?? 0).toISOString().slice(11, 19)} UTC
          — every order was cancelled; new orders are refused until you re-arm.
        </div>
      )}
      <main className="workspace">
        <Dock />
      </main>
      <Notices />
      <WindowMessage />
      <StatusBar symbol={symbol} />
      {help && <HelpOverlay onClose={() => ui().set({ help: false })} />}
      {profiles && <ProfilesOverlay onClose={() => ui().set({ profiles: false })} />}
      <ConfirmDialog />
      <RearmDialog />
    </div>
  )
}

/** The window title says where the window belongs and whether the venue links are up (taskbar). */
function useWindowTitle(): void {
  const name = useWorkspaceStore((s) => s.view?.name)
  // the words, not the links: every connections message (latencies, sequence numbers, about one
  // a second) is a new links array, and selecting it re-rendered the whole window with it
  const state = useMarketStore((s) => linksState(s.connections?.links))
  useEffect(() => {
    const where = IS_MAIN_WINDOW ? '' : ` · ${WINDOW_ID}`
    document.title = `Trident${name ? ` — ${name}` : ''}${where} · ${state}`
  }, [name, state])
}

function linksState(links: readonly { state: string }[] | undefined): string {
  const all = links?.length ?? 0
  const up = links?.filter((l) => l.state === 'online').length ?? 0
  return all === 0 ? 'connecting' : up === all ? `${up}/${all} online` : `${up}/${all} online ⚠`
}

/**
 * What this window has to say — a refusal, a key with nothing to act on, a command main refused —
 * always shown, ticket or not (it was hidden while the ticket listed problems, so refusals went
 * unseen). Fixed above the status bar: it never moves the ladder's rows.
 */
function WindowMessage() {
  const msg = useUiStore((s) => s.localError)
  if (!msg) return null
  return (
    <div className="window-message" role="alert" data-testid="window-message">
      {msg}
      <button
        type="button"
        onClick={() => useUiStore.getState().set({ localError: null })}
        aria-label="dismiss"
      >
        ×
      </button>
    </div>
  )
}
