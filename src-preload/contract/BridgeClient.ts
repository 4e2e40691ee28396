import type {
  CommandName,
  CommandRequest,
  CommandResult,
  TopicMessage,
  TopicName,
  TopicParams,
} from './contract'
import { BridgeError, type TridentBridge } from './api'
import type { HostKind } from './types'
import type { ClientFrame, ServerFrame } from './wire'

interface Pending {
  resolve: (v: unknown) => void
  reject: (e: Error) => void
}

interface Listener {
  onMessage: (m: unknown) => void
  onEnd?: (e: { code: string; message: string }) => void
}

/** One subscription in main, shared by every panel of this window that asks for the same thing. */
interface Subscription {
  topic: string
  params: unknown
  key: string
  listeners: Set<Listener>
  /** the latest message, handed at once to a panel that joins later */
  last?: unknown
}

/** Same topic and params (whatever their key order) = same subscription. */
function subscriptionKey(topic: string, params: unknown): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : v
  return `${topic} ${JSON.stringify(sorted(params ?? {}))}`
}

/**
 * Client half of the bridge protocol, transport-agnostic: give it a way to post a frame and feed it
 * the frames that arrive. Used by the preload (over a MessagePort) and by the renderer's loopback
 * bridge (over a WebSocket). Frames posted before the transport is up are queued.
 */
export class BridgeClient implements TridentBridge {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly subs = new Map<number, Subscription>()
  private readonly byKey = new Map<string, number>()
  private post: ((frame: ClientFrame) => void) | null = null
  private queue: ClientFrame[] = []

  constructor(readonly host: HostKind) {}

  /** Attach (or re-attach after a reconnect) a transport; live subscriptions are re-sent. */
  connect(post: (frame: ClientFrame) => void): void {
    this.post = post
    const queued = this.queue
    this.queue = []
    for (const [id, s] of this.subs) {
      if (!queued.some((f) => f.k === 'sub' && f.id === id))
        post({ k: 'sub', id, topic: s.topic, params: s.params })
    }
    for (const f of queued) post(f)
  }

  /** The transport went away: fail calls in flight; subscriptions stay and are re-sent on connect. */
  disconnect(reason: string): void {
    this.post = null
    for (const [, p] of this.pending) p.reject(new BridgeError('EDISCONNECTED', reason))
    this.pending.clear()
    this.queue = this.queue.filter((f) => f.k !== 'cmd')
  }

  private send(frame: ClientFrame): void {
    if (this.post) this.post(frame)
    else this.queue.push(frame)
  }

  invoke<K extends CommandName>(name: K, payload: CommandRequest<K>): Promise<CommandResult<K>> {
    const id = this.nextId++
    return new Promise<CommandResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.send({ k: 'cmd', id, name, payload })
    })
  }

  /**
   * Panels of one window asking for the same topic and params share one subscription in main
   * (the ladder and the tape both show BTC/USD trades: main sends them once per frame, not twice).
   */
  subscribe<K extends TopicName>(
    topic: K,
    params: TopicParams<K>,
    onMessage: (message: TopicMessage<K>) => void,
    onEnd?: (error: { code: string; message: string }) => void,
  ): () => void {
    const listener: Listener = { onMessage: onMessage as (m: unknown) => void }
    if (onEnd) listener.onEnd = onEnd
    const key = subscriptionKey(topic, params)
    let id = this.byKey.get(key)
    let sub = id !== undefined ? this.subs.get(id) : undefined
    if (id === undefined || !sub) {
      id = this.nextId++
      sub = { topic, params, key, listeners: new Set() }
      this.subs.set(id, sub)
      this.byKey.set(key, id)
      this.send({ k: 'sub', id, topic, params })
    } else if (sub.last !== undefined) {
      const last = sub.last
      queueMicrotask(() => {
        if (sub!.listeners.has(listener)) listener.onMessage(last)
      })
    }
    sub.listeners.add(listener)
    const subId = id
    const shared = sub
    return () => {
      if (!shared.listeners.delete(listener) || shared.listeners.size > 0) return
      if (this.subs.get(subId) !== shared) return
      this.subs.delete(subId)
      this.byKey.delete(shared.key)
      this.send({ k: 'unsub', id: subId })
    }
  }

  /** Feed one frame from main. Unknown or stale ids are ignored (e.g. a message racing an unsubscribe). */
  receive(frame: ServerFrame): void {
    switch (frame.k) {
      case 'res': {
        const p = this.pending.get(frame.id)
        if (!p) return
        this.pending.delete(frame.id)
        if (frame.ok) p.resolve(frame.result)
        else p.reject(new BridgeError(frame.error.code, frame.error.message))
        return
      }
      case 'topic': {
        const s = this.subs.get(frame.id)
        if (!s) return
        s.last = frame.data
        for (const l of [...s.listeners]) l.onMessage(frame.data)
        return
      }
      case 'end': {
        const s = this.subs.get(frame.id)
        if (!s) return
        this.subs.delete(frame.id)
        this.byKey.delete(s.key)
        for (const l of [...s.listeners]) l.onEnd?.(frame.error)
        return
      }
    }
  }
}
