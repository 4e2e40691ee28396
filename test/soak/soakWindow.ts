import type { TridentCore } from '../../src-main/app/TridentCore'
import type { CommandName, TopicName } from '../../src-preload/contract/contract'
import type { ServerFrame } from '../../src-preload/contract/wire'
import { until } from '../helpers/until'

/**
 * A window as main sees one, for long runs: commands through the contract (answers kept until
 * read), and only the latest message of each subscription (a soak's topics publish thousands of
 * whole views; keeping them all, as the wire tests' window does, would grow without bound).
 */
export class SoakWindow {
  private readonly answers = new Map<number, Extract<ServerFrame, { k: 'res' }>>()
  private readonly latest = new Map<number, unknown>()
  private readonly watchers = new Map<number, (data: unknown) => void>()
  private readonly session
  private nextId = 1

  constructor(core: TridentCore) {
    this.session = core.attach({
      send: (f) => {
        if (f.k === 'res') this.answers.set(f.id, f)
        else if (f.k === 'topic') {
          this.latest.set(f.id, f.data)
          this.watchers.get(f.id)?.(f.data)
        }
      },
      isCongested: () => false,
    })
  }

  /** send a command that must succeed; throws main's words if it did not */
  async ok<T>(name: CommandName, payload: unknown): Promise<T> {
    const id = this.nextId++
    this.session.receive({ k: 'cmd', id, name, payload })
    const res = await until(() => this.answers.get(id), `the answer to ${name}`, 30_000)
    this.answers.delete(id)
    if (!res.ok) throw new Error(`${name} answered ${res.error.code}: ${res.error.message}`)
    return res.result as T
  }

  /** subscribe; `each` sees every message as it comes (read it there: main may change it later) */
  sub(topic: TopicName, params: unknown, each?: (data: unknown) => void): number {
    const id = this.nextId++
    if (each) this.watchers.set(id, each)
    this.session.receive({ k: 'sub', id, topic, params })
    return id
  }

  /** the latest message on a subscription (a JSON copy: main may change its view after sending it) */
  last<T>(sub: number): T | undefined {
    const m = this.latest.get(sub)
    return m === undefined ? undefined : (JSON.parse(JSON.stringify(m)) as T)
  }
}
