/**
 * Electron security settings as plain data and pure predicates, so tests can check them without
 * an Electron binary (cf. VS Code's ipcMain.ts: accept only our channel, origin and main frame).
 */

export interface SecureWebPreferences {
  preload: string
  contextIsolation: true
  sandbox: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  webSecurity: true
  allowRunningInsecureContent: false
  webviewTag: false
  spellcheck: false
  navigateOnDragDrop: false
  safeDialogs: true
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  }
}

/**
 * Accept an IPC message only from a window we created, from its main frame (not an iframe), and
 * only while that frame shows our own renderer (file URL under our renderer folder).
 */
export function isTrustedSender(
  sender: { webContentsId: number; frameUrl: string | undefined; isMainFrame: boolean },
  ourWebContentsIds: ReadonlySet<number>,
  rendererUrlPrefix: string,
): boolean {
  if (!ourWebContentsIds.has(sender.webContentsId)) return false
  if (!sender.isMainFrame) return false
  if (!sender.frameUrl) return false
  return sender.frameUrl.startsWith(rendererUrlPrefix)
}

/** Navigation away from our renderer is never legitimate in a trading window. */
export function isAllowedNavigation(url: string, rendererUrlPrefix: string): boolean {
  return url.startsWith(rendererUrlPrefix)
}
