import { afterEach, describe, expect, it } from 'vitest'
import {
  KrakenWsPublicClient,
  type BookState,
  type LinkInfo,
} from '../../../../src-main/kraken/ws/KrakenWsPublicClient'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'

/** Integration: the client adapter against the built-in exchange over a real socket on 127.0.0.1. */

let sim: SimExchange | null = null
let client: KrakenWsPublicClient | null = null

afterEach(async () => {
  client?.stop()
  client = null
  await sim?.stop()
  sim = null
})

async function setup(opts: { rate?: number; depth?: 10 | 25 | 100 } = {}) {
  sim = new SimExchange({ seed: 42, messagesPerSecond: opts.rate ?? 0.001 })
  const { wsPublic } = await sim.start()
  const events = { books: 0, links: [] as LinkInfo[], errors: [] as string[], last: null as BookState | null }
  client = new KrakenWsPublicClient({
    url: wsPublic,
    depth: opts.depth ?? 25,
    onBook: (_s, st) => {
      events.books++
      events.last = st
    },
    onLink: (l) => events.links.push(l),
    onProtocolError: (e) => events.errors.push(e.message),
    random: () => 0, // shortest reconnect delays
    pingIntervalMs: 200,
  })
  client.start()
  return { sim, client, events }
}

describe('KrakenWsPublicClient against the built-in exchange', () => {
  it('learns precisions from the instrument channel and keeps the book checksum-exact through a session', async () => {
    const { sim, client, events } = await setup({ depth: 10 })
    client.watchBook('BTC/USD')
    await until(() => client.bookState('BTC/USD')?.status === 'live', 'live book')
    expect(client.instrument('BTC/USD')).toMatchObject({
      pricePrecision: 1,
      qtyPrecision: 8,
      tickSize: '0.1',
    })
    // Drive 2,000 market events; every update carries a checksum the client must reproduce.
    for (let i = 0; i < 2000; i++) sim.step('BTC/USD')
    await until(
      () => (client.bookState('BTC/USD')?.engine?.updatesSinceSnapshot ?? 0) > 500,
      'updates applied',
    )
    // The client's top of book becomes exactly the exchange's once it has read every frame (the
    // exchange no longer moves: the steps above were all of it); waited for, not slept on
    const simBook = sim.engine.book('BTC/USD')
    const top = () => {
      const v = client.bookState('BTC/USD')!.engine!.view(1)
      return [v.bids[0]![0].replace('.', ''), v.asks[0]![0].replace('.', '')]
    }
    const want = [String(simBook.topL2('bid', 1)[0]![0]), String(simBook.topL2('ask', 1)[0]![0])]
    await until(() => top().join() === want.join(), `the client's top at the exchange's ${want.join(' / ')}`)
    const st = client.bookState('BTC/USD')!
    expect(st.status).toBe('live')
    expect(st.checksumFailures).toBe(0)
    expect(events.errors).toEqual([])
    expect(top()).toEqual(want)
    expect(st.engine!.bids.isWellFormed() && st.engine!.asks.isWellFormed()).toBe(true)
  })

  it('resubscribes for a fresh snapshot after a corrupted checksum, and recovers', async () => {
    const { sim, client, events } = await setup()
    client.watchBook('BTC/USD')
    await until(() => client.bookState('BTC/USD')?.status === 'live', 'live book')
    sim.faults.corruptNextChecksums(1)
    // step until an update goes out (some events change nothing inside depth 25)
    await until(() => {
      sim.step('BTC/USD')
      return client.bookState('BTC/USD')!.checksumFailures > 0
    }, 'checksum failure')
    expect(events.errors.some((e) => /checksum mismatch/.test(e))).toBe(true)
    await until(() => client.bookState('BTC/USD')?.status === 'live', 'resynced book')
    const st = client.bookState('BTC/USD')!
    expect(st.checksumFailures).toBe(1)
    expect(st.engine!.updatesSinceSnapshot).toBeLessThan(5)
  })

  it('reconnects after the exchange drops the connection and rebuilds the book from a new snapshot (no ghost levels)', async () => {
    const { sim, client, events } = await setup()
    client.watchBook('BTC/USD')
    await until(() => client.bookState('BTC/USD')?.status === 'live', 'live book')
    const engineBefore = client.bookState('BTC/USD')!.engine
    sim.faults.dropConnections()
    await until(() => events.links.some((l) => l.state === 'reconnecting'), 'reconnecting state')
    // While disconnected the market moves; the old book must not survive.
    for (let i = 0; i < 300; i++) sim.step('BTC/USD')
    await until(
      () => client.linkInfo.state === 'online' && client.bookState('BTC/USD')?.status === 'live',
      'back online',
    )
    const st = client.bookState('BTC/USD')!
    expect(st.engine).not.toBe(engineBefore)
    expect(client.linkInfo.reconnects).toBe(1)
    // Exactly the exchange's current top 25, nothing left over from before the cut.
    const simBids = sim.engine
      .book('BTC/USD')
      .topL2('bid', 25)
      .map(([p]) => String(p))
    const clientBids = st.engine!.view(25).bids.map(([p]) => p.replace('.', ''))
    expect(clientBids).toEqual(simBids)
  })

  it('measures round-trip latency with ping/pong', async () => {
    const { client } = await setup()
    await until(() => client.linkInfo.latencyMs !== null, 'latency')
    expect(client.linkInfo.latencyMs).toBeGreaterThanOrEqual(0)
    // a round trip on loopback, in milliseconds (not a speed goal: a loaded machine may pause)
    expect(client.linkInfo.latencyMs).toBeLessThan(10_000)
  })

  it('reports an unknown symbol as a refused subscription instead of waiting forever', async () => {
    const { client, events } = await setup()
    await until(() => client.symbols.length > 0, 'instruments')
    client.watchBook('DOGE/XYZ')
    await until(() => events.errors.find((e) => /Currency pair not supported DOGE\/XYZ/.test(e)), 'refusal')
  })
})

describe('KrakenWsPublicClient data channels', () => {
  it('follows trade, ticker and ohlc with exact decimals, and resubscribes them after a reconnect', async () => {
    const { sim, client } = await setup()
    const got = { trade: 0, ticker: 0, ohlc: 0 }
    let lastTrade: Record<string, unknown> | null = null
    client.watch('trade', 'ETH/USD', (entries) => {
      got.trade += entries.length
      lastTrade = entries.at(-1)!
    })
    client.watch('ticker', 'ETH/USD', () => got.ticker++)
    const stopOhlc = client.watch('ohlc', 'ETH/USD', () => got.ohlc++, { interval: 5 })
    await until(() => got.ticker > 0, 'ticker snapshot')
    for (let i = 0; i < 2000; i++) sim.step('ETH/USD')
    await until(() => got.trade > 0 && got.ohlc > 1, 'trades and candles')
    expect(String(lastTrade!.price)).toMatch(/^\d+\.\d{2}$/)
    expect(String(lastTrade!.qty)).toMatch(/^\d+\.\d{8}$/)
    stopOhlc()
    sim.faults.dropConnections()
    await until(() => client.linkInfo.state === 'reconnecting', 'down')
    await until(() => client.linkInfo.state === 'online', 'up again')
    const before = got.trade
    for (let i = 0; i < 2000; i++) sim.step('ETH/USD')
    await until(() => got.trade > before, 'trades after reconnect')
  })
})
