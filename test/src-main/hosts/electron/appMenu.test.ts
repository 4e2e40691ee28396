import { describe, expect, it } from 'vitest'
import {
  appMenuTemplate,
  quitWarning,
  trayStatus,
  type MenuItem,
} from '../../../../src-main/hosts/electron/appMenu'
import type { ConnectionsView } from '../../../../src-preload/contract/types'

const noop = () => {}
const actions = {
  newWindow: noop,
  saveWorkspace: noop,
  loadWorkspace: noop,
  killSwitch: noop,
  rearm: noop,
  openProfiles: noop,
  openKeymap: noop,
}

function flat(items: MenuItem[]): MenuItem[] {
  return items.flatMap((i) => [i, ...(i.submenu ? flat(i.submenu) : [])])
}

describe('application menu (as data)', () => {
  it('follows macOS: an app menu with Settings and Quit; File has no Quit', () => {
    const m = appMenuTemplate('darwin', [], 'Default', actions)
    expect(m[0]!.label).toBe('Trident')
    const app = flat(m[0]!.submenu!)
    expect(app.some((i) => i.role === 'quit')).toBe(true)
    expect(app.find((i) => i.label?.startsWith('Venue Profiles'))?.accelerator).toBe('CmdOrCtrl+,')
    const file = m.find((i) => i.label === 'File')!
    expect(file.submenu!.some((i) => i.role === 'quit')).toBe(false)
  })

  it('follows Windows and Linux: Quit in File, Settings in Edit', () => {
    for (const os of ['win32', 'linux'] as const) {
      const m = appMenuTemplate(os, [], 'Default', actions)
      expect(m.some((i) => i.label === 'Trident')).toBe(false)
      expect(m.find((i) => i.label === 'File')!.submenu!.find((i) => i.role === 'quit')?.accelerator).toBe(
        'Ctrl+Q',
      )
      expect(m.find((i) => i.label === 'Edit')!.submenu!.some((i) => i.label?.startsWith('Keyboard'))).toBe(
        true,
      )
    }
  })

  it('lists saved workspaces under Load, the one in use marked, each loading itself', () => {
    const loaded: string[] = []
    const m = appMenuTemplate('linux', ['Day', 'Night'], 'Night', {
      ...actions,
      loadWorkspace: (n) => loaded.push(n),
    })
    const load = flat(m).find((i) => i.label === 'Load Workspace')!.submenu!
    expect(load.map((i) => i.label)).toEqual(['Day', 'Night (in use)'])
    load[0]!.click!()
    expect(loaded).toEqual(['Day'])
    const none = flat(appMenuTemplate('linux', [], 'Default', actions)).find(
      (i) => i.label === 'Load Workspace',
    )!
    expect(none.submenu).toEqual([{ label: 'No saved workspaces', enabled: false }])
  })

  it('no two menu items share a shortcut', () => {
    for (const os of ['darwin', 'win32', 'linux'] as const) {
      const keys = flat(appMenuTemplate(os, ['A'], 'A', actions))
        .map((i) => i.accelerator)
        .filter(Boolean)
      expect(new Set(keys).size).toBe(keys.length)
    }
  })
})

describe('tray status', () => {
  const link = (state: string, protocol = 'ws', channel = 'public') =>
    ({ protocol, channel, state }) as ConnectionsView['links'][number]
  it('says all up, which link is down, or that trading is stopped', () => {
    expect(
      trayStatus({ venue: 'simulator', links: [link('online'), link('online', 'fix', 'trading')] }, false),
    ).toEqual({
      tooltip: 'Trident — 2/2 links online',
      level: 'ok',
    })
    expect(
      trayStatus(
        { venue: 'simulator', links: [link('online'), link('reconnecting', 'fix', 'trading')] },
        false,
      ),
    ).toEqual({ tooltip: 'Trident — 1/2 online; FIX trading: reconnecting', level: 'warn' })
    expect(trayStatus(null, false).level).toBe('warn')
    expect(trayStatus(null, true)).toEqual({
      tooltip: 'Trident — trading stopped by the kill switch',
      level: 'stopped',
    })
  })
})

describe('quitting with working orders', () => {
  it('asks only when orders are working, and says what happens to FIX and other orders', () => {
    expect(quitWarning([])).toBeNull()
    const w = quitWarning([{ protocol: 'ws' }, { protocol: 'rest' }, { protocol: 'fix' }])!
    expect(w.message).toBe('3 orders are still working. Quit Trident?')
    expect(w.detail).toContain('2 orders sent over WebSocket or REST will keep working at Kraken')
    expect(w.detail).toContain('1 FIX order will be cancelled by Kraken when the FIX session disconnects')
    expect(quitWarning([{ protocol: 'fix' }])!.message).toBe('1 order is still working. Quit Trident?')
  })
})
