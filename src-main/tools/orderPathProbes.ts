import type { Socket } from 'node:net'
import { readFileSync } from 'node:fs'

/**
 * Probes for the order-path bench: one order at a time is "armed"; while it is, the first
 * `write` on the watched venue socket stamps when its bytes were handed to the socket, and
 * wrapped steps add their own time to the order's breakdown. Probes are installed by the bench
 * around the app's objects, never in the app's code.
 */
/** The step a watched socket's own OS write is counted under. */
export const OS_WRITE_STEP = '  of which: the OS write itself (_writeGeneric)'

export class OrderProbe {
  armed = false
  /** performance.now() of the first venue-socket write since arm(); 0 = none yet */
  wroteAt = 0
  readonly steps = new Map<string, number>()
  /** the steps in the order they were installed: a step's parts follow it when printed */
  readonly order: string[] = []
  /** steps timed from their call to the socket write: when each was first called while armed */
  private readonly startedAt = new Map<string, number>()

  arm(): void {
    this.armed = true
    this.wroteAt = 0
    this.steps.clear()
    this.startedAt.clear()
  }

  /** Once the write is stamped: each "until the write" step gets the time from its call to it. */
  settle(): void {
    for (const [step, t0] of this.startedAt)
      if (this.wroteAt >= t0) this.add(step, (this.wroteAt - t0) * 1000)
    this.startedAt.clear()
  }

  disarm(): void {
    this.armed = false
  }

  add(step: string, us: number): void {
    if (this.armed) this.steps.set(step, (this.steps.get(step) ?? 0) + us)
  }

  /** Stamp the first write handed to this socket while armed (see `onWritten`). */
  watchWrites(socket: Socket): void {
    onWritten(socket, (enteredAt) => {
      if (!this.armed || this.wroteAt !== 0) return
      this.wroteAt = performance.now()
      this.add(OS_WRITE_STEP, (this.wroteAt - enteredAt) * 1000)
    })
  }

  /** Stamp the first call of `obj[name]` while armed; `settle` turns it into the time to the write. */
  untilWrite<T extends object, K extends keyof T & string>(obj: T, name: K, step: string): void {
    const fn = obj[name] as unknown as (...a: unknown[]) => unknown
    this.order.push(step)
    const stamp = () => {
      if (this.armed && !this.startedAt.has(step)) this.startedAt.set(step, performance.now())
    }
    Object.defineProperty(obj, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...a: unknown[]): unknown {
        stamp()
        return fn.apply(this, a)
      },
    })
  }

  /**
   * Time every call of `obj[name]` (sync part) as `step`, while armed and before the write: what
   * runs after the bytes left (the views told of a new order) is not the order's wait.
   */
  time<T extends object, K extends keyof T & string>(obj: T, name: K, step: string): void {
    const fn = obj[name] as unknown as (...a: unknown[]) => unknown
    this.order.push(step)
    const add = (us: number) => this.add(step, us)
    const armed = () => this.armed && this.wroteAt === 0
    Object.defineProperty(obj, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...a: unknown[]): unknown {
        if (!armed()) return fn.apply(this, a)
        const t0 = performance.now()
        try {
          return fn.apply(this, a)
        } finally {
          add((performance.now() - t0) * 1000)
        }
      },
    })
  }
}

export interface Percentiles {
  p50: number
  p99: number
  max: number
  n: number
}

export function percentiles(xs: number[]): Percentiles {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? NaN, n: s.length }
}

export const us = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—')

/**
 * Call `stamp` each time the socket has handed bytes to the OS: on the return of Node's one write
 * path (`_writeGeneric`, which makes the write or writev call for write(), cork()/uncork() and
 * queued writes alike). The floor, WS and FIX clocks all stop there. Stopping at the entry of
 * `socket.write` instead would stop WS before its bytes (ws corks, writes a header, then the
 * payload, and the OS call comes at uncork) and FIX before the OS call, while the floor's clock
 * ran to the end of its write. Without `_writeGeneric` (another Node), `write`'s return is used.
 */
export function onWritten(socket: Socket, stamp: (enteredAt: number) => void): void {
  const s = socket as Socket & { _writeGeneric?: (...a: unknown[]) => unknown }
  const inner = s._writeGeneric
  if (typeof inner === 'function') {
    s._writeGeneric = function (this: Socket, ...a: unknown[]): unknown {
      const enteredAt = performance.now()
      const r = inner.apply(this, a)
      stamp(enteredAt)
      return r
    }
    return
  }
  const write = socket.write.bind(socket) as (...a: unknown[]) => boolean
  socket.write = ((...a: unknown[]): boolean => {
    const enteredAt = performance.now()
    const r = write(...a)
    stamp(enteredAt)
    return r
  }) as Socket['write']
}

/** This thread's scheduling so far (Linux), in µs: time on a CPU, and time runnable but waiting for one. */
export interface ThreadSchedule {
  runUs: number
  waitUs: number
}

/**
 * Read around an order (never inside its clock): an order slower than its code can be one the
 * kernel kept off the CPU (`waitUs` grew: another thread had the core) or one that ran slowly on
 * it. Null where /proc does not say (not Linux).
 */
export function threadSchedule(): ThreadSchedule | null {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')
    return { runUs: Number(run) / 1000, waitUs: Number(wait) / 1000 }
  } catch {
    return null
  }
}

/** 5,000 entries: more than the L1 cache holds, as an order path's maps and code are */
const WORK_MAP = new Map<string, { n: number; text: string }>(
  Array.from({ length: 5000 }, (_, i) => [`o${i}`, { n: i, text: String(i) }]),
)
/** the floor's frame: a window's orders.place as JSON text (also what fixedWork parses) */
export const FLOOR_FRAME = JSON.stringify({
  k: 'cmd',
  id: 7,
  name: 'orders.place',
  payload: { symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '0.001', limitPrice: '60000.0', tif: 'IOC' },
})

/**
 * The same fixed piece of JS each call (a frame parsed, 200 map reads, a record written as JSON),
 * in µs: timed at a trader's pace and back to back, it shows what this machine does to code that
 * runs on a CPU gone idle (caches emptied by others), apart from anything the app does.
 */
export function fixedWork(): number {
  const t0 = performance.now()
  const f = JSON.parse(FLOOR_FRAME) as { payload: Record<string, string> }
  let s = 0
  for (let i = 0; i < 200; i++) s += WORK_MAP.get(`o${(i * 37) % 5000}`)!.n
  const out = JSON.stringify({ ...f.payload, s })
  if (out.length === 0) throw new Error('unreachable')
  return (performance.now() - t0) * 1000
}
