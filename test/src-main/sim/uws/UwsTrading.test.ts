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
})
