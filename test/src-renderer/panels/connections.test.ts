import { describe, expect, it } from 'vitest'
import { gauge, heardAge } from '../../../src-renderer/panels/Connections'
import type { ConnectionView } from '../../../src-preload/contract/types'

const link = (over: Partial<ConnectionView>): ConnectionView => ({
  protocol: 'ws',
  channel: 'public',
  state: 'online',
  detail: '',
  latencyMs: 3,
  reconnects: 0,
  since: 0,
  lastHeardAt: 10_000,
  heartbeatMs: 1000,
  ...over,
})

describe('connections panel figures', () => {
  it('heartbeat age in words, stale after three missed heartbeats while online', () => {
    expect(heardAge(link({}), 10_250)).toEqual({ text: '250 ms', stale: false })
    expect(heardAge(link({}), 13_000)).toEqual({ text: '3.0 s', stale: false })
    expect(heardAge(link({}), 13_001)).toEqual({ text: '3.0 s', stale: true })
    // FIX heartbeats every 30 s: 40 s of quiet is still fine
    expect(heardAge(link({ protocol: 'fix', heartbeatMs: 30_000 }), 50_000).stale).toBe(false)
    // a link that is already reconnecting is not "stale", it says so itself
    expect(heardAge(link({ state: 'reconnecting' }), 60_000).stale).toBe(false)
    // REST has no heartbeat
    expect(heardAge(link({ protocol: 'rest', heartbeatMs: null }), 600_000).stale).toBe(false)
    expect(heardAge(link({ lastHeardAt: null }), 1).text).toBe('—')
  })

  it('rate gauges: share of the maximum and how close it is', () => {
    expect(gauge(0, 20)).toEqual({ pct: 0, near: 0, tone: 'ok', upToPct: 100 })
    expect(gauge(11.9, 20)).toEqual({ pct: 60, near: 60, tone: 'warn', upToPct: 100 })
    expect(gauge(17, 20)).toEqual({ pct: 85, near: 85, tone: 'hot', upToPct: 100 })
    expect(gauge(30, 20)).toEqual({ pct: 100, near: 100, tone: 'hot', upToPct: 100 })
    expect(gauge(5, 0)).toEqual({ pct: 0, near: 0, tone: 'ok', upToPct: 0 })
  })

  it("a trading counter's colour is how close it is to where the trader's orders stop, not Kraken's maximum", () => {
    // starter: 60, new orders and amends stop at 49 (the rest kept for cancels and protective orders)
    expect(gauge(29.4, 60, 49)).toEqual({ pct: 49, near: 60, tone: 'warn', upToPct: 82 })
    expect(gauge(41.7, 60, 49)).toEqual({ pct: 70, near: 85, tone: 'hot', upToPct: 82 })
    expect(gauge(41.4, 60, 49)).toEqual({ pct: 69, near: 84, tone: 'warn', upToPct: 82 })
  })
})
