import { describe, expect, it } from 'vitest'
import { PriceAlerts } from '../../../../src-main/features/alerts/PriceAlerts'

function alerts(saved?: unknown) {
  const said: string[] = []
  const events: string[] = []
  const store = new Map<string, unknown>(saved === undefined ? [] : [['alerts', saved]])
  const mids: Record<string, string> = {}
  const a = new PriceAlerts({
    known: (s) => s === 'BTC/USD',
    mid: (s) => mids[s] ?? null,
    notices: { notice: (level, text, kind) => said.push(`${level} ${kind} ${text}`) },
    publish: () => events.push('publish'),
    interestChanged: () => events.push('interest'),
    refuse: (text) => {
      throw new Error(text)
    },
    settings: { get: <T>(k: string) => store.get(k) as T | undefined, set: (k, v) => store.set(k, v) },
    now: () => 42,
  })
  return { a, said, events, store, mids }
}

describe('PriceAlerts', () => {
  it('fires once when the mid reaches it, compared exactly at the finer scale, and lets its book go', () => {
    const { a, said, events } = alerts()
    a.add({ symbol: 'BTC/USD', op: 'above', price: '65000.05' })
    expect(a.waiting()).toEqual(['BTC/USD'])
    events.length = 0
    a.check('BTC/USD', '65000.0') // 65000.00 < 65000.05
    expect(said).toEqual([])
    a.check('BTC/USD', '65000.1')
    a.check('BTC/USD', '65001.0') // already fired: not again
    expect(said).toEqual(['warn alert Alert: BTC/USD mid 65000.1 is at or above 65000.05'])
    expect(a.view().alerts[0]).toMatchObject({ triggeredAt: 42, triggerMid: '65000.1' })
    expect(a.waiting()).toEqual([])
    expect(events).toEqual(['publish', 'interest'])
  })

  it('an alert the mid already meets fires as it is added', () => {
    const { a, said, mids } = alerts()
    mids['BTC/USD'] = '64000.0'
    a.add({ symbol: 'BTC/USD', op: 'below', price: '64500' })
    expect(said).toEqual(['warn alert Alert: BTC/USD mid 64000.0 is at or below 64500'])
  })

  it('refuses an unknown instrument in words, and keeps only readable alerts from the last launch', () => {
    const { a } = alerts([
      { id: 7, symbol: 'BTC/USD', op: 'above', price: '70000', triggeredAt: null },
      { id: 8, symbol: 'BTC/USD', op: 'sideways', price: '1' },
      { id: 9, symbol: 'BTC/USD', op: 'below', price: '1e3' },
    ])
    expect(() => a.add({ symbol: 'NOPE/USD', op: 'above', price: '1' })).toThrow(
      'Unknown instrument NOPE/USD: no alert set',
    )
    expect(a.view().alerts).toEqual([
      { id: 1, symbol: 'BTC/USD', op: 'above', price: '70000', triggeredAt: null },
    ])
  })
})

describe('PriceAlerts: what fired, after', () => {
  it('a fired alert re-armed waits again and fires on the next time the mid reaches it', () => {
    const { a, said, mids, events } = alerts()
    a.add({ symbol: 'BTC/USD', op: 'above', price: '65000' })
    a.check('BTC/USD', '65000.5')
    mids['BTC/USD'] = '64990.0' // the market came back under it
    events.length = 0
    const id = a.view().alerts[0]!.id
    expect(a.rearm(id).alerts).toEqual([
      { id, symbol: 'BTC/USD', op: 'above', price: '65000', triggeredAt: null },
    ])
    expect(a.waiting()).toEqual(['BTC/USD'])
    expect(events).toEqual(['publish', 'interest'])
    a.check('BTC/USD', '65000.0')
    expect(said).toEqual([
      'warn alert Alert: BTC/USD mid 65000.5 is at or above 65000',
      'warn alert Alert: BTC/USD mid 65000.0 is at or above 65000',
    ])
    // one still waiting cannot be re-armed; one removed is said so
    a.add({ symbol: 'BTC/USD', op: 'below', price: '60000' })
    expect(() => a.rearm(a.view().alerts[1]!.id)).toThrow('Alert BTC/USD 60000 is already waiting')
    expect(() => a.rearm(99)).toThrow('No alert 99: it was removed')
  })

  it('a re-arm names the firing it re-arms: a second one for the same firing does nothing', () => {
    let t = 1000
    const said: string[] = []
    const a = new PriceAlerts({
      known: () => true,
      mid: () => '65000.5', // still above: a re-armed alert fires again at once
      notices: { notice: (_level, text) => said.push(text) },
      publish: () => undefined,
      interestChanged: () => undefined,
      refuse: (text) => {
        throw new Error(text)
      },
      now: () => ++t,
    })
    a.add({ symbol: 'BTC/USD', op: 'above', price: '65000' })
    expect(a.view().alerts[0]!.triggeredAt).toBe(1001)
    // the first click re-arms the firing at 1001; it fires again at 1002
    expect(a.rearm(1, 1001).alerts[0]!.triggeredAt).toBe(1002)
    // the second click (or a held Enter, or another window) still names 1001: nothing happens
    expect(a.rearm(1, 1001).alerts[0]!.triggeredAt).toBe(1002)
    expect(said).toEqual([
      'Alert: BTC/USD mid 65000.5 is at or above 65000',
      'Alert: BTC/USD mid 65000.5 is at or above 65000',
    ])
    // the firing now shown is 1002: re-arming that one is a new re-arm
    expect(a.rearm(1, 1002).alerts[0]!.triggeredAt).toBe(1003)
    expect(said).toHaveLength(3)
  })

  it('the same alert cannot wait twice (a double click on Add sent it twice)', () => {
    const { a } = alerts()
    a.add({ symbol: 'BTC/USD', op: 'above', price: '65000' })
    expect(() => a.add({ symbol: 'BTC/USD', op: 'above', price: '65000' })).toThrow(
      'An alert BTC/USD ≥ 65000 is already waiting',
    )
    // the same price written otherwise is the same alert
    expect(() => a.add({ symbol: 'BTC/USD', op: 'above', price: '65000.00' })).toThrow(
      'An alert BTC/USD ≥ 65000 is already waiting',
    )
    // the other side, another price, or once the first has fired: a new alert
    a.add({ symbol: 'BTC/USD', op: 'below', price: '65000' })
    a.add({ symbol: 'BTC/USD', op: 'above', price: '65000.1' })
    a.check('BTC/USD', '65000.05')
    a.add({ symbol: 'BTC/USD', op: 'above', price: '65000' })
    expect(
      a.view().alerts.map((x) => `${x.op} ${x.price} ${x.triggeredAt === null ? 'waiting' : 'fired'}`),
    ).toEqual(['above 65000 fired', 'below 65000 waiting', 'above 65000.1 waiting', 'above 65000 waiting'])
  })

  it('clearing removes only the fired ones, saved', () => {
    const { a, store } = alerts()
    a.add({ symbol: 'BTC/USD', op: 'above', price: '65000' })
    a.add({ symbol: 'BTC/USD', op: 'below', price: '60000' })
    a.check('BTC/USD', '65000.0')
    expect(a.clearFired().alerts).toEqual([
      { id: 2, symbol: 'BTC/USD', op: 'below', price: '60000', triggeredAt: null },
    ])
    expect(store.get('alerts')).toEqual(a.view().alerts)
  })

  it('keeps the 100 that fired last (saved on every change, it must not grow for good), also from a saved list', () => {
    let t = 0
    const store = new Map<string, unknown>()
    const settings = {
      get: <T>(k: string) => store.get(k) as T | undefined,
      set: (k: string, v: unknown) => store.set(k, v),
    }
    const make = () =>
      new PriceAlerts({
        known: () => true,
        mid: () => null,
        notices: { notice: () => undefined },
        publish: () => undefined,
        interestChanged: () => undefined,
        refuse: (text) => {
          throw new Error(text)
        },
        settings,
        now: () => ++t,
      })
    const a = make()
    const fire = (i: number) => {
      a.add({ symbol: 'BTC/USD', op: 'above', price: String(1000 + i) })
      a.check('BTC/USD', String(1000 + i))
    }
    for (let i = 0; i < 100; i++) fire(i)
    // the first alert, re-armed and fired again, is now among the newest
    a.rearm(1)
    a.check('BTC/USD', '1000')
    for (let i = 100; i < 103; i++) fire(i)
    a.add({ symbol: 'BTC/USD', op: 'above', price: '99999' })
    const ids = a.view().alerts.map((x) => x.id)
    expect(ids.length).toBe(101)
    // ids 2-4 fired longest ago and went; 1 stays; the waiting one stays
    expect(ids.slice(0, 3)).toEqual([1, 5, 6])
    expect(a.view().alerts.at(-1)).toEqual({
      id: 104,
      symbol: 'BTC/USD',
      op: 'above',
      price: '99999',
      triggeredAt: null,
    })
    // a list saved with more fired than it keeps (before the bound) is cut when read
    store.set('alerts', [
      ...a.view().alerts,
      ...[1, 2, 3].map((n) => ({
        id: 200 + n,
        symbol: 'BTC/USD',
        op: 'below',
        price: '1',
        triggeredAt: 5000 + n,
      })),
    ])
    const again = make().view().alerts
    expect(again.length).toBe(101)
    expect(again.filter((x) => x.triggeredAt !== null).length).toBe(100)
    expect(again.at(-1)).toMatchObject({ op: 'below', triggeredAt: 5003 })
  })
})
