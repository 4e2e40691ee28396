import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'

/** What the lock file says about the Trident that holds a data folder. */
export interface RunningInstance {
  pid: number
  /** where its window is served (with its access token), null while it is still starting */
  url: string | null
  startedAt: number
}

export const LOCK_FILE = 'trident.lock'

/** A lock file this young that cannot be read yet is another start writing it, not a leftover. */
const WRITING_GRACE_MS = 10_000

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to someone else (still not ours to replace)
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The lock this process holds on its data folder, until release. */
export class InstanceLock {
  private released = false
  constructor(
    readonly path: string,
    private info: RunningInstance,
  ) {}

  /** The URL is known once the server listens: a second start can then point to it. */
  setUrl(url: string): void {
    this.info = { ...this.info, url }
    writeFileSync(this.path, JSON.stringify(this.info), { mode: 0o600 })
  }

  release(): void {
    if (this.released) return
    this.released = true
    // only our own lock: never a lock a later Trident took after deciding ours was stale
    try {
      const now = JSON.parse(readFileSync(this.path, 'utf8')) as RunningInstance
      if (now.pid === this.info.pid && now.startedAt === this.info.startedAt) rmSync(this.path)
    } catch {
      // gone already, or not ours
    }
  }
}

/**
 * One Trident per data folder: a second one would be a second journal writer and a second venue
 * session with the same keys and FIX SenderCompID. The lock file (created exclusively, readable
 * only by its owner, as it holds the URL with the access token) names the running process; a lock
 * whose process is gone (a crash, a kill -9) is stale and replaced.
 */
export function acquireInstanceLock(
  dataDir: string,
  opts: { pid?: number; now?: () => number; isAlive?: (pid: number) => boolean } = {},
): { lock: InstanceLock; replacedStale: RunningInstance | null } | { running: RunningInstance } {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, LOCK_FILE)
  const isAlive = opts.isAlive ?? alive
  const now = opts.now ?? Date.now
  const me: RunningInstance = { pid: opts.pid ?? process.pid, url: null, startedAt: now() }
  let replacedStale: RunningInstance | null = null
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      return { lock: new InstanceLock(path, me), replacedStale }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    let held: RunningInstance | null = null
    try {
      held = JSON.parse(readFileSync(path, 'utf8')) as RunningInstance
    } catch {
      let age: number
      try {
        age = now() - statSync(path).mtimeMs
      } catch {
        continue // removed meanwhile: try again
      }
      if (age < WRITING_GRACE_MS) return { running: { pid: 0, url: null, startedAt: 0 } }
    }
    if (held && Number.isInteger(held.pid) && held.pid > 0 && isAlive(held.pid)) return { running: held }
    replacedStale = held
    rmSync(path, { force: true })
  }
  throw new Error(`could not take the lock ${path}: other Trident starts keep racing for it`)
}
