/**
 * Kraken's documented Unified WebSocket examples (test/conformance/corpus/uws/) against the
 * built-in exchange: each documented request is accepted as written (only the token, which is
 * Kraken's placeholder, is ours), and each documented reply shape is what the exchange answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimExchange, SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { corpusMessage } from '../../../conformance/corpus'
import { startSim, token, wsSession, type Msg, type Session } from './uwsHelpers'
import { parse } from 'lossless-json'

let sim: SimExchange
let ep: SimEndpoints
let s: Session
let tok: string

beforeAll(async () => {
  ;({ sim, ep } = await startSim())
  tok = await token(sim, ep)
  s = await wsSession(ep.uwsPrivate)
})
afterAll(async () => {
  s.close()
  await sim.stop()
})

/** The documented request with our token in place of Kraken's placeholder. */
function request(id: string): string {
  const text = corpusMessage(id).text
  return text.replace(/"token":"[^"]*"/, `"token":"${tok}"`)
}

const documented = (id: string): Msg => parse(corpusMessage(id).text, null, (v: string) => v) as Msg

/** Same keys at every level; values equal except the times. */
function sameShape(ours: Msg, doc: Msg): void {
  const strip = (m: Msg): Msg => {
    const { time_in: _a, time_out: _b, ...rest } = m
    return rest
  }
  expect(strip(ours)).toEqual(strip(doc))
  expect(ours.time_in).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6,7}Z$/)
  expect(ours.time_out).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6,7}Z$/)
}

const trader = 'trader'

describe('documented UWS vectors against the built-in exchange', () => {
  it('amend_order by cl_ord_id (uws.amend_order.request.kraken-docs-1) answers as documented', async () => {
    sim.derivatives.place({
      account: trader,
      symbol: 'PF_XBTUSD',
      side: 'sell',
      type: 'limit',
      qty: 1000n,
      limitPrice: 70000n,
      tif: 'GTC',
      clOrdId: '2c6be801-1f53-4f79-a0bb-4ea1c95dfae9',
    })
    s.sendText(request('uws.amend_order.request.kraken-docs-1'))
    const r = await s.next((m) => m.method === 'amend_order')
    sameShape(r, documented('uws.amend_order.reply.kraken-docs-1'))
    const [o] = sim.derivatives
      .openOrders(trader)
      .filter((v) => v.clOrdId === '2c6be801-1f53-4f79-a0bb-4ea1c95dfae9')
    expect(o).toMatchObject({ qty: 12000n, limitPrice: 490795n })
  })

  it('amend_order by order_id with deadline and post_only (uws.amend_order.request.kraken-docs-2) is accepted', async () => {
    sim.derivatives.place({
      account: trader,
      symbol: 'PF_ETHUSD',
      side: 'sell',
      type: 'limit',
      qty: 100n,
      limitPrice: 500000n,
      tif: 'GTC',
      id: 'e66851e7-8721-50ed-bf43-5e6a2ddff423',
    })
    s.sendText(request('uws.amend_order.request.kraken-docs-2'))
    const r = await s.next((m) => m.method === 'amend_order')
    expect(r).toMatchObject({
      success: true,
      result: { amend_id: '', order_id: 'e66851e7-8721-50ed-bf43-5e6a2ddff423' },
    })
    const o = sim.derivatives.openOrders(trader).find((v) => v.id === 'e66851e7-8721-50ed-bf43-5e6a2ddff423')
    expect(o).toMatchObject({ limitPrice: 610313n, postOnly: true })
  })

  it('cancel_all (uws.cancel_all.request.kraken-docs-1) answers exactly the documented reply', async () => {
    sim.derivatives.cancelAll(trader)
    sim.derivatives.place({
      account: trader,
      symbol: 'PF_XBTUSD',
      side: 'buy',
      type: 'limit',
      qty: 10n,
      limitPrice: 50000n,
      tif: 'GTC',
    })
    s.sendText(request('uws.cancel_all.request.kraken-docs-1'))
    sameShape(
      await s.next((m) => m.method === 'cancel_all'),
      documented('uws.cancel_all.reply.kraken-docs-1'),
    )
  })

  it('batch_cancel of three UUIDs (uws.batch_cancel.request.kraken-docs-1) answers exactly the documented reply', async () => {
    const ids = [
      '11111111-1111-4111-8111-111111111111',
      '22222222-2222-4222-8222-222222222222',
      '33333333-3333-4333-8333-333333333333',
    ]
    for (const [k, id] of ids.entries())
      sim.derivatives.place({
        account: trader,
        symbol: 'PF_XBTUSD',
        side: 'buy',
        type: 'limit',
        qty: 10n,
        limitPrice: BigInt(50000 + k),
        tif: 'GTC',
        id,
      })
    s.sendText(request('uws.batch_cancel.request.kraken-docs-1'))
    sameShape(
      await s.next((m) => m.method === 'batch_cancel'),
      documented('uws.batch_cancel.reply.kraken-docs-1'),
    )
  })

  it('set_preference refused for margin answers as uws.set_preference.reply.kraken-docs-1', async () => {
    // a 0.5 BTC long at ~65,020 (notional ~32,510) on 10,000 collateral: 3x needs ~10,837 initial margin
    sim.derivatives.place({
      account: trader,
      symbol: 'PF_XBTUSD',
      side: 'buy',
      type: 'market',
      qty: 5000n,
      tif: 'IOC',
    })
    expect(sim.derivatives.account(trader).sizeOf('PF_XBTUSD')).toBe(5000n)
    s.sendText(
      `{"method":"set_preference","params":{"asset_class":"derivatives","leverage_mode":{"symbol":"PF_XBTUSD","max_leverage":3},"token":"${tok}"},"req_id":103}`,
    )
    sameShape(
      await s.next((m) => m.method === 'set_preference'),
      documented('uws.set_preference.reply.kraken-docs-1'),
    )
  })
})
