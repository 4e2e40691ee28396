import { afterAll, describe, expect, it, vi } from 'vitest'

/**
 * The Electron host started while another Trident holds the data folder (Electron's single
 * instance lock is taken): it says so, starts no core and opens no window, and quits.
 */
const rec = vi.hoisted(() => ({
  quit: 0,
  windows: 0,
  readyHandlers: 0,
  appHandlers: [] as string[],
  cores: 0,
}))

vi.mock('electron', () => ({
  app: {
    enableSandbox: () => {},
    on: (ev: string) => rec.appHandlers.push(ev),
    requestSingleInstanceLock: () => false,
    whenReady: () => {
      rec.readyHandlers++
      return Promise.resolve()
    },
    getPath: () => '/home/trader/.config/Trident',
    getVersion: () => '0.0.0-test',
    quit: () => {
      rec.quit++
    },
  },
  BrowserWindow: class {
    constructor() {
      rec.windows++
    }
    static getAllWindows() {
      return []
    }
  },
  session: { defaultSession: { setPermissionRequestHandler: () => {} } },
  safeStorage: {},
  ipcMain: { on: () => {} },
  dialog: {},
  Menu: {},
  Tray: class {},
  MessageChannelMain: class {},
  nativeImage: {},
  screen: {},
}))

vi.mock('../../../../src-main/app/TridentCore', () => ({
  TridentCore: class {
    constructor() {
      rec.cores++
    }
  },
}))

afterAll(() => vi.restoreAllMocks())

describe('Electron host, second start on the same data folder', () => {
  it('says so, quits, and starts nothing', async () => {
    const said: string[] = []
    vi.spyOn(console, 'log').mockImplementation((m: string) => void said.push(m))
    await import('../../../../src-main/hosts/electron/main')
    await new Promise((r) => setImmediate(r)) // let whenReady's handler run
    expect(said).toContain(
      'Trident is already running with the data folder /home/trader/.config/Trident: its window is brought to the front.',
    )
    expect(rec.quit).toBe(1)
    expect(rec.cores).toBe(0)
    expect(rec.windows).toBe(0)
    expect(rec.appHandlers).not.toContain('second-instance')
  })
})
