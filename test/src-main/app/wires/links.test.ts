import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type {
  AppInfo,
  ConnectionsView,
  PlaceResult,
  RateLimitsView,
} from '../../../../src-preload/contract/types'
import {
  btcPrice,
  linksOnline,
  missingFrom,
  openWindow,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/**
 * What a window learns about the app and its links: app.info, and the connections and rateLimits
 * topics. Those two publish on a one-second timer (and connections on every link change); each
 * test waits for a later message whose content shows something this test caused.
 */
export const covers: Covers = { commands: ['app.info'], topics: ['connections', 'rateLimits'] }

const SYMBOL = 'BTC/USD'
const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window

beforeAll(async () => {
  core = await startCore(23)
  w = openWindow(core, exercised)
  await linksOnline(w, [
    { protocol: 'rest', channel: 'api' },
    { protocol: 'ws', channel: 'public' },
    { protocol: 'ws', channel: 'private' },
    { protocol: 'fix', channel: 'trading' },
    { protocol: 'ws', channel: 'derivatives public' },
    { protocol: 'ws', channel: 'derivatives private' },
    { protocol: 'fix', channel: 'derivatives trading' },
  ])
}, 30_000)
afterAll(() => core.stop())

const book = () => core.sim!.engine.book(SYMBOL)

describe('app and link wires', () => {
  it('app.info answers who main is and what the venue lists', async () => {
    const info = await w.ok<AppInfo>('app.info', {})
    expect(info).toMatchObject({ name: 'Trident', version: 'test', host: 'loopback', venue: 'simulator' })
    expect(info.symbols).toContain(SYMBOL)
    expect(info.instruments.find((i) => i.symbol === SYMBOL)).toMatchObject({
      tickSize: '0.1',
      ordermin: '0.00005',
      costmin: '0.5',
      pricePrecision: 1,
      qtyPrecision: 8,
    })
  })

  it('connections: a first message with every link online, then one showing the FIX order we sent', async () => {
    const sub = w.sub('connections', {})
    const first = await w.next<ConnectionsView>(sub, 0, () => true, 'the first connections message')
    expect(first.venue).toBe('simulator')
    expect(first.links.map((l) => [l.protocol, l.channel, l.state])).toEqual([
      ['rest', 'api', 'online'],
      ['ws', 'public', 'online'],
      ['ws', 'private', 'online'],
      ['fix', 'trading', 'online'],
      // the built-in exchange's derivatives endpoint: Unified WS public and private, derivatives FIX
      ['ws', 'derivatives public', 'online'],
      ['ws', 'derivatives private', 'online'],
      ['fix', 'derivatives trading', 'online'],
    ])
    const fixOut = (v: ConnectionsView) => v.links.find((l) => l.protocol === 'fix')?.seqOut ?? 0
    const before = fixOut(w.messages<ConnectionsView>(sub).at(-1)!)
    expect(before).toBeGreaterThan(1)
    const seen = w.messages(sub).length

    // an order over FIX takes the next outgoing sequence number
    const placed = await w.ok<PlaceResult>('orders.place', {
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: btcPrice(book().bestBid()! - 200),
      protocol: 'fix',
    })
    expect(placed).toMatchObject({ clOrdId: expect.any(String) })
    const later = await w.next<ConnectionsView>(
      sub,
      seen,
      (v) => fixOut(v) > before,
      'a connections message with the FIX sequence number moved on',
      5_000,
    )
    expect(fixOut(later)).toBeGreaterThan(before)
  })

  /**
   * Link changes publish too (a ping's round trip every 5 s, a state change), so the FIX test above
   * cannot tell the one-second timer is there. Three messages in a row with no link changed (the
   * same ping latency), over which the heartbeat age moved on, can only come from the timer:
   * without it, at most two pings fit in the time this waits. (Not "every message a newer age":
   * the venue's heartbeat and the timer both tick once a second, so two ticks may see one beat.)
   */
  it('connections: the one-second timer pushes the heartbeat ages while no link changes', async () => {
    const sub = w.sub('connections', {})
    await w.next<ConnectionsView>(sub, 0, () => true, 'the first connections message')
    const seen = w.messages(sub).length
    const pub = (v: ConnectionsView) => v.links.find((l) => l.protocol === 'ws' && l.channel === 'public')!
    const priv = (v: ConnectionsView) => v.links.find((l) => l.protocol === 'ws' && l.channel === 'private')!
    await w.next<ConnectionsView>(
      sub,
      seen,
      () => {
        const m = w.messages<ConnectionsView>(sub).slice(seen)
        return m.some(
          (_, i) =>
            i >= 2 &&
            pub(m[i]!).latencyMs === pub(m[i - 1]!).latencyMs &&
            pub(m[i - 1]!).latencyMs === pub(m[i - 2]!).latencyMs &&
            priv(m[i]!).lastHeardAt! > priv(m[i - 2]!).lastHeardAt!,
        )
      },
      'three connections messages with no link changed and the heartbeat ages moving on',
      8_000,
    )
    w.unsub(sub)
  })

  it("rateLimits: a first message, then one carrying the load our orders put on the pair's counter", async () => {
    const sub = w.sub('rateLimits', {})
    const first = await w.next<RateLimitsView>(sub, 0, () => true, 'the first rateLimits message')
    expect(first).toMatchObject({ tier: 'intermediate', rest: { max: 20 } })
    const seen = w.messages(sub).length

    // a place and its cancel at once: Kraken counts 1 for the order and 8 for cancelling it within
    // 5 s, decaying 2.34 a second on this tier, so the counter stays up for seconds
    const placed = await w.ok<PlaceResult>('orders.place', {
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      qty: '0.02',
      limitPrice: btcPrice(book().bestBid()! - 300),
      protocol: 'ws',
    })
    await w.ok('orders.cancel', { clOrdId: (placed as { clOrdId: string }).clOrdId, protocol: 'ws' })
    const loaded = await w.next<RateLimitsView>(
      sub,
      seen,
      (v) => (v.trading.find((t) => t.symbol === SYMBOL)?.level ?? 0) > 2,
      `a rateLimits message with load on ${SYMBOL}`,
      5_000,
    )
    expect(loaded.trading.find((t) => t.symbol === SYMBOL)?.max).toBe(125)
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
