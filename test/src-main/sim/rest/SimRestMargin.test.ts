import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SyntheticTraders } from '../../../../src-main/sim/market/SyntheticTraders'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { privateCall, publicCall, type KrakenReply } from '../../../helpers/krakenTestClient'

/**
 * Spot margin on the built-in exchange's REST, over a real socket: AssetPairs' margin terms,
 * AddOrder with leverage / reduce_only, OpenPositions and TradeBalance in Kraken's shapes.
 * The synthetic market's BTC/USD orders are cancelled first, so every fill price is ours.
 */

let sim: SimExchange
let base: string
let trader: { apiKey: string; apiSecret: string }
let maker: { apiKey: string; apiSecret: string }

beforeAll(async () => {
  sim = new SimExchange({
    seed: 3,
    messagesPerSecond: 0,
    tier: 'pro',
    accounts: [{ name: 'trader' }, { name: 'maker' }],
  })
  base = (await sim.start()).rest
  ;[trader, maker] = [sim.credentials[0]!, sim.credentials[1]!]
  for (const a of SyntheticTraders.accounts) sim.engine.cancelAll(a, { symbol: 'BTC/USD' })
})
afterAll(() => sim.stop())

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ok = (r: KrakenReply): Record<string, any> => {
  expect(r.error).toEqual([])
  return r.result!
}

describe('SimRestServer: spot margin', () => {
  it('AssetPairs lists Kraken’s margin terms on BTC/USD and ETH/USD, and no levels on SOL/USD', async () => {
    const r = ok(await publicCall(base, 'AssetPairs', { pair: 'XBTUSD,ETHUSD,SOLUSD' }))
    for (const k of ['XXBTZUSD', 'XETHZUSD']) {
      expect(r[k].leverage_buy).toEqual([2, 3, 4, 5])
      expect(r[k].leverage_sell).toEqual([2, 3, 4, 5])
      expect(r[k].margin_call).toBe(80)
      expect(r[k].margin_stop).toBe(40)
    }
    expect(r.SOLUSD.leverage_buy).toEqual([])
    expect(r.SOLUSD.leverage_sell).toEqual([])
  })

  it('AddOrder refuses leverage Kraken’s way: a level not listed, a pair without margin, reduce_only without a position', async () => {
    const add = (p: Record<string, string>) =>
      privateCall(base, trader, 'AddOrder', { ordertype: 'limit', type: 'buy', volume: '0.01', ...p })
    expect((await add({ pair: 'XBTUSD', price: '60000.0', leverage: '7' })).error).toEqual([
      'EGeneral:Invalid arguments:leverage',
    ])
    expect((await add({ pair: 'XBTUSD', price: '60000.0', leverage: 'lots' })).error).toEqual([
      'EGeneral:Invalid arguments:leverage',
    ])
    expect((await add({ pair: 'SOLUSD', volume: '1', price: '150.00', leverage: '2' })).error).toEqual([
      'EGeneral:Invalid arguments:leverage',
    ])
    expect((await add({ pair: 'XBTUSD', price: '60000.0', reduce_only: 'true' })).error).toEqual([
      'EOrder:Reduce only:No position exists',
    ])
    expect(
      (await add({ pair: 'XBTUSD', price: '60000.0', leverage: '2', reduce_only: 'true' })).error,
    ).toEqual(['EOrder:Reduce only:No position exists'])
    // 100000 USD at 5×: 10 BTC at 65000 needs 130000 of margin
    expect((await add({ pair: 'XBTUSD', volume: '10', price: '65000.0', leverage: '5' })).error).toEqual([
      'EOrder:Insufficient margin',
    ])
  })

  it('a 2× buy opens a position (OpenPositions, TradeBalance); a reduce-only sell closes it, P&L to USD', async () => {
    ok(
      await privateCall(base, maker, 'AddOrder', {
        pair: 'XBTUSD',
        ordertype: 'limit',
        type: 'sell',
        volume: '0.1',
        price: '65000.0',
      }),
    )
    const buy = ok(
      await privateCall(base, trader, 'AddOrder', {
        pair: 'XBTUSD',
        ordertype: 'limit',
        type: 'buy',
        volume: '0.1',
        price: '65000.0',
        leverage: '2',
      }),
    )
    expect(buy.descr.order).toBe('buy 0.10000000 XBTUSD @ limit 65000.0 with 2:1 leverage')
    const q = ok(await privateCall(base, trader, 'QueryOrders', { txid: buy.txid[0] }))
    expect(q[buy.txid[0]].descr.leverage).toBe('2:1')
    expect(q[buy.txid[0]].status).toBe('closed')
    // no BTC moved; the 16.9 USD taker fee (0.26 % of 6500) did
    expect(ok(await privateCall(base, trader, 'Balance'))).toMatchObject({
      XXBT: '2.0000000000',
      ZUSD: '99983.1000',
    })

    const hist = ok(await privateCall(base, trader, 'TradesHistory'))
    const fill = Object.values(hist.trades).find((t: any) => t.ordertxid === buy.txid[0]) // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(fill).toMatchObject({ cost: '6500.00000', fee: '16.90000', margin: '3250.00000' })
    const pos = ok(await privateCall(base, trader, 'OpenPositions', { docalcs: 'true' }))
    const [id] = Object.keys(pos)
    expect(pos[id!]).toEqual({
      ordertxid: buy.txid[0],
      posstatus: 'open',
      pair: 'XXBTZUSD',
      time: expect.any(Number),
      type: 'buy',
      ordertype: 'limit',
      cost: '6500.00000',
      fee: '16.90000',
      vol: '0.10000000',
      vol_closed: '0.00000000',
      margin: '3250.00000',
      value: '6500.00000',
      net: '+0.0000',
      terms: '0.0000% per 4 hours',
      rollovertm: expect.stringMatching(/^\d+$/),
      misc: '',
      oflags: '',
    })
    expect(
      ok(await privateCall(base, trader, 'OpenPositions', { docalcs: 'true', consolidation: 'market' })),
    ).toEqual([
      {
        pair: 'XXBTZUSD',
        positions: '1',
        type: 'buy',
        leverage: '2.00000000',
        cost: '6500.00000000',
        fee: '16.90000000',
        vol: '0.10000000',
        vol_closed: '0.00000000',
        margin: '3250.00000000',
        value: '6500.00000000',
        net: '0.00000000',
      },
    ])
    expect(ok(await privateCall(base, trader, 'TradeBalance'))).toEqual({
      eb: '99983.1000',
      tb: '99983.1000',
      m: '3250.0000',
      n: '0.0000',
      c: '6500.0000',
      v: '6500.0000',
      e: '99983.1000',
      mf: '96733.1000',
      ml: '3076.40',
    })

    // the market rises: the maker bids 66000; the trader closes into it
    ok(
      await privateCall(base, maker, 'AddOrder', {
        pair: 'XBTUSD',
        ordertype: 'limit',
        type: 'buy',
        volume: '0.1',
        price: '66000.0',
      }),
    )
    const sell = ok(
      await privateCall(base, trader, 'AddOrder', {
        pair: 'XBTUSD',
        ordertype: 'market',
        type: 'sell',
        volume: '0.1',
        leverage: '2',
        reduce_only: 'true',
      }),
    )
    expect(sell.descr.order).toBe('sell 0.10000000 XBTUSD @ market with 2:1 leverage')
    expect(ok(await privateCall(base, trader, 'OpenPositions', { docalcs: 'true' }))).toEqual({})
    // + 100 P&L (0.1 × 1000), − 17.16 fee (0.26 % of 6600)
    expect(ok(await privateCall(base, trader, 'Balance'))).toMatchObject({
      XXBT: '2.0000000000',
      ZUSD: '100065.9400',
    })
    expect(ok(await privateCall(base, trader, 'TradeBalance'))).toEqual({
      eb: '100065.9400',
      tb: '100065.9400',
      m: '0.0000',
      n: '0.0000',
      c: '0.0000',
      v: '0.0000',
      e: '100065.9400',
      mf: '100065.9400',
    })
  })

  it('AddOrderBatch: a margin order short of margin is refused alone, as a funding failure (the rest stand)', async () => {
    const r = await privateCall(
      base,
      trader,
      'AddOrderBatch',
      {
        pair: 'XBTUSD',
        orders: [
          { ordertype: 'limit', type: 'buy', volume: '0.01', price: '50000.0', leverage: '2' },
          { ordertype: 'limit', type: 'buy', volume: '20', price: '50000.0', leverage: '2' },
        ],
      } as never,
      { json: true },
    )
    const res = ok(r)
    expect(res.orders[0].txid).toMatch(/^O/)
    expect(res.orders[0].descr.order).toBe('buy 0.01000000 XBTUSD @ limit 50000.0 with 2:1 leverage')
    expect(res.orders[1]).toEqual({ error: 'EOrder:Insufficient margin' })
  })
})
