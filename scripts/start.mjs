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

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  // the options, not a start (and not a build either)
  console.log(`Usage: npm start -- [options]

Builds Trident if needed and runs it in Electron; where Electron cannot run (no binary, no
display) it runs the loopback host and opens the window in your browser instead.
One Trident per data folder: a second start brings the running one forward (Electron) or
prints its address (browser) instead of starting another.

  --loopback          run the loopback host (browser) even where Electron could run
                      (also: TRIDENT_HOST=loopback)
  --help              print this and exit

Loopback host options (passed on):
  --data-dir D        journal, settings and profiles folder (default: $XDG_DATA_HOME/trident)
  --port N            serve on this port (default: any free port)
  --ready-json        print one JSON line when ready, nothing else
  --sim-seed N        the built-in exchange's random seed
  --sim-rate N        the built-in exchange's market messages per second (0: still)
  --sim-symbols A,B   only these instruments move
  --sim-thread main   run the built-in exchange on main's thread (default: its own)

Environment: TRIDENT_ELECTRON_DOWNLOAD=0 never tries to fetch Electron's binary.`)
  process.exit(0)
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
