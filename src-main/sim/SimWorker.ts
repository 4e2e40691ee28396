import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ApiCredential } from './rest/auth'
import type { ReplayCommand, ReplayStatus } from './replay/types'
import type { SimEndpoints, SimExchangeOptions } from './SimExchange'

/**
 * The built-in exchange in a worker thread of this process. Same endpoints, same account, same
 * protocols; only the thread differs. `entry` is the built simWorker.js next to the host's own
 * bundle; under TypeScript sources (tests) the .ts entry runs through tsx.
 */
export class SimWorker {
  private worker: Worker | null = null
  credentials: ApiCredential[] = []
  private readonly replayListeners: ((s: ReplayStatus) => void)[] = []
  private readonly replies = new Map<
    number,
    { resolve: (s: ReplayStatus | null) => void; reject: (e: Error) => void }
  >()
  private nextReq = 0

  constructor(
    private readonly options: SimExchangeOptions = {},
    private readonly entry: string = defaultEntry(),
  ) {}

  start(): Promise<SimEndpoints> {
    const warmed = takeWarm(this.entry)
    const w = warmed ?? spawn(this.entry, this.options)
    this.worker = w
    const started = new Promise<SimEndpoints>((resolve, reject) => {
      w.once('error', reject)
      w.once('exit', (code) =>
        reject(new Error(`the built-in exchange stopped (exit ${code}) before it was ready`)),
      )
      w.on('message', (m: WorkerReplayMessage) => this.onReplayMessage(m))
      w.on(
        'message',
        (m: { type: string; endpoints?: SimEndpoints; credentials?: ApiCredential[]; message?: string }) => {
          if (m.type === 'ready') {
            this.credentials = m.credentials ?? []
            resolve(m.endpoints!)
          } else if (m.type === 'failed')
            reject(new Error(`the built-in exchange could not start: ${m.message}`))
        },
      )
    })
    if (warmed) {
      warmed.ref()
      warmed.postMessage({ type: 'start', options: this.options })
    }
    return started
  }

  /** The replay's status (null: the exchange replays nothing), as SimExchange.replay.status(). */
  replayStatus(): Promise<ReplayStatus | null> {
    return this.askReplay(null)
  }

  /** SimExchange.replay.command, across the thread; refused when the exchange replays nothing. */
  async replayCommand(cmd: ReplayCommand): Promise<ReplayStatus> {
    const s = await this.askReplay(cmd)
    if (!s) throw new Error('the built-in exchange is not replaying a recording')
    return s
  }

  /** Status updates of the replay clock (state changes at once, progress at most every 250 ms). */
  onReplayStatus(listener: (s: ReplayStatus) => void): () => void {
    this.replayListeners.push(listener)
    return () => this.replayListeners.splice(this.replayListeners.indexOf(listener), 1)
  }

  private askReplay(cmd: ReplayCommand | null): Promise<ReplayStatus | null> {
    const w = this.worker
    if (!w) return Promise.reject(new Error('the built-in exchange is not running'))
    const id = ++this.nextReq
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject })
      w.postMessage({ type: 'replay', id, cmd })
    })
  }

  private onReplayMessage(m: WorkerReplayMessage): void {
    if (m.type === 'replay-status' && m.status) for (const l of [...this.replayListeners]) l(m.status)
    if (m.type !== 'replay-reply' || m.id === undefined) return
    const r = this.replies.get(m.id)
    this.replies.delete(m.id)
    if (m.error !== undefined) r?.reject(new Error(m.error))
    else r?.resolve(m.status ?? null)
  }

  async stop(): Promise<void> {
    const w = this.worker
    if (!w) return
    this.worker = null
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => void w.terminate().then(() => resolve()), 3000)
      w.on('message', (m: { type: string }) => {
        if (m.type === 'stopped') {
          clearTimeout(done)
          resolve()
        }
      })
      w.once('exit', () => {
        clearTimeout(done)
        resolve()
      })
      w.postMessage({ type: 'stop' })
    })
  }
}

/** What simWorkerMain posts about the replay. */
export interface WorkerReplayMessage {
  type: string
  id?: number
  status?: ReplayStatus | null
  error?: string
}

/**
 * A thread booted ahead of its exchange (`prewarmSimWorker`): Node's start and the exchange's
 * module loading (~150 ms of one core) overlap main's own module loading, instead of following
 * it on the way to a live ladder (issue 20, cold start). It waits for its options in a 'start'
 * message; unref'd until taken, so an unused one never keeps the process alive.
 */
let warm: { entry: string; worker: Worker; exited: boolean } | null = null

/** Boot the built-in exchange's thread now, for the next `SimWorker.start()` with the same entry. */
export function prewarmSimWorker(entry: string = defaultEntry()): void {
  if (warm) return
  const w = spawn(entry, null)
  const slot = { entry, worker: w, exited: false }
  w.once('exit', () => (slot.exited = true))
  // an error before it is taken is the next start's to meet: that start boots a thread of its own
  w.on('error', () => (slot.exited = true))
  w.unref()
  warm = slot
}

/** The session will not run the built-in exchange (a venue profile): the warm thread goes. */
export function discardPrewarmedSimWorker(): void {
  const w = warm
  warm = null
  if (w && !w.exited) void w.worker.terminate()
}

/** Whether a warm thread waits to be taken (tests; the host does not ask). */
export function hasPrewarmedSimWorker(): boolean {
  return warm !== null && !warm.exited
}

function takeWarm(entry: string): Worker | null {
  const w = warm
  if (!w || w.entry !== entry) return null
  warm = null
  return w.exited ? null : w.worker
}

/** The exchange's thread; `options` null: it waits for them in a 'start' message. */
function spawn(entry: string, options: SimExchangeOptions | null): Worker {
  // under TypeScript sources (tests), load the entry through tsx's require hook
  return entry.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)})`, { eval: true, workerData: options })
    : new Worker(entry, { workerData: options })
}

function defaultEntry(): string {
  // built: out/main/simWorker.js beside index.js / loopback.js (this code may sit in out/main/chunks);
  // sources: this folder
  for (const built of [join(__dirname, 'simWorker.js'), join(__dirname, '..', 'simWorker.js')])
    if (existsSync(built)) return built
  return join(__dirname, 'simWorkerMain.ts')
}
