import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { test as base, chromium, _electron, type Browser, type Page } from '@playwright/test'

export const ROOT = join(__dirname, '..', '..')

export interface LoopbackInfo {
  url: string
  origin: string
  port: number
  token: string
  pid: number
}

/** Start the built loopback host (out/main/loopback.js) and wait for its ready line. */
export async function startLoopbackHost(
  args: string[] = [],
  dataDir?: string,
): Promise<{ info: LoopbackInfo; child: ChildProcess; stderr: () => string; dataDir: string }> {
  const entry = join(ROOT, 'out', 'main', 'loopback.js')
  if (!existsSync(entry)) throw new Error('out/main/loopback.js is missing: run `npm run build` first')
  // a fresh data folder per host: a keymap or journal a test writes must not leak into the next test
  const settings = dataDir ?? mkdtempSync(join(tmpdir(), 'trident-e2e-data-'))
  const child = spawn(
    process.execPath,
    [entry, '--ready-json', '--sim-seed', '7', '--data-dir', settings, ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const info = await new Promise<LoopbackInfo>((resolve, reject) => {
    const timer = setTimeout(() => {
      // not left running for later tests: a host that never said it was ready goes too
      child.kill('SIGKILL')
      reject(new Error(`loopback host did not start: ${stderr}`))
    }, 20_000)
    const rl = createInterface({ input: child.stdout! })
    rl.on('line', (line) => {
      if (!line.startsWith('{')) return
      clearTimeout(timer)
      resolve(JSON.parse(line) as LoopbackInfo)
    })
    child.once('exit', (code) => reject(new Error(`loopback host exited with ${code}: ${stderr}`)))
  })
  return { info, child, stderr: () => stderr, dataDir: settings }
}

export const CHROMIUM = process.env.TRIDENT_CHROMIUM ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const USE_ELECTRON = process.env.TRIDENT_E2E_ELECTRON === '1'

interface Fixtures {
  /** the workstation's first window, after the app is up */
  app: { page: Page; host: 'loopback' | 'electron'; loopback: LoopbackInfo | null }
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    if (USE_ELECTRON) {
      // Same specs against the real Electron shell where its binary exists.
      const electronApp = await _electron.launch({ args: [ROOT], cwd: ROOT })
      const page = await electronApp.firstWindow()
      await use({ page, host: 'electron', loopback: null })
      await electronApp.close()
      return
    }
    const { info, child, stderr } = await startLoopbackHost()
    let died: string | null = null
    child.once('exit', (code, signal) => {
      died = `loopback host exited (${code ?? signal}) during the test:\n${stderr()}`
    })
    // the host goes with the test whatever fails (a Chromium that will not launch, a page that
    // will not load): left running, its simulated market kept ticking under every later test
    // and bench on this machine's two cores
    try {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      const errors: string[] = []
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
        const page = await context.newPage()
        page.on('pageerror', (e) => errors.push(e.message))
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text())
        })
        await page.goto(info.url)
        await use({ page, host: 'loopback', loopback: info })
      } finally {
        await browser.close()
      }
      if (died) throw new Error(died)
      // CSP violations and uncaught errors surface as console errors: none is acceptable.
      if (errors.length) throw new Error(`renderer errors:\n${errors.join('\n')}`)
    } finally {
      await stopHost(child)
    }
  },
})

/**
 * SIGTERM, and SIGKILL if the host has not gone within `killAfterMs` (a shutdown stuck on a venue
 * link): a host left running keeps its simulated market ticking under every later test on two
 * cores. `null`: wait however long a clean shutdown takes (a restart the test is about).
 */
export async function stopHost(child: ChildProcess, killAfterMs: number | null = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
  await gone
  if (timer) clearTimeout(timer)
}

/** Chromium for a spec that started its own host: a launch that fails stops that host first. */
export async function launchChromiumFor(host: ChildProcess): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  } catch (e) {
    await stopHost(host)
    throw e
  }
}

/** Bring a docked panel's tab to the front, as a trader clicks a tab (panels share tab groups). */
export async function showPanel(page: Page, title: string): Promise<void> {
  await page.locator('.dv-tab', { hasText: title }).first().click()
}

export { expect } from '@playwright/test'
