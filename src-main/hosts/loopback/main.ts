import { homedir } from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { prewarmBuiltInExchange } from '../../app/prewarmExchange'
import type { TridentCoreOptions } from '../../app/TridentCore'
import { acquireInstanceLock } from './instanceLock'
import type { LoopbackHostOptions } from './LoopbackHost'
import { openInChromium } from './openBrowser'

/**
 * Loopback host entry: the main-process core under plain Node, serving the renderer to a browser.
 *   node out/main/loopback.js [--port N] [--open] [--ready-json] [--data-dir D] [--sim-seed N] [--sim-rate N] [--sim-symbols A,B]
 */
export const USAGE = `Usage: node out/main/loopback.js [options]   (npm start -- [options])

Runs Trident's main process under Node and serves its window to a browser on 127.0.0.1.

  --data-dir D        journal, settings and profiles folder (default: $XDG_DATA_HOME/trident);
                      one Trident per folder: a second start points to the running one
  --port N            serve on this port (default: any free port)
  --open              open the window in Chromium (app mode)
  --ready-json        print one JSON line when ready (for scripts and tests), nothing else
  --sim-seed N        the built-in exchange's random seed
  --sim-rate N        the built-in exchange's market messages per second (0: still)
  --sim-symbols A,B   only these instruments move
  --sim-thread main   run the built-in exchange on main's thread (default: its own)
  --sim-funding-ms N  derivatives funding settles every N ms (default Kraken's hour; e2e tests)
  --help              print this and exit
`

function numArg(name: string): number | undefined {
  const i = process.argv.indexOf(name)
  if (i < 0) return undefined
  const v = Number(process.argv[i + 1])
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number`)
  return v
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE)
    return
  }
  const root = join(__dirname, '..', '..')
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version
  const quiet = process.argv.includes('--ready-json')
  const log = (msg: string): void => {
    if (!quiet || process.env.TRIDENT_DEBUG) console.error(`[trident] ${msg}`)
  }
  const sim: NonNullable<TridentCoreOptions['sim']> = {}
  const seed = numArg('--sim-seed')
  const rate = numArg('--sim-rate')
  if (seed !== undefined) sim.seed = seed
  if (rate !== undefined) sim.messagesPerSecond = rate
  const funding = numArg('--sim-funding-ms')
  if (funding !== undefined) sim.derivatives = { fundingIntervalMs: funding }
  const active = process.argv.indexOf('--sim-symbols')
  if (active >= 0) sim.activeSymbols = (process.argv[active + 1] ?? '').split(',').filter(Boolean)
  // journal, settings and profiles: --data-dir (tests, several profiles side by side), else the XDG data folder
  const dataArg = process.argv.indexOf('--data-dir')
  const dataDir =
    dataArg >= 0
      ? process.argv[dataArg + 1]!
      : join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'trident')
  // one Trident per data folder: the second start says where the first one is, and stops
  const taken = acquireInstanceLock(dataDir)
  if ('running' in taken) {
    const r = taken.running
    if (quiet) console.log(JSON.stringify({ ready: false, alreadyRunning: { pid: r.pid, url: r.url } }))
    else {
      console.log(
        `Trident is already running on the data folder ${dataDir}${r.pid ? ` (process ${r.pid})` : ''}; not starting a second one.`,
      )
      // the URL carries the running Trident's access token: it is printed to the same user's
      // terminal that the first start printed it to (the lock file is readable by that user only)
      console.log(r.url ? `Open: ${r.url}` : 'It is still starting: try again in a few seconds.')
      if (r.url && process.argv.includes('--open')) openInChromium(r.url)
    }
    return
  }
  const lock = taken.lock
  process.on('exit', () => lock.release())
  if (taken.replacedStale)
    log(`replaced a stale lock of process ${taken.replacedStale.pid} (no longer running)`)
  // the built-in exchange runs on its own thread: it must not slow the app (--sim-thread main to share)
  const simThread =
    process.argv.includes('--sim-thread') && process.argv[process.argv.indexOf('--sim-thread') + 1] === 'main'
      ? 'main'
      : 'worker'
  // that thread boots on the other core while this one loads the app's modules (imported below,
  // not at the top, for that reason): its ~0.15 s of start-up is off the way to a live ladder
  if (simThread === 'worker') prewarmBuiltInExchange()
  const [{ TridentCore }, { KeyringSecretStore }, { LoopbackHost }] = await Promise.all([
    import('../../app/TridentCore'),
    import('../../secrets/KeyringSecretStore'),
    import('./LoopbackHost'),
  ])
  // secrets: the OS keychain (Secret Service / Keychain / Credential Manager); never a file
  const secrets = new KeyringSecretStore()
  // a window's first book before FIX loads (it blocks main ~1 s): cold start to a live ladder
  const fixAfterFirstBookMs = 3000
  const core = new TridentCore({
    host: 'loopback',
    version,
    sim,
    simThread,
    log,
    dataDir,
    secrets,
    fixAfterFirstBookMs,
  })
  await core.start()
  const hostOpts: LoopbackHostOptions = {
    core,
    rendererDir: join(root, 'out', 'renderer'),
    log,
  }
  const port = numArg('--port')
  if (port !== undefined) hostOpts.port = port
  const host = new LoopbackHost(hostOpts)
  await host.start()
  lock.setUrl(host.url)

  if (quiet) {
    // One machine-readable line for test fixtures and launchers.
    console.log(
      JSON.stringify({
        ready: true,
        url: host.url,
        origin: host.origin,
        port: host.port,
        token: host.token,
        pid: process.pid,
      }),
    )
  } else {
    const current = core.profiles.view().profiles.find((p) => p.id === core.profiles.current)
    console.log(`Trident ${version} is running against ${current?.name ?? core.profiles.current}.`)
    console.log(`Data: ${dataDir}`)
    console.log(`Open: ${host.url}`)
  }
  if (process.argv.includes('--open')) {
    const r = openInChromium(host.url)
    console.log(
      r.opened ? 'Opened in Chromium (app mode).' : `Not opening a browser (${r.why}); open the URL above.`,
    )
  }
  const shutdown = (): void => {
    void Promise.all([host.stop(), core.stop()]).finally(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((e: unknown) => {
  console.error(`Trident could not start: ${(e as Error).message}`)
  process.exit(1)
})
