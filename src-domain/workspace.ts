/** The workspace's words: panels, link groups and window geometry, shared by the workspace document in core, the contract and the renderer. */

/** The panels a workspace can hold (one React component each in the renderer). */
export const PANEL_KINDS = [
  'ladder',
  'ticket',
  'book',
  'blotter',
  'positions',
  'tape',
  'chart',
  'connections',
  'risk',
  'alerts',
  'latency',
] as const
export type PanelKind = (typeof PANEL_KINDS)[number]

/** Symbol link groups: panels of one colour show the same instrument, across windows. */
export const LINK_COLORS = ['red', 'green', 'blue', 'yellow'] as const
export type LinkColor = (typeof LINK_COLORS)[number]

/** Screen pixels, as the OS reports a window's outer frame or a monitor's work area. */
export interface WindowBounds {
  x: number
  y: number
  width: number
  height: number
}

/** One panel as it travels between windows (pop-out, dock back). */
export interface PanelSpec {
  /** unique in the workspace, e.g. "ladder-3" */
  id: string
  kind: PanelKind
  /** the instrument of an unlinked panel (a linked one follows its group) */
  symbol?: string
  link?: LinkColor | null
}

/**
 * Each panel's parameters (instrument, link group) of a dock layout, by panel id in id order:
 * what "changed since saved" compares (split sizes and positions move all day and do not count).
 */
export function panelParams(dock: Record<string, unknown> | null | undefined): [string, unknown][] {
  const panels = (dock?.panels ?? {}) as Record<string, { params?: unknown }>
  return Object.keys(panels)
    .sort()
    .map((id) => [id, panels[id]?.params ?? null])
}
