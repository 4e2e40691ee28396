import type { DockviewApi, IDockviewPanel } from 'dockview-react'
import type { PanelKind, PanelSpec, WindowBounds } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { currentToken } from '../bridge/loopbackBridge'
import { useUiStore } from '../stores/uiStore'
import { PANEL_INFO, newPanelId, type PanelParams } from './panelKinds'
import { WINDOW_ID } from './windowId'

/** A panel as it travels to another window. */
export function specOf(panel: IDockviewPanel): PanelSpec {
  const params = (panel.params ?? {}) as PanelParams
  const spec: PanelSpec = { id: panel.id, kind: panel.api.component as PanelKind }
  if (params.symbol) spec.symbol = params.symbol
  if (params.link !== undefined) spec.link = params.link
  return spec
}

export function addPanelSpec(api: DockviewApi, spec: PanelSpec, where: 'tab' | 'right' = 'right'): void {
  const params: PanelParams = {}
  if (spec.symbol) params.symbol = spec.symbol
  if (spec.link !== undefined) params.link = spec.link
  api.addPanel({
    id: spec.id,
    component: spec.kind,
    title: PANEL_INFO[spec.kind].title,
    params,
    ...(where === 'right' && api.totalPanels > 0 ? { position: { direction: 'right' as const } } : {}),
  })
}

/** The URL a browser window of this workspace opens at (the token travels in the fragment). */
export function windowUrl(windowId: string): string {
  const token = currentToken()
  return `${window.location.pathname}?window=${encodeURIComponent(windowId)}${token ? `#token=${token}` : ''}`
}

/** Open a browser window for a workspace window; false when the browser blocked it. */
export function openBrowserWindow(windowId: string, bounds: WindowBounds | null): boolean {
  const features = ['popup']
  if (bounds)
    features.push(
      `left=${bounds.x}`,
      `top=${bounds.y}`,
      `width=${Math.max(320, bounds.width)}`,
      `height=${Math.max(240, bounds.height)}`,
    )
  else features.push('width=720', 'height=640')
  return window.open(windowUrl(windowId), `trident-${windowId}`, features.join(',')) !== null
}

function say(text: string): void {
  useUiStore.getState().set({ localError: text })
}

/**
 * Open a new window of the workspace holding `specs`, `offset` px from this one. Main records the
 * window; in Electron main opens it, in a browser this window does (it is the page the trader
 * clicked in, so the pop-up is allowed). False when it could not be opened (said in words).
 */
async function openInNewWindow(specs: PanelSpec[], offset: number): Promise<boolean> {
  const at: WindowBounds = {
    x: Math.round(window.screenX + offset),
    y: Math.round(window.screenY + offset),
    width: 640,
    height: 620,
  }
  try {
    const r = await getBridge().invoke('workspace.popOut', { panels: specs, bounds: at })
    if (!r.openedByHost && !openBrowserWindow(r.windowId, at)) {
      // blocked: forget the window; its panels stay where they were
      await getBridge().invoke('workspace.closeWindow', { windowId: r.windowId })
      say('The browser blocked the new window: allow pop-ups for Trident and try again.')
      return false
    }
    return true
  } catch (e) {
    say((e as Error).message)
    return false
  }
}

/** Move panels into a window of their own (they leave this window once the new one is open). */
export async function popOut(panels: IDockviewPanel[]): Promise<void> {
  if (panels.length === 0) return
  if (await openInNewWindow(panels.map(specOf), 80)) for (const p of panels) p.api.close()
}

/** A new window with one panel of the given kind, linked to the red group. */
export async function newWindow(kind: PanelKind = 'ladder'): Promise<void> {
  await openInNewWindow([{ id: newPanelId(kind), kind, link: 'red' }], 60)
}

/** Close this pop-out and hand its panels back to the main window. */
export async function dockBack(api: DockviewApi): Promise<void> {
  try {
    await getBridge().invoke('workspace.closeWindow', {
      windowId: WINDOW_ID,
      dockBack: api.panels.map(specOf),
    })
    window.close()
  } catch (e) {
    say((e as Error).message)
  }
}
