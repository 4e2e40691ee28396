import type { DockviewApi } from 'dockview-react'

/** This window's docking area, for menus and hotkeys that add or move panels. */
let dockApi: DockviewApi | null = null

export function setDockApi(api: DockviewApi): void {
  dockApi = api
}

export function getDockApi(): DockviewApi | null {
  return dockApi
}
