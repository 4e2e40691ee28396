import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  nativeImage,
  safeStorage,
  screen,
  session,
  Tray,
  type MenuItemConstructorOptions,
  type MessagePortMain,
} from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { prewarmBuiltInExchange } from '../../app/prewarmExchange'
import { TridentCore } from '../../app/TridentCore'
import { IPC_CONNECT, IPC_PORT } from '../../../src-preload/contract/channels'
import type { ServerFrame } from '../../../src-preload/contract/wire'
import { placeWindow, type WindowLayout } from '../../core/workspace/workspaceDoc'
import type { HostChannel } from '../../ipc/HostChannel'
import { appMenuTemplate, quitWarning, trayStatus } from './appMenu'
import { hostActions } from './hostActions'
import { SafeStorageSecretStore } from './SafeStorageSecretStore'
import { isAllowedNavigation, isTrustedSender, secureWebPreferences } from './windowPolicy'

/**
 * Electron host: the only code that imports `electron`. It owns windows and hands each renderer a
 * MessagePort to the core; everything else is the same core the loopback host runs.
 */
const rendererDir = join(__dirname, '..', 'renderer')
const rendererUrlPrefix = pathToFileURL(rendererDir).href + '/'
const ourWindows = new Set<number>()
/** workspace window id ("main", "w1" …) → its BrowserWindow */
const windowsById = new Map<string, BrowserWindow>()
let core: TridentCore | null = null
let tray: Tray | null = null
/** the tray's status refresh: stopped before the core (and its database) stops */
let trayTimer: NodeJS.Timeout | null = null
let quitting = false

app.enableSandbox()

/**
 * One Trident per data folder: a second start (a second `npm start`, a second click on the icon)
 * would be a second journal writer and a second venue session with the same keys and FIX
 * SenderCompID. Electron's lock lives in the userData folder; the second start brings the
 * running window to the front and quits.
 */
const firstInstance = app.requestSingleInstanceLock()
if (!firstInstance) {
  console.log(
    `Trident is already running with the data folder ${app.getPath('userData')}: its window is brought to the front.`,
  )
  app.quit()
} else {
  // the built-in exchange's thread boots while Electron gets ready (loopback main.ts: cold start)
  prewarmBuiltInExchange()
  app.on('second-instance', () => {
    const w = windowsById.get('main') ?? BrowserWindow.getAllWindows()[0]
    if (!w || w.isDestroyed()) return
    if (w.isMinimized()) w.restore()
    w.show()
    w.focus()
  })
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrlPrefix)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

/**
 * Open one window of the workspace where it was (on the monitor it was on, if that monitor is
 * still there), showing the renderer with its window id in the query.
 */
function openWindow(layout: WindowLayout): void {
  const existing = windowsById.get(layout.id)
  if (existing && !existing.isDestroyed()) {
    existing.focus()
    return
  }
  const primary = screen.getPrimaryDisplay()
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
    (d) => d.workArea,
  )
  const placed = placeWindow(layout.bounds, layout.screen, displays)
  const main = layout.id === 'main'
  const win = new BrowserWindow({
    ...(placed ?? { width: main ? 1400 : 720, height: main ? 900 : 640 }),
    backgroundColor: '#0b0e13',
    title: 'Trident',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.js')),
  })
  const id = win.webContents.id
  ourWindows.add(id)
  windowsById.set(layout.id, win)
  win.on('closed', () => {
    ourWindows.delete(id)
    if (windowsById.get(layout.id) === win) windowsById.delete(layout.id)
  })
  if (main)
    // closing the main window quits Trident (asking first if orders are working); its pop-outs
    // stay in the workspace for the next start
    win.on('close', (event) => {
      if (quitting) return
      event.preventDefault()
      app.quit()
    })
  void win.loadFile(join(rendererDir, 'index.html'), { query: { window: layout.id } })
}

function focusedWindowId(): string {
  const focused = BrowserWindow.getFocusedWindow()
  for (const [id, w] of windowsById) if (w === focused) return id
  return 'main'
}

/** the menu's way into the contract (one per app run) */
let menuChannel: HostChannel | null = null
let trayChannel: HostChannel | null = null

function buildMenu(c: TridentCore): void {
  const ws = c.workspace
  const actions = hostActions((menuChannel ??= c.hostChannel('electron menu')), {
    focusedWindowId,
    requestWindow: (id, action) => ws.request(id, action),
    // a refusal from the menu reaches the trader in words (a window's refusal shows in its notices)
    tell: (text) => void dialog.showMessageBox({ type: 'warning', message: text }),
  })
  const template = appMenuTemplate(process.platform, c.settings.workspaces(), ws.current, actions)
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[]))
}

/** A tray icon whose tooltip says whether every venue link is up, with the kill switch one click away. */
function startTray(c: TridentCore): void {
  // packaged: electron-builder's extraResources; from a checkout: resources/
  const iconFile = app.isPackaged
    ? join(process.resourcesPath, 'icon.png')
    : join(__dirname, '..', '..', 'resources', 'icon.png')
  const icon = nativeImage.createFromPath(iconFile).resize({ width: 22 })
  tray = new Tray(icon)
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Trident', click: () => windowsById.get('main')?.show() },
      {
        label: 'Kill Switch: Cancel Everything',
        click: () =>
          void (trayChannel ??= c.hostChannel('electron tray'))
            .command('risk.killSwitch', { engaged: true })
            .catch(
              (e: unknown) =>
                void dialog.showMessageBox({
                  type: 'warning',
                  message: `The kill switch from the tray was refused: ${(e as Error).message}`,
                }),
            ),
      },
      { type: 'separator' },
      { role: 'quit' },
    ]),
  )
  let last = ''
  let menuKey = ''
  const update = (): void => {
    const s = trayStatus(c.connections(), c.trading.controls.view().killed)
    if (s.tooltip !== last) tray?.setToolTip((last = s.tooltip))
    // saved workspaces change rarely; rebuild the menu only when they do
    const key = `${c.workspace.current}|${c.settings.workspaces().join('|')}`
    if (key !== menuKey) {
      menuKey = key
      buildMenu(c)
    }
  }
  update()
  trayTimer = setInterval(update, 1000)
  trayTimer.unref()
}

ipcMain.on(IPC_CONNECT, (event) => {
  const frame = event.senderFrame
  const trusted = isTrustedSender(
    {
      webContentsId: event.sender.id,
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
    },
    ourWindows,
    rendererUrlPrefix,
  )
  if (!trusted || !core) return
  const { port1, port2 } = new MessageChannelMain()
  attachPort(core, port1, `electron window ${event.sender.id}`)
  event.sender.postMessage(IPC_PORT, null, [port2])
})

function attachPort(c: TridentCore, port: MessagePortMain, who: string): void {
  const session = c.attach({
    who,
    send: (frame: ServerFrame) => port.postMessage(frame),
    // MessagePortMain exposes no backlog counter; per-frame coalescing in the hub bounds traffic.
    isCongested: () => false,
  })
  port.on('message', (e) => session.receive(e.data))
  port.on('close', () => session.close())
  port.start()
}

void app.whenReady().then(async () => {
  if (!firstInstance) return // quitting: the running Trident has the data folder
  // Only our own (local, navigation-locked) windows exist; of the web permissions they get
  // desktop notifications alone (price and fill alerts). Camera, location etc. are refused.
  session.defaultSession.setPermissionRequestHandler((_wc, perm, cb) => cb(perm === 'notifications'))
  core = new TridentCore({
    host: 'electron',
    version: app.getVersion(),
    log: (m) => console.log(`[trident] ${m}`),
    dataDir: app.getPath('userData'),
    simThread: 'worker',
    // a window's first book before FIX loads (it blocks main ~1 s): cold start to a live ladder
    fixAfterFirstBookMs: 3000,
    secrets: new SafeStorageSecretStore(safeStorage, join(app.getPath('userData'), 'credentials.enc.json')),
  })
  await core.start()
  // main opens and closes the workspace's windows (pop-outs, restored windows, loaded workspaces)
  core.workspace.setHost({
    open: (layout) => openWindow(layout),
    close: (id) => windowsById.get(id)?.close(),
  })
  for (const layout of core.workspace.windows()) openWindow(layout)
  startTray(core)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(core!.workspace.windows()[0]!)
  })
})

let quitConfirmed = false

app.on('before-quit', (event) => {
  const warning = !quitConfirmed && core ? quitWarning(core.tracker.working()) : null
  if (warning) {
    // orders are working: the trader decides, in words that say what happens to them
    event.preventDefault()
    const parent = windowsById.get('main')
    const options = {
      type: 'warning' as const,
      buttons: ['Quit', 'Keep Trident open'],
      defaultId: 1,
      cancelId: 1,
      message: warning.message,
      detail: warning.detail,
    }
    void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options)).then((r) => {
      if (r.response !== 0) return
      quitConfirmed = true
      app.quit()
    })
    return
  }
  // from here on windows close because Trident quits: they stay in the workspace
  quitting = true
  core?.workspace.stop()
})

app.on('window-all-closed', () => {
  if (trayTimer) clearInterval(trayTimer)
  trayTimer = null
  void core?.stop()
  app.quit()
})
