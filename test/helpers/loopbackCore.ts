import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TridentCore, type TridentCoreOptions } from '../../src-main/app/TridentCore'
import { LoopbackHost } from '../../src-main/hosts/loopback/LoopbackHost'

/** A core on the built-in exchange behind a real loopback host (with a stub renderer page). */
export async function startLoopbackCore(
  sim: NonNullable<TridentCoreOptions['sim']>,
  token: string,
): Promise<{ core: TridentCore; host: LoopbackHost; stop: () => Promise<void> }> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'trident-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Trident</title>')
  const core = new TridentCore({ host: 'loopback', version: 'test', sim })
  await core.start()
  const host = new LoopbackHost({ core, rendererDir, token })
  await host.start()
  return { core, host, stop: async () => (await host.stop(), await core.stop()) }
}
