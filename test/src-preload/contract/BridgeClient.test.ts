import { describe, expect, it } from 'vitest'
import { BridgeClient } from '../../../src-preload/contract/BridgeClient'
import type { ClientFrame } from '../../../src-preload/contract/wire'

describe('BridgeClient', () => {
  it('queues frames until a transport connects, then resolves calls by id', async () => {
    const c = new BridgeClient('loopback')
    const sent: ClientFrame[] = []
    const p = c.invoke('app.info', {})
    c.connect((f) => sent.push(f))
    expect(sent).toEqual([{ k: 'cmd', id: 1, name: 'app.info', payload: {} }])
    c.receive({ k: 'res', id: 1, ok: true, result: { name: 'Trident' } })
    await expect(p).resolves.toEqual({ name: 'Trident' })
  })
  it('rejects with the error main sent', async () => {
    const c = new BridgeClient('loopback')
    c.connect(() => {})
    const p = c.invoke('app.info', {})
    c.receive({ k: 'res', id: 1, ok: false, error: { code: 'EBADREQ', message: 'no' } })
    await expect(p).rejects.toMatchObject({ code: 'EBADREQ', message: 'no' })
  })
  it('routes topic messages, stops after unsubscribe, and re-sends live subscriptions on reconnect', () => {
    const c = new BridgeClient('loopback')
    let sent: ClientFrame[] = []
    c.connect((f) => sent.push(f))
    const got: unknown[] = []
    const stopA = c.subscribe('book', { symbol: 'BTC/USD' }, (m) => got.push(m))
    c.subscribe('connections', {}, () => {})
    c.receive({ k: 'topic', id: 1, data: 'a' })
    stopA()
    c.receive({ k: 'topic', id: 1, data: 'late' })
    expect(got).toEqual(['a'])
    expect(sent.at(-1)).toEqual({ k: 'unsub', id: 1 })
    c.disconnect('gone')
    sent = []
    c.connect((f) => sent.push(f))
    expect(sent).toEqual([{ k: 'sub', id: 2, topic: 'connections', params: {} }])
  })
  it('fails calls in flight when the transport drops', async () => {
    const c = new BridgeClient('loopback')
    c.connect(() => {})
    const p = c.invoke('app.info', {})
    c.disconnect('Connection to Trident core lost')
    await expect(p).rejects.toMatchObject({ code: 'EDISCONNECTED' })
  })
  it('tells the subscriber when main ends a subscription', () => {
    const c = new BridgeClient('loopback')
    c.connect(() => {})
    let ended: unknown = null
    c.subscribe(
      'book',
      { symbol: 'NOPE/USD' },
      () => {},
      (e) => (ended = e),
    )
    c.receive({ k: 'end', id: 1, error: { code: 'EREFUSED', message: 'Unknown instrument NOPE/USD' } })
    expect(ended).toEqual({ code: 'EREFUSED', message: 'Unknown instrument NOPE/USD' })
  })
  it('panels asking for the same topic share one subscription in main; the last to leave ends it', async () => {
    const c = new BridgeClient('loopback')
    const sent: ClientFrame[] = []
    c.connect((f) => sent.push(f))
    const tape: unknown[] = []
    const ladder: unknown[] = []
    const stopTape = c.subscribe('trades', { symbol: 'BTC/USD' }, (m) => tape.push(m))
    c.receive({ k: 'topic', id: 1, data: 't1' })
    const stopLadder = c.subscribe('trades', { symbol: 'BTC/USD' }, (m) => ladder.push(m))
    const other = c.subscribe('trades', { symbol: 'ETH/USD' }, () => {})
    expect(sent).toEqual([
      { k: 'sub', id: 1, topic: 'trades', params: { symbol: 'BTC/USD' } },
      { k: 'sub', id: 2, topic: 'trades', params: { symbol: 'ETH/USD' } },
    ])
    await Promise.resolve() // the late joiner gets the latest state at once
    expect(ladder).toEqual(['t1'])
    c.receive({ k: 'topic', id: 1, data: 't2' })
    expect([tape, ladder]).toEqual([
      ['t1', 't2'],
      ['t1', 't2'],
    ])
    stopTape()
    stopTape() // twice is harmless
    expect(sent.filter((f) => f.k === 'unsub')).toEqual([])
    c.receive({ k: 'topic', id: 1, data: 't3' })
    expect(tape).toEqual(['t1', 't2'])
    expect(ladder.at(-1)).toBe('t3')
    stopLadder()
    expect(sent.at(-1)).toEqual({ k: 'unsub', id: 1 })
    // a new panel after everyone left starts a fresh subscription
    c.subscribe('trades', { symbol: 'BTC/USD' }, () => {})
    expect(sent.at(-1)).toEqual({ k: 'sub', id: 3, topic: 'trades', params: { symbol: 'BTC/USD' } })
    other()
  })
  it('params in another key order are the same subscription; an end reaches every sharer', () => {
    const c = new BridgeClient('loopback')
    const sent: ClientFrame[] = []
    c.connect((f) => sent.push(f))
    const ends: string[] = []
    c.subscribe(
      'candles',
      { symbol: 'BTC/USD', interval: 5 },
      () => {},
      (e) => ends.push(`a ${e.code}`),
    )
    c.subscribe(
      'candles',
      { interval: 5, symbol: 'BTC/USD' },
      () => {},
      (e) => ends.push(`b ${e.code}`),
    )
    expect(sent.filter((f) => f.k === 'sub')).toHaveLength(1)
    c.receive({ k: 'end', id: 1, error: { code: 'EREFUSED', message: 'x' } })
    expect(ends).toEqual(['a EREFUSED', 'b EREFUSED'])
  })
})
