import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  InstrumentRegistry,
  type AssetJson,
  type AssetPairJson,
} from '../../../../src-main/core/instruments/InstrumentRegistry'
import { OrderRouter } from '../../../../src-main/core/orders/OrderRouter'
import { OrderTracker, type TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import type { OrderType, PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { RateGovernor } from '../../../../src-main/core/risk/RateGovernor'
import { KrakenFixClient } from '../../../../src-main/kraken/fix/KrakenFixClient'
import { VenueExecution } from '../../../../src-main/features/orders/VenueExecution'
import { KrakenRestClient } from '../../../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../../../src-main/kraken/rest/NonceSource'
import { KrakenWsPrivateClient } from '../../../../src-main/kraken/ws/KrakenWsPrivateClient'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'

interface Stack {
  sim: SimExchange
  ep: SimEndpoints
  exec: VenueExecution
  governor: RateGovernor
  tracker: OrderTracker
  ws: KrakenWsPrivateClient | null
  fix: KrakenFixClient | null
  fixLog: string[]
  notices: string[]
  stop: () => Promise<void>
}

/** The app's execution stack against a fresh built-in exchange, wired as TridentCore wires it. */
async function stack(
  opts: { ws?: boolean; fix?: boolean; cod?: boolean; seed?: number } = {},
): Promise<Stack> {
  const sim = new SimExchange({ seed: opts.seed ?? 51, messagesPerSecond: 0 })
  const ep = await sim.start()
  const cred = sim.credentials[0]!
  const rest = new KrakenRestClient({ baseUrl: ep.rest, credentials: cred, nonces: new NonceSource(null) })
  const tracker = new OrderTracker()
  const fixLog: string[] = []
  const notices: string[] = []
  let exec: VenueExecution | null = null
  let fixSymbols: string[] = []
  const fix =
    opts.fix === false
      ? null
      : new KrakenFixClient({
          host: '127.0.0.1',
          port: ep.fix.port,
          senderCompId: `EXEC${Math.floor(Math.random() * 1e9)}`,
          credentials: cred,
          cancelOnDisconnect: opts.cod ?? false,
          dataDir: mkdtempSync(join(tmpdir(), 'trident-exec-')),
          onMessage: (m) => {
            if (m.type === 'y') fixSymbols = m.all(55)
            exec?.handleFixMessage(m)
          },
          log: (l) => fixLog.push(l),
          random: () => 0,
        })
  if (fix) {
    await fix.start()
    await until(() => fix.state === 'online', 'FIX logon')
    fix.requestInstruments('il')
    await until(() => fixSymbols.length > 0, 'FIX instrument list')
  }
  const registry = InstrumentRegistry.fromKraken(
    await rest.public<Record<string, AssetPairJson>>('AssetPairs'),
    await rest.public<Record<string, AssetJson>>('Assets'),
  ).withFixSymbols(fixSymbols)
  const ws =
    opts.ws === false
      ? null
      : new KrakenWsPrivateClient({
          url: ep.wsPrivate,
          getToken: async () => (await rest.private<{ token: string }>('GetWebSocketsToken')).token,
          onExecution: (e, snap) => exec?.handleWsExecution(e, snap),
          onResubscribed: (again) => {
            if (again) void exec?.reconcile()
          },
          random: () => 0,
        })
  const governor = new RateGovernor('intermediate', Date.now)
  exec = new VenueExecution({
    registry,
    rest,
    ws,
    fix,
    tracker,
    router: new OrderRouter(),
    governor,
    onNotice: (t) => notices.push(t),
  })
  if (ws) {
    ws.start()
    await until(() => ws.state === 'online', 'WS private online')
  }
  return {
    sim,
    ep,
    exec,
    governor,
    tracker,
    ws,
    fix,
    fixLog,
    notices,
    stop: async () => {
      ws?.stop()
      await fix?.stop()
      await sim.stop()
    },
  }
}

const settled = (t: OrderTracker, id: string, states: string[]) =>
  until(() => states.includes(t.get(id)!.state) && t.get(id)!, `${id} in ${states.join('/')}`)

describe('VenueExecution: orders through each protocol', () => {
  let s: Stack
  beforeAll(async () => {
    s = await stack()
  })
  afterAll(() => s.stop())

  const requests = (): [OrderType, Omit<PlaceRequest, 'protocol'>][] => [
    [
      'limit',
      { symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '0.01', limitPrice: '60000.0', tif: 'GTC' },
    ],
    [
      'iceberg',
      {
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'iceberg',
        qty: '0.15',
        displayQty: '0.01',
        limitPrice: '60000.0',
        tif: 'GTC',
      },
    ],
    [
      'stop-loss',
      {
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'stop-loss',
        qty: '0.01',
        triggerPrice: '60000.0',
        tif: 'GTC',
      },
    ],
    [
      'stop-loss-limit',
      {
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'stop-loss-limit',
        qty: '0.01',
        triggerPrice: '60000.0',
        limitPrice: '59900.0',
        tif: 'GTC',
      },
    ],
    [
      'take-profit',
      {
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'take-profit',
        qty: '0.01',
        triggerPrice: '70000.0',
        tif: 'GTC',
      },
    ],
    [
      'take-profit-limit',
      {
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'take-profit-limit',
        qty: '0.01',
        triggerPrice: '70000.0',
        limitPrice: '69900.0',
        tif: 'GTC',
      },
    ],
    [
      'trailing-stop',
      {
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'trailing-stop',
        qty: '0.01',
        triggerPrice: '500.0',
        tif: 'GTC',
      },
    ],
    ['market', { symbol: 'BTC/USD', side: 'buy', type: 'market', qty: '0.01', tif: 'IOC' }],
  ]

  for (const protocol of ['ws', 'fix', 'rest'] as const) {
    it(`places every order type over ${protocol}`, async () => {
      for (const [type, req] of requests()) {
        const o = await s.exec.place({ ...req, protocol })
        expect(o.protocol).toBe(protocol)
        const done = await settled(s.tracker, o.clOrdId, type === 'market' ? ['filled'] : ['open'])
        const venue = s.sim.engine.orders.get(done.venueOrderId!)!
        expect([venue.type, venue.clOrdId, venue.source.protocol]).toEqual([type, o.clOrdId, protocol])
        if (type === 'market') expect(done.filledQty).toBe('0.01000000')
      }
    })
  }

  it('amends over WS, FIX and REST; the venue keeps the order id', async () => {
    for (const protocol of ['ws', 'fix', 'rest'] as const) {
      const o = await s.exec.place({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.01',
        limitPrice: '61000.0',
        tif: 'GTC',
        protocol,
      })
      const open = await settled(s.tracker, o.clOrdId, ['open'])
      await s.exec.amend(o.clOrdId, { limitPrice: '61000.5', qty: '0.02' })
      await until(() => s.tracker.get(o.clOrdId)!.limitPrice === '61000.5', `amend over ${protocol}`)
      const venue = s.sim.engine.orders.get(open.venueOrderId!)!
      expect([venue.limitPrice, venue.qty, venue.amended]).toEqual([610005, 2_000_000n, true])
    }
    expect(s.fixLog.some((l) => l.startsWith('tx') && l.includes('|35=G|'))).toBe(true)
  })

  it('routes cancels by scope, refuses what FIX cannot reach, and the kill switch clears every protocol', async () => {
    const viaFix = await s.exec.place({
      symbol: 'ETH/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.1',
      limitPrice: '1000.00',
      tif: 'GTC',
      protocol: 'fix',
    })
    const viaWs = await s.exec.place({
      symbol: 'ETH/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.1',
      limitPrice: '1000.00',
      tif: 'GTC',
      protocol: 'ws',
    })
    await settled(s.tracker, viaFix.clOrdId, ['open'])
    await settled(s.tracker, viaWs.clOrdId, ['open'])
    await expect(s.exec.cancel(viaWs.clOrdId, 'fix')).rejects.toThrow(
      /FIX can cancel only orders placed on this FIX session/,
    )
    await s.exec.cancel(viaFix.clOrdId) // auto: FIX, the order's own session
    await settled(s.tracker, viaFix.clOrdId, ['cancelled'])
    expect(
      s.fixLog.some(
        (l) => l.startsWith('tx') && l.includes('|35=F|') && l.includes(`|41=${viaFix.clOrdId}|`),
      ),
    ).toBe(true)
    const said = await s.exec.cancelEverything()
    expect(said[0]).toMatch(/^WebSocket: \d+ cancelled$/)
    await until(() => s.tracker.working().length === 0, 'everything cancelled')
    expect([...s.sim.engine.openOrders('trader')]).toEqual([])
  })

  it('refuses bad orders locally, in words, without sending them', async () => {
    const before = s.sim.engine.orders.size
    await expect(
      s.exec.place({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.01',
        limitPrice: '60000.05',
        tif: 'GTC',
      }),
    ).rejects.toThrow('Limit price 60000.05 is not valid for BTC/USD: at most 1 decimals')
    await expect(
      s.exec.place({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.00001',
        limitPrice: '60000.0',
        tif: 'GTC',
      }),
    ).rejects.toThrow('Quantity 0.00001 is below the BTC/USD minimum of 0.00005')
    await expect(
      s.exec.place({
        symbol: 'DOGE/USD',
        side: 'buy',
        type: 'limit',
        qty: '1',
        limitPrice: '1.0',
        tif: 'GTC',
      }),
    ).rejects.toThrow('Unknown instrument DOGE/USD')
    expect(s.sim.engine.orders.size).toBe(before)
  })

  // last here: it leaves the pair's counter high for a few seconds
  it("the bracket desk's shrink may use the counter's kept points; the trader's same amend may not", async () => {
    const o = await s.exec.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.02',
      limitPrice: '61000.0',
      tif: 'GTC',
      protocol: 'ws',
    })
    await settled(s.tracker, o.clOrdId, ['open'])
    // Kraken reports the pair's counter at 118 of 125: normal requests stop at 114 (125 - 1 - 10),
    // so the amend (4 points, the order is young) waits ~3 s; the desk's fits under 124 at once
    s.governor.observeTrading('BTC/USD', 118)
    await expect(s.exec.amend(o.clOrdId, { qty: '0.01' })).rejects.toThrow(
      /^amend on BTC\/USD would take Kraken's trading counter to 12[12]\.\d of 125, into the last 10 kept for cancels and protective orders; wait \d\.\d s$/,
    )
    await s.exec.amendProtective(o.clOrdId, { qty: '0.01' })
    await until(() => s.tracker.get(o.clOrdId)!.qty === '0.01000000', 'the shrink acknowledged')
    expect(s.sim.engine.orders.get(s.tracker.get(o.clOrdId)!.venueOrderId!)!.qty).toBe(1_000_000n)
  })
})

/** Fill `orders` at the venue from another account while our links are down. */
async function hitBids(s: Stack, orders: TrackedOrder[]): Promise<void> {
  const hitter = s.sim.addAccount({
    name: `hitter${Math.random()}`,
    balances: { XXBT: '10', ZUSD: '1000000' },
  })
  for (const o of orders) {
    const v = s.sim.engine.orders.get(o.venueOrderId!)!
    s.sim.engine.place({
      account: hitter.account,
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'limit',
      limitPrice: v.limitPrice!,
      qty: v.qty / 2n,
      tif: 'IOC',
      source: { protocol: 'rest' },
    })
  }
}

/** Our tracker agrees with the venue on every order's filled quantity (and something filled). */
function converged(s: Stack, ours: TrackedOrder[]): boolean {
  const venueFilled = ours.map((o) => s.sim.engine.orders.get(o.venueOrderId!)!.filled)
  return (
    venueFilled.some((f) => f > 0n) &&
    ours.every(
      (o, i) => s.tracker.get(o.clOrdId)!.filledQty === `0.${venueFilled[i]!.toString().padStart(8, '0')}`,
    )
  )
}

function assertConsistent(s: Stack, ours: TrackedOrder[]): void {
  for (const o of ours) {
    const t = s.tracker.get(o.clOrdId)!
    const v = s.sim.engine.orders.get(t.venueOrderId!)!
    expect(t.filledQty, o.clOrdId).toBe(`0.${v.filled.toString().padStart(8, '0')}`)
    expect(t.state).toBe(v.status === 'closed' ? 'filled' : v.filled > 0n ? 'partially-filled' : 'open')
    expect(new Set(t.fills.map((f) => f.tradeId)).size).toBe(t.fills.length) // no fill twice
    expect(t.fills.length).toBe(v.trades.length)
  }
  // no order duplicated at the venue
  const clIds = [...s.sim.engine.orders.values()].filter((v) => v.account === 'trader').map((v) => v.clOrdId)
  expect(new Set(clIds).size).toBe(clIds.length)
}

describe('VenueExecution: forced disconnects lose no fill and duplicate no order', () => {
  it('WS cut while our bids fill: resubscribe + reconcile recover every fill once', async () => {
    const s = await stack({ fix: false, seed: 61 })
    try {
      const bid = s.sim.engine.book('BTC/USD').bestBid()!
      const ours: TrackedOrder[] = []
      for (let i = 0; i < 3; i++) {
        const o = await s.exec.place({
          symbol: 'BTC/USD',
          side: 'buy',
          type: 'limit',
          qty: '0.02',
          limitPrice: ((bid + 1) / 10).toFixed(1),
          tif: 'GTC',
        })
        ours.push(await settled(s.tracker, o.clOrdId, ['open']))
      }
      s.ws!.dropConnection()
      await until(() => s.ws!.state === 'reconnecting', 'WS down')
      await hitBids(s, ours)
      await until(() => s.ws!.state === 'online' && converged(s, ours), 'fills after reconnect')
      await new Promise((r) => setTimeout(r, 300)) // let late duplicates (snapshot + REST) arrive
      assertConsistent(s, ours)
      expect(s.ws!.reconnects).toBe(1)
    } finally {
      await s.stop()
    }
  })

  it('FIX cut while our bids fill: the venue replays the stored reports on reconnect', async () => {
    const s = await stack({ ws: false, cod: false, seed: 71 })
    try {
      const bid = s.sim.engine.book('BTC/USD').bestBid()!
      const ours: TrackedOrder[] = []
      for (let i = 0; i < 2; i++) {
        const o = await s.exec.place({
          symbol: 'BTC/USD',
          side: 'buy',
          type: 'limit',
          qty: '0.02',
          limitPrice: ((bid + 1) / 10).toFixed(1),
          tif: 'GTC',
          protocol: 'fix',
        })
        ours.push(await settled(s.tracker, o.clOrdId, ['open']))
      }
      s.sim.faults.dropFixConnections()
      await until(() => s.fix!.state === 'reconnecting', 'FIX down')
      await hitBids(s, ours)
      await until(() => s.fix!.state === 'online' && converged(s, ours), 'fills replayed over FIX')
      assertConsistent(s, ours)
      expect(s.fixLog.some((l) => l.startsWith('rx') && l.includes('|35=8|') && l.includes('|43=Y|'))).toBe(
        true,
      )
    } finally {
      await s.stop()
    }
  })
})

describe('VenueExecution: reconcile after a restart', () => {
  it('adopts open orders it did not place and pages back through fills it missed, counting each once', async () => {
    const s = await stack({ ws: false, fix: false, seed: 81 })
    try {
      // A previous run left an order working.
      const rest = new KrakenRestClient({
        baseUrl: s.ep.rest,
        credentials: s.sim.credentials[0]!,
        nonces: new NonceSource(null),
      })
      const r = await rest.addOrder({
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '60000.0',
        volume: '0.01',
        cl_ord_id: 'earlier-run-1',
      })
      // 55 market orders over REST fill at once; with no WS or FIX up, nothing reports the fills.
      const placed: string[] = []
      for (let i = 0; i < 55; i++) {
        placed.push(
          (
            await s.exec.place({
              symbol: 'BTC/USD',
              side: 'buy',
              type: 'market',
              qty: '0.0001',
              tif: 'IOC',
              protocol: 'rest',
            })
          ).clOrdId,
        )
      }
      expect(placed.every((id) => s.tracker.get(id)!.fills.length === 0)).toBe(true)
      const first = await s.exec.reconcile()
      expect(first.adopted).toBe(1)
      expect(s.tracker.get('earlier-run-1')).toMatchObject({ state: 'open', venueOrderId: r.txid })
      const venueTrades = placed.reduce(
        (n, id) => n + s.sim.engine.orders.get(s.tracker.get(id)!.venueOrderId!)!.trades.length,
        0,
      )
      expect(venueTrades).toBeGreaterThan(50) // more than one TradesHistory page
      expect(first.fills).toBe(venueTrades)
      expect(placed.every((id) => s.tracker.get(id)!.state === 'filled')).toBe(true)
      expect(await s.exec.reconcile()).toEqual({ adopted: 0, fills: 0, notSent: [] }) // nothing twice
    } finally {
      await s.stop()
    }
  })
})
