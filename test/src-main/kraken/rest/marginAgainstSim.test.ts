import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InstrumentRegistry } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { KrakenApiError } from '../../../../src-main/kraken/rest/errors'
import { KrakenRestClient } from '../../../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../../../src-main/kraken/rest/NonceSource'
import { openPositions } from '../../../../src-main/kraken/rest/openPositions'
import { RestOrderGateway } from '../../../../src-main/kraken/rest/RestOrderGateway'
import { KrakenWsPrivateClient, WsRequestError } from '../../../../src-main/kraken/ws/KrakenWsPrivateClient'
import { MarginLevelNeedsRest, WsOrderGateway } from '../../../../src-main/kraken/ws/WsOrderGateway'
import { addOrderParams, num } from '../../../../src-main/kraken/ws/wsv2Requests'
import { SyntheticTraders } from '../../../../src-main/sim/market/SyntheticTraders'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { privateCall } from '../../../helpers/krakenTestClient'
import { until } from '../../../helpers/until'

/**
 * Issue 17, spot margin over real sockets: Trident's own REST client and gateways against a
 * started built-in exchange. A 2× BTC/USD margin buy is placed and fills, OpenPositions shows it
 * at leverage 2, a reduce-only margin sell closes exactly it (no position left, USD moved by the
 * P&L less fees); reduce_only without leverage is refused in Kraken's words; WS v2 add_order takes
 * margin: true and refuses a leverage field. The synthetic market's BTC/USD orders are cancelled
 * first, so every fill is against the maker account at a price written out here.
 */

type Json = Record<string, unknown>
let sim: SimExchange
let rest: KrakenRestClient
let ws: KrakenWsPrivateClient
let registry: InstrumentRegistry
let maker: { apiKey: string; apiSecret: string }
let base: string
/** every executions entry the private WS delivered */
const executions: Json[] = []

beforeAll(async () => {
  sim = new SimExchange({
    seed: 17,
    messagesPerSecond: 0,
    tier: 'pro',
    accounts: [{ name: 'trader' }, { name: 'maker' }],
  })
  const ends = await sim.start()
  base = ends.rest
  const cred = sim.credentials[0]!
  maker = sim.credentials[1]!
  for (const a of SyntheticTraders.accounts) sim.engine.cancelAll(a, { symbol: 'BTC/USD' })
  rest = new KrakenRestClient({ baseUrl: base, credentials: cred, nonces: new NonceSource(null) })
  registry = InstrumentRegistry.fromKraken(await rest.public('AssetPairs'), await rest.public('Assets'))
  ws = new KrakenWsPrivateClient({
    url: ends.wsPrivate,
    getToken: async () => String((await rest.private<Json>('GetWebSocketsToken')).token),
    onExecution: (e) => executions.push(e),
  })
  ws.start()
  await until(() => ws.state === 'online', 'the private WS subscribed')
})
afterAll(() => {
  ws.stop()
  sim.stop()
})

const makerOrder = async (side: 'buy' | 'sell', price: string) => {
  const r = await privateCall(base, maker, 'AddOrder', {
    pair: 'XBTUSD',
    ordertype: 'limit',
    type: side,
    volume: '0.1',
    price,
  })
  expect(r.error).toEqual([])
}
const usd = async () => String((await rest.private<Json>('Balance')).ZUSD)
const btc = async () => String((await rest.private<Json>('Balance')).XXBT)
const req = (r: Partial<PlaceRequest>): PlaceRequest => ({
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'market',
  qty: '0.1',
  tif: 'GTC',
  ...r,
})
const statusOf = async (txid: string) => {
  const q = await rest.private<Record<string, Json>>('QueryOrders', { txid })
  return q[txid]
}

describe('spot margin against the built-in exchange, over real sockets', () => {
  it('a 2× margin buy fills into a position; a reduce-only margin sell closes exactly it, P&L to USD', async () => {
    const gateway = new RestOrderGateway({ rest, registry: () => registry, emit: () => undefined })
    const inst = registry.resolve('BTC/USD')
    expect(await usd()).toBe('100000.0000')
    await makerOrder('sell', '65000.0')
    const buy = await gateway.place({ req: req({ leverage: '2' }), inst, clOrdId: 'margin-open-1' })
    const opened = await until(async () => {
      const o = await statusOf(buy.orderId!)
      return o?.status === 'closed' && o
    }, 'the margin buy filled')
    expect((opened.descr as Json).leverage).toBe('2:1')
    expect((opened.descr as Json).order).toBe('buy 0.10000000 XBTUSD @ market with 2:1 leverage')

    const [pos, ...more] = await openPositions(rest)
    expect(more).toEqual([])
    expect(pos).toEqual({
      id: expect.stringMatching(/^T/),
      pair: 'XXBTZUSD',
      orderId: buy.orderId,
      side: 'buy',
      volume: '0.10000000',
      volumeClosed: '0.00000000',
      cost: '6500.00000',
      fee: '16.90000',
      margin: '3250.00000',
      value: '6500.00000',
      net: '0.0000',
      leverage: '2',
    })
    // margin moves no BTC; the 0.26 % taker fee on 6500 is paid in USD
    expect(await btc()).toBe('2.0000000000')
    expect(await usd()).toBe('99983.1000')

    await makerOrder('buy', '66000.0')
    const sell = await gateway.place({
      req: req({ side: 'sell', leverage: '2', reduceOnly: true }),
      inst,
      clOrdId: 'margin-close-1',
    })
    await until(async () => (await statusOf(sell.orderId!))?.status === 'closed', 'the closing sell filled')
    expect(await openPositions(rest)).toEqual([])
    // + 100.00 P&L (0.1 × 1000) − 17.16 fee (0.26 % of 6600)
    expect(await usd()).toBe('100065.9400')
    expect(await btc()).toBe('2.0000000000')
  })

  it('reduce_only without leverage is refused in Kraken’s words', async () => {
    const refusal = await rest
      .private('AddOrder', {
        pair: 'XXBTZUSD',
        type: 'sell',
        ordertype: 'market',
        volume: '0.1',
        reduce_only: true,
      })
      .catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(KrakenApiError)
    expect((refusal as KrakenApiError).errors).toEqual(['EOrder:Reduce only:No position exists'])
  })

  it('WS v2 add_order takes margin: true (a margin order at the pair’s default level) and refuses a leverage field', async () => {
    const params = addOrderParams('BTC/USD', {
      type: 'limit',
      side: 'buy',
      qty: '0.01',
      limitPrice: '60000.0',
      margin: true,
      clOrdId: 'ws-margin-1',
    })
    const r = await ws.request('add_order', params)
    const id = String((r.result as Json).order_id)
    const o = await until(() => statusOf(id), 'the WS margin order is known over REST')
    expect((o.descr as Json).leverage).toBe('2:1')
    expect(o.status).toBe('open')
    // and the executions channel says it is a margin order
    const live = await until(
      () => executions.find((e) => e.order_id === id && e.exec_type === 'new'),
      'the WS margin order’s new execution',
    )
    expect(live.margin).toBe(true)

    const refused = await ws
      .request('add_order', { ...params, cl_ord_id: 'ws-margin-2', leverage: num('2') })
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WsRequestError)
    expect((refused as WsRequestError).krakenError).toBe(
      "Unsupported field: 'leverage' for the given msg type: add_order",
    )
  })

  it('WsOrderGateway over the live socket: a level WS cannot carry is refused for REST; the known level goes as margin: true', async () => {
    const inst = registry.resolve('BTC/USD')
    const limit = { type: 'limit' as const, qty: '0.01', limitPrice: '60000.0' }
    const plain = new WsOrderGateway({ ws, registry: () => registry, emit: () => undefined })
    await expect(
      plain.place({ req: req({ ...limit, leverage: '3' }), inst, clOrdId: 'gw-1' }),
    ).rejects.toBeInstanceOf(MarginLevelNeedsRest)
    const known = new WsOrderGateway({
      ws,
      registry: () => registry,
      emit: () => undefined,
      wsMarginLeverage: '2',
    })
    const placed = await known.place({ req: req({ ...limit, leverage: '2' }), inst, clOrdId: 'gw-2' })
    const o = await until(() => statusOf(placed.orderId!), 'the gateway’s margin order is known over REST')
    expect((o.descr as Json).leverage).toBe('2:1')
  })
})
