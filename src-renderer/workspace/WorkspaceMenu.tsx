import { useState, type FormEvent } from 'react'
import { PANEL_KINDS } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { useRecordingStore } from '../stores/recordingStore'
import { useTicketStore } from '../stores/ticketStore'
import { useUiStore } from '../stores/uiStore'
import { useWorkspaceStore } from '../stores/workspaceStore'
import { getDockApi } from './dockApi'
import { newPanelId, PANEL_INFO } from './panelKinds'
import { openMissingWindows } from './useWorkspace'
import { addPanelSpec, dockBack, newWindow } from './windowActions'
import { IS_MAIN_WINDOW } from './windowId'

function run(p: Promise<unknown>, done?: () => void): void {
  p.then(() => done?.()).catch((e: Error) => useUiStore.getState().set({ localError: e.message }))
}

/**
 * Workspace menu (top bar): save, save as, load, delete; add a panel to this window; open a new
 * window; reopen windows the browser blocked; dock a pop-out back into the main window.
 */
export function WorkspaceMenu() {
  const view = useWorkspaceStore((s) => s.view)
  const open = useUiStore((s) => s.workspaceMenu)
  const set = useUiStore((s) => s.set)
  const [name, setName] = useState('')
  // recording starts with the instrument the window trades: its book and trades
  const symbol = useTicketStore((s) => s.symbol)
  const recording = useRecordingStore((s) => s.view)
  const close = (): void => set({ workspaceMenu: false })
  const bridge = getBridge()
  const missing = view?.windows.filter((w) => !w.connected && w.id !== 'main').length ?? 0
  const saveAs = (e: FormEvent): void => {
    e.preventDefault()
    run(bridge.invoke('workspace.save', { name: name.trim() }), () => {
      setName('')
      close()
    })
  }
  return (
    <div className="ws-menu-anchor">
      <button
        type="button"
        className="ws-button"
        onClick={() => set({ workspaceMenu: !open })}
        aria-expanded={open}
        data-testid="workspace-button"
        title="Workspace: save, load, add panels, new window"
      >
        Workspace: <strong>{view?.name ?? '…'}</strong>
        {view?.modified && (
          <span className="muted" title="changed since saved">
            {' '}
            •
          </span>
        )}
        {view && view.windows.length > 1 && <span className="muted"> · {view.windows.length} windows</span>}
      </button>
      {!IS_MAIN_WINDOW && (
        <button
          type="button"
          className="ws-button"
          onClick={() => {
            const api = getDockApi()
            if (api) void dockBack(api)
          }}
          title="Close this window and put its panels back into the main window"
          data-testid="dock-back"
        >
          Dock back
        </button>
      )}
      {open && view && (
        <div className="ws-menu" role="dialog" aria-label="Workspace" data-testid="workspace-menu">
          <section>
            <button
              type="button"
              onClick={() => run(bridge.invoke('workspace.save', { name: view.name }), close)}
              data-testid="ws-save"
            >
              Save “{view.name}”
            </button>
            <form onSubmit={saveAs} className="ws-save-as">
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="Save as…"
                aria-label="workspace name"
                maxLength={40}
                data-testid="ws-name"
              />
              <button type="submit" disabled={!name.trim()} data-testid="ws-save-as">
                Save
              </button>
            </form>
          </section>
          <section>
            <h3>Load</h3>
            {view.saved.length === 0 && <div className="muted">No saved workspaces yet</div>}
            {view.saved.map((n) => (
              <div key={n} className="ws-row">
                <button
                  type="button"
                  onClick={() => run(bridge.invoke('workspace.load', { name: n }), close)}
                  data-testid={`ws-load-${n}`}
                >
                  {n}
                  {n === view.name ? ' (in use)' : ''}
                </button>
                <button
                  type="button"
                  className="ws-delete"
                  title={`Delete workspace ${n}`}
                  aria-label={`delete workspace ${n}`}
                  onClick={() => run(bridge.invoke('workspace.delete', { name: n }))}
                >
                  ×
                </button>
              </div>
            ))}
          </section>
          <section>
            <h3>Add panel to this window</h3>
            <div className="ws-kinds">
              {PANEL_KINDS.map((k) => (
                <button
                  key={k}
                  type="button"
                  data-testid={`ws-add-${k}`}
                  onClick={() => {
                    const api = getDockApi()
                    if (!api) return
                    const link = PANEL_INFO[k].perSymbol ? ('red' as const) : undefined
                    addPanelSpec(api, { id: newPanelId(k), kind: k, ...(link ? { link } : {}) }, 'right')
                    close()
                  }}
                >
                  {PANEL_INFO[k].title}
                </button>
              ))}
            </div>
          </section>
          <section>
            <h3>Record market data</h3>
            {recording?.state === 'recording' ? (
              <button
                type="button"
                onClick={() => run(bridge.invoke('recording.stop', {}), close)}
                data-testid="rec-stop"
                title={recording.folder ?? ''}
              >
                Stop recording “{recording.name}”
              </button>
            ) : (
              <button
                type="button"
                onClick={() =>
                  run(
                    bridge.invoke('recording.start', { symbols: [symbol], channels: ['book', 'trade'] }),
                    close,
                  )
                }
                data-testid="rec-start"
                title="Raw frames to the data folder's recordings, for replay"
              >
                Record {symbol} book and trades
              </button>
            )}
          </section>
          <section>
            <button type="button" onClick={() => run(newWindow('ladder'), close)} data-testid="ws-new-window">
              New window (ladder)
            </button>
            {missing > 0 && bridge.host === 'loopback' && (
              <button
                type="button"
                onClick={() => (openMissingWindows(), close())}
                data-testid="ws-open-missing"
              >
                Open missing windows ({missing})
              </button>
            )}
          </section>
        </div>
      )}
    </div>
  )
}
