// `npm start`: build if needed, then run Trident in Electron; where no Electron binary can run
// (none downloaded, no display), say so in one line and run the loopback host in a browser instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'

const ROOT = new URL('..', import.meta.url).pathname
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron')

/** Path of a runnable Electron binary, or the reason there is none. Never triggers a download by itself. */
function electronBinary() {
  if (!existsSync(join(ELECTRON_DIR, 'package.json'))) return { why: 'the electron package is not installed' }
  const installed = () => {
    const pathFile = join(ELECTRON_DIR, 'path.txt')
    if (!existsSync(pathFile)) return null
    const exe = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(exe) ? exe : null
  }
  let exe = installed()
  if (!exe && process.env.TRIDENT_ELECTRON_DOWNLOAD !== '0') {
    // electron@45 fetches its binary lazily; try once, briefly, so a machine with access gets it.
    spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], {
      cwd: ELECTRON_DIR,
      stdio: 'ignore',
      timeout: 30_000,
    })
    exe = installed()
  }
  return exe ? { exe } : { why: 'its binary could not be downloaded on this machine' }
}

buildIfNeeded()

const forced = process.argv.includes('--loopback') || process.env.TRIDENT_HOST === 'loopback'
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
const electron = forced ? { why: 'the loopback host was requested' } : electronBinary()
const passThrough = process.argv.slice(2).filter((a) => a !== '--loopback')

if (electron.exe && display) {
  const child = spawn(electron.exe, [ROOT, ...passThrough], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  const why = electron.why ?? 'there is no display to show its window'
  console.log(
    `Electron is not available (${why}): running Trident in your browser through the loopback host.`,
  )
  const child = spawn(process.execPath, [join(ROOT, 'out/main/loopback.js'), '--open', ...passThrough], {
    stdio: 'inherit',
  })
  const stop = () => child.kill('SIGTERM')
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  child.on('exit', (code) => process.exit(code ?? 0))
}
