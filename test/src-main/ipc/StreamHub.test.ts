import { describe, expect, it } from 'vitest'
import { RefusedError, StreamHub, type Scheduler } from '../../../src-main/ipc/StreamHub'
import type { BookView } from '../../../src-preload/contract/types'
import type { ServerFrame } from '../../../src-preload/contract/wire'

/** A manual scheduler: flushes happen only when the test says so. */
function manualScheduler(): Scheduler & {
  run: () => void
  runLast: () => void
  pending: () => number
  delays: number[]
} {
  let queue: (() => void)[] = []
  const delays: number[] = []
  const cleared = new Set<() => void>()
  return {
    delays,
    setTimeout: (fn, ms) => {
      queue.push(fn)
      delays.push(ms)
      return fn
    },
    clearTimeout: (h) => {
      cleared.add(h as () => void)
      queue = queue.filter((f) => f !== h)
    },
    run: () => {
      const q = queue
      queue = []
      q.forEach((f) => f())
    },
    /** only the most recently scheduled timer */
    runLast: () => queue.pop()?.(),
    pending: () => queue.length,
  }
}

function book(symbol: string, n: number): BookView {
  return {
    symbol,
    bids: [[`${100 - n}.0`, '1.00000000']],
    asks: [[`${101 + n}.0`, '1.00000000']],
    tickSize: '0.1',
    pricePrecision: 1,
    qtyPrecision: 8,
    status: 'live',
    updates: n,
    checksumFailures: 0,
    updatedAt: n,
  }
}

function setup() {
  const sched = manualScheduler()
  const books = new Map<string, BookView>()
  const refs = new Map<string, number>()
  /** a non-urgent topic's state (stands for the tape, orders…) */
  const other: { view?: unknown } = {}
  const hub = new StreamHub(
    {
      'app.info': () => ({
        name: 'Trident',
        version: 't',
        host: 'loopback',
        venue: 'simulator',
        symbols: ['BTC/USD'],
        instruments: [],
      }),
      ...otherCommands,
    },
    {
      book: {
        acquire: ({ symbol }) => {
          if (symbol === 'NOPE/USD') throw new RefusedError('Unknown instrument NOPE/USD')
          refs.set(symbol, (refs.get(symbol) ?? 0) + 1)
          return { key: symbol, release: () => refs.set(symbol, refs.get(symbol)! - 1) }
        },
        latest: (k) => books.get(k),
      },
      connections: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => other.view as never },
      rateLimits: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
      ...otherTopics,
    },
    { scheduler: sched },
  )
  const window = (congested = false) => {
    const frames: ServerFrame[] = []
    const t = { congested, frames }
    const session = hub.openSession({ send: (f) => frames.push(f), isCongested: () => t.congested })
    return Object.assign(t, { session })
  }
  return { hub, sched, books, refs, window, other }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

/** Commands these tests do not exercise. */
const unused = () => {
  throw new Error('not used in this test')
}
const otherCommands = {
  'orders.place': unused,
  'orders.amend': unused,
  'orders.cancel': unused,
  'orders.cancelAll': unused,
  'risk.killSwitch': unused,
  'risk.deadman': unused,
  'risk.setLimits': unused,
  'alerts.add': unused,
  'alerts.remove': unused,
  'notices.dismiss': unused,
  'keymap.set': unused,
  'keymap.reset': unused,
  'profiles.save': unused,
  'profiles.delete': unused,
  'profiles.activate': unused,
  'profiles.check': unused,
  'workspace.report': unused,
  'workspace.popOut': unused,
  'workspace.closeWindow': unused,
  'workspace.link': unused,
  'workspace.save': unused,
  'workspace.load': unused,
  'workspace.delete': unused,
}
const otherTopics = {
  orders: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  positions: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  risk: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  notices: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  trades: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  candles: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  alerts: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  'book.l3': { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  keymap: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  profiles: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
  workspace: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
}

describe('StreamHub', () => {
  it('answers a valid command and validates payloads strictly', async () => {
    const { window } = setup()
    const w = window()
    w.session.receive({ k: 'cmd', id: 1, name: 'app.info', payload: {} })
    w.session.receive({ k: 'cmd', id: 2, name: 'app.info', payload: { extra: 1 } })
    w.session.receive({ k: 'cmd', id: 3, name: 'orders.drop', payload: {} })
    await tick()
    expect([...w.frames].sort((a, b) => a.id - b.id)).toEqual([
      { k: 'res', id: 1, ok: true, result: expect.objectContaining({ name: 'Trident' }) },
      { k: 'res', id: 2, ok: false, error: expect.objectContaining({ code: 'EBADREQ' }) },
      { k: 'res', id: 3, ok: false, error: { code: 'EUNKNOWN', message: 'Unknown command "orders.drop"' } },
    ])
  })

  it('rejects malformed frames with a clear error and keeps working', async () => {
    const { window } = setup()
    const w = window()
    for (const bad of [
      null,
      42,
      'x',
      [],
      { k: 'cmd' },
      { k: 'nope', id: 1 },
      { k: 'cmd', id: -1, name: 'app.info', payload: {} },
    ]) {
      w.session.receive(bad)
    }
    w.session.receive({ k: 'cmd', id: 9, name: 'app.info', payload: {} })
    await tick()
    const errors = w.frames.filter((f) => f.k === 'res' && !f.ok)
    expect(errors).toHaveLength(7)
    for (const e of errors) expect(e).toMatchObject({ ok: false, error: { code: 'EBADREQ' } })
    expect(w.frames.at(-1)).toMatchObject({ k: 'res', id: 9, ok: true })
  })

  it('refuses bad subscriptions with an end frame: unknown topic, bad params, unknown instrument', () => {
    const { window } = setup()
    const w = window()
    w.session.receive({ k: 'sub', id: 1, topic: 'secrets', params: {} })
    w.session.receive({ k: 'sub', id: 2, topic: 'book', params: { symbol: 'btcusd' } })
    w.session.receive({ k: 'sub', id: 3, topic: 'book', params: { symbol: 'NOPE/USD' } })
    expect(w.frames.map((f) => f.k === 'end' && f.error.code)).toEqual(['EUNKNOWN', 'EBADREQ', 'EREFUSED'])
    expect(w.session.subscriptionCount).toBe(0)
  })

  it('coalesces a burst into one message per frame carrying the latest state', () => {
    const { hub, sched, books, window } = setup()
    const w = window()
    w.session.receive({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } })
    for (let n = 1; n <= 1000; n++) {
      books.set('BTC/USD', book('BTC/USD', n))
      hub.publish('book', 'BTC/USD')
    }
    sched.run()
    expect(w.frames).toHaveLength(1)
    expect(w.frames[0]).toMatchObject({ k: 'topic', id: 1, data: { updates: 1000 } })
  })

  it('pushes an urgent change (a book) at once, the rest at the frame interval', () => {
    const { hub, sched, books, window } = setup()
    const w = window()
    w.session.receive({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } })
    sched.run()
    sched.delays.length = 0
    books.set('BTC/USD', book('BTC/USD', 1))
    hub.publish('book', 'BTC/USD')
    expect(sched.delays).toEqual([16])
    hub.publish('book', 'BTC/USD', true) // an urgent push of its own, beside the frame flush
    expect(sched.delays.at(-1)).toBeLessThanOrEqual(4)
    expect(sched.pending()).toBe(2)
    sched.run()
    // one message: the urgent push sent it, the frame flush found nothing left to send
    expect(w.frames.filter((f) => f.k === 'topic')).toHaveLength(1)
  })

  it('an urgent push carries only urgent subscriptions; the others keep the frame pace, never starved', () => {
    const { hub, sched, books, window, other } = setup()
    const w = window()
    w.session.receive({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } })
    w.session.receive({ k: 'sub', id: 2, topic: 'connections', params: {} })
    sched.run()
    const sent = (id: number) => w.frames.filter((f) => f.k === 'topic' && f.id === id).length
    other.view = { links: [] }
    hub.publish('connections', 'all')
    books.set('BTC/USD', book('BTC/USD', 1))
    hub.publish('book', 'BTC/USD', true)
    // run only the urgent push (the last timer scheduled): the book goes, the other topic stays
    sched.runLast()
    expect([sent(1), sent(2)]).toEqual([1, 0])
    // books keep coming urgently; the frame flush still sends the other topic
    for (let n = 2; n < 6; n++) {
      books.set('BTC/USD', book('BTC/USD', n))
      hub.publish('book', 'BTC/USD', true)
      sched.runLast()
    }
    expect([sent(1), sent(2)]).toEqual([5, 0])
    sched.run()
    expect([sent(1), sent(2)]).toEqual([5, 1])
  })

  it('a congested window holds nothing but a dirty flag and never delays another window', () => {
    const { hub, sched, books, window } = setup()
    const slow = window(true)
    const fast = window(false)
    slow.session.receive({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } })
    fast.session.receive({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } })
    for (let n = 1; n <= 50; n++) {
      books.set('BTC/USD', book('BTC/USD', n))
      hub.publish('book', 'BTC/USD')
      sched.run()
    }
    expect(fast.frames).toHaveLength(50)
    expect(slow.frames).toHaveLength(0)
    // When the slow window drains it gets exactly one message: the latest book.
    slow.congested = false
    sched.run()
    expect(slow.frames).toHaveLength(1)
    expect(slow.frames[0]).toMatchObject({ data: { updates: 50 } })
  })

  it('reference counts: one window unsubscribing does not stop the book another still shows', () => {
    const { hub, sched, books, refs, window } = setup()
    const a = window()
    const b = window()
    a.session.receive({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } })
    b.session.receive({ k: 'sub', id: 7, topic: 'book', params: { symbol: 'BTC/USD' } })
    expect(refs.get('BTC/USD')).toBe(2)
    a.session.receive({ k: 'unsub', id: 1 })
    expect(refs.get('BTC/USD')).toBe(1)
    books.set('BTC/USD', book('BTC/USD', 3))
    hub.publish('book', 'BTC/USD')
    sched.run()
    expect(b.frames.at(-1)).toMatchObject({ k: 'topic', id: 7, data: { updates: 3 } })
    expect(a.frames.filter((f) => f.k === 'topic')).toHaveLength(0)
    b.session.close()
    expect(refs.get('BTC/USD')).toBe(0)
    expect(hub.sessionCount).toBe(1)
  })

  it('a topic that throws while building is logged and skipped; the hub keeps serving', () => {
    const logs: string[] = []
    const sched = manualScheduler()
    let fail = true
    const hub = new StreamHub(
      { 'app.info': unused, ...otherCommands },
      {
        book: {
          acquire: () => ({ key: 'x', release: () => {} }),
          latest: () =>
            fail
              ? (() => {
                  throw new Error('bad view')
                })()
              : book('BTC/USD', 1),
        },
        connections: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
        rateLimits: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
        ...otherTopics,
      },
      { scheduler: sched, log: (m) => logs.push(m) },
    )
    const frames: ServerFrame[] = []
    hub
      .openSession({ send: (f) => frames.push(f), isCongested: () => false })
      .receive({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } })
    expect(() => sched.run()).not.toThrow()
    expect(logs.join()).toContain('topic book failed to build')
    fail = false
    hub.publish('book', 'x')
    sched.run()
    expect(frames).toHaveLength(1)
  })

  it('hides internal errors from the renderer', async () => {
    const logs: string[] = []
    const hub = new StreamHub(
      {
        'app.info': () => {
          throw new Error('secret-ish internal detail')
        },
        ...otherCommands,
      },
      {
        book: { acquire: () => ({ key: 'x', release: () => {} }), latest: () => undefined },
        connections: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
        rateLimits: { acquire: () => ({ key: 'all', release: () => {} }), latest: () => undefined },
        ...otherTopics,
      },
      { log: (m) => logs.push(m) },
    )
    const frames: ServerFrame[] = []
    hub
      .openSession({ send: (f) => frames.push(f), isCongested: () => false })
      .receive({ k: 'cmd', id: 1, name: 'app.info', payload: {} })
    await tick()
    expect(JSON.stringify(frames)).not.toContain('secret-ish')
    expect(frames[0]).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } })
    expect(logs.join()).toContain('secret-ish internal detail')
  })
})
