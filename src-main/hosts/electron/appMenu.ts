import type { ConnectionsView } from '../../../src-preload/contract/types'

/**
 * The application menu and the tray's status as plain data (no `electron` import), so tests can
 * check them without an Electron binary. main.ts hands the template to Menu.buildFromTemplate.
 * Shortcuts follow each OS: Cmd on macOS, Ctrl elsewhere (CmdOrCtrl); Settings under the app menu
 * with Cmd+, on macOS, under Edit elsewhere; Quit in the app menu on macOS, in File elsewhere.
 */
export interface MenuItem {
  label?: string
  role?: string
  type?: 'separator' | 'submenu'
  accelerator?: string
  enabled?: boolean
  click?: () => void
  submenu?: MenuItem[]
}

export interface MenuActions {
  newWindow: () => void
  saveWorkspace: () => void
  loadWorkspace: (name: string) => void
  killSwitch: () => void
  rearm: () => void
  openProfiles: () => void
  openKeymap: () => void
}

export function appMenuTemplate(
  platform: NodeJS.Platform,
  saved: readonly string[],
  current: string,
  a: MenuActions,
): MenuItem[] {
  const mac = platform === 'darwin'
  const sep: MenuItem = { type: 'separator' }
  const settings: MenuItem[] = [
    { label: 'Venue Profiles and API Keys…', accelerator: 'CmdOrCtrl+,', click: a.openProfiles },
    { label: 'Keyboard Shortcuts…', accelerator: 'CmdOrCtrl+/', click: a.openKeymap },
  ]
  const load: MenuItem[] = saved.length
    ? saved.map((name) => ({
        label: name === current ? `${name} (in use)` : name,
        click: () => a.loadWorkspace(name),
      }))
    : [{ label: 'No saved workspaces', enabled: false }]
  const menu: MenuItem[] = []
  if (mac)
    menu.push({
      label: 'Trident',
      submenu: [
        { role: 'about' },
        sep,
        ...settings,
        sep,
        { role: 'hide' },
        { role: 'hideOthers' },
        sep,
        { role: 'quit' },
      ],
    })
  menu.push({
    label: 'File',
    submenu: [
      { label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: a.newWindow },
      sep,
      { label: 'Save Workspace…', accelerator: 'CmdOrCtrl+Shift+S', click: a.saveWorkspace },
      { label: 'Load Workspace', submenu: load },
      sep,
      { role: 'close', accelerator: 'CmdOrCtrl+W' },
      ...(mac ? [] : [sep, { role: 'quit', accelerator: 'Ctrl+Q' }]),
    ],
  })
  menu.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      ...(mac ? [] : [sep, ...settings]),
    ],
  })
  menu.push({
    label: 'Trading',
    submenu: [
      // the windows' own Ctrl+K does the same; the menu works even when no Trident window has focus
      {
        label: 'Kill Switch: Cancel Everything, Stop Trading',
        accelerator: 'CmdOrCtrl+Shift+K',
        click: a.killSwitch,
      },
      { label: 'Re-arm Trading', click: a.rearm },
    ],
  })
  menu.push({
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  })
  menu.push({ role: 'windowMenu' })
  return menu
}

/** One line for the tray's tooltip and whether the venue links are all up. */
export function trayStatus(
  c: ConnectionsView | null,
  killed: boolean,
): { tooltip: string; level: 'ok' | 'warn' | 'stopped' } {
  if (killed) return { tooltip: 'Trident — trading stopped by the kill switch', level: 'stopped' }
  const links = c?.links ?? []
  const up = links.filter((l) => l.state === 'online').length
  if (links.length === 0) return { tooltip: 'Trident — connecting', level: 'warn' }
  const down = links
    .filter((l) => l.state !== 'online')
    .map((l) => `${l.protocol.toUpperCase()} ${l.channel}: ${l.state}`)
  return up === links.length
    ? { tooltip: `Trident — ${up}/${links.length} links online`, level: 'ok' }
    : { tooltip: `Trident — ${up}/${links.length} online; ${down.join(', ')}`, level: 'warn' }
}

/**
 * What to ask before quitting while orders are working (null: nothing to ask). Orders stay at
 * Kraken when Trident quits, except FIX ones, which Kraken cancels on disconnect.
 */
export function quitWarning(
  working: readonly { protocol: string }[],
): { message: string; detail: string } | null {
  if (working.length === 0) return null
  const fix = working.filter((o) => o.protocol === 'fix').length
  const rest = working.length - fix
  const parts: string[] = []
  if (rest > 0)
    parts.push(
      `${rest} order${rest === 1 ? '' : 's'} sent over WebSocket or REST will keep working at Kraken with nobody watching them.`,
    )
  if (fix > 0)
    parts.push(
      `${fix} FIX order${fix === 1 ? '' : 's'} will be cancelled by Kraken when the FIX session disconnects.`,
    )
  return {
    message: `${working.length} order${working.length === 1 ? ' is' : 's are'} still working. Quit Trident?`,
    detail: parts.join(' '),
  }
}
