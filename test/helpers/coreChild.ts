/**
 * A Trident core in its own process, for crash tests: started with a venue profile and data
 * folder from argv, driven through the contract (the same frames a renderer sends) by JSON lines
 * on stdin, answering with JSON lines on stdout. The parent kills it with SIGKILL whenever it likes.
 *   node --import tsx test/helpers/coreChild.ts '{"dataDir": "...", "profile": {...}}'
 */
import { createInterface } from 'node:readline'
import { TridentCore, type VenueProfile } from '../../src-main/app/TridentCore'
import type { ServerFrame } from '../../src-preload/contract/wire'

const cfg = JSON.parse(process.argv[2]!) as { dataDir: string; profile: VenueProfile }
const out = (v: unknown) => process.stdout.write(JSON.stringify(v) + '\n')

async function main(): Promise<void> {
  const core = new TridentCore({
    host: 'loopback',
    version: 'crash-test',
    dataDir: cfg.dataDir,
    profile: cfg.profile,
    log: (l) => process.stderr.write(`[child] ${l}\n`),
  })
  await core.start()
  await core.tradingReady
  const deadline = Date.now() + 15_000
  while (!(core.wsPrivate?.state === 'online' && core.fix?.state === 'online') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  const session = core.attach({
    who: 'crash-test driver',
    send: (f: ServerFrame) => {
      if (f.k === 'res') out(f)
    },
    isCongested: () => false,
  })
  out({ ready: true, ws: core.wsPrivate?.state, fix: core.fix?.state })
  createInterface({ input: process.stdin }).on('line', (line) => {
    const m = JSON.parse(line) as { id: number; op: 'cmd' | 'view'; name?: string; payload?: unknown }
    if (m.op === 'cmd') session.receive({ k: 'cmd', id: m.id, name: m.name, payload: m.payload })
    else out({ k: 'view', id: m.id, orders: core.trading.views.view(), notices: core.trading.notices.view() })
  })
}

main().catch((e: unknown) => {
  process.stderr.write(`[child] failed: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})
