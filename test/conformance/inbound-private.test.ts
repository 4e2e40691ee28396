import { afterEach, describe, expect, it } from 'vitest'
import {
  InstrumentRegistry,
  type AssetJson,
  type AssetPairJson,
} from '../../src-main/core/instruments/InstrumentRegistry'
import type { OrderRouter } from '../../src-main/core/orders/OrderRouter'
import { OrderTracker } from '../../src-main/core/orders/OrderTracker'
import type { RateGovernor } from '../../src-main/core/risk/RateGovernor'
import { VenueExecution } from '../../src-main/features/orders/VenueExecution'
import { KrakenRestClient } from '../../src-main/kraken/rest/KrakenRestClient'
import { parseLossless } from '../../src-main/kraken/ws/losslessJson'
import { KrakenWsPrivateClient, WsRequestError } from '../../src-main/kraken/ws/KrakenWsPrivateClient'
import { until } from '../helpers/until'
import { corpusMessage, loadCorpus } from './corpus'
import { FakeKrakenWs } from './fakeKrakenWs'
import { numberTokens } from './numberTokens'

/**
 * WS v2 private frames from the corpus: executions and balances through KrakenWsPrivateClient
 * over a loopback socket (every decimal as sent), a refusal through its request correlation, and
 * executions through VenueExecution into the order tracker (state, fills, filled quantity).
 * Expected values are copied from the frames.
 */

type Json = Record<string, unknown>

let fake: FakeKrakenWs | null = null
let client: KrakenWsPrivateClient | null = null
afterEach(async () => {
  client?.stop()
  client = null
  await fake?.stop()
  fake = null
})

async function connect() {
  fake = await FakeKrakenWs.start()
  const executions: { entry: Json; snapshot: boolean }[] = []
  const balances: { entries: Json[]; snapshot: boolean }[] = []
  client = new KrakenWsPrivateClient({
    url: fake.url,
    getToken: () => Promise.resolve('conformance-token'),
    onExecution: (entry, snapshot) => executions.push({ entry, snapshot }),
    onBalance: (entries, snapshot) => balances.push({ entries, snapshot }),
    requestTimeoutMs: 60_000,
  })
  client.start()
  // the client subscribes to executions first; nothing is answered, the frames below flow anyway
  await fake.request((m) => m.method === 'subscribe', 'executions subscribe')
  return { fake, client, executions, balances }
}

describe('executions and balances through KrakenWsPrivateClient', () => {
  it("Kraken's documented pending_new, new and trade: every field as sent", async () => {
    const { fake, executions } = await connect()
    for (const id of [
      'ws.executions.pending_new.docs-1',
      'ws.executions.new.docs-1',
      'ws.executions.trade.docs-1',
    ])
      fake.send(corpusMessage(id).text)
    await until(() => executions.length === 3, 'three execution entries')
    expect(executions.map((x) => x.snapshot)).toEqual([false, false, false])
    expect(executions[0]!.entry).toMatchObject({
      order_id: 'OK4GJX-KSTLS-7DZZO5',
      exec_type: 'pending_new',
      order_qty: '0.005',
      limit_price: '26500.0',
      cum_cost: '0.0',
      fee_usd_equiv: '0.0',
      order_userref: '3',
    })
    expect(executions[1]!.entry).toEqual({
      timestamp: '2023-09-22T10:33:05.709982Z',
      order_status: 'new',
      exec_type: 'new',
      order_userref: '3',
      order_id: 'OK4GJX-KSTLS-7DZZO5',
    })
    expect(executions[2]!.entry).toMatchObject({
      exec_type: 'trade',
      trade_id: '62887576',
      last_qty: '0.005',
      last_price: '26599.9',
      cost: '132.9995',
      cum_qty: '0.005',
      cum_cost: '132.9995',
      avg_price: '26599.9',
      fee_usd_equiv: '0.3458',
      fees: [{ asset: 'USD', qty: '0.3458' }],
      order_status: 'partially_filled',
    })
  })

  it('a captured snap_trades snapshot: four fills, flagged as snapshot, fees to the last digit', async () => {
    const { fake, executions } = await connect()
    fake.send(corpusMessage('ws.executions.snapshot.kraken-async-rs-wss-1').text)
    await until(() => executions.length === 4, 'four snapshot entries')
    expect(executions.every((x) => x.snapshot)).toBe(true)
    expect(
      executions.map(({ entry: e }) => [
        e.symbol,
        e.last_qty,
        e.last_price,
        e.cost,
        (e.fees as Json[])[0]!.qty,
      ]),
    ).toEqual([
      ['BTC/USD', '0.00016000', '63377.2', '10.12445', '0.04051'],
      ['FET/USD', '25.00000000', '0.6017', '14.013500', '0.024038'],
      ['ETH/USD', '0.01500000', '2392.41', '35.37130', '0.09337'],
      ['BRICK/USD', '153.25931', '0.06404', '9.262299496', '0.014460799'],
    ])
  })

  it('balances: the documented snapshot (type after data) and a captured trade update', async () => {
    const { fake, balances } = await connect()
    fake.send(corpusMessage('ws.balances.snapshot.docs-1').text)
    fake.send(corpusMessage('ws.balances.update.kraken-async-rs-wss-1').text)
    await until(() => balances.length === 2, 'two balance frames')
    expect(balances[0]!.snapshot).toBe(true)
    expect(
      balances[0]!.entries.map((b) => [b.asset, b.balance, (b.wallets as Json[]).map((w) => w.balance)]),
    ).toEqual([
      ['BTC', '1.2', ['1.2']],
      ['MATIC', '500', ['300', '200']],
      ['USD', '80595.4943', ['80595.4943']],
    ])
    expect(balances[1]).toEqual({
      snapshot: false,
      entries: [
        {
          ledger_id: 'DATKX6-PEHL1-HZKND8',
          ref_id: 'LKAKN2-N0N12-VKQNLN',
          timestamp: '2024-05-24T14:01:53.526524Z',
          type: 'trade',
          asset: 'USD',
          asset_class: 'currency',
          category: 'trade',
          wallet_type: 'spot',
          wallet_id: 'main',
          amount: '-19.9743',
          fee: '0.0499',
          balance: '118.0677',
        },
      ],
    })
  })

  it("a refused request reaches the caller in Kraken's words", async () => {
    const { fake, client } = await connect()
    // nautilus' refusal answers req_id 99: requests 2..98 take the ids before it
    const filler = Array.from({ length: 97 }, () => client.request('ping').catch(() => undefined))
    const refused = client.request('add_order', { symbol: 'BTC/USD' }).then(
      () => null,
      (e: unknown) => e,
    )
    await until(() => fake.received.some((m) => m.method === 'add_order'), 'add_order sent')
    expect(fake.received.find((m) => m.method === 'add_order')!.req_id).toBe(99)
    fake.send(corpusMessage('ws.add_order.error.nautilus-1').text)
    const err = await refused
    expect(err).toBeInstanceOf(WsRequestError)
    expect((err as WsRequestError).krakenError).toBe('EOrder:Insufficient funds')
    expect((err as Error).message).toBe('add_order: EOrder:Insufficient funds')
    client.stop()
    await Promise.all(filler)
  })
})

describe('executions into VenueExecution and the order tracker', () => {
  async function execution() {
    // Kraken's own XXBTZUSD reference data (Kraken.Net copy of the docs example)
    const pairs = (
      parseLossless(corpusMessage('rest.AssetPairs.kraken-net-fixture-1').text) as {
        result: Record<string, AssetPairJson>
      }
    ).result
    const assets = (
      parseLossless(corpusMessage('rest.Assets.kraken-net-fixture-1').text) as {
        result: Record<string, AssetJson>
      }
    ).result
    const registry = InstrumentRegistry.fromKraken({ XXBTZUSD: pairs.XXBTZUSD! }, assets)
    const tracker = new OrderTracker()
    const exec = new VenueExecution({
      registry,
      rest: new KrakenRestClient({ baseUrl: 'http://127.0.0.1:9' }),
      ws: null,
      fix: null,
      tracker,
      // reports never route or spend rate budget: these two are not reached
      router: null as unknown as OrderRouter,
      governor: null as unknown as RateGovernor,
      now: () => 1_700_000_000_000,
    })
    return { exec, tracker }
  }
  const entries = (id: string) =>
    (parseLossless(corpusMessage(id).text) as { type: string; data: Json[] }).data.map((e) => ({
      e,
      snapshot: (parseLossless(corpusMessage(id).text) as { type: string }).type === 'snapshot',
    }))

  it("Kraken's documented sell 0.005 BTC/USD: accepted, open, then one fill completes it", async () => {
    const { exec, tracker } = await execution()
    tracker.adopt({
      clOrdId: 'trident-1',
      venueOrderId: 'OK4GJX-KSTLS-7DZZO5',
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'limit',
      qty: '0.00500000',
      limitPrice: '26500.0',
      tif: 'GTC',
      protocol: 'ws',
      qtyPrecision: 8,
      pricePrecision: 1,
      state: 'pending-new',
      createdAt: 0,
      lastChangedAt: 0,
      updatedAt: 0,
    })
    const states: string[] = []
    for (const id of [
      'ws.executions.pending_new.docs-1',
      'ws.executions.new.docs-1',
      'ws.executions.trade.docs-1',
    ])
      for (const { e, snapshot } of entries(id)) {
        exec.handleWsExecution(e, snapshot)
        states.push(tracker.get('trident-1')!.state)
      }
    expect(states).toEqual(['open', 'open', 'filled'])
    const o = tracker.get('trident-1')!
    expect(o.filledQty).toBe('0.00500000')
    expect(o.fills).toEqual([
      {
        tradeId: 'BTC/USD:62887576',
        qty: '0.005',
        price: '26599.9',
        fee: '0.3458',
        feeAsset: 'USD',
        at: 1_700_000_000_000,
        protocol: 'ws',
      },
    ])
  })

  it('a captured snapshot fill of a known order counts once, even when it arrives again', async () => {
    const { exec, tracker } = await execution()
    tracker.adopt({
      clOrdId: 'trident-2',
      venueOrderId: 'NG6PUE-C7MXN-CFCAMC',
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'limit',
      qty: '0.00016000',
      tif: 'GTC',
      protocol: 'ws',
      qtyPrecision: 8,
      pricePrecision: 1,
      state: 'open',
      createdAt: 0,
      lastChangedAt: 0,
      updatedAt: 0,
    })
    for (let pass = 0; pass < 2; pass++)
      for (const { e, snapshot } of entries('ws.executions.snapshot.kraken-async-rs-wss-1'))
        exec.handleWsExecution(e, snapshot)
    const o = tracker.get('trident-2')!
    expect(o.state).toBe('filled')
    expect(o.filledQty).toBe('0.00016000')
    expect(o.fills.map((f) => [f.tradeId, f.qty, f.price])).toEqual([
      ['BTC/USD:37496584', '0.00016000', '63377.2'],
    ])
  })

  it("captured amended and canceled: new quantity and price as sent, then cancelled with Kraken's reason", async () => {
    const { exec, tracker } = await execution()
    for (const [cl, venue] of [
      ['trident-3', '6LYQGW-FH922-U6JTUM'],
      ['trident-4', 'KIUEL4-G3PWU-HOJTYU'],
    ] as const)
      tracker.adopt({
        clOrdId: cl,
        venueOrderId: venue,
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '5.00000000',
        limitPrice: '0.9500',
        tif: 'GTC',
        protocol: 'ws',
        qtyPrecision: 8,
        pricePrecision: 1,
        state: 'open',
        createdAt: 0,
        lastChangedAt: 0,
        updatedAt: 0,
      })
    for (const { e, snapshot } of entries('ws.executions.amended.kraken-async-rs-wss-1'))
      exec.handleWsExecution(e, snapshot)
    for (const { e, snapshot } of entries('ws.executions.canceled.kraken-async-rs-wss-1'))
      exec.handleWsExecution(e, snapshot)
    expect(tracker.get('trident-3')).toMatchObject({ state: 'open', qty: '5.10000000', limitPrice: '0.9600' })
    expect(tracker.get('trident-4')).toMatchObject({ state: 'cancelled', reason: 'User requested' })
  })
})

describe('sweep: every inbound executions and balances frame of the corpus', () => {
  const frames = loadCorpus().messages.filter(
    (m) => m.protocol === 'ws-v2' && m.direction === 'inbound' && /^(executions|balances)\./.test(m.type),
  )
  const NUMERIC = [
    'order_qty',
    'limit_price',
    'stop_price',
    'cum_qty',
    'cum_cost',
    'avg_price',
    'last_qty',
    'last_price',
    'cost',
    'fee_usd_equiv',
    'qty',
    'amount',
    'fee',
    'balance',
    'price',
  ]
  const collect = (v: unknown, out: string[]): void => {
    if (Array.isArray(v)) v.forEach((x) => collect(x, out))
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (NUMERIC.includes(k) && typeof x === 'string') out.push(x)
        else collect(x, out)
      }
  }

  it('holds executions of at least five exec_types and balances snapshots and updates', () => {
    const kinds = new Set(
      frames.flatMap((m) => [...m.text.matchAll(/"exec_type":"(\w+)"/g)].map((x) => x[1])),
    )
    expect(kinds.size).toBeGreaterThanOrEqual(5)
    expect(frames.some((m) => m.type === 'balances.snapshot')).toBe(true)
    expect(frames.some((m) => m.type === 'balances.update')).toBe(true)
  })

  it.each(frames.map((m) => [m.id, m] as const))(
    '%s: every decimal as sent, and the execution client takes it',
    (_, m) => {
      const msg = parseLossless(m.text) as { type: string; data: Json[] }
      const got: string[] = []
      collect(msg.data, got)
      expect(got.sort()).toEqual(numberTokens(m.text, NUMERIC).sort())
      if (m.type.startsWith('executions.')) {
        // an empty registry: every order is unknown to this client, and none may make it throw
        const exec = new VenueExecution({
          registry: new InstrumentRegistry([]),
          rest: new KrakenRestClient({ baseUrl: 'http://127.0.0.1:9' }),
          ws: null,
          fix: null,
          tracker: new OrderTracker(),
          router: null as unknown as OrderRouter,
          governor: null as unknown as RateGovernor,
        })
        for (const e of msg.data)
          expect(() => exec.handleWsExecution(e, msg.type === 'snapshot')).not.toThrow()
      }
    },
  )
})
