import { beforeEach, describe, expect, it } from 'vitest'
import type { DerivEvent } from '../../../../src-main/sim/derivatives/DerivativesMarket'
import { leverageRefusal } from '../../../../src-main/sim/derivatives/leverage'
import { MarginAccount } from '../../../../src-main/sim/derivatives/MarginAccount'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { marks, usd, XBT } from './helpers'

let sim: SimExchange
let events: DerivEvent[]
const T = 'trader'

beforeEach(() => {
  // a still market (no timers): the test drives the clock with tick(now)
  sim = new SimExchange({ seed: 7, messagesPerSecond: 0, derivatives: { fundingIntervalMs: 1000 } })
  events = []
  sim.derivatives.onEvent((e) => events.push(e))
})

const m = () => sim.derivatives
const buy = (qty: bigint, extra: Record<string, unknown> = {}) =>
  m().place({ account: T, symbol: XBT, side: 'buy', type: 'market', qty, tif: 'IOC', ...extra })
const sell = (qty: bigint, extra: Record<string, unknown> = {}) =>
  m().place({ account: T, symbol: XBT, side: 'sell', type: 'market', qty, tif: 'IOC', ...extra })

describe('DerivativesMarket: index and mark', () => {
  it('index = the exchange spot mid at the contract tick; mark = index + the perp book premium, clamped to ±0.5 %', () => {
    // seeded books: BTC/USD 64999.9 / 65000.1, ETH/USD 3199.99 / 3200.01; perp books 64999 / 65001
    expect(m().prices.index('PF_XBTUSD')).toBe(65000n)
    expect(m().prices.index('PF_ETHUSD')).toBe(32000n) // 3200.0 in 0.1 units
    expect(m().marks()).toEqual(
      new Map([
        ['PF_XBTUSD', 65000n],
        ['PF_ETHUSD', 32000n],
      ]),
    )
    // the spot bid moves to 65001.0: spot mid 65001.05 → index 65001; perp mid 65000: premium −1
    sim.engine.place({
      account: T,
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: 100_000_000n,
      limitPrice: 650010,
      tif: 'GTC',
      source: { protocol: 'ws' },
    })
    expect(sim.engine.book('BTC/USD').bestBid()).toBe(650010)
    expect(sim.engine.book('BTC/USD').bestAsk()).toBe(650011)
    expect(m().prices.index(XBT)).toBe(65001n)
    expect(m().prices.mark(XBT)).toBe(65000n)
    m().setIndexOverride(XBT, 60000n) // premium 5,000 clamped to 300
    expect(m().prices.mark(XBT)).toBe(60300n)
    m().setIndexOverride(XBT, 70000n) // premium −5,000 clamped to −350
    expect(m().prices.mark(XBT)).toBe(69650n)
    m().setIndexOverride(XBT, null)
    expect(m().prices.index(XBT)).toBe(65001n)
  })
})

describe('DerivativesMarket: leverage preference (§5.6 texts)', () => {
  it('refuses leverage outside 1x–50x, past the tier, causing liquidation or short of margin', () => {
    const prefs = new Map<string, bigint>()
    const a = new MarginAccount('a', usd('10000000'))
    expect(leverageRefusal(a, XBT, 51_000_000n, marks({ [XBT]: 65000n }), prefs)).toBe(
      'Leverage is outside the permitted range for this market',
    )
    expect(leverageRefusal(a, XBT, 500_000n, marks({ [XBT]: 65000n }), prefs)).toBe(
      'Leverage is outside the permitted range for this market',
    )
    a.applyFill({ symbol: XBT, side: 'buy', qty: 600_000n, price: 65000n }) // 60 BTC: tier IM 4 % → 25x at most
    expect(leverageRefusal(a, XBT, 30_000_000n, marks({ [XBT]: 65000n }), prefs)).toBe(
      "Leverage exceeds the market's margin schedule",
    )
    expect(leverageRefusal(a, XBT, 25_000_000n, marks({ [XBT]: 65000n }), prefs)).toBeNull()
    const poor = new MarginAccount('p', usd('100'))
    poor.applyFill({ symbol: XBT, side: 'buy', qty: 10_000n, price: 65000n })
    expect(leverageRefusal(poor, XBT, 2_000_000n, marks({ [XBT]: 64000n }), prefs)).toBe(
      'Leverage change would cause liquidation',
    )
  })

  it('a fixed leverage sets the market IM to notional / leverage; null restores cross', () => {
    buy(5000n) // 0.5 BTC
    expect(() => m().book.setLeverage(T, XBT, 3_000_000n)).toThrow(
      'Insufficient margin for the requested leverage',
    )
    m().book.setLeverage(T, XBT, 5_000_000n)
    const mark = m().marks().get(XBT)!
    expect(mark).toBe(65020n)
    expect(m().book.margin(T).initialMargin).toBe(usd('6502')) // 0.5 × 65,020 / 5
    expect(m().book.leverage(T)).toEqual(
      new Map([
        [XBT, 5_000_000n],
        ['PF_ETHUSD', null],
      ]),
    )
    m().book.setLeverage(T, XBT, null)
    expect(m().book.margin(T).initialMargin).toBe(usd('650.2')) // tier 2 %
    expect(events.filter((e) => e.kind === 'preferences')).toHaveLength(2)
  })
})

describe('DerivativesMarket: order checks', () => {
  it('initial margin: an order that would leave equity under IM is refused in words', () => {
    expect(() =>
      m().place({
        account: T,
        symbol: XBT,
        side: 'buy',
        type: 'limit',
        qty: 80_000n,
        limitPrice: 65000n,
        tif: 'GTC',
      }),
    ).toThrow(
      'EOrder:Insufficient margin (insufficient margin: after this order the positions need 10400.00 USD initial margin; margin equity would be 10000.00 USD)',
    )
    const ok = m().place({
      account: T,
      symbol: XBT,
      side: 'buy',
      type: 'limit',
      qty: 70_000n,
      limitPrice: 64000n,
      tif: 'GTC',
    })
    expect(ok).toMatchObject({ status: 'open', qty: 70_000n, filled: 0n })
    expect(ok.id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('an amend that grows an order is checked like a new order of the difference', () => {
    const o = m().place({
      account: T,
      symbol: XBT,
      side: 'buy',
      type: 'limit',
      qty: 1000n,
      limitPrice: 65000n,
      tif: 'GTC',
    })
    expect(() => m().amend(T, { orderId: o.id }, { qty: 80_000n })).toThrow(
      'EOrder:Insufficient margin (insufficient margin: after this order the positions need 10270.00 USD initial margin; margin equity would be 10000.00 USD)',
    )
    expect(m().amend(T, { orderId: o.id }, { qty: 20_000n })).toMatchObject({
      id: o.id,
      qty: 20_000n,
      status: 'open',
    })
  })

  it('reduce-only: refused without a position or on its side; trimmed to the position; cut when the position closes', () => {
    expect(() => sell(1000n, { reduceOnly: true })).toThrow(
      'EOrder:Reduce only:No position exists (reduce-only: no open PF_XBTUSD position to reduce)',
    )
    buy(1000n)
    expect(m().account(T).sizeOf(XBT)).toBe(1000n)
    expect(() => buy(1000n, { reduceOnly: true })).toThrow(
      'EOrder:Reduce only:Would increase the position (reduce-only: a buy would increase the long PF_XBTUSD position)',
    )
    const resting = m().place({
      account: T,
      symbol: XBT,
      side: 'sell',
      type: 'limit',
      qty: 3000n,
      limitPrice: 70000n,
      tif: 'GTC',
      reduceOnly: true,
    })
    expect(resting.qty).toBe(1000n) // trimmed from 0.3 to the 0.1 held
    sell(1000n) // the position closes another way
    expect(m().account(T).sizeOf(XBT)).toBe(0n)
    expect(m().openOrders(T)).toEqual([])
    const cancel = events.find(
      (e) => e.kind === 'execution' && e.exec === 'canceled' && e.order.id === resting.id,
    )
    expect(cancel).toBeDefined()
  })

  it('triggers: an index stop waits off the book and fires on the index; a last stop does not', () => {
    buy(2000n)
    const byIndex = m().place({
      account: T,
      symbol: XBT,
      side: 'sell',
      type: 'stop-loss',
      qty: 1000n,
      trigger: { reference: 'index', price: 60000n },
      tif: 'GTC',
    })
    const byLast = m().place({
      account: T,
      symbol: XBT,
      side: 'sell',
      type: 'stop-loss',
      qty: 1000n,
      trigger: { reference: 'last', price: 60000n },
      tif: 'GTC',
    })
    expect(
      m()
        .openOrders(T)
        .map((o) => [o.id, o.trigger]),
    ).toEqual([
      [byLast.id, { reference: 'last', price: 60000n, triggered: false }],
      [byIndex.id, { reference: 'index', price: 60000n, triggered: false }],
    ])
    m().setIndexOverride(XBT, 60001n)
    expect(m().account(T).sizeOf(XBT)).toBe(2000n)
    m().setIndexOverride(XBT, 60000n)
    expect(m().account(T).sizeOf(XBT)).toBe(1000n) // the index stop sold 0.1 into the book
    expect(
      m()
        .openOrders(T)
        .map((o) => o.id),
    ).toEqual([byLast.id])
    const execs = events
      .filter((e) => e.kind === 'execution' && e.order.id === byIndex.id)
      .map((e) => e.kind === 'execution' && e.exec)
    expect(execs[0]).toBe('new') // once, when placed: firing does not announce it again
    expect(execs.at(-1)).toBe('filled')
    expect(new Set(execs.slice(1, -1))).toEqual(new Set(['trade']))
  })
})

describe('DerivativesMarket: funding and liquidation', () => {
  it('funding: a whole interval at mark 60,300, index 60,000 (rate 0.5 % / 8 = 0.0625 %) costs a 1 BTC long exactly 37.6875 USD', () => {
    buy(10_000n)
    m().setIndexOverride(XBT, 60000n)
    const start = (Math.floor(Date.now() / 1000) + 2) * 1000
    m().tick(start) // settles the part-interval since the position opened
    const before = m().account(T).balance
    events = []
    m().tick(start + 1000)
    expect(before - m().account(T).balance).toBe(usd('37.6875'))
    const ledger = events.filter((e) => e.kind === 'ledger')
    expect(ledger).toHaveLength(1)
    expect(ledger[0]).toMatchObject({
      kind: 'ledger',
      account: T,
      entry: { type: 'funding', symbol: XBT, amount: -usd('37.6875'), fee: 0n },
    })
    expect(m().book.positions(T)[0]).toMatchObject({ symbol: XBT, size: 10_000n, unrealisedFunding: 0n })
  })

  it('liquidation: equity at mark under MM closes the position with an IOC at the bankruptcy price; balance stays ≥ 0', () => {
    buy(5000n)
    const a = m().account(T)
    m().setIndexOverride(XBT, 50000n) // mark 50,250: equity ≈ 10,000 − 7,385 > MM 251
    expect(a.sizeOf(XBT)).toBe(5000n)
    m().setIndexOverride(XBT, 45000n) // mark 45,225: equity ≈ 10,000 − 9,898 < MM 226
    expect(a.sizeOf(XBT)).toBe(0n)
    const liq = events.filter((e) => e.kind === 'execution' && e.order.liquidation)
    expect(liq.map((e) => e.kind === 'execution' && e.exec)).toContain('trade')
    expect(liq[0]).toMatchObject({ order: { side: 'sell', type: 'limit', tif: 'IOC', reduceOnly: true } })
    expect(a.balance >= 0n).toBe(true)
    expect(m().book.positions(T, [XBT])[0]).toMatchObject({ size: 0n })
  })
})

describe('DerivativesMarket: fixed leverage is isolated margin', () => {
  it('a 5x long is liquidated on its own margin (entry notional / 5) while the wallet still has plenty', () => {
    // hourly funding: what accrues in the test's milliseconds cannot move the limit a tick
    const x = new SimExchange({ seed: 7, messagesPerSecond: 0 })
    const d = x.derivatives
    const seen: DerivEvent[] = []
    d.onEvent((e) => seen.push(e))
    d.place({ account: T, symbol: XBT, side: 'buy', type: 'market', qty: 5000n, tif: 'IOC' })
    // 0.5 BTC at an average 65,019.6384: notional 32,509.8192, of which 5x holds 6,501.96384
    expect(d.account(T).averageEntry(XBT)).toBe('65019.6384')
    d.book.setLeverage(T, XBT, 5_000_000n)
    d.setIndexOverride(XBT, 53000n) // mark 53,265: 6,501.96 − 5,877.32 = 624.64 over MM 266.33
    expect(d.prices.mark(XBT)).toBe(53265n)
    expect(d.account(T).sizeOf(XBT)).toBe(5000n)
    d.setIndexOverride(XBT, 51750n) // mark 52,008: 6,501.96 − 6,505.82 < 0 under MM 260.04
    expect(d.prices.mark(XBT)).toBe(52008n)
    expect(d.account(T).sizeOf(XBT)).toBe(0n)
    const liq = seen.find((e) => e.kind === 'execution' && e.order.liquidation)
    // limited where the held margin is gone: (32,509.8192 − 6,501.96384) / 0.5 = 52,015.71, up to 52,016
    expect(liq).toMatchObject({ order: { side: 'sell', tif: 'IOC', reduceOnly: true, limitPrice: 52016n } })
    expect(d.account(T).balance >= 0n).toBe(true)
  })

  it('the same long cross-margined (null) rides the same marks on the whole wallet', () => {
    buy(5000n)
    m().setIndexOverride(XBT, 51750n) // wallet equity ≈ 10,000 − 6,498.5 ≈ 3,500 over MM 260
    expect(m().account(T).sizeOf(XBT)).toBe(5000n)
    expect(events.some((e) => e.kind === 'execution' && e.order.liquidation)).toBe(false)
  })
})

describe('DerivativesMarket: accounts', () => {
  it('every exchange account has a USD margin account: the exchange default, or its own collateral', () => {
    const x = new SimExchange({
      messagesPerSecond: 0,
      derivatives: { collateralUsd: '2500.5' },
      accounts: [{ name: 'a' }, { name: 'b', collateralUsd: '50000' }],
    })
    expect(x.derivatives.account('a').balance).toBe(usd('2500.5'))
    expect(x.derivatives.account('b').balance).toBe(usd('50000'))
    expect(sim.derivatives.account(T).balance).toBe(usd('10000'))
    expect(() => x.derivatives.account('nobody')).toThrow('EGeneral:Permission denied')
  })
})
