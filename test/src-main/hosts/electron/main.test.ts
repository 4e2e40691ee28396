import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

/**
 * The Electron host's real main.ts, run against a recording fake of the `electron` module (no
 * binary needed): which window options it uses, which handlers it installs, and what they decide.
 */
const rec = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown
  const state = {
    appHandlers: new Map<string, Handler>(),
    ipcHandlers: new Map<string, Handler>(),
    windows: [] as {
      options: Record<string, unknown>
      webContents: { id: number }
      loaded: string | null
      query: Record<string, string> | null
      handlers: Map<string, Handler>
      closed: boolean
    }[],
    menu: null as
      | { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: unknown[] }[]
      | null,
    tray: { tooltip: '' as string, menu: null as unknown },
    dialogs: [] as unknown[],
    permissionHandler: null as Handler | null,
    sandboxEnabled: false,
    /** what the window focus calls did, in order (second-instance brings the window forward) */
    focused: [] as string[],
    ports: [] as unknown[],
  }
  return state
})

vi.mock('electron', () => {
  let nextId = 1
  class BrowserWindow {
    webContents: { id: number; postMessage: (...a: unknown[]) => void }
    handlers = new Map<string, (...a: unknown[]) => unknown>()
    private readonly rec: (typeof rec.windows)[number]
    constructor(options: Record<string, unknown>) {
      this.webContents = { id: nextId++, postMessage: (...a: unknown[]) => rec.ports.push(a) }
      this.rec = {
        options,
        webContents: this.webContents,
        loaded: null,
        query: null,
        handlers: this.handlers,
        closed: false,
      }
      rec.windows.push(this.rec)
    }
    on(ev: string, h: (...a: unknown[]) => unknown) {
      this.handlers.set(ev, h)
    }
    loadFile(f: string, o?: { query?: Record<string, string> }) {
      this.rec.loaded = f
      this.rec.query = o?.query ?? null
      return Promise.resolve()
    }
    isDestroyed() {
      return this.rec.closed
    }
    focus() {
      rec.focused.push(`focus ${this.webContents.id}`)
    }
    show() {
      rec.focused.push(`show ${this.webContents.id}`)
    }
    isMinimized() {
      return true
    }
    restore() {
      rec.focused.push(`restore ${this.webContents.id}`)
    }
    close() {
      this.handlers.get('close')?.()
      this.rec.closed = true
      this.handlers.get('closed')?.()
    }
    static getAllWindows() {
      return rec.windows.filter((w) => !w.closed)
    }
    static getFocusedWindow() {
      return null
    }
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }
  class MessageChannelMain {
    port1 = { on: () => {}, start: () => {}, postMessage: () => {} }
    port2 = { fake: 'port2' }
  }
  return {
    app: {
      enableSandbox: () => {
        rec.sandboxEnabled = true
      },
      on: (ev: string, h: (...a: unknown[]) => unknown) => rec.appHandlers.set(ev, h),
      whenReady: () => Promise.resolve(),
      // the first Trident on this data folder
      requestSingleInstanceLock: () => true,
      getVersion: () => '0.0.0-test',
      isPackaged: false,
      // a data folder of this test run only (trident.db is created in it)
      getPath: () => `${process.env.TMPDIR ?? '/tmp'}/trident-electron-test-${process.pid}`,
      quit: () => {},
    },
    BrowserWindow,
    MessageChannelMain,
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: typeof rec.menu) => {
        rec.menu = m
      },
    },
    Tray: class {
      constructor(_icon: unknown) {}
      setToolTip(t: string) {
        rec.tray.tooltip = t
      }
      setContextMenu(m: unknown) {
        rec.tray.menu = m
      }
    },
    nativeImage: { createFromPath: () => ({ resize: () => ({}) }) },
    dialog: {
      showMessageBox: (...a: unknown[]) => {
        rec.dialogs.push(a)
        return Promise.resolve({ response: 1 })
      },
    },
    // reversible stand-in for the OS keychain's encryption
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from([...s].reverse().join('')),
      decryptString: (b: Buffer) => [...b.toString()].reverse().join(''),
    },
    ipcMain: { on: (ch: string, h: (...a: unknown[]) => unknown) => rec.ipcHandlers.set(ch, h) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: (...a: unknown[]) => unknown) => {
          rec.permissionHandler = h
        },
      },
    },
  }
})

beforeAll(async () => {
  await import('../../../../src-main/hosts/electron/main')
  // whenReady resolved: wait for the core to start and the window to exist
  await vi.waitFor(() => expect(rec.windows.length).toBe(1), { timeout: 10_000 })
})

afterAll(async () => {
  rec.appHandlers.get('window-all-closed')?.()
  await new Promise((r) => setTimeout(r, 50))
})

describe('Electron host (main.ts)', () => {
  it('sandboxes every renderer and creates the window with secure webPreferences', () => {
    expect(rec.sandboxEnabled).toBe(true)
    const prefs = rec.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.js$/)
    expect(rec.windows[0]!.loaded).toMatch(/renderer[\\/]index\.html$/)
    expect(rec.windows[0]!.query).toEqual({ window: 'main' })
  })

  it('has an application menu with OS shortcuts: new window, workspaces, kill switch, settings', () => {
    type Item = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: Item[] }
    const all: Item[] = []
    const walk = (items: Item[]): void =>
      items.forEach((i) => {
        all.push(i)
        if (Array.isArray(i.submenu)) walk(i.submenu)
      })
    walk(rec.menu as Item[])
    const find = (label: string): Item => all.find((i) => i.label?.startsWith(label))!
    expect(find('New Window').accelerator).toBe('CmdOrCtrl+Shift+N')
    expect(find('Save Workspace').accelerator).toBe('CmdOrCtrl+Shift+S')
    expect(find('Kill Switch').accelerator).toBe('CmdOrCtrl+Shift+K')
    expect(find('Venue Profiles').accelerator).toBe('CmdOrCtrl+,')
    expect(find('Load Workspace')).toBeDefined()
    expect(all.some((i) => i.role === 'quit')).toBe(true)
  })

  it('File ▸ New Window opens a second, equally locked-down BrowserWindow for workspace window w1', () => {
    type Item = { label?: string; click?: () => void; submenu?: Item[] }
    const file = (rec.menu as Item[]).find((m) => m.label === 'File')!
    file.submenu!.find((i) => i.label === 'New Window')!.click!()
    const w = rec.windows.at(-1)!
    expect(rec.windows.filter((x) => !x.closed)).toHaveLength(2)
    expect(w.query).toEqual({ window: 'w1' })
    expect(w.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true } })
  })

  it('one instance per data folder: a second start brings the main window to the front', () => {
    const second = rec.appHandlers.get('second-instance')
    expect(second).toBeDefined()
    rec.focused.length = 0
    second!({}, ['electron', '.'], '/somewhere')
    const main = rec.windows[0]!.webContents.id
    expect(rec.focused).toEqual([`restore ${main}`, `show ${main}`, `focus ${main}`])
  })

  it('quits without asking when no order is working (the question is for working orders only)', () => {
    let prevented = false
    rec.appHandlers.get('before-quit')!({ preventDefault: () => (prevented = true) })
    expect(prevented).toBe(false)
    expect(rec.dialogs).toEqual([])
  })

  it('shows the connection state in the tray', async () => {
    await vi.waitFor(() => expect(rec.tray.tooltip).toMatch(/^Trident — /), { timeout: 5000 })
    expect(rec.tray.menu).toBeTruthy()
  })

  it('denies every permission request except desktop notifications (alerts)', () => {
    const ask = (perm: string): boolean | null => {
      let granted: boolean | null = null
      rec.permissionHandler!(null, perm, (ok: boolean) => (granted = ok))
      return granted
    }
    expect(ask('media')).toBe(false)
    expect(ask('geolocation')).toBe(false)
    expect(ask('clipboard-read')).toBe(false)
    expect(ask('notifications')).toBe(true)
  })

  it('blocks navigation away from the renderer, redirects, webviews and window.open', () => {
    const contentsHandlers = new Map<string, (...a: unknown[]) => unknown>()
    let openHandler: ((d: unknown) => unknown) | null = null
    rec.appHandlers.get('web-contents-created')!(null, {
      on: (ev: string, h: (...a: unknown[]) => unknown) => contentsHandlers.set(ev, h),
      setWindowOpenHandler: (h: (d: unknown) => unknown) => (openHandler = h),
    })
    const navigate = (url: string) => {
      let prevented = false
      contentsHandlers.get('will-navigate')!({ preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    expect(navigate('https://evil.example/')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    const rendererUrl = new URL(`file://${rec.windows[0]!.loaded}`).href
    expect(navigate(rendererUrl)).toBe(false)
    let redirected = false
    contentsHandlers.get('will-redirect')!({ preventDefault: () => (redirected = true) })
    expect(redirected).toBe(true)
    let webview = false
    contentsHandlers.get('will-attach-webview')!({ preventDefault: () => (webview = true) })
    expect(webview).toBe(true)
    expect(openHandler!({ url: 'https://evil.example' })).toEqual({ action: 'deny' })
  })

  it('hands a MessagePort only to our own window main frame showing our renderer', () => {
    const connect = rec.ipcHandlers.get('trident:connect')!
    const win = rec.windows[0]!
    const rendererUrl = new URL(`file://${win.loaded}`).href
    const sent: unknown[] = []
    const event = (id: number, url: string, isMain: boolean) => ({
      sender: { id, postMessage: (...a: unknown[]) => sent.push(a) },
      senderFrame: { url, parent: isMain ? null : {} },
    })
    connect(event(999, rendererUrl, true)) // not our window
    connect(event(win.webContents.id, 'https://evil.example/', true)) // our window, navigated away
    connect(event(win.webContents.id, rendererUrl, false)) // an iframe
    expect(sent).toHaveLength(0)
    connect(event(win.webContents.id, rendererUrl, true))
    expect(sent).toHaveLength(1)
    expect((sent[0] as unknown[])[0]).toBe('trident:port')
  })

  it('listens on no IPC channel but the contract connect channel', () => {
    expect([...rec.ipcHandlers.keys()]).toEqual(['trident:connect'])
  })
})
