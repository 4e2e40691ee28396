import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { acquireInstanceLock, LOCK_FILE } from '../../../../src-main/hosts/loopback/instanceLock'
import { until } from '../../../helpers/until'

const ROOT = join(__dirname, '..', '..', '..', '..')
const ENTRY = join(ROOT, 'out', 'main', 'loopback.js')
const dir = () => mkdtempSync(join(tmpdir(), 'trident-lock-'))

describe('instance lock: one Trident per data folder', () => {
  it('the second taker learns who holds it and where; after release it is free again', () => {
    const d = dir()
    const first = acquireInstanceLock(d, { pid: 4242, now: () => 1000, isAlive: (p) => p === 4242 })
    if (!('lock' in first)) throw new Error('the first start must get the lock')
    expect(first.replacedStale).toBeNull()
    first.lock.setUrl('http://127.0.0.1:5123/#token=abc')
    // readable by its owner only: it carries the URL with the access token
    expect(statSync(join(d, LOCK_FILE)).mode & 0o077).toBe(0)
    const second = acquireInstanceLock(d, { pid: 5151, isAlive: (p) => p === 4242 })
    expect(second).toEqual({
      running: { pid: 4242, url: 'http://127.0.0.1:5123/#token=abc', startedAt: 1000 },
    })
    first.lock.release()
    expect(existsSync(join(d, LOCK_FILE))).toBe(false)
    expect('lock' in acquireInstanceLock(d, { pid: 5151 })).toBe(true)
  })

  it('a lock whose process is gone (killed, crashed) is stale: replaced, and said', () => {
    const d = dir()
    // a real pid that has exited
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: gone, url: 'http://127.0.0.1:1/', startedAt: 5 }))
    const r = acquireInstanceLock(d)
    if (!('lock' in r)) throw new Error(`a dead process's lock must be replaced, got ${JSON.stringify(r)}`)
    expect(r.replacedStale).toEqual({ pid: gone, url: 'http://127.0.0.1:1/', startedAt: 5 })
    expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      url: null,
    })
    r.lock.release()
  })
})

/** The built loopback host (npm run build first), started twice on one data folder. */
describe.skipIf(!existsSync(ENTRY))('loopback host: a second start on the same data folder', () => {
  it('does not start; it prints where the running one is; once that stops, a start works again', async () => {
    const d = dir()
    const args = ['--sim-seed', '7', '--data-dir', d]
    const first = spawn(process.execPath, [ENTRY, '--ready-json', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const info = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
        const rl = createInterface({ input: first.stdout! })
        rl.on('line', (l) => l.startsWith('{') && resolve(JSON.parse(l) as { url: string; pid: number }))
        first.once('exit', (c) => reject(new Error(`first host exited ${c}`)))
      })
      const second = spawnSync(process.execPath, [ENTRY, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 20_000,
      })
      expect(second.status).toBe(0)
      expect(second.stdout).toBe(
        `Trident is already running on the data folder ${d} (process ${info.pid}); not starting a second one.\nOpen: ${info.url}\n`,
      )
      const json = spawnSync(process.execPath, [ENTRY, '--ready-json', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 20_000,
      })
      expect(JSON.parse(json.stdout)).toEqual({
        ready: false,
        alreadyRunning: { pid: info.pid, url: info.url },
      })
      // the first one is still the only one, and still serving
      expect(first.exitCode).toBeNull()
      expect((await fetch(new URL('/', info.url))).status).toBe(200)
    } finally {
      first.kill('SIGTERM')
      await new Promise((r) => first.once('exit', r))
    }
    expect(existsSync(join(d, LOCK_FILE))).toBe(false)
    const help = spawnSync(process.execPath, [ENTRY, '--help'], { cwd: ROOT, encoding: 'utf8' })
    expect(help.stdout).toMatch(/^Usage: node out\/main\/loopback\.js \[options\]/)
    expect(help.stdout).toContain('--data-dir D')
    await until(() => !existsSync(join(d, LOCK_FILE)), 'lock released')
  }, 60_000)
})
