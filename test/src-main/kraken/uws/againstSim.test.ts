import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toUnits } from '../../../../src-domain/decimal'
import { InstrumentRegistry } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { VenueEvent } from '../../../../src-main/core/orders/OrderTracker'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { KrakenRestClient } from '../../../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../../../src-main/kraken/rest/NonceSource'
import { contractInstrument } from '../../../../src-main/kraken/uws/contractInstrument'
import { KrakenUwsAccount } from '../../../../src-main/kraken/uws/KrakenUwsAccount'
import { createUwsPublicClient, watchUwsTicker } from '../../../../src-main/kraken/uws/KrakenUwsPublic'
import type {
  UwsContract,
  UwsLedgerEntry,
  UwsMargin,
  UwsPosition,
  UwsPreferences,
  UwsTicker,
} from '../../../../src-main/kraken/uws/types'
import { UwsOrderGateway, type UwsReport } from '../../../../src-main/kraken/uws/UwsOrderGateway'
import { uwsSetLeverageParams } from '../../../../src-main/kraken/uws/uwsRequests'
import type { KrakenWsPublicClient } from '../../../../src-main/kraken/ws/KrakenWsPublicClient'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'

/**
 * Trident's Unified WS client against the built-in exchange's Unified WS over real sockets:
 * the PF_XBTUSD book kept checksum-exact through a session, a ticker read, then a 5x leveraged long
 * placed through UwsOrderGateway with the token from Trident's REST client, its executions,
 * position, margin and funding ledger read by KrakenUwsAccount, and a reduce-only index stop
 * placed and cancelled. Both sides follow docs/kraken-derivatives.md §11.
 */

let sim: SimExchange
let ep: SimEndpoints
let pub: KrakenWsPublicClient
let account: KrakenUwsAccount
const errors: string[] = []
const contracts = new Map<string, UwsContract>()
const reports: UwsReport[] = []
const positions: { list: UwsPosition[]; snapshot: boolean }[] = []
const margins: UwsMargin[] = []
const ledger: UwsLedgerEntry[] = []
const prefs: UwsPreferences[] = []

const registry = () =>
  new InstrumentRegistry([]).withContracts([...contracts.values()].map(contractInstrument))

let gateway: UwsOrderGateway

beforeAll(async () => {
  sim = new SimExchange({ seed: 11, messagesPerSecond: 0, derivatives: { fundingIntervalMs: 500 } })
  ep = await sim.start()
  pub = createUwsPublicClient({
    url: ep.uwsPublic,
    depth: 10,
    onBook: () => undefined,
    onLink: () => undefined,
    onProtocolError: (e) => errors.push(`public: ${e.message}`),
    onContracts: (list) => list.forEach((c) => contracts.set(c.symbol, c)),
    random: () => 0,
  })
  pub.start()
  const cred = sim.credentials[0]!
  const rest = new KrakenRestClient({
    baseUrl: ep.rest,
    credentials: { apiKey: cred.apiKey, apiSecret: cred.apiSecret },
    nonces: new NonceSource(null),
  })
  gateway = new UwsOrderGateway({ account: null, registry, emit: (r) => reports.push(r) })
  account = new KrakenUwsAccount({
    url: ep.uwsPrivate,
    token: async () => (await rest.private<{ token: string }>('GetWebSocketsToken')).token,
    onExecution: (e, snapshot) => gateway.onExecution(e, snapshot),
    onPositions: (list, snapshot) => positions.push({ list, snapshot }),
    onMargin: (m) => margins.push(m),
    onLedger: (e) => ledger.push(...e),
    onPreferences: (p) => prefs.push(p),
    onProtocolError: (e) => errors.push(`private: ${e.message}`),
    random: () => 0,
  })
  gateway = new UwsOrderGateway({ account, registry, emit: (r) => reports.push(r) })
  account.start()
})

afterAll(async () => {
  pub.stop()
  account.stop()
  await sim.stop()
})

const units = (t: string, p = 8) => BigInt(toUnits(t, p))
const eventsOf = (orderId: string): VenueEvent[] =>
  reports.filter((r) => r.ref.orderId === orderId).flatMap((r) => r.events)

describe('Unified WS client against the built-in exchange', () => {
  it('PF_XBTUSD: contract terms from the instrument channel, a book checksum-exact through 300 market steps, a ticker', async () => {
    pub.watchBook('PF_XBTUSD')
    await until(() => pub.bookState('PF_XBTUSD')?.status === 'live', 'PF_XBTUSD book live')
    expect(contracts.get('PF_XBTUSD')).toMatchObject({
      symbol: 'PF_XBTUSD',
      kind: 'perpetual',
      base: 'BTC',
      quote: 'USD',
      tickSize: '1',
      qtyStep: '0.0001',
      pricePrecision: 0,
      qtyPrecision: 4,
      contractSize: '1',
      maxPosition: '1200',
      fundingIntervalMs: 500,
    })
    const tickers: UwsTicker[] = []
    watchUwsTicker(pub, 'PF_XBTUSD', (t) => tickers.push(t))
    for (let i = 0; i < 300; i++) sim.step('PF_XBTUSD')
    await until(
      () => (pub.bookState('PF_XBTUSD')?.engine?.updatesSinceSnapshot ?? 0) > 20,
      'book updates applied',
    )
    const simBook = sim.derivatives.engine.book('PF_XBTUSD')
    const want = [String(simBook.topL2('bid', 1)[0]![0]), String(simBook.topL2('ask', 1)[0]![0])]
    const top = () => {
      const v = pub.bookState('PF_XBTUSD')!.engine!.view(1)
      return [v.bids[0]![0], v.asks[0]![0]]
    }
    await until(() => top().join() === want.join(), `top of book at the exchange's ${want.join(' / ')}`)
    expect(pub.bookState('PF_XBTUSD')!.checksumFailures).toBe(0)
    const t = await until(() => tickers[0], 'a PF_XBTUSD ticker')
    expect(t.symbol).toBe('PF_XBTUSD')
    expect(t.markPrice).toMatch(/^\d+$/)
    expect(t.nextFundingAt).toBeGreaterThan(Date.now() - 1000)
    expect(errors).toEqual([])
  })

  it('a 5x leveraged long through UwsOrderGateway: new → trades → filled, the position and margin as the exchange has them', async () => {
    await until(() => account.state === 'online' && prefs.length > 0 && margins.length > 0, 'account online')
    expect(positions[0]).toEqual({ snapshot: true, list: [] })
    expect(prefs[0]!.permission).toBe('enabled')
    const set = await account.request('set_preference', uwsSetLeverageParams('PF_XBTUSD', '5'))
    expect(set.result).toEqual({ leverage_mode: { symbol: 'PF_XBTUSD', max_leverage: '5' } })
    await until(
      () => prefs.at(-1)!.leverage.some((l) => l.symbol === 'PF_XBTUSD' && l.maxLeverage === '5'),
      'preferences update with 5x',
    )
    const req: PlaceRequest = { symbol: 'PF_XBTUSD', side: 'buy', type: 'market', qty: '0.5000', tif: 'GTC' }
    const { orderId } = await gateway.place({ req, inst: registry().get('PF_XBTUSD'), clOrdId: randomUUID() })
    expect(orderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    await until(() => eventsOf(orderId!).some((e) => e.kind === 'filled'), 'the order filled')
    const ev = eventsOf(orderId!)
    expect(ev.slice(0, 2)).toEqual([{ kind: 'accepted', orderId }, { kind: 'open' }])
    const fills = ev.filter((e): e is VenueEvent & { kind: 'fill' } => e.kind === 'fill')
    expect(fills.length).toBeGreaterThan(0)
    expect(fills.reduce((s, f) => s + units(f.qty), 0n)).toBe(units('0.5'))
    expect(fills.every((f) => f.feeAsset === 'USD' && f.tradeId.startsWith('PF_XBTUSD:'))).toBe(true)
    const pos = await until(
      () =>
        positions
          .flatMap((p) => p.list)
          .find((p) => p.symbol === 'PF_XBTUSD' && units(p.size) === units('0.5')),
      'a long of 0.5',
    )
    expect(pos.size).toBe('0.5000')
    // the entry price is the order's average fill price
    expect(units(pos.entryPrice)).toBe(units(fills.at(-1)!.avgPrice!))
    // initial margin at 5x = 0.5 × mark / 5 = mark / 10 exactly (65001 → 6500.1), at the exchange's mark
    const im = () => {
      const mark = sim.derivatives.marks().get('PF_XBTUSD')!
      return mark % 10n === 0n ? `${mark / 10n}` : `${mark / 10n}.${mark % 10n}`
    }
    await until(
      () => margins.at(-1)!.initialMargin === im(),
      `margin with the 5x initial margin (${im()}; last seen ${JSON.stringify(margins.at(-1))})`,
    )
    expect(margins.at(-1)!.currency).toBe('USD')
    const funding = await until(
      () => ledger.find((l) => l.type === 'funding' && l.symbol === 'PF_XBTUSD'),
      'a funding ledger entry',
    )
    expect(funding.asset).toBe('USD')
    expect(funding.amount).toMatch(/^-?\d+(\.\d+)?$/)
    expect(errors).toEqual([])
  })

  it('a reduce-only stop on the index rests, is amended (trigger and quantity) and cancelled through the gateway', async () => {
    const clOrdId = randomUUID()
    const req: PlaceRequest = {
      symbol: 'PF_XBTUSD',
      side: 'sell',
      type: 'stop-loss',
      qty: '0.5000',
      triggerPrice: '1000',
      tif: 'GTC',
      reduceOnly: true,
      triggerSignal: 'index',
    }
    const { orderId } = await gateway.place({ req, inst: registry().get('PF_XBTUSD'), clOrdId })
    await until(() => eventsOf(orderId!).some((e) => e.kind === 'open'), 'the stop resting')
    expect(eventsOf(orderId!)).toEqual([{ kind: 'accepted', orderId }, { kind: 'open' }])
    const tracked = {
      clOrdId,
      venueOrderId: orderId!,
      symbol: 'PF_XBTUSD',
      side: 'sell',
      type: 'stop-loss',
      qty: '0.5000',
      tif: 'GTC',
      protocol: 'ws',
      qtyPrecision: 4,
      pricePrecision: 0,
      state: 'open',
      filledQty: '0',
      fills: [],
      createdAt: 0,
      lastChangedAt: 0,
      updatedAt: 0,
    } as const
    await gateway.amend({ ...tracked, fills: [] }, registry().get('PF_XBTUSD'), {
      triggerPrice: '1100',
      qty: '0.2500',
    })
    await until(() => eventsOf(orderId!).some((e) => e.kind === 'amended'), 'the stop amended')
    expect(eventsOf(orderId!).find((e) => e.kind === 'amended')).toEqual({
      kind: 'amended',
      qty: '0.2500',
      triggerPrice: '1100',
    })
    await gateway.cancel({ ...tracked, fills: [] })
    await until(() => eventsOf(orderId!).some((e) => e.kind === 'cancelled'), 'the stop cancelled')
    expect(eventsOf(orderId!).at(-1)).toEqual({ kind: 'cancelled', reason: 'User requested' })
    expect(errors).toEqual([])
  })

  it('cancel_all says how many derivatives orders went; the dead-man switch arms and disarms', async () => {
    const rest = async (price: string) =>
      gateway.place({
        req: {
          symbol: 'PF_XBTUSD',
          side: 'buy',
          type: 'limit',
          qty: '0.0010',
          limitPrice: price,
          tif: 'GTC',
        },
        inst: registry().get('PF_XBTUSD'),
        clOrdId: randomUUID(),
      })
    const a = await rest('30000')
    const b = await rest('30001')
    await until(
      () => [a, b].every((o) => eventsOf(o.orderId!).some((e) => e.kind === 'open')),
      'two bids resting',
    )
    expect(await gateway.cancelAll()).toBe('Unified WebSocket: 2 derivatives orders cancelled')
    await until(
      () => [a, b].every((o) => eventsOf(o.orderId!).some((e) => e.kind === 'cancelled')),
      'both cancelled on the executions channel',
    )
    const fires = await gateway.cancelAllAfter(60)
    expect(fires).toBeGreaterThan(Date.now() + 50_000)
    expect(fires).toBeLessThanOrEqual(Date.now() + 61_000)
    expect(await gateway.cancelAllAfter(0)).toBe(0)
    expect(errors).toEqual([])
  })

  it("the index falls: Kraken's liquidation fill arrives flagged, the position is reported closed (size 0)", async () => {
    expect(sim.derivatives.account('trader').sizeOf('PF_XBTUSD') > 0n).toBe(true)
    sim.derivatives.setIndexOverride('PF_XBTUSD', 40000n)
    try {
      const liq = await until(
        () => reports.find((r) => r.liquidation === true && r.events.some((e) => e.kind === 'fill')),
        'a liquidation fill',
      )
      // Kraken's own order: no client id of ours, a UUID order id; a sell fill that closes the long
      expect(liq.ref.clOrdId ?? '').not.toMatch(/./)
      expect(liq.ref.orderId).toMatch(/^[0-9a-f-]{36}$/)
      // the liquidator's order is acknowledged like any other (new), flagged too
      const all = reports.filter((r) => r.ref.orderId === liq.ref.orderId)
      expect(all[0]!.liquidation).toBe(true)
      expect(all[0]!.events[0]).toEqual({ kind: 'accepted', orderId: liq.ref.orderId })
      await until(
        () =>
          positions.some(
            (p) => !p.snapshot && p.list.some((x) => x.symbol === 'PF_XBTUSD' && units(x.size) === 0n),
          ),
        'the position reported closed',
      )
      await until(() => margins.at(-1)!.initialMargin === '0', 'margin without a position')
      expect(margins.at(-1)!.balanceValue).not.toMatch(/^-/)
    } finally {
      sim.derivatives.setIndexOverride('PF_XBTUSD', null)
    }
    expect(errors).toEqual([])
  })
})
