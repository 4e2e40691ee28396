import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimExchange, SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { checksum, reply, startSim, token, wsSession, type Msg, type Session } from './uwsHelpers'

let sim: SimExchange
let ep: SimEndpoints
let tok: string

beforeAll(async () => {
  ;({ sim, ep } = await startSim({ derivatives: { fundingIntervalMs: 400 } }))
  tok = await token(sim, ep)
})
afterAll(() => sim.stop())

async function subscribe(s: Session, id: number, params: Record<string, unknown>): Promise<Msg> {
  s.send({ method: 'subscribe', params, req_id: id })
  return s.next(reply(id))
}

describe('Unified WebSocket of the built-in exchange', () => {
  it('serves the endpoints at /v2/public and /v2/private', () => {
    expect(ep.uwsPublic).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v2\/public$/)
    expect(ep.uwsPrivate).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v2\/private$/)
  })

  it('book: snapshot then updates whose checksums verify', async () => {
    const s = await wsSession(ep.uwsPublic)
    expect(
      await subscribe(s, 1, { channel: 'book', asset_class: 'derivatives', symbol: ['PF_XBTUSD'] }),
    ).toMatchObject({
      success: true,
      result: { channel: 'book', symbol: 'PF_XBTUSD', depth: '10', snapshot: true },
    })
    const snap = await s.next((m) => m.channel === 'book' && m.type === 'snapshot')
    const d = (snap.data as Msg[])[0]!
    const bids = new Map((d.bids as Msg[]).map((l) => [l.price as string, l.qty as string]))
    const asks = new Map((d.asks as Msg[]).map((l) => [l.price as string, l.qty as string]))
    expect(bids.size).toBe(10)
    const verify = (c: unknown): void => {
      const b = [...bids].sort((x, y) => Number(y[0]) - Number(x[0])).slice(0, 10)
      const a = [...asks].sort((x, y) => Number(x[0]) - Number(y[0])).slice(0, 10)
      expect(checksum(b, a)).toBe(Number(c))
    }
    verify(d.checksum)
    for (let i = 0; i < 30; i++) sim.step('PF_XBTUSD')
    const upd = await s.next((m) => m.channel === 'book' && m.type === 'update')
    const u = (upd.data as Msg[])[0]!
    for (const [side, map] of [
      ['bids', bids],
      ['asks', asks],
    ] as const)
      for (const l of u[side] as Msg[]) {
        if (l.qty === '0' || /^0\.0+$/.test(l.qty as string)) map.delete(l.price as string)
        else map.set(l.price as string, l.qty as string)
      }
    verify(u.checksum)
    s.close()
  })

  it('is strict: asset_class required, quoted numbers and unknown fields refused in Kraken words', async () => {
    const s = await wsSession(ep.uwsPrivate)
    expect(await subscribe(s, 2, { channel: 'book', symbol: ['PF_XBTUSD'] })).toMatchObject({
      success: false,
      error: "'params.asset_class' is required for the book channel",
    })
    expect(
      await subscribe(s, 3, { channel: 'ledgers', asset_class: 'derivatives', token: tok }),
    ).toMatchObject({
      success: false,
      error: "'params.asset_class' is not valid for the ledgers channel",
    })
    s.sendText(
      `{"method":"add_order","params":{"asset_class":"derivatives","order_type":"limit","side":"buy","symbol":"PF_XBTUSD","order_qty":"0.1","limit_price":60000,"token":"${tok}"},"req_id":4}`,
    )
    expect(await s.next(reply(4))).toMatchObject({
      success: false,
      error: 'Order_qty field must be a number_float',
    })
    s.sendText(
      `{"method":"add_order","params":{"asset_class":"derivatives","order_type":"limit","side":"buy","symbol":"PF_XBTUSD","order_qty":0.1,"limit_price":60000,"leverage":5,"token":"${tok}"},"req_id":5}`,
    )
    expect(await s.next(reply(5))).toMatchObject({
      success: false,
      error: "Unsupported field: 'leverage' for the given msg type: add_order",
    })
    s.sendText(
      `{"method":"add_order","params":{"asset_class":"derivatives","order_type":"limit","side":"buy","symbol":"PF_XBTUSD","order_qty":0.1,"limit_price":60000,"order_userref":7,"token":"${tok}"},"req_id":6}`,
    )
    expect(await s.next(reply(6))).toMatchObject({
      success: false,
      error: 'order_userref is not available for derivatives (use cl_ord_id instead)',
    })
    expect(
      await subscribe(s, 7, { channel: 'margin', asset_class: 'derivatives', token: tok }),
    ).toMatchObject({
      success: true,
    })
    expect(
      await subscribe(s, 8, { channel: 'margin', asset_class: 'derivatives', token: tok }),
    ).toMatchObject({
      success: false,
      error: 'Already subscribed to margin channel',
    })
    s.sendText(
      `{"method":"cancel_order","params":{"asset_class":"derivatives","order_id":["a"],"cl_ord_id":["b"],"token":"${tok}"},"req_id":9}`,
    )
    expect((await s.next(reply(9))).error).toMatch(/^order_id cannot be combined with cl_ord_id/)
    s.close()
  })

  it('instrument, ticker (mark, index, funding) and trade on the public endpoint', async () => {
    const s = await wsSession(ep.uwsPublic)
    expect(await subscribe(s, 20, { channel: 'instrument', asset_class: 'derivatives' })).toMatchObject({
      success: true,
    })
    const inst = await s.next((m) => m.channel === 'instrument')
    expect(((inst.data as Msg).futures as Msg[])[0]).toMatchObject({
      symbol: 'PF_XBTUSD',
      type: 'perpetual',
      base: 'BTC',
      quote: 'USD',
      price_increment: '1',
      qty_increment: '0.0001',
      contract_size: '1',
      max_position_size: '1200',
      funding_interval: '0.4',
      max_relative_funding_rate: '0.001',
      expiry: null,
    })
    sim.derivatives.setIndexOverride('PF_XBTUSD', 60000n)
    expect(
      await subscribe(s, 21, { channel: 'ticker', asset_class: 'derivatives', symbol: ['PF_XBTUSD'] }),
    ).toMatchObject({ success: true })
    const t = ((await s.next((m) => m.channel === 'ticker')).data as Msg[])[0]!
    expect(t).toMatchObject({
      symbol: 'PF_XBTUSD',
      index_price: '60000',
      mark_price: '60300',
      funding_rate: '0.000625',
    })
    expect(Date.parse(t.next_funding_time as string)).toBeGreaterThan(Date.now() - 1000)
    expect(
      await subscribe(s, 22, { channel: 'trade', asset_class: 'derivatives', symbol: ['PF_XBTUSD'] }),
    ).toMatchObject({ success: true, result: { channel: 'trade', snapshot: false } })
    sim.derivatives.place({
      account: 'trader',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      type: 'market',
      qty: 10n,
      tif: 'IOC',
    })
    const tr = ((await s.next((m) => m.channel === 'trade' && m.type === 'update')).data as Msg[])[0]!
    expect(tr).toMatchObject({ symbol: 'PF_XBTUSD', side: 'buy', qty: '0.0010', ord_type: 'market' })
    const tu = ((await s.next((m) => m.channel === 'ticker' && m.type === 'update')).data as Msg[])[0]!
    expect(tu).toMatchObject({ last: tr.price, open_interest: '0.0010' })
    sim.derivatives.setIndexOverride('PF_XBTUSD', null)
    s.close()
  })

  it('cancel_all_orders_after arms and disarms the dead-man switch; executions snapshot lists open orders', async () => {
    const s = await wsSession(ep.uwsPrivate)
    const placed = sim.derivatives.place({
      account: 'trader',
      symbol: 'PF_ETHUSD',
      side: 'buy',
      type: 'limit',
      qty: 10n,
      limitPrice: 20000n,
      tif: 'GTC',
    })
    expect(
      await subscribe(s, 30, { channel: 'executions', asset_class: 'derivatives', token: tok }),
    ).toMatchObject({
      success: true,
    })
    const snap = await s.next((m) => m.channel === 'executions' && m.type === 'snapshot')
    expect(snap.data as Msg[]).toContainEqual(
      expect.objectContaining({
        order_id: placed.id,
        exec_type: 'new',
        limit_price: '2000.0',
        order_qty: '0.010',
      }),
    )
    s.sendText(`{"method":"cancel_all_orders_after","params":{"timeout":60,"token":"${tok}"},"req_id":31}`)
    const armed = await s.next(reply(31))
    expect(armed).toMatchObject({ success: true })
    expect(
      Date.parse((armed.result as Msg).triggerTime as string) -
        Date.parse((armed.result as Msg).currentTime as string),
    ).toBe(60_000)
    s.sendText(`{"method":"cancel_all_orders_after","params":{"timeout":0,"token":"${tok}"},"req_id":32}`)
    expect(await s.next(reply(32))).toMatchObject({ success: true, result: { triggerTime: '0' } })
    sim.derivatives.cancelAll('trader')
    s.close()
  })
})
