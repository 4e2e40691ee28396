import {
  app,
  BrowserWindow,
  ipcMain,
  MessageChannelMain,
  safeStorage,
  session,
  type MessagePortMain,
} from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TridentCore } from '../../app/TridentCore'
import { IPC_CONNECT, IPC_PORT } from '../../../src-preload/contract/channels'
import type { ServerFrame } from '../../../src-preload/contract/wire'
import { SafeStorageSecretStore } from './SafeStorageSecretStore'
import { isAllowedNavigation, isTrustedSender, secureWebPreferences } from './windowPolicy'

/**
 * Electron host: the only code that imports `electron`. It owns windows and hands each renderer a
 * MessagePort to the core; everything else is the same core the loopback host runs.
 */
const rendererDir = join(__dirname, '..', 'renderer')
const rendererUrlPrefix = pathToFileURL(rendererDir).href + '/'
const ourWindows = new Set<number>()
let core: TridentCore | null = null

app.enableSandbox()

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrlPrefix)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    backgroundColor: '#0b0e13',
    title: 'Trident',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.js')),
  })
  const id = win.webContents.id
  ourWindows.add(id)
  win.on('closed', () => ourWindows.delete(id))
  void win.loadFile(join(rendererDir, 'index.html'))
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
  // Only our own (local, navigation-locked) windows exist; of the web permissions they get
  // desktop notifications alone (price and fill alerts). Camera, location etc. are refused.
  session.defaultSession.setPermissionRequestHandler((_wc, perm, cb) => cb(perm === 'notifications'))
  core = new TridentCore({
    host: 'electron',
    version: app.getVersion(),
    log: (m) => console.log(`[trident] ${m}`),
    dataDir: app.getPath('userData'),
    simThread: 'worker',
    secrets: new SafeStorageSecretStore(safeStorage, join(app.getPath('userData'), 'credentials.enc.json')),
  })
  await core.start()
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  void core?.stop()
  if (process.platform !== 'darwin') app.quit()
})
