import { describe, expect, it } from 'vitest'
import { formatAsset } from '../../../../src-main/sim/engine/Accounts'
import { MatchingEngine } from '../../../../src-main/sim/engine/MatchingEngine'
import type { EngineEvent, NewOrder } from '../../../../src-main/sim/engine/types'
import { SIM_INSTRUMENTS } from '../../../../src-main/sim/instruments'

// BTC/USD: price precision 1 (65000.0 -> 650000), qty precision 8 (1 BTC -> 100000000n)
const px = (p: string) => Math.round(Number(p) * 10)
const q = (v: string) => {
  const [i, f = ''] = v.split('.')
  return BigInt(i! + f.padEnd(8, '0'))
}

function setup() {
  let now = 1_700_000_000_000
  let r = 0
  const engine = new MatchingEngine(SIM_INSTRUMENTS, {
    now: () => now,
    random: () => ((r = (r * 9301 + 49297) % 233280), r / 233280),
  })
  for (const a of ['alice', 'bob', 'carol']) {
    engine.accounts.deposit(a, 'ZUSD', '1000000')
    engine.accounts.deposit(a, 'XXBT', '100')
  }
  const events: EngineEvent[] = []
  engine.onEvents((e) => events.push(...e))
  const order = (o: Partial<NewOrder> & Pick<NewOrder, 'account' | 'side'>) =>
    engine.place({
      symbol: 'BTC/USD',
      type: 'limit',
      qty: q('1'),
      tif: 'GTC',
      source: { protocol: 'rest' },
      ...o,
    })
  return { engine, events, order, clock: { advance: (ms: number) => (now += ms) } }
}

const usd = (e: MatchingEngine, a: string) => formatAsset(e.accounts.balance(a, 'ZUSD'), 4)
const btc = (e: MatchingEngine, a: string) => formatAsset(e.accounts.balance(a, 'XXBT'), 8)

describe('MatchingEngine', () => {
  it('rests a limit order, then fills it at the maker price with exact fees and balances', () => {
    const { engine, order } = setup()
    const maker = order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('0.5') })
    expect(maker.status).toBe('open')
    expect(engine.book('BTC/USD').topL2('ask', 1)).toEqual([[650000, q('0.5')]])
    const taker = order({ account: 'bob', side: 'buy', limitPrice: px('65100.0'), qty: q('0.2') })
    expect(taker.status).toBe('closed')
    expect(maker.filled).toBe(q('0.2'))
    // 0.2 * 65000 = 13000 USD; maker fee 0.16% = 20.8, taker fee 0.26% = 33.8
    expect(usd(engine, 'alice')).toBe(
      '1013000.0000'.replace('1013000.0000', (1_000_000 + 13000 - 20.8).toFixed(4)),
    )
    expect(usd(engine, 'bob')).toBe((1_000_000 - 13000 - 33.8).toFixed(4))
    expect(btc(engine, 'alice')).toBe('99.80000000')
    expect(btc(engine, 'bob')).toBe('100.20000000')
    expect(engine.book('BTC/USD').topL2('ask', 1)).toEqual([[650000, q('0.3')]])
  })

  it('fills by price, then time priority', () => {
    const { engine, order } = setup()
    const first = order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('1') })
    const second = order({ account: 'carol', side: 'sell', limitPrice: px('65000.0'), qty: q('1') })
    const better = order({ account: 'carol', side: 'sell', limitPrice: px('64999.9'), qty: q('0.5') })
    order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('1.2') })
    expect(better.status).toBe('closed')
    expect(first.filled).toBe(q('0.7'))
    expect(second.filled).toBe(0n)
    expect(engine.fills.filter((f) => f.maker).map((f) => f.price)).toEqual([649999, 650000])
  })

  it('market orders walk the book; what cannot fill is cancelled', () => {
    const { order } = setup()
    order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('0.1') })
    order({ account: 'alice', side: 'sell', limitPrice: px('65001.0'), qty: q('0.1') })
    const m = order({ account: 'bob', side: 'buy', type: 'market', qty: q('0.3') })
    expect(m.filled).toBe(q('0.2'))
    expect(m.status).toBe('canceled')
    expect(m.reason).toBe('Insufficient liquidity')
  })

  it('IOC expires its remainder; FOK fills all or nothing', () => {
    const { engine, order } = setup()
    order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('0.5') })
    const ioc = order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('1'), tif: 'IOC' })
    expect([ioc.status, ioc.filled]).toEqual(['expired', q('0.5')])
    order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('0.5') })
    const fok = order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('1'), tif: 'FOK' })
    expect([fok.status, fok.filled]).toEqual(['expired', 0n])
    expect(engine.book('BTC/USD').topL2('ask', 1)).toEqual([[650000, q('0.5')]])
    const fok2 = order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('0.5'), tif: 'FOK' })
    expect(fok2.status).toBe('closed')
  })

  it('post-only never takes: a crossing post-only order is cancelled', () => {
    const { order } = setup()
    order({ account: 'alice', side: 'sell', limitPrice: px('65000.0') })
    const p = order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), postOnly: true })
    expect([p.status, p.reason, p.filled]).toEqual(['canceled', 'Post only order', 0n])
    const ok = order({ account: 'bob', side: 'buy', limitPrice: px('64999.9'), postOnly: true })
    expect(ok.status).toBe('open')
  })

  it('icebergs show only their display quantity and refill at the back of the queue', () => {
    const { engine, order, events } = setup()
    const ice = order({
      account: 'alice',
      side: 'sell',
      type: 'iceberg',
      limitPrice: px('65000.0'),
      qty: q('1.5'),
      displayQty: q('0.1'),
    })
    const plain = order({ account: 'carol', side: 'sell', limitPrice: px('65000.0'), qty: q('0.3') })
    expect(engine.book('BTC/USD').topL2('ask', 1)).toEqual([[650000, q('0.4')]])
    order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('0.15') })
    // first 0.1 from the iceberg slice, which refills behind carol; next 0.05 from carol
    expect(ice.filled).toBe(q('0.1'))
    expect(plain.filled).toBe(q('0.05'))
    expect(events.some((e) => e.kind === 'order' && e.exec === 'iceberg_refill' && e.order === ice)).toBe(
      true,
    )
    expect(() =>
      order({
        account: 'alice',
        side: 'sell',
        type: 'iceberg',
        limitPrice: px('65000.0'),
        qty: q('2'),
        displayQty: q('0.1'),
      }),
    ).toThrow('EGeneral:Invalid arguments:displayvol')
  })

  it('stop-loss fires on the last trade price; stop-loss-limit rests at its limit', () => {
    const { engine, order } = setup()
    order({ account: 'carol', side: 'buy', limitPrice: px('64000.0'), qty: q('5') })
    const stop = order({
      account: 'alice',
      side: 'sell',
      type: 'stop-loss',
      triggerPrice: px('64500.0'),
      qty: q('0.1'),
    })
    const stopLimit = order({
      account: 'alice',
      side: 'sell',
      type: 'stop-loss-limit',
      triggerPrice: px('64500.0'),
      limitPrice: px('64400.0'),
      qty: q('0.1'),
    })
    expect(stop.untriggered).toBe(true)
    order({ account: 'bob', side: 'sell', limitPrice: px('64000.0'), qty: q('0.1') }) // trade at 64000 <= 64500
    expect(engine.last('BTC/USD')).toBe(px('64000.0'))
    expect(stop.status).toBe('closed')
    expect(stopLimit.untriggered).toBe(false)
    expect(stopLimit.status).toBe('open') // 64400 limit above the 64000 bid: rests
    expect(engine.book('BTC/USD').topL2('ask', 1)).toEqual([[px('64400.0'), q('0.1')]])
  })

  it('take-profit fires when the market reaches the target', () => {
    const { order } = setup()
    order({ account: 'carol', side: 'buy', limitPrice: px('66000.0'), qty: q('5') })
    const tp = order({
      account: 'alice',
      side: 'sell',
      type: 'take-profit',
      triggerPrice: px('65500.0'),
      qty: q('0.1'),
    })
    order({ account: 'bob', side: 'sell', limitPrice: px('66000.0'), qty: q('0.1') })
    expect(tp.status).toBe('closed')
  })

  it('trailing stops follow the market and fire on the pullback', () => {
    const { order } = setup()
    order({ account: 'carol', side: 'buy', limitPrice: px('60000.0'), qty: q('10') })
    const trade = (price: string) => {
      order({ account: 'carol', side: 'sell', limitPrice: px(price), qty: q('0.01') })
      order({ account: 'bob', side: 'buy', limitPrice: px(price), qty: q('0.01') })
    }
    trade('65000.0')
    const trail = order({
      account: 'alice',
      side: 'sell',
      type: 'trailing-stop',
      triggerPrice: px('100.0'),
      qty: q('0.1'),
    })
    expect(trail.trailStop).toBe(px('64900.0'))
    trade('65500.0')
    expect(trail.trailStop).toBe(px('65400.0'))
    expect(trail.status).toBe('open')
    trade('65450.0') // pullback of 50: not yet
    expect(trail.untriggered).toBe(true)
    trade('65400.0') // reaches the trailed stop
    expect(trail.untriggered).toBe(false)
    expect(trail.status).toBe('closed')
  })

  it('self-trade prevention: cancel-newest by default, cancel-oldest on request', () => {
    const { order } = setup()
    const resting = order({ account: 'alice', side: 'sell', limitPrice: px('65000.0') })
    const newest = order({ account: 'alice', side: 'buy', limitPrice: px('65000.0') })
    expect([newest.status, newest.reason, resting.status]).toEqual([
      'canceled',
      'Self trade prevention',
      'open',
    ])
    const oldest = order({ account: 'alice', side: 'buy', limitPrice: px('65000.0'), stp: 'cancel-oldest' })
    expect(resting.status).toBe('canceled')
    expect(oldest.status).toBe('open')
  })

  it('amend: smaller quantity keeps queue priority, a new price loses it, below filled cancels the rest', () => {
    const { engine, order } = setup()
    const a = order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('1') })
    const c = order({ account: 'carol', side: 'sell', limitPrice: px('65000.0'), qty: q('1') })
    engine.amend('alice', { orderId: a.id }, { qty: q('0.5') })
    expect(
      engine
        .book('BTC/USD')
        .asks.best()!
        .orders.map((o) => o.id),
    ).toEqual([a.id, c.id])
    engine.amend('alice', { orderId: a.id }, { limitPrice: px('65000.1') })
    engine.amend('alice', { orderId: a.id }, { limitPrice: px('65000.0') })
    expect(
      engine
        .book('BTC/USD')
        .asks.best()!
        .orders.map((o) => o.id),
    ).toEqual([c.id, a.id])
    expect(a.amended).toBe(true)
    order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('1.2') })
    expect(a.filled).toBe(q('0.2'))
    engine.amend('alice', { orderId: a.id }, { qty: q('0.1') })
    expect(a.status).toBe('closed')
    expect(() => engine.amend('alice', { orderId: a.id }, { qty: q('1') })).toThrow('EOrder:Unknown order')
  })

  it('amend keeps the id; edit replaces it', () => {
    const { engine, order } = setup()
    const a = order({ account: 'alice', side: 'buy', limitPrice: px('60000.0'), clOrdId: 'my-1' })
    expect(engine.amend('alice', { clOrdId: 'my-1' }, { limitPrice: px('60001.0') }).id).toBe(a.id)
    const { original, replacement } = engine.edit('alice', { orderId: a.id }, { limitPrice: px('60002.0') })
    expect(original.status).toBe('canceled')
    expect(replacement.id).not.toBe(a.id)
    expect(replacement.limitPrice).toBe(px('60002.0'))
  })

  it('a FIX-scoped cancel reaches only orders of the same FIX session', () => {
    const { engine, order } = setup()
    const viaWs = order({
      account: 'alice',
      side: 'buy',
      limitPrice: px('60000.0'),
      source: { protocol: 'ws' },
    })
    const viaFix = order({
      account: 'alice',
      side: 'buy',
      limitPrice: px('60000.0'),
      source: { protocol: 'fix', session: 'S1' },
    })
    expect(() => engine.cancel('alice', { orderId: viaWs.id }, { fixSession: 'S1' })).toThrow(
      'EOrder:Unknown order',
    )
    expect(() => engine.cancel('alice', { orderId: viaFix.id }, { fixSession: 'S2' })).toThrow(
      'EOrder:Unknown order',
    )
    expect(viaWs.status).toBe('open')
    engine.cancel('alice', { orderId: viaFix.id }, { fixSession: 'S1' })
    expect(viaFix.status).toBe('canceled')
    engine.cancel('alice', { orderId: viaWs.id }) // REST/WS reach any order
    expect(viaWs.status).toBe('canceled')
  })

  it('cancel-all-after fires after its timeout unless re-armed; GTD orders expire', () => {
    const { engine, order, clock } = setup()
    const a = order({ account: 'alice', side: 'buy', limitPrice: px('60000.0') })
    const g = order({
      account: 'bob',
      side: 'buy',
      limitPrice: px('60000.0'),
      tif: 'GTD',
      expireAt: Date.now() + 10 ** 12,
    })
    engine.cancelAllAfter('alice', 60)
    clock.advance(59_000)
    engine.advance()
    expect(a.status).toBe('open')
    engine.cancelAllAfter('alice', 60)
    clock.advance(59_000)
    engine.advance()
    expect(a.status).toBe('open')
    clock.advance(2_000)
    engine.advance()
    expect([a.status, a.reason]).toEqual(['canceled', 'Cancel all orders after (dead man switch)'])
    expect(g.status).toBe('open')
    g.expireAt = 0
    engine.advance()
    expect(g.status).toBe('expired')
  })

  it("refuses what Kraken refuses, with Kraken's words, and changes nothing", () => {
    const { engine, order } = setup()
    expect(() =>
      order({ account: 'alice', side: 'buy', limitPrice: px('60000.0'), qty: q('0.00001') }),
    ).toThrow('EOrder:Order minimum not met')
    expect(() => order({ account: 'alice', side: 'buy', limitPrice: 600000.5, qty: q('1') })).toThrow(
      'EOrder:Tick size check failed',
    )
    expect(() => order({ account: 'alice', side: 'buy', limitPrice: px('1.0'), qty: q('0.0001') })).toThrow(
      'EOrder:Cost minimum not met',
    )
    expect(() => order({ account: 'alice', side: 'buy', limitPrice: px('60000.0'), qty: q('50') })).toThrow(
      'EOrder:Insufficient funds',
    )
    expect(() => order({ account: 'alice', side: 'sell', limitPrice: px('60000.0'), qty: q('101') })).toThrow(
      'EOrder:Insufficient funds',
    )
    expect(() =>
      engine.place({
        account: 'alice',
        symbol: 'FOO/BAR',
        side: 'buy',
        type: 'limit',
        qty: q('1'),
        tif: 'GTC',
        source: { protocol: 'rest' },
      }),
    ).toThrow('EQuery:Unknown asset pair')
    expect(() =>
      order({ account: 'alice', side: 'buy', reduceOnly: true, limitPrice: px('60000.0') }),
    ).toThrow('EOrder:Reduce only:No position exists')
    expect([...engine.openOrders('alice')]).toHaveLength(0)
    // funds held by open orders are not available twice
    order({ account: 'alice', side: 'sell', limitPrice: px('70000.0'), qty: q('60') })
    expect(() => order({ account: 'alice', side: 'sell', limitPrice: px('70000.0'), qty: q('41') })).toThrow(
      'EOrder:Insufficient funds',
    )
  })

  it('caps open orders per pair', () => {
    const engine = new MatchingEngine(SIM_INSTRUMENTS, { maxOpenOrdersPerPair: 3 })
    engine.accounts.deposit('a', 'ZUSD', '1000000')
    const o = () =>
      engine.place({
        account: 'a',
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: q('0.001'),
        limitPrice: px('60000.0'),
        tif: 'GTC',
        source: { protocol: 'ws' },
      })
    o()
    o()
    o()
    expect(o).toThrow('EOrder:Orders limit exceeded')
  })

  it('emits WS v2 lifecycle events in order: pending_new, new, trade, filled', () => {
    const { order, events } = setup()
    order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('1') })
    events.length = 0
    const t = order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('1') })
    const mine = events
      .filter((e) => e.kind === 'order' && e.order === t)
      .map((e) => (e.kind === 'order' ? e.exec : ''))
    expect(mine).toEqual(['pending_new', 'new', 'trade', 'filled'])
  })
})

describe("MatchingEngine refusals in Kraken's words", () => {
  it('reduce-only on spot (no margin position): EOrder:Reduce only:No position exists', () => {
    // Kraken's spot error list as catalogued from docs.kraken.com/api/docs/guides/spot-errors
    // (api-evangelist/kraken errors/kraken-error-codes.yml): "Reduce-only order placed with no open position"
    const { order } = setup()
    expect(() =>
      order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('0.1'), reduceOnly: true }),
    ).toThrow(/^EOrder:Reduce only:No position exists$/)
  })
})
