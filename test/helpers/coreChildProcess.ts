import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { VenueProfile } from '../../src-main/app/TridentCore'
import type { NoticesView, OrdersView } from '../../src-preload/contract/types'
import { until } from './until'

const ROOT = join(__dirname, '..', '..')

/**
 * A Trident core in a child process (test/helpers/coreChild.ts), spoken to over its stdin and
 * stdout, that a crash test kills with SIGKILL and starts again on the same data folder.
 */
export class CoreChild {
  private seq = 0
  private readonly waiting = new Map<number, (v: unknown) => void>()
  readonly stderr: string[] = []
  exited = false
  readonly ready: Promise<void>

  constructor(readonly proc: ChildProcess) {
    let markReady: () => void = () => {}
    this.ready = new Promise((r) => (markReady = r))
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = JSON.parse(line) as { ready?: boolean; id?: number }
      if (m.ready) markReady()
      else if (m.id !== undefined) this.waiting.get(m.id)?.(m)
    })
    proc.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()))
    proc.on('exit', () => (this.exited = true))
  }

  private ask<T>(m: Record<string, unknown>): Promise<T> {
    const id = ++this.seq
    return new Promise<T>((resolve) => {
      this.waiting.set(id, resolve as (v: unknown) => void)
      this.proc.stdin!.write(JSON.stringify({ id, ...m }) + '\n')
    })
  }

  cmd(
    name: string,
    payload: unknown,
  ): Promise<{ ok: boolean; result?: { clOrdId: string }; error?: unknown }> {
    return this.ask({ op: 'cmd', name, payload })
  }

  /** the command's result, or a throw with its error */
  async ok<T>(name: string, payload: unknown): Promise<T> {
    const r = await this.ask<{ ok: boolean; result?: T; error?: unknown }>({ op: 'cmd', name, payload })
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`)
    return r.result!
  }

  /** send a command and do not wait (the child may die on it) */
  fire(name: string, payload: unknown): void {
    this.proc.stdin!.write(JSON.stringify({ id: ++this.seq, op: 'cmd', name, payload }) + '\n')
  }

  view(): Promise<{ orders: OrdersView; notices: NoticesView }> {
    return this.ask({ op: 'view' })
  }

  async kill(): Promise<void> {
    this.proc.kill('SIGKILL')
    await until(() => this.exited, 'child exit')
  }
}

/**
 * Starts cores on one data folder and profile (`env` reaches the child: TRIDENT_TEST_CRASH_AT);
 * `killAll` ends whatever is still running (afterAll). CRASH_DEBUG=1 shows the children's stderr.
 */
export function coreChildren(at: () => { dataDir: string; profile: VenueProfile }) {
  const children: CoreChild[] = []
  return {
    async start(env: Record<string, string> = {}): Promise<CoreChild> {
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'test', 'helpers', 'coreChild.ts'), JSON.stringify(at())],
        { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } },
      )
      const c = new CoreChild(proc)
      children.push(c)
      const t0 = Date.now()
      if (process.env.CRASH_DEBUG) c.proc.stderr!.on('data', (d: Buffer) => process.stderr.write(d))
      await Promise.race([
        c.ready,
        new Promise((_, rej) =>
          setTimeout(() => rej(new Error(`child not ready: ${c.stderr.join('')}`)), 30_000),
        ),
      ])
      if (process.env.CRASH_DEBUG) console.log(`child ready in ${Date.now() - t0} ms`)
      return c
    },
    killAll(): void {
      for (const c of children) if (!c.exited) c.proc.kill('SIGKILL')
    },
  }
}
