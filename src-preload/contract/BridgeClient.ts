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

interface Subscription {
  topic: string
  params: unknown
  onMessage: (m: unknown) => void
  onEnd?: (e: { code: string; message: string }) => void
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

  subscribe<K extends TopicName>(
    topic: K,
    params: TopicParams<K>,
    onMessage: (message: TopicMessage<K>) => void,
    onEnd?: (error: { code: string; message: string }) => void,
  ): () => void {
    const id = this.nextId++
    const sub: Subscription = { topic, params, onMessage: onMessage as (m: unknown) => void }
    if (onEnd) sub.onEnd = onEnd
    this.subs.set(id, sub)
    this.send({ k: 'sub', id, topic, params })
    return () => {
      if (this.subs.delete(id)) this.send({ k: 'unsub', id })
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
      case 'topic':
        this.subs.get(frame.id)?.onMessage(frame.data)
        return
      case 'end': {
        const s = this.subs.get(frame.id)
        this.subs.delete(frame.id)
        s?.onEnd?.(frame.error)
        return
      }
    }
  }
}
