import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../../src-main/app/TridentCore'
import type { DerivativesView } from '../../../../src-preload/contract/derivatives'
import type { AppInfo, NoticesView, PlaceResult, PositionsView } from '../../../../src-preload/contract/types'
import { until } from '../../../helpers/until'
import { linksOnline, missingFrom, openWindow, type Covers, type Exercised, type Window } from './wireClient'

/**
 * Derivatives over real sockets (issue 17): the app trades a perpetual on the built-in exchange's
 * Unified WebSocket through the contract only, with leverage; funding is charged; the mark falls
 * towards liquidation and the gauge and notices say so; a reduce-only order closes exactly the
 * position and never flips it. The exchange starts each account with 400 USD of collateral so a
 * 0.05 BTC long (3,250 USD) has a liquidation price near the market.
 */
export const covers: Covers = {
  commands: ['derivatives.setLeverage'],
  topics: ['derivatives'],
}

const PERP = 'PF_XBTUSD'
const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let drv: number
let notices: number

beforeAll(async () => {
  core = new TridentCore({
    host: 'loopback',
    version: 'test',
    sim: {
      seed: 17,
      messagesPerSecond: 0,
      derivatives: { messagesPerSecond: 0, fundingIntervalMs: 1500, collateralUsd: '400' },
    },
  })
  await core.start()
  w = openWindow(core, exercised)
  await linksOnline(w, [
    { protocol: 'ws', channel: 'derivatives public' },
    { protocol: 'ws', channel: 'derivatives private' },
    { protocol: 'fix', channel: 'derivatives trading' },
  ])
  drv = w.sub('derivatives', {})
  notices = w.sub('notices', {})
}, 30_000)
afterAll(() => core.stop())

const latest = (): DerivativesView => w.messages<DerivativesView>(drv).at(-1)!
const position = () => latest().positions.find((p) => p.symbol === PERP)
const noticeTexts = () => (w.messages<NoticesView>(notices).at(-1)?.notices ?? []).map((n) => n.text)

describe('derivatives through the contract', () => {
  it('the venue lists its perpetuals with their terms', async () => {
    const info = await w.ok<AppInfo>('app.info', {})
    expect(info.instruments.find((i) => i.symbol === PERP)).toEqual({
      symbol: PERP,
      base: 'BTC',
      quote: 'USD',
      tickSize: '1',
      ordermin: '0.0001',
      costmin: '0',
      pricePrecision: 0,
      qtyPrecision: 4,
      assetClass: 'derivatives',
      contract: {
        kind: 'perpetual',
        contractSize: '1',
        qtyStep: '0.0001',
        initialMargin: '0.02',
        maintenanceMargin: '0.01',
        maxLeverage: '50',
        maxPosition: '1200',
        fundingIntervalMs: 1500,
      },
    })
  })

  it("the market's leverage goes to Kraken; a leverage it refuses is said in Kraken's words", async () => {
    const v = await w.ok<DerivativesView>('derivatives.setLeverage', { symbol: PERP, maxLeverage: 10 })
    expect(v.leverage).toContainEqual({ symbol: PERP, maxLeverage: '10' })
    const refused = await w.cmd('derivatives.setLeverage', { symbol: PERP, maxLeverage: 80 })
    expect(refused).toMatchObject({ ok: false })
    expect(JSON.stringify(refused)).toContain('Leverage is outside the permitted range for this market')
    // back to cross margin: the whole 400 USD wallet stands behind the position
    const cross = await w.ok<DerivativesView>('derivatives.setLeverage', { symbol: PERP, maxLeverage: null })
    expect(cross.leverage).toContainEqual({ symbol: PERP, maxLeverage: null })
    await w.ok('risk.setLimits', {
      maxOrderQty: '5',
      maxNotional: '250000',
      priceBandPct: '5',
      maxOpenOrders: 50,
      maxPosition: '10',
      confirmAbove: '50000',
      liquidationWarnPct: '2',
    })
  })

  it('a leveraged long: position, margin and funding charged', async () => {
    const r = await w.ok<PlaceResult>('orders.place', {
      symbol: PERP,
      side: 'buy',
      type: 'market',
      qty: '0.05',
    })
    expect(r).toMatchObject({ state: 'filled' })
    // sizes are Kraken's exact number text (the built-in exchange writes its 4 decimals)
    await w.next<DerivativesView>(
      drv,
      0,
      (v) => v.positions.some((p) => Number(p.size) === 0.05),
      'a 0.05 long',
    )
    const p = position()!
    expect(p.entryPrice).toMatch(/^650\d\d(\.\d+)?$/)
    expect(p.maxLeverage).toBe(null)
    // 3,250 USD of contracts on a 400 USD wallet: about 8× leverage
    expect(Number(p.effectiveLeverage)).toBeGreaterThan(7.5)
    expect(latest().margin?.state).toBe('ok')
    // funding: the mark is above the index in this market, so a long pays, every 1.5 s here
    await w.next<DerivativesView>(
      drv,
      0,
      (v) => v.positions.some((x) => x.symbol === PERP && Number(x.fundingPaid) > 0),
      'funding charged on the long',
      15_000,
    )
  })

  it('the mark falls towards liquidation: the gauge turns amber then red, and the trader is warned', async () => {
    const liq = Number(position()!.liquidationPrice)
    expect(liq).toBeGreaterThan(57_000)
    expect(liq).toBeLessThan(58_500)
    const from = w.messages<DerivativesView>(drv).length
    core.sim!.derivatives.setIndexOverride(PERP, 57_700n)
    await w.next<DerivativesView>(drv, from, (v) => v.margin?.state === 'amber', 'the gauge amber')
    core.sim!.derivatives.setIndexOverride(PERP, 57_400n)
    await w.next<DerivativesView>(drv, from, (v) => v.margin?.state === 'red', 'the gauge red')
    await w.next<NoticesView>(
      notices,
      0,
      (v) =>
        v.notices.some(
          (n) => n.text.startsWith(`${PERP}: mark `) && n.text.includes('of the liquidation price'),
        ),
      'the liquidation-distance warning',
    )
    expect(noticeTexts().filter((t) => t.startsWith('Derivatives margin amber'))).toHaveLength(1)
    expect(noticeTexts().filter((t) => t.startsWith('Derivatives margin red'))).toHaveLength(1)
    core.sim!.derivatives.setIndexOverride(PERP, null)
    await w.next<DerivativesView>(drv, from, (v) => v.margin?.state === 'ok', 'the gauge back to ok')
  })

  it('reduce-only closes exactly the position and never flips it', async () => {
    // more than the long: refused in words before anything is sent
    const tooBig = await w.cmd('orders.place', {
      symbol: PERP,
      side: 'sell',
      type: 'market',
      qty: '0.08',
      reduceOnly: true,
    })
    expect(tooBig).toMatchObject({
      ok: false,
      error: { message: 'Reduce-only: you are long 0.0500 PF_XBTUSD; at most 0.0500 more can reduce it' },
    })
    // a protective reduce-only stop for the whole long rests at Kraken...
    const stop = await w.ok<PlaceResult>('orders.place', {
      symbol: PERP,
      side: 'sell',
      type: 'stop-loss',
      qty: '0.05',
      triggerPrice: '50000',
      reduceOnly: true,
    })
    expect(stop).toMatchObject({ state: 'open' })
    // ...and does not use up the room of the close: Kraken holds reduce-only per order
    const from = w.messages<DerivativesView>(drv).length
    const r = await w.ok<PlaceResult>('orders.place', {
      symbol: PERP,
      side: 'sell',
      type: 'market',
      qty: '0.05',
      reduceOnly: true,
    })
    expect(r).toMatchObject({ state: 'filled' })
    await w.next<DerivativesView>(
      drv,
      from,
      (v) => !v.positions.some((p) => p.symbol === PERP),
      'the long closed',
    )
    expect(latest().positions).toEqual([])
    // flat: a reduce-only order has nothing to reduce
    const flat = await w.cmd('orders.place', {
      symbol: PERP,
      side: 'sell',
      type: 'market',
      qty: '0.01',
      reduceOnly: true,
    })
    expect(flat).toMatchObject({
      ok: false,
      error: { message: 'Reduce-only: there is no PF_XBTUSD position to reduce' },
    })
  })

  it("a perpetual traded over Kraken's derivatives FIX session: the same order service, the same position", async () => {
    const from = w.messages<DerivativesView>(drv).length
    const r = await w.ok<PlaceResult>('orders.place', {
      symbol: PERP,
      side: 'sell',
      type: 'market',
      qty: '0.02',
      protocol: 'fix',
    })
    expect('clOrdId' in r).toBe(true)
    const v = await w.next<DerivativesView>(
      drv,
      from,
      (x) => x.positions.some((p) => p.symbol === PERP && Number(p.size) === -0.02),
      'a 0.02 short opened over FIX',
    )
    expect(v.positions.find((p) => p.symbol === PERP)?.size).toBe('-0.0200')
    // and closed over FIX with Kraken's reduce-only (ExecInst E)
    const close = await w.ok<PlaceResult>('orders.place', {
      symbol: PERP,
      side: 'buy',
      type: 'market',
      qty: '0.02',
      reduceOnly: true,
      protocol: 'fix',
    })
    expect('clOrdId' in close).toBe(true)
    await w.next<DerivativesView>(
      drv,
      from,
      (x) => !x.positions.some((p) => p.symbol === PERP),
      'the short closed over FIX',
    )
  })

  it('spot margin: a 2× BTC/USD buy goes over REST, shows as a margin position, and reduce-only closes exactly it', async () => {
    const pos = w.sub('positions', {})
    const r = await w.ok<PlaceResult>('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'market',
      qty: '0.01',
      leverage: '2',
    })
    expect(r).toMatchObject({ state: 'filled' })
    // the leverage level rides only on REST's AddOrder
    expect(core.tracker.get('clOrdId' in r ? r.clOrdId : '')).toMatchObject({
      protocol: 'rest',
      leverage: '2',
    })
    const open = await w.next<PositionsView>(
      pos,
      0,
      (v) => (v.marginPositions ?? []).some((m) => m.symbol === 'BTC/USD'),
      'the margin position Kraken reports',
    )
    // Kraken's position, not the trader's coins: no cash position for flatten to sell
    expect(open.positions.find((p) => p.symbol === 'BTC/USD')).toBeUndefined()
    expect(open.marginPositions?.find((m) => m.symbol === 'BTC/USD')).toMatchObject({
      side: 'buy',
      volume: '0.01000000',
      leverage: '2',
    })
    const from = w.messages<PositionsView>(pos).length
    const close = await w.ok<PlaceResult>('orders.place', {
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'market',
      qty: '0.01',
      leverage: '2',
      reduceOnly: true,
    })
    expect(close).toMatchObject({ state: 'filled' })
    await w.next<PositionsView>(pos, from, (v) => !v.marginPositions?.length, 'the margin position closed')
  })

  it('an order sent on the Unified WS as it dropped, never received by Kraken: "not sent" once the reconnect shows it is not there', async () => {
    // what a lost add_order leaves: journaled and tracked as sent on the link, which then drops
    // before the frame reaches Kraken (the derivatives soak saw one stay "pending new" for good)
    const clOrdId = '0b5e2d6c-1f1a-4c7e-9d3b-5a7f00000001'
    core.tracker.submit(
      {
        clOrdId,
        symbol: PERP,
        side: 'buy',
        type: 'limit',
        qty: '0.001',
        limitPrice: '1000',
        tif: 'gtc',
        protocol: 'ws',
        qtyPrecision: 4,
        pricePrecision: 0,
      },
      Date.now(),
    )
    core.sim!.faults.dropUwsConnections()
    // the reconnect's snapshot leaves it as in flight; 5 s on, nothing heard of it: not sent
    const o = await until(
      () => (core.tracker.get(clOrdId)?.state === 'rejected' ? core.tracker.get(clOrdId) : null),
      'the lost order to be settled',
      20_000,
    )
    expect(o.state).toBe('rejected')
    expect(o.reason).toContain('Not sent: the exchange never received this order')
    await linksOnline(w, [{ protocol: 'ws', channel: 'derivatives private' }])
  }, 30_000)

  it('every wire this file names was exercised', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
