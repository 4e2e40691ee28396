import {
  commandSchemaMap,
  isCommandName,
  isTopicName,
  topicSchemaMap,
  type CommandName,
  type ParsedCommand,
  type TopicName,
} from '../../src-preload/contract/contract'
import type { BridgeErrorShape } from '../../src-preload/contract/types'
import { clientFrameSchema } from '../../src-preload/contract/wire'
import { RefusedError, type SessionHost, type SessionTransport } from './hubTypes'
import { quickCommandFrame, quickCommands } from './quickFrames'

interface Sub {
  topic: TopicName
  key: string
  release: () => void
  dirty: boolean
  /** dirty by an urgent publish: goes with the next urgent push */
  urgent: boolean
}

/**
 * One connected window (or a host's own menu): validates each frame against the contract's
 * schemas, runs commands through the hub's handlers, and holds this window's subscriptions.
 */
export class HubSession {
  private readonly subs = new Map<number, Sub>()
  private open = true

  constructor(
    private readonly hub: SessionHost,
    private readonly transport: SessionTransport,
    private readonly who: string,
  ) {}

  get subscriptionCount(): number {
    return this.subs.size
  }

  /** Feed one raw frame (already JSON-decoded) from the renderer. Never throws. */
  receive(raw: unknown): void {
    if (!this.open) return
    // the order path's frames skip zod's walk when a few checks prove them valid (quickFrames.ts)
    const cmd = quickCommandFrame(raw)
    if (cmd) {
      void this.command(cmd.id, cmd.name, cmd.payload)
      return
    }
    const parsed = clientFrameSchema.safeParse(raw)
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : 0
      this.error(id, {
        code: 'EBADREQ',
        message: `Malformed request: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      })
      return
    }
    const f = parsed.data
    if (f.k === 'cmd') void this.command(f.id, f.name, f.payload)
    else if (f.k === 'sub') this.subscribe(f.id, f.topic, f.params)
    else this.unsubscribe(f.id)
  }

  private error(id: number, error: BridgeErrorShape): void {
    this.transport.send({ k: 'res', id, ok: false, error })
  }

  private async command(id: number, name: string, payload: unknown): Promise<void> {
    if (!isCommandName(name)) {
      this.error(id, { code: 'EUNKNOWN', message: `Unknown command "${name}"` })
      return
    }
    await this.run(id, name, payload)
  }

  /** Generic in the command's name, so its schema's output is the type its handler takes. */
  private async run<K extends CommandName>(id: number, name: K, payload: unknown): Promise<void> {
    const check: ((p: unknown) => ParsedCommand<K> | null) | undefined = quickCommands[name]
    const quick = check?.(payload)
    const args = quick ? { success: true as const, data: quick } : commandSchemaMap[name].safeParse(payload)
    if (!args.success) {
      this.error(id, {
        code: 'EBADREQ',
        message: `Invalid ${name}: ${args.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ')}`,
      })
      return
    }
    const at = Date.now()
    const audit = (outcome: string) =>
      this.hub.audit({ at, who: this.who, command: name, payload: args.data, outcome })
    try {
      const handler = this.hub.handler(name)
      if (!handler) throw new Error(`no feature registered ${name}`)
      const result = await handler(args.data)
      audit('ok')
      if (this.open) this.transport.send({ k: 'res', id, ok: true, result })
    } catch (e) {
      audit(e instanceof RefusedError ? `refused: ${e.message}` : `failed: ${(e as Error).message}`)
      if (!this.open) return
      if (e instanceof RefusedError) this.error(id, { code: 'EREFUSED', message: e.message })
      else {
        // Internal details stay in main's log; the renderer gets words, not a stack.
        this.hub.log(`command ${name} failed: ${(e as Error).stack ?? String(e)}`)
        this.error(id, { code: 'EINTERNAL', message: `${name} failed inside Trident; see the log` })
      }
    }
  }

  private subscribe(id: number, topic: string, params: unknown): void {
    if (this.subs.has(id)) {
      this.transport.send({
        k: 'end',
        id,
        error: { code: 'EBADREQ', message: `Subscription id ${id} is already in use` },
      })
      return
    }
    if (!isTopicName(topic)) {
      this.transport.send({ k: 'end', id, error: { code: 'EUNKNOWN', message: `Unknown topic "${topic}"` } })
      return
    }
    this.acquire(id, topic, params)
  }

  /** Generic in the topic, so its schema's output is the type its source acquires with. */
  private acquire<K extends TopicName>(id: number, topic: K, params: unknown): void {
    const parsed = topicSchemaMap[topic].safeParse(params)
    if (!parsed.success) {
      this.transport.send({
        k: 'end',
        id,
        error: {
          code: 'EBADREQ',
          message: `Invalid ${topic} subscription: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'params'} ${i.message}`).join('; ')}`,
        },
      })
      return
    }
    let acquired: { key: string; release: () => void }
    try {
      const source = this.hub.source(topic)
      if (!source) throw new Error(`Topic ${topic} has no source in this build`)
      acquired = source.acquire(parsed.data)
    } catch (e) {
      this.transport.send({ k: 'end', id, error: { code: 'EREFUSED', message: (e as Error).message } })
      return
    }
    this.subs.set(id, { topic, key: acquired.key, release: acquired.release, dirty: true, urgent: false })
    this.hub.scheduleFlush()
  }

  private unsubscribe(id: number): void {
    const s = this.subs.get(id)
    if (!s) return
    this.subs.delete(id)
    s.release()
  }

  /** @internal */
  markDirty(topic: TopicName, key: string, urgent = false): boolean {
    let any = false
    for (const s of this.subs.values()) {
      if (s.topic === topic && s.key === key) {
        s.dirty = true
        s.urgent ||= urgent
        any = true
      }
    }
    return any
  }

  /**
   * Send the latest state of every dirty subscription (only the urgent ones if `urgentOnly`).
   * Returns true if some are still pending.
   */
  flush(urgentOnly = false): boolean {
    if (!this.open) return false
    let pending = false
    for (const [id, s] of this.subs) {
      if (!s.dirty) continue
      if (urgentOnly && !s.urgent) {
        pending = true
        continue
      }
      if (this.transport.isCongested()) return true
      s.dirty = false
      s.urgent = false
      let data: unknown
      try {
        data = this.hub.source(s.topic)?.latest(s.key)
      } catch (e) {
        // a view that cannot be built must never take main down: log it, keep serving the rest
        this.hub.log(`topic ${s.topic} failed to build: ${(e as Error).stack ?? String(e)}`)
        continue
      }
      if (data === undefined) continue
      this.transport.send({ k: 'topic', id, data })
      this.hub.delivered(s.topic)
    }
    return pending
  }

  /** The window went away: release everything it held. */
  close(): void {
    if (!this.open) return
    this.open = false
    for (const s of this.subs.values()) s.release()
    this.subs.clear()
    this.hub.closed(this)
  }
}
