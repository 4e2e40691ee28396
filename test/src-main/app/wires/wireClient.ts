import { TridentCore } from '../../../../src-main/app/TridentCore'
import type { CommandName, TopicName } from '../../../../src-preload/contract/contract'
import type { BridgeErrorShape, ConnectionsView } from '../../../../src-preload/contract/types'
import type { ServerFrame } from '../../../../src-preload/contract/wire'
import { until } from '../../../helpers/until'

/**
 * A window as main sees one: frames in through `receive`, frames out through `send`. Everything
 * the wire tests know of the app goes through here, so they keep passing whatever shape the
 * core takes inside, and fail when a command or topic stops being served or stops moving.
 */

/** What one test file exercises: the completeness test reads these lists from every file. */
export interface Covers {
  commands: readonly CommandName[]
  topics: readonly TopicName[]
}

export type Answer = { ok: true; result: unknown } | { ok: false; error: BridgeErrorShape }

export interface Window {
  /** every frame main sent, each a JSON copy taken as it was sent (what a real transport carries) */
  readonly frames: ServerFrame[]
  /** every topic this window subscribed to, in order */
  readonly subscribed: TopicName[]
  /** send a command and wait for its answer */
  cmd<T = unknown>(name: CommandName, payload: unknown): Promise<Answer & { result?: T }>
  /** send a command that must succeed; fails the test with main's words if it did not */
  ok<T>(name: CommandName, payload: unknown): Promise<T>
  /** subscribe; returns the subscription id */
  sub(topic: TopicName, params: unknown): number
  unsub(id: number): void
  /** messages received so far on a subscription, oldest first */
  messages<T>(sub: number): T[]
  /** the first message on `sub` from index `from` on that satisfies `test` */
  next<T>(sub: number, from: number, test: (m: T) => unknown, what: string, ms?: number): Promise<T>
  close(): void
}

/** the names a file actually sent (answered without EUNKNOWN/EINTERNAL) and subscribed (with a message) */
export interface Exercised {
  commands: Set<string>
  topics: Set<string>
}

export function openWindow(core: TridentCore, exercised?: Exercised): Window {
  const frames: ServerFrame[] = []
  // JSON copies: a view main mutates later must not change what this window was already sent
  const session = core.attach({
    send: (f) => frames.push(JSON.parse(JSON.stringify(f)) as ServerFrame),
    isCongested: () => false,
  })
  const topicOf = new Map<number, TopicName>()
  const subscribed: TopicName[] = []
  let nextId = 1
  const messages = <T>(sub: number): T[] =>
    frames.filter((f) => f.k === 'topic' && f.id === sub).map((f) => (f as { data: T }).data)
  const w: Window = {
    frames,
    subscribed,
    async cmd<T>(name: CommandName, payload: unknown) {
      const id = nextId++
      session.receive({ k: 'cmd', id, name, payload })
      const res = await until(
        () => frames.find((f): f is Extract<ServerFrame, { k: 'res' }> => f.k === 'res' && f.id === id),
        `the answer to ${name}`,
      )
      if (res.ok || (res.error.code !== 'EUNKNOWN' && res.error.code !== 'EINTERNAL'))
        exercised?.commands.add(name)
      return res as Answer & { result?: T }
    },
    async ok<T>(name: CommandName, payload: unknown): Promise<T> {
      const res = await w.cmd<T>(name, payload)
      if (!res.ok) throw new Error(`${name} answered ${res.error.code}: ${res.error.message}`)
      return res.result as T
    },
    sub(topic, params) {
      const id = nextId++
      topicOf.set(id, topic)
      subscribed.push(topic)
      session.receive({ k: 'sub', id, topic, params })
      return id
    },
    unsub(id) {
      session.receive({ k: 'unsub', id })
    },
    messages,
    async next<T>(sub: number, from: number, test: (m: T) => unknown, what: string, ms?: number) {
      const m = await until(
        () => {
          const end = frames.find((f) => f.k === 'end' && f.id === sub)
          if (end && end.k === 'end')
            throw new Error(`${what}: main ended the subscription: ${end.error.code} ${end.error.message}`)
          return messages<T>(sub)
            .slice(from)
            .find((x) => test(x))
        },
        what,
        ms,
      )
      const topic = topicOf.get(sub)
      if (topic) exercised?.topics.add(topic)
      return m
    },
    close: () => session.close(),
  }
  return w
}

/**
 * One started core on the built-in exchange with no synthetic market (0 messages/s): the book and
 * the tape move only when a test trades, so every change a test waits for is one it caused.
 */
export async function startCore(seed: number): Promise<TridentCore> {
  const core = new TridentCore({ host: 'loopback', version: 'test', sim: { seed, messagesPerSecond: 0 } })
  await core.start()
  return core
}

/** Wait through the connections topic, as a window would, until these links say "online". */
export async function linksOnline(
  w: Window,
  links: readonly { protocol: string; channel: string }[] = [
    { protocol: 'rest', channel: 'api' },
    { protocol: 'ws', channel: 'public' },
    { protocol: 'ws', channel: 'private' },
    { protocol: 'fix', channel: 'trading' },
  ],
): Promise<ConnectionsView> {
  const sub = w.sub('connections', {})
  const view = await w.next<ConnectionsView>(
    sub,
    0,
    (v) =>
      links.every((want) =>
        v.links.some(
          (l) => l.protocol === want.protocol && l.channel === want.channel && l.state === 'online',
        ),
      ),
    `links online: ${links.map((l) => `${l.protocol} ${l.channel}`).join(', ')}`,
    20_000,
  )
  w.unsub(sub)
  return view
}

/** BTC/USD prices are whole tenths in the exchange's engine: 650005 is "65000.5". */
export const btcPrice = (units: number): string => `${Math.floor(units / 10)}.${units % 10}`

/**
 * Another account trades on the exchange: moves the book and the tape without any order of ours.
 * The exchange's own two accounts: the maker rests the seeded book, the taker trades against it
 * (an account never trades with itself: self-trade prevention cancels instead).
 */
export function placeElsewhere(
  core: TridentCore,
  o: {
    symbol: string
    side: 'buy' | 'sell'
    price: number
    qty: bigint
    tif?: 'GTC' | 'IOC'
    account?: 'synthetic-maker' | 'synthetic-taker'
  },
): void {
  core.sim!.engine.place({
    account: o.account ?? 'synthetic-taker',
    symbol: o.symbol,
    side: o.side,
    type: 'limit',
    limitPrice: o.price,
    qty: o.qty,
    tif: o.tif ?? 'GTC',
    source: { protocol: 'rest' },
  })
}

/**
 * The last test of a file: every wire its `covers` list names was really exercised (a command
 * answered, a topic delivered a message the file waited for), so the list cannot claim more than
 * the file tests.
 */
export function missingFrom(covers: Covers, exercised: Exercised): string[] {
  return [
    ...covers.commands.filter((c) => !exercised.commands.has(c)).map((c) => `command ${c}`),
    ...covers.topics.filter((t) => !exercised.topics.has(t)).map((t) => `topic ${t}`),
  ]
}
