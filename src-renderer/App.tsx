import { useRef } from 'react'
import { useHotkeys } from './hotkeys/useHotkeys'
import { Alerts } from './panels/Alerts'
import { Blotter } from './panels/Blotter'
import { Chart } from './panels/Chart'
import { ConfirmDialog } from './panels/ConfirmDialog'
import { Connections } from './panels/Connections'
import { DeadmanSwitch } from './panels/DeadmanSwitch'
import { HelpOverlay } from './panels/HelpOverlay'
import { Ladder, type LadderCommands } from './panels/Ladder'
import { Notices } from './panels/Notices'
import { OrderBook } from './panels/OrderBook'
import { Positions } from './panels/Positions'
import { ProfileButton } from './panels/ProfileButton'
import { ProfilesOverlay } from './panels/ProfilesOverlay'
import { RiskPanel } from './panels/RiskPanel'
import { Tape } from './panels/Tape'
import { StatusBar } from './panels/StatusBar'
import { Ticket } from './panels/Ticket'
import { useMarketStore } from './stores/marketStore'
import { useAppInfo, useTradingSubscriptions } from './stores/subscriptions'
import { QTY_PRESETS, useTicketStore } from './stores/ticketStore'
import { useTradingStore } from './stores/tradingStore'
import { useUiStore } from './stores/uiStore'
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

export function App() {
  useAppInfo()
  useTradingSubscriptions()
  const info = useMarketStore((s) => s.info)
  const risk = useTradingStore((s) => s.risk)
  const help = useUiStore((s) => s.help)
  const profiles = useUiStore((s) => s.profiles)
  const symbol = useTicketStore((s) => s.symbol)
  const ladder = useRef<LadderCommands | null>(null)
  const ui = useUiStore.getState
  const ticket = useTicketStore.getState
  const nudge = (ticks: number): void => {
    const inst = instrument(symbol)
    if (inst) ticket().nudge(ticks, inst.tickSize, inst.pricePrecision)
  }

  useHotkeys({
    'help.toggle': () => ui().set({ help: !ui().help }),
    escape: () => {
      if (ui().confirm) void confirmPending(false)
      else if (ui().help) ui().set({ help: false })
      else if (ui().profiles) ui().set({ profiles: false })
      else {
        ticket().clear()
        ui().set({ localError: null })
      }
    },
    'ticket.buyAtBid': () => prepare('buy', 'bid'),
    'ticket.buyAtAsk': () => prepare('buy', 'ask'),
    'ticket.sellAtAsk': () => prepare('sell', 'ask'),
    'ticket.sellAtBid': () => prepare('sell', 'bid'),
    'ticket.qty1': () => ticket().set({ qty: QTY_PRESETS[0]! }),
    'ticket.qty2': () => ticket().set({ qty: QTY_PRESETS[1]! }),
    'ticket.qty3': () => ticket().set({ qty: QTY_PRESETS[2]! }),
    'ticket.qty4': () => ticket().set({ qty: QTY_PRESETS[3]! }),
    'ticket.priceUp': () => nudge(1),
    'ticket.priceDown': () => nudge(-1),
    'ticket.flatten': () => prepareFlatten(),
    'ticket.send': () => (ui().confirm ? void confirmPending(true) : void sendTicket()),
    'orders.amendLastUp': () => void amendLast(symbol, 1),
    'orders.amendLastDown': () => void amendLast(symbol, -1),
    'orders.cancelLast': () => void cancelLast(symbol),
    'orders.cancelSymbol': () => void cancelSymbol(symbol),
    'orders.killSwitch': () => void killSwitch(true),
    'ladder.recentre': () => ladder.current?.recentre(),
    'ladder.scrollUp': () => ladder.current?.scroll(1),
    'ladder.scrollDown': () => ladder.current?.scroll(-1),
    'ladder.pageUp': () => ladder.current?.scroll(ladder.current.pageRows),
    'ladder.pageDown': () => ladder.current?.scroll(-ladder.current.pageRows),
  })

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Trident</span>
        <span className="muted">{info ? `v${info.version} · ${info.host} host` : 'starting…'}</span>
        <span className="spacer" />
        <ProfileButton onOpen={() => ui().set({ profiles: true })} />
        <DeadmanSwitch />
        {risk?.killed ? (
          <button className="rearm" onClick={() => void killSwitch(false)} data-testid="rearm">
            Re-arm trading
          </button>
        ) : (
          <button
            className="kill"
            onClick={() => void killSwitch(true)}
            title="Cancel everything on every protocol and stop trading (Ctrl+K)"
            data-testid="kill-switch"
          >
            KILL SWITCH <kbd>Ctrl+K</kbd>
          </button>
        )}
      </header>
      {risk?.killed && (
        <div className="killed-banner" role="alert" data-testid="killed-banner">
          TRADING STOPPED by the kill switch at {new Date(risk.killedAt ?? 0).toISOString().slice(11, 19)} UTC
          — every order was cancelled; new orders are refused until you re-arm.
        </div>
      )}
      <main className="workspace">
        <Ladder key={symbol} symbol={symbol} commandsRef={ladder} />
        <div className="column">
          <Ticket />
          <Positions />
          <RiskPanel />
          <Connections />
          <Alerts symbol={symbol} />
          <Tape symbol={symbol} />
        </div>
        <div className="column">
          <Chart symbol={symbol} />
          <OrderBook symbol={symbol} />
          <Blotter />
        </div>
      </main>
      <Notices />
      <StatusBar symbol={symbol} />
      {help && <HelpOverlay onClose={() => ui().set({ help: false })} />}
      {profiles && <ProfilesOverlay onClose={() => ui().set({ profiles: false })} />}
      <ConfirmDialog />
    </div>
  )
}
