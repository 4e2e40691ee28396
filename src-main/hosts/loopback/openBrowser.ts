import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
]

export function findChromium(): string | null {
  const fromEnv = process.env.TRIDENT_CHROMIUM
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  return CANDIDATES.find((c) => existsSync(c)) ?? null
}

export function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}

/** Open the workstation in Chromium's --app mode (a window without browser chrome), if we can. */
export function openInChromium(url: string): { opened: boolean; why?: string } {
  if (!hasDisplay()) return { opened: false, why: 'no display' }
  const exe = findChromium()
  if (!exe) return { opened: false, why: 'Chromium not found' }
  const profile = mkdtempSync(join(tmpdir(), 'trident-chromium-'))
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ]
  // Chromium refuses to run as root without this; it affects only the browser's own OS sandbox.
  if (process.getuid?.() === 0) args.push('--no-sandbox')
  const child = spawn(exe, args, { detached: true, stdio: 'ignore' })
  child.unref()
  return { opened: true }
}
