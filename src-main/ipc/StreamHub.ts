import {
  commandSchemas,
  topicSchemas,
  type CommandName,
  type TopicMessage,
  type TopicName,
} from '../../src-preload/contract/contract'
import { HubSession } from './HubSession'
import type {
  CommandHandler,
  CommandHandlers,
  CommandRecord,
  SessionHost,
  SessionTransport,
  TopicSource,
  TopicSources,
} from './hubTypes'

export { HubSession }
export { RefusedError } from './hubTypes'
export type {
  CommandHandler,
  CommandHandlers,
  CommandRecord,
  SessionTransport,
  TopicSource,
  TopicSources,
} from './hubTypes'

type SomeCommandHandlers = Partial<CommandHandlers>
type SomeTopicSources = Partial<TopicSources>

/** A source with one message for everyone (orders, risk, …): nothing to acquire or release. */
export function sharedTopic<K extends TopicName>(latest: () => TopicMessage<K> | undefined): TopicSource<K> {
  return { acquire: () => ({ key: 'all', release: () => {} }), latest }
}

/** A release that does its work once, however often a window (or a racing unsubscribe) calls it. */
export function releaseOnce(fn: () => void): () => void {
  let released = false
  return () => {
    if (released) return
    released = true
    fn()
  }
}

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const defaultScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

/**
 * Writes one entry of a keyed map through a generic map type: TypeScript checks `m[k] = v` against
 * `M[K]` there, where on the concrete map it would demand every key's type at once.
 */
function put<M, K extends keyof M>(m: M, k: K, v: M[K]): void {
  m[k] = v
}

/**
 * Main's side of the contract. Validates every frame from a renderer against the contract's
 * schemas, dispatches commands, and streams topics. High-frequency topics are coalesced: a
 * subscription holds only "dirty" and the latest state is read at flush time, at most once per
 * frame interval (books, published as urgent: at most every URGENT_MIN_GAP_MS). So a slow or
 * paused window costs O(subscriptions) memory, never a queue.
 */
/** Urgent pushes (a book changed) go out at once, but at most once per this many ms. */
const URGENT_MIN_GAP_MS = 4

export class StreamHub implements SessionHost {
  private readonly sessions = new Set<HubSession>()
  /** the frame flush: every dirty subscription, once per frame interval */
  private frameHandle: unknown = null
  /** the urgent flush: only subscriptions published as urgent */
  private urgentHandle: unknown = null
  private lastUrgentAt = 0
  /** topics someone waits to see reach a window (`firstDelivered`), with their waiters */
  private readonly awaited = new Map<TopicName, () => void>()

  private readonly handlers: SomeCommandHandlers
  private readonly sources: SomeTopicSources

  /**
   * Handlers and sources come from the features, one `command(...)`/`topic(...)` line each
   * (`register` functions under features/); tests may pass whole maps here instead.
   */
  constructor(
    handlers: SomeCommandHandlers = {},
    sources: SomeTopicSources = {},
    private readonly options: {
      frameMs?: number
      scheduler?: Scheduler
      log?: (msg: string) => void
      /** every validated command and its outcome (the audit log) */
      audit?: (r: CommandRecord) => void
    } = {},
  ) {
    this.handlers = { ...handlers }
    this.sources = { ...sources }
  }

  private sessionSeq = 0

  /** A feature takes a command: exactly one feature owns each. */
  command<K extends CommandName>(name: K, handler: CommandHandlers[K]): void {
    if (this.handlers[name]) throw new Error(`Command ${name} is registered twice`)
    put(this.handlers, name, handler)
  }

  /** A feature serves a topic: exactly one feature owns each. */
  topic<K extends TopicName>(name: K, source: TopicSources[K]): void {
    if (this.sources[name]) throw new Error(`Topic ${name} is registered twice`)
    put(this.sources, name, source)
  }

  /**
   * Called once every feature registered: a command or topic of the contract that nobody serves
   * is a wire cut at startup, so it stops the app here (and every test that starts a core)
   * rather than answering a trader's keypress with "unknown".
   */
  assertComplete(): void {
    const missing = [
      ...Object.keys(commandSchemas).filter((n) => !Object.hasOwn(this.handlers, n)),
      ...Object.keys(topicSchemas).filter((t) => !Object.hasOwn(this.sources, t)),
    ]
    if (missing.length) throw new Error(`No feature registered: ${missing.join(', ')}`)
  }

  get sessionCount(): number {
    return this.sessions.size
  }

  openSession(transport: SessionTransport): HubSession {
    const s = new HubSession(this, transport, transport.who ?? `session ${++this.sessionSeq}`)
    this.sessions.add(s)
    return s
  }

  /** @internal */
  closed(s: HubSession): void {
    this.sessions.delete(s)
  }

  /**
   * A source's state changed: mark every subscription on (topic, key) dirty. `urgent` (a book
   * changed) pushes those subscriptions at once, as professional ladders push the book
   * immediately; everything else waits for the next frame. An urgent push carries only urgent
   * subscriptions: a tape of 100 trades riding along with every book push cost main and the
   * window ~250 copies a second at 5,000 book messages/s (measured).
   */
  publish(topic: TopicName, key: string, urgent = false): void {
    let any = false
    for (const s of this.sessions) any = s.markDirty(topic, key, urgent) || any
    if (any) this.scheduleFlush(urgent)
  }

  /**
   * Resolves once a message of `topic` has gone to a window, or after `maxMs` (no window came);
   * at once without `maxMs` (a host with no windows). Start-up work that can wait (loading FIX
   * blocks main for most of a second) waits for the first book a window shows, so main serves
   * the window's scripts and first book before it.
   */
  firstDelivered(topic: TopicName, maxMs?: number): Promise<void> {
    if (maxMs === undefined) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs)
      timer.unref()
      const before = this.awaited.get(topic)
      this.awaited.set(topic, () => {
        before?.()
        clearTimeout(timer)
        resolve()
      })
    })
  }

  /** @internal */
  delivered(topic: TopicName): void {
    if (this.awaited.size === 0) return
    const waiting = this.awaited.get(topic)
    if (!waiting) return
    this.awaited.delete(topic)
    waiting()
  }

  /** @internal */
  scheduleFlush(urgent = false): void {
    const sched = this.options.scheduler ?? defaultScheduler
    if (urgent) {
      if (this.urgentHandle !== null) return
      const delay = Math.max(0, URGENT_MIN_GAP_MS - (Date.now() - this.lastUrgentAt))
      this.urgentHandle = sched.setTimeout(() => {
        this.urgentHandle = null
        this.lastUrgentAt = Date.now()
        this.flushSessions(true)
      }, delay)
      return
    }
    if (this.frameHandle !== null) return
    this.frameHandle = sched.setTimeout(() => {
      this.frameHandle = null
      this.flushSessions(false)
    }, this.options.frameMs ?? 16)
  }

  private flushSessions(urgentOnly: boolean): void {
    let pending = false
    for (const s of this.sessions) pending = s.flush(urgentOnly) || pending
    // congested windows (or, after an urgent push, the rest) go at the next frame
    if (pending) this.scheduleFlush()
  }

  /** @internal */
  handler<K extends CommandName>(name: K): CommandHandler<K> | undefined {
    return this.handlers[name]
  }

  /** @internal */
  source<K extends TopicName>(topic: K): TopicSource<K> | undefined {
    return this.sources[topic]
  }

  /** @internal */
  audit(r: CommandRecord): void {
    try {
      this.options.audit?.(r)
    } catch (e) {
      this.log(`audit: ${(e as Error).message}`)
    }
  }

  /** @internal */
  log(msg: string): void {
    this.options.log?.(msg)
  }
}
