import { useEffect, useRef, useState } from 'react'
import { DockviewReact, themeDark, type DockviewApi, type IDockviewHeaderActionsProps } from 'dockview-react'
import 'dockview-react/dist/styles/dockview.css'
import { getBridge } from '../bridge'
import { useWorkspaceStore } from '../stores/workspaceStore'
import { panelParams } from '../../src-domain/workspace'
import { buildDefaultLayout } from './defaultLayout'
import { DOCK_COMPONENTS } from './DockPanels'
import { addPanelSpec, popOut } from './windowActions'
import { IS_MAIN_WINDOW, WINDOW_ID } from './windowId'
import { setDockApi } from './dockApi'

/** Pop the group's active panel out into a window of its own. */
function GroupActions(props: IDockviewHeaderActionsProps) {
  if (!props.activePanel) return null
  return (
    <div className="group-actions">
      <button
        type="button"
        className="popout"
        title="Open this panel in a new window"
        aria-label={`pop out ${props.activePanel.title ?? 'panel'}`}
        data-testid="popout"
        onClick={() => void popOut([props.activePanel!])}
      >
        ↗
      </button>
    </div>
  )
}

const REPORT_DEBOUNCE_MS = 400

/** The panels' parameters (instrument, link group): what "changed since saved" compares in main. */
const paramsOf = (dock: Record<string, unknown>): string => JSON.stringify(panelParams(dock))

/**
 * This window's docking area (dockview): tabs, splits, drag to rearrange. Its layout lives in main
 * (workspace topic): applied when the window opens or a workspace is loaded, reported back
 * (debounced) whenever the trader changes it.
 */
export function Dock() {
  const [api, setApi] = useState<DockviewApi | null>(null)
  const view = useWorkspaceStore((s) => s.view)
  const appliedRev = useRef<number | null>(null)
  const reportTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  /** true while a layout is being applied: panels removed then are not the trader closing them */
  const applying = useRef(false)
  /** the panels' parameters (instrument, link) as main last heard them */
  const reportedParams = useRef('')

  // apply the layout main holds for this window: at open, and after a workspace load
  useEffect(() => {
    if (!api || !view?.self || appliedRev.current === view.layoutRev) return
    appliedRev.current = view.layoutRev
    // a layout report still waiting was made on the layout being replaced
    if (reportTimer.current) clearTimeout(reportTimer.current)
    applying.current = true
    api.clear()
    let ok = false
    if (view.self.dock) {
      try {
        api.fromJSON(view.self.dock as never)
        ok = api.totalPanels > 0
      } catch {
        ok = false
      }
    }
    if (!ok && IS_MAIN_WINDOW) buildDefaultLayout(api)
    reportedParams.current = paramsOf(api.toJSON() as unknown as Record<string, unknown>)
    applying.current = false
  }, [api, view])

  // a pop-out whose last panel was closed (or popped out again) has nothing left to show: it goes
  useEffect(() => {
    if (!api || IS_MAIN_WINDOW) return
    const d = api.onDidRemovePanel(() => {
      if (applying.current || appliedRev.current === null || api.totalPanels > 0) return
      getBridge()
        .invoke('workspace.closeWindow', { windowId: WINDOW_ID })
        .then(() => window.close())
        .catch(() => {})
    })
    return () => d.dispose()
  }, [api])

  // panels handed to this window (a pop-out's first panels, or panels docked back)
  useEffect(() => {
    if (!api || !view?.self || appliedRev.current !== view.layoutRev) return
    const fresh = view.self.incoming.filter((p) => !api.getPanel(p.id))
    if (view.self.incoming.length === 0) return
    for (const p of fresh) addPanelSpec(api, p, 'right')
    getBridge()
      .invoke('workspace.report', {
        windowId: WINDOW_ID,
        dock: api.toJSON() as unknown as Record<string, unknown>,
        placed: view.self.incoming.map((p) => p.id),
        rev: view.layoutRev,
      })
      .catch(() => {})
  }, [api, view])

  // report the layout after the trader changes it: a panel's instrument or link at once (a save
  // right after it must keep it: one made within the debounce saved the old one, and the restored
  // workspace came back "changed since saved"), sizes and positions debounced
  useEffect(() => {
    if (!api) return
    const d = api.onDidLayoutChange(() => {
      if (appliedRev.current === null) return
      if (reportTimer.current) clearTimeout(reportTimer.current)
      const rev = appliedRev.current
      const send = (): void => {
        reportTimer.current = null
        const dock = api.toJSON() as unknown as Record<string, unknown>
        reportedParams.current = paramsOf(dock)
        getBridge()
          .invoke('workspace.report', { windowId: WINDOW_ID, dock, rev })
          .catch(() => {})
      }
      if (paramsOf(api.toJSON() as unknown as Record<string, unknown>) !== reportedParams.current) send()
      else reportTimer.current = setTimeout(send, REPORT_DEBOUNCE_MS)
    })
    return () => d.dispose()
  }, [api])

  return (
    <div className="dock" data-testid="dock">
      <DockviewReact
        components={DOCK_COMPONENTS as never}
        theme={themeDark}
        rightHeaderActionsComponent={GroupActions}
        onReady={(e) => {
          setDockApi(e.api)
          setApi(e.api)
        }}
      />
    </div>
  )
}
