import { useEffect, useRef } from 'react'
import type { WindowBounds, WorkspaceView } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { rememberLadderSymbols } from '../bridge/earlyBooks'
import { useUiStore } from '../stores/uiStore'
import { useWorkspaceStore } from '../stores/workspaceStore'
import { openBrowserWindow } from './windowActions'
import { IS_MAIN_WINDOW, WINDOW_ID } from './windowId'

/** Pop-outs still open when main restarts reconnect by themselves; give them this long first. */
const RESTORE_WAIT_MS = 1500
const BOUNDS_POLL_MS = 1000

function here(): { bounds: WindowBounds; screen: WindowBounds } {
  const s = window.screen as Screen & { availLeft?: number; availTop?: number }
  return {
    bounds: {
      x: Math.round(window.screenX),
      y: Math.round(window.screenY),
      width: Math.max(1, Math.round(window.outerWidth || window.innerWidth)),
      height: Math.max(1, Math.round(window.outerHeight || window.innerHeight)),
    },
    screen: {
      x: Math.round(s.availLeft ?? 0),
      y: Math.round(s.availTop ?? 0),
      width: Math.max(1, Math.round(s.availWidth)),
      height: Math.max(1, Math.round(s.availHeight)),
    },
  }
}

/** Windows of the workspace nobody is showing: the main browser window opens them (once per load). */
function openMissing(view: WorkspaceView, tried: Set<string>): string[] {
  const blocked: string[] = []
  for (const w of view.windows) {
    if (w.id === WINDOW_ID || w.connected || tried.has(`${view.layoutRev}:${w.id}`)) continue
    tried.add(`${view.layoutRev}:${w.id}`)
    if (!openBrowserWindow(w.id, w.bounds)) blocked.push(w.id)
  }
  return blocked
}

/**
 * This window's part in the workspace: subscribe (which tells main the window is open), report
 * where it is on screen, open the workspace's other windows (main browser window), close itself
 * when a loaded workspace no longer has it, and carry out requests from the application menu.
 */
export function useWorkspace(): void {
  const tried = useRef(new Set<string>())
  const lastRequest = useRef<number | null>(null)

  useEffect(() => {
    const bridge = getBridge()
    let restoreTimer: ReturnType<typeof setTimeout> | null = null
    let seenRev: number | null = null
    const stop = bridge.subscribe('workspace', { windowId: WINDOW_ID }, (view) => {
      useWorkspaceStore.getState().set({ view })
      // the books this window's ladders show, asked for first at its next start
      rememberLadderSymbols(view)
      // requests from the menu: act on new ones only (not one left from before a reload)
      if (view.request) {
        if (lastRequest.current !== null && view.request.seq > lastRequest.current) {
          const ui = useUiStore.getState()
          if (view.request.action === 'open-profiles') ui.set({ profiles: true })
          else if (view.request.action === 'open-keymap') ui.set({ help: true })
          else if (view.request.action === 'save-workspace') ui.set({ workspaceMenu: true })
        }
        lastRequest.current = view.request.seq
      } else lastRequest.current = 0
      if (!view.self && !IS_MAIN_WINDOW && bridge.host === 'loopback') {
        // a loaded workspace does not have this window (Electron's main closes it itself)
        window.close()
        return
      }
      if (IS_MAIN_WINDOW && bridge.host === 'loopback' && view.layoutRev !== seenRev) {
        seenRev = view.layoutRev
        if (restoreTimer) clearTimeout(restoreTimer)
        restoreTimer = setTimeout(() => {
          const v = useWorkspaceStore.getState().view
          if (!v) return
          const blocked = openMissing(v, tried.current)
          if (blocked.length)
            useUiStore.getState().set({
              localError: `The browser blocked ${blocked.length} window(s) of workspace "${v.name}": allow pop-ups for Trident, then Workspace ▸ Open missing windows.`,
            })
        }, RESTORE_WAIT_MS)
      }
    })
    // where this window is, so a saved workspace reopens it there (a browser has no "moved" event)
    let last = ''
    const poll = setInterval(() => {
      const view = useWorkspaceStore.getState().view
      if (!view?.self) return
      const h = here()
      const key = JSON.stringify(h)
      if (key === last) return
      last = key
      bridge.invoke('workspace.report', { windowId: WINDOW_ID, ...h }).catch(() => {})
    }, BOUNDS_POLL_MS)
    return () => {
      stop()
      clearInterval(poll)
      if (restoreTimer) clearTimeout(restoreTimer)
    }
  }, [])
}

/** Workspace ▸ Open missing windows: a click is a user gesture, so the browser allows the pop-ups. */
export function openMissingWindows(): void {
  const v = useWorkspaceStore.getState().view
  if (!v) return
  const blocked = openMissing(v, new Set())
  useUiStore.getState().set({
    localError: blocked.length ? `The browser still blocked ${blocked.length} window(s).` : null,
  })
}
