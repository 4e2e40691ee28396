import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krakenSignature } from '../../../../src-main/sim/rest/auth'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { privateCall, publicCall, type KrakenReply } from '../../../helpers/krakenTestClient'

// Kraken's official REST signing example (../shared/docs/kraken-api.md §1.4)
const OFFICIAL = {
  secret: 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
  nonce: '1616492376594',
  body: 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
  path: '/0/private/AddOrder',
  sign: '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
}

let sim: SimExchange
let base: string
let cred: { apiKey: string; apiSecret: string }

beforeAll(async () => {
  sim = new SimExchange({
    seed: 5,
    messagesPerSecond: 0,
    tier: 'starter',
    accounts: [
      { name: 'trader' },
      { name: 'official', apiKey: 'official-key', apiSecret: OFFICIAL.secret },
      { name: 'limited' },
    ],
  })
  base = (await sim.start()).rest
  cred = sim.credentials[0]!
})
afterAll(() => sim.stop())

const ok = (r: KrakenReply) => {
  expect(r.error).toEqual([])
  return r.result as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('SimRestServer: authentication', () => {
  it("verifies Kraken's official signing example", async () => {
    expect(krakenSignature(OFFICIAL.path, OFFICIAL.nonce, OFFICIAL.body, OFFICIAL.secret)).toBe(OFFICIAL.sign)
    // The same bytes over HTTP pass authentication (the order itself is then judged on its merits).
    const res = await fetch(base + OFFICIAL.path, {
      method: 'POST',
      headers: {
        'API-Key': 'official-key',
        'API-Sign': OFFICIAL.sign,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: OFFICIAL.body,
    })
    const r = (await res.json()) as KrakenReply
    expect(r.error.join()).not.toMatch(/^EAPI/)
    expect(ok(r).txid).toHaveLength(1)
  })

  it('refuses unknown keys, bad signatures and nonces that do not increase', async () => {
    // its own key: a huge nonce, once accepted, makes every smaller one fail forever (as on Kraken)
    const cred = sim.addAccount({ name: 'nonce-tester' })
    expect((await privateCall(base, { apiKey: 'nope', apiSecret: cred.apiSecret }, 'Balance')).error).toEqual(
      ['EAPI:Invalid key'],
    )
    expect((await privateCall(base, cred, 'Balance', {}, { signature: 'AAAA' })).error).toEqual([
      'EAPI:Invalid signature',
    ])
    const other = sim.credentials[2]!
    expect(
      (await privateCall(base, { apiKey: cred.apiKey, apiSecret: other.apiSecret }, 'Balance')).error,
    ).toEqual(['EAPI:Invalid signature'])
    ok(await privateCall(base, cred, 'Balance', {}, { nonce: '9000000000000000001' }))
    expect((await privateCall(base, cred, 'Balance', {}, { nonce: '9000000000000000001' })).error).toEqual([
      'EAPI:Invalid nonce',
    ])
    expect((await privateCall(base, cred, 'Balance', {}, { nonce: '9000000000000000000' })).error).toEqual([
      'EAPI:Invalid nonce',
    ])
    ok(await privateCall(base, cred, 'Balance', {}, { nonce: '9000000000000000002' }))
  })

  it('accepts JSON bodies as well as form bodies', async () => {
    const j = { apiKey: sim.credentials[2]!.apiKey, apiSecret: sim.credentials[2]!.apiSecret }
    const r = ok(await privateCall(base, j, 'Balance', {}, { json: true }))
    expect(r.ZUSD).toBe('100000.0000')
  })
})

describe('SimRestServer: public market data', () => {
  it("serves AssetPairs in Kraken's names (pair key, altname, wsname) with precisions", async () => {
    const r = ok(await publicCall(base, 'AssetPairs', { pair: 'XBTUSD,ETH/USD' }))
    expect(Object.keys(r)).toEqual(['XXBTZUSD', 'XETHZUSD'])
    expect(r.XXBTZUSD).toMatchObject({
      altname: 'XBTUSD',
      wsname: 'XBT/USD',
      base: 'XXBT',
      quote: 'ZUSD',
      pair_decimals: 1,
      lot_decimals: 8,
      tick_size: '0.1',
      ordermin: '0.00005',
    })
    const assets = ok(await publicCall(base, 'Assets'))
    expect(assets.XXRP).toMatchObject({ altname: 'XRP' }) // never strip X blindly
    expect((await publicCall(base, 'AssetPairs', { pair: 'FOOBAR' })).error).toEqual([
      'EQuery:Unknown asset pair',
    ])
  })

  it('serves Depth, Ticker, Time and rejects unknown methods', async () => {
    const d = ok(await publicCall(base, 'Depth', { pair: 'XXBTZUSD', count: '5' }))
    const book = d.XXBTZUSD as { bids: string[][]; asks: string[][] }
    expect(book.bids).toHaveLength(5)
    expect(book.asks[0]![0]).toMatch(/^\d+\.\d$/)
    expect(book.asks[0]![1]).toMatch(/^\d+\.\d{8}$/)
    expect(Number(book.bids[0]![0])).toBeLessThan(Number(book.asks[0]![0]))
    const t = ok(await publicCall(base, 'Ticker', { pair: 'XBTUSD' }))
    expect(t.XXBTZUSD.a[0]).toBe(book.asks[0]![0])
    expect(ok(await publicCall(base, 'Time')).unixtime).toBeGreaterThan(1_700_000_000)
    expect((await publicCall(base, 'Nope')).error).toEqual(['EGeneral:Unknown method'])
    const res = await fetch(`${base}/elsewhere`)
    expect(res.status).toBe(404)
  })
})

describe('SimRestServer: trades and candles', () => {
  it('serves the public trade tape and OHLC after the market trades', async () => {
    for (let i = 0; i < 3000; i++) sim.step('ETH/USD')
    const t = ok(await publicCall(base, 'Trades', { pair: 'ETHUSD' }))
    const rows = t.XETHZUSD as [string, string, number, string, string, string, number][]
    expect(rows.length).toBeGreaterThan(0)
    const [price, volume, , side, type, , id] = rows.at(-1)!
    expect(price).toMatch(/^\d+\.\d{2}$/)
    expect(volume).toMatch(/^\d+\.\d{8}$/)
    expect(['b', 's']).toContain(side)
    expect(type).toBe('m')
    expect(id).toBe(rows.length === 1 ? 1 : (rows.at(-2)![6] as number) + 1)
    expect(t.last).toMatch(/^\d{19}$/)
    const o = ok(await publicCall(base, 'OHLC', { pair: 'ETHUSD', interval: '1' }))
    const candle = (o.XETHZUSD as string[][]).at(-1)!
    expect(candle).toHaveLength(8)
    expect(Number(candle[2])).toBeGreaterThanOrEqual(Number(candle[3]))
    expect((await publicCall(base, 'OHLC', { pair: 'ETHUSD', interval: '7' })).error).toEqual([
      'EGeneral:Invalid arguments:interval',
    ])
  })
})

describe('SimRestServer: orders', () => {
  it('places, lists, amends and cancels an order; errors use Kraken strings', async () => {
    const add = ok(
      await privateCall(base, cred, 'AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '30000.0',
        volume: '0.01',
        cl_ord_id: 'rest-1',
      }),
    )
    expect(add.descr.order).toBe('buy 0.01000000 XBTUSD @ limit 30000.0')
    const txid = add.txid[0] as string
    expect(txid).toMatch(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/)
    const open = ok(await privateCall(base, cred, 'OpenOrders', { cl_ord_id: 'rest-1' }))
    expect(open.open[txid]).toMatchObject({
      status: 'open',
      vol: '0.01000000',
      descr: { pair: 'XBTUSD', price: '30000.0' },
    })
    ok(await privateCall(base, cred, 'AmendOrder', { txid, limit_price: '30001.0' }))
    const q = ok(await privateCall(base, cred, 'QueryOrders', { txid }))
    expect(q[txid]).toMatchObject({ misc: 'amended', descr: { price: '30001.0' } })
    // Kraken's recorded replies carry only the count (corpus rest.CancelOrder.api-specs-1)
    expect(ok(await privateCall(base, cred, 'CancelOrder', { txid }))).toEqual({ count: 1 })
    const closed = ok(await privateCall(base, cred, 'ClosedOrders', { cl_ord_id: 'rest-1' }))
    expect(closed.closed[txid]).toMatchObject({ status: 'canceled', reason: 'User requested' })
    expect((await privateCall(base, cred, 'CancelOrder', { txid })).error).toEqual(['EOrder:Unknown order'])
  })

  it('refuses bad orders with the error Kraken gives', async () => {
    const e = async (p: Record<string, string>) =>
      (await privateCall(base, cred, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', ...p }))
        .error
    expect(await e({ price: '30000.0', volume: '0.00001' })).toEqual(['EOrder:Order minimum not met'])
    expect(await e({ price: '30000.05', volume: '0.01' })).toEqual([
      // Kraken names the pair by its key (corpus rest.error.issue-price-decimals)
      'EOrder:Invalid price:XXBTZUSD price can only be specified up to 1 decimals.',
    ])
    expect(await e({ price: '30000.0', volume: '5' })).toEqual(['EOrder:Insufficient funds'])
    expect(await e({ price: 'abc', volume: '0.01' })).toEqual(['EOrder:Invalid price:Invalid price argument'])
    expect(await e({ price: '30000.0', volume: '0.01', ordertype: 'moon' })).toEqual([
      'EGeneral:Invalid arguments:ordertype',
    ])
    expect(await e({ price: '30000.0', volume: '0.01', pair: 'XBTUSDX' })).toEqual([
      'EQuery:Unknown asset pair',
    ])
    expect(await e({ price: '30000.0', volume: '0.01', oflags: 'post,rocket' })).toEqual([
      'EGeneral:Invalid arguments:oflags',
    ])
  })

  it('fills a market order against the synthetic book and reports it in TradesHistory and Balance', async () => {
    const before = ok(await privateCall(base, cred, 'Balance'))
    const add = ok(
      await privateCall(base, cred, 'AddOrder', {
        pair: 'XXBTZUSD',
        type: 'buy',
        ordertype: 'market',
        volume: '0.01',
      }),
    )
    const txid = add.txid[0] as string
    const q = ok(await privateCall(base, cred, 'QueryOrders', { txid, trades: 'true' }))
    expect(q[txid].status).toBe('closed')
    expect(q[txid].vol_exec).toBe('0.01000000')
    const hist = ok(await privateCall(base, cred, 'TradesHistory'))
    const mine = Object.values(
      hist.trades as Record<string, { ordertxid: string; vol: string; pair: string }>,
    ).filter((t) => t.ordertxid === txid)
    expect(mine.reduce((s, t) => s + Number(t.vol), 0)).toBeCloseTo(0.01, 10)
    expect(mine[0]!.pair).toBe('XXBTZUSD')
    const after = ok(await privateCall(base, cred, 'Balance'))
    expect(Number(after.XXBT) - Number(before.XXBT)).toBeCloseTo(0.01, 10)
    expect(Number(after.ZUSD)).toBeLessThan(Number(before.ZUSD))
  })

  it('AddOrderBatch is all-or-nothing on validation; CancelAll and CancelAllOrdersAfter work', async () => {
    const bad = await privateCall(base, cred, 'AddOrderBatch', {
      pair: 'XBTUSD',
      'orders[0][ordertype]': 'limit',
      'orders[0][type]': 'buy',
      'orders[0][price]': '20000.0',
      'orders[0][volume]': '0.01',
      'orders[1][ordertype]': 'limit',
      'orders[1][type]': 'buy',
      'orders[1][price]': '20000.0',
      'orders[1][volume]': '0.000001',
    })
    expect(bad.error).toEqual(['EOrder:Order minimum not met'])
    const good = ok(
      await privateCall(
        base,
        cred,
        'AddOrderBatch',
        {
          pair: 'XBTUSD',
          orders: [
            { ordertype: 'limit', type: 'buy', price: '20000.0', volume: '0.01' },
            { ordertype: 'limit', type: 'buy', price: '20001.0', volume: '0.01' },
          ],
        } as never,
        { json: true },
      ),
    )
    expect(good.orders).toHaveLength(2)
    const dms = ok(await privateCall(base, cred, 'CancelAllOrdersAfter', { timeout: '60' }))
    expect(Date.parse(dms.triggerTime) - Date.parse(dms.currentTime)).toBe(60_000)
    ok(await privateCall(base, cred, 'CancelAllOrdersAfter', { timeout: '0' }))
    expect(ok(await privateCall(base, cred, 'CancelAll')).count).toBe(2)
  })

  it('rejects malformed and oversized bodies with an error envelope', async () => {
    expect((await privateCall(base, cred, 'Balance', {}, { json: true, signature: 'x' })).error[0]).toMatch(
      /^EAPI/,
    )
    const res = await fetch(`${base}/0/private/Balance`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'API-Key': cred.apiKey, 'API-Sign': 'x' },
      body: '{"nonce":',
    })
    // Kraken's errors guide: "EGeneral:Invalid arguments — The request payload is malformed,
    // incorrect or ambiguous" (corpus rest.error.docs-invalid-arguments)
    expect(((await res.json()) as KrakenReply).error).toEqual(['EGeneral:Invalid arguments'])
    const big = await fetch(`${base}/0/private/Balance`, { method: 'POST', body: 'x'.repeat(100_000) })
    expect(((await big.json()) as KrakenReply).error[0]).toMatch(/^EGeneral:Invalid arguments/)
  })
})

describe('SimRestServer: rate limits (starter tier)', () => {
  it('REST counter: 15 calls pass, the 16th gets EAPI:Rate limit exceeded', async () => {
    const c = sim.addAccount({ name: 'spammer' })
    const errors: string[][] = []
    for (let i = 0; i < 16; i++) errors.push((await privateCall(base, c, 'Balance')).error)
    expect(errors.slice(0, 15).every((e) => e.length === 0)).toBe(true)
    expect(errors[15]).toEqual(['EAPI:Rate limit exceeded'])
  })

  it('trading counter: add(+1) and immediate cancel(+8) pairs pass 6 times; the 7th cancel is refused', async () => {
    const c = sim.addAccount({ name: 'churner' })
    const outcomes: string[] = []
    for (let i = 0; i < 7; i++) {
      const add = await privateCall(base, c, 'AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '20000.0',
        volume: '0.001',
      })
      outcomes.push(add.error[0] ?? 'added')
      const txid = (add.result?.txid as string[] | undefined)?.[0]
      if (txid) outcomes.push((await privateCall(base, c, 'CancelOrder', { txid })).error[0] ?? 'cancelled')
    }
    // 6 * 9 = 54; 7th add -> 55; 7th cancel would reach 63 > 60
    expect(outcomes.filter((o) => o === 'cancelled')).toHaveLength(6)
    expect(outcomes.at(-2)).toBe('added')
    expect(outcomes.at(-1)).toBe('EOrder:Rate limit exceeded')
  })
})
