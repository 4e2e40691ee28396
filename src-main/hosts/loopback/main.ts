import { homedir } from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { TridentCore } from '../../app/TridentCore'
import { KeyringSecretStore } from '../../secrets/KeyringSecretStore'
import { LoopbackHost } from './LoopbackHost'
import { openInChromium } from './openBrowser'

/**
 * Loopback host entry: the main-process core under plain Node, serving the renderer to a browser.
 *   node out/main/loopback.js [--port N] [--open] [--ready-json] [--data-dir D] [--sim-seed N] [--sim-rate N] [--sim-symbols A,B]
 */
function numArg(name: string): number | undefined {
  const i = process.argv.indexOf(name)
  if (i < 0) return undefined
  const v = Number(process.argv[i + 1])
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number`)
  return v
}

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..')
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version
  const quiet = process.argv.includes('--ready-json')
  const log = (msg: string): void => {
    if (!quiet || process.env.TRIDENT_DEBUG) console.error(`[trident] ${msg}`)
  }
  const sim: NonNullable<ConstructorParameters<typeof TridentCore>[0]['sim']> = {}
  const seed = numArg('--sim-seed')
  const rate = numArg('--sim-rate')
  if (seed !== undefined) sim.seed = seed
  if (rate !== undefined) sim.messagesPerSecond = rate
  const active = process.argv.indexOf('--sim-symbols')
  if (active >= 0) sim.activeSymbols = (process.argv[active + 1] ?? '').split(',').filter(Boolean)
  // journal, settings and profiles: --data-dir (tests, several profiles side by side), else the XDG data folder
  const dataArg = process.argv.indexOf('--data-dir')
  const dataDir =
    dataArg >= 0
      ? process.argv[dataArg + 1]!
      : join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'trident')
  // secrets: the OS keychain (Secret Service / Keychain / Credential Manager); never a file
  const secrets = new KeyringSecretStore()
  // the built-in exchange runs on its own thread: it must not slow the app (--sim-thread main to share)
  const simThread =
    process.argv.includes('--sim-thread') && process.argv[process.argv.indexOf('--sim-thread') + 1] === 'main'
      ? 'main'
      : 'worker'
  const core = new TridentCore({ host: 'loopback', version, sim, simThread, log, dataDir, secrets })
  await core.start()
  const hostOpts: ConstructorParameters<typeof LoopbackHost>[0] = {
    core,
    rendererDir: join(root, 'out', 'renderer'),
    log,
  }
  const port = numArg('--port')
  if (port !== undefined) hostOpts.port = port
  const host = new LoopbackHost(hostOpts)
  await host.start()

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
