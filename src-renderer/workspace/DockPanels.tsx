import { useEffect, useMemo, useState, type ReactNode } from 'react'
import type { IDockviewPanelProps } from 'dockview-react'
import type { PanelKind } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { Ladder } from '../panels/Ladder'
import { Alerts, Blotter, Chart, Connections, RiskPanel } from '../panels/lazyPanels'
import { LatencyHud } from '../panels/LatencyHud'
import { OrderBook } from '../panels/OrderBook'
import { Positions } from '../panels/Positions'
import { Tape } from '../panels/Tape'
import { instrumentGroups } from '../panels/derivativesModel'
import { Ticket } from '../panels/Ticket'
import { useMarketStore } from '../stores/marketStore'
import { useTicketStore } from '../stores/ticketStore'
import { useUiStore } from '../stores/uiStore'
import { useWorkspaceStore } from '../stores/workspaceStore'
import { activateLadder, registerLadder, unregisterLadder } from './ladderRegistry'
import { nextLinkParams, PANEL_INFO, resolveSymbol, type PanelParams } from './panelKinds'

function usePanelSymbol(props: IDockviewPanelProps<PanelParams>): string {
  const links = useWorkspaceStore((s) => s.view?.links)
  return resolveSymbol(props.params, links)
}

function useVisible(props: IDockviewPanelProps<PanelParams>): boolean {
  const [visible, setVisible] = useState(props.api.isVisible)
  useEffect(() => {
    const d = props.api.onDidVisibilityChange((e) => setVisible(e.isVisible))
    return () => d.dispose()
  }, [props.api])
  return visible
}

/**
 * The strip on top of every per-instrument panel: its link group (a coloured chip; click to move
 * it to the next group or unlink it) and its instrument. Changing the instrument of a linked panel
 * changes it for the whole group, in every window.
 */
function LinkBar({ props, symbol }: { props: IDockviewPanelProps<PanelParams>; symbol: string }) {
  const instruments = useMarketStore((s) => s.info?.instruments)
  // spot pairs, then derivatives contracts ("PF_XBTUSD · BTC perp") in a group of their own
  const groups = useMemo(() => instrumentGroups(instruments ?? [], symbol), [instruments, symbol])
  const link = props.params.link ?? null
  const nextLink = (): void => props.api.updateParameters(nextLinkParams(link, symbol))
  const choose = (s: string): void => {
    if (link) {
      getBridge()
        .invoke('workspace.link', { color: link, symbol: s })
        .catch((e: Error) => useUiStore.getState().set({ localError: e.message }))
    } else props.api.updateParameters({ symbol: s })
  }
  return (
    <div className="linkbar">
      <button
        type="button"
        className={`link-chip ${link ?? 'none'}`}
        onClick={nextLink}
        title={
          link
            ? `Linked to the ${link} group: its panels show one instrument. Click for the next group.`
            : 'Not linked. Click to join the red group.'
        }
        aria-label={link ? `link group ${link}` : 'not linked'}
        data-testid="link-chip"
        data-link={link ?? 'none'}
      />
      <select
        value={symbol}
        onChange={(e) => choose(e.target.value)}
        aria-label="instrument"
        data-testid="symbol-select"
      >
        {groups.length === 1
          ? groups[0]!.options.map((o) => (
              <option key={o.symbol} value={o.symbol}>
                {o.label}
              </option>
            ))
          : groups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.options.map((o) => (
                  <option key={o.symbol} value={o.symbol}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
      </select>
    </div>
  )
}

function Framed({
  props,
  symbol,
  children,
}: {
  props: IDockviewPanelProps<PanelParams>
  symbol: string | null
  children: ReactNode
}) {
  return (
    <div className="dock-panel" data-panel-id={props.api.id} data-panel-kind={props.api.component}>
      {symbol !== null && <LinkBar props={props} symbol={symbol} />}
      <div className="dock-panel-body">{children}</div>
    </div>
  )
}

function LadderPanel(props: IDockviewPanelProps<PanelParams>) {
  const symbol = usePanelSymbol(props)
  const id = props.api.id
  const ref = useMemo(() => registerLadder(id), [id])
  useEffect(() => () => unregisterLadder(id), [id])
  useEffect(() => {
    const d = props.api.onDidActiveChange((e) => e.isActive && activateLadder(id))
    return () => d.dispose()
  }, [props.api, id])
  return (
    <Framed props={props} symbol={symbol}>
      <div className="ladder-host" onPointerDown={() => activateLadder(id)}>
        <Ladder key={symbol} symbol={symbol} commandsRef={ref} />
      </div>
    </Framed>
  )
}

function TicketPanel(props: IDockviewPanelProps<PanelParams>) {
  const symbol = usePanelSymbol(props)
  const visible = useVisible(props)
  // the window's ticket trades the instrument this panel shows
  useEffect(() => {
    if (useTicketStore.getState().symbol !== symbol) useTicketStore.getState().set({ symbol, price: '' })
  }, [symbol])
  useEffect(() => {
    if (!visible) return
    const ws = useWorkspaceStore.getState()
    ws.set({ ticketsVisible: ws.ticketsVisible + 1 })
    return () => {
      const s = useWorkspaceStore.getState()
      s.set({ ticketsVisible: s.ticketsVisible - 1 })
    }
  }, [visible])
  return (
    <Framed props={props} symbol={symbol}>
      <Ticket />
    </Framed>
  )
}

function symbolPanel(render: (symbol: string) => ReactNode) {
  return function SymbolPanel(props: IDockviewPanelProps<PanelParams>) {
    const symbol = usePanelSymbol(props)
    return (
      <Framed props={props} symbol={symbol}>
        {render(symbol)}
      </Framed>
    )
  }
}

function plainPanel(render: () => ReactNode) {
  return function PlainPanel(props: IDockviewPanelProps<PanelParams>) {
    return (
      <Framed props={props} symbol={null}>
        {render()}
      </Framed>
    )
  }
}

/** dockview's component map: one entry per PanelKind. */
export const DOCK_COMPONENTS: Record<PanelKind, React.FunctionComponent<IDockviewPanelProps<PanelParams>>> = {
  ladder: LadderPanel,
  ticket: TicketPanel,
  book: symbolPanel((s) => <OrderBook symbol={s} />),
  chart: symbolPanel((s) => <Chart key={s} symbol={s} />),
  tape: symbolPanel((s) => <Tape key={s} symbol={s} />),
  alerts: symbolPanel((s) => <Alerts symbol={s} />),
  blotter: plainPanel(() => <Blotter />),
  positions: plainPanel(() => <Positions />),
  connections: plainPanel(() => <Connections />),
  risk: plainPanel(() => <RiskPanel />),
  latency: plainPanel(() => <LatencyHud />),
}

export function panelTitle(kind: PanelKind): string {
  return PANEL_INFO[kind].title
}
