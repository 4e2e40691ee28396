import { describe, expect, it } from 'vitest'
import { OrderRefused, type PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { wsOrderView } from '../../../../src-main/kraken/orderViews'
import { MarginLevelNeedsRest, WsOrderGateway } from '../../../../src-main/kraken/ws/WsOrderGateway'
import { addOrderParams, frameText } from '../../../../src-main/kraken/ws/wsv2Requests'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

type Json = Record<string, unknown>

function gateway(wsMarginLeverage?: string) {
  const sent: { method: string; params: Json }[] = []
  const g = new WsOrderGateway({
    ws: {
      state: 'online',
      request: (method: string, params: Json) => {
        sent.push({ method, params })
        return Promise.resolve({ method, success: true, result: { order_id: 'OAAAAA-BBBBB-CCCCCC' } })
      },
    },
    registry: () => conformanceRegistry,
    emit: () => undefined,
    ...(wsMarginLeverage !== undefined ? { wsMarginLeverage } : {}),
  })
  return { g, sent }
}

const inst = conformanceRegistry.resolve('BTC/USD')
const req = (r: Partial<PlaceRequest>): PlaceRequest => ({
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '0.01',
  limitPrice: '65000.0',
  tif: 'GTC',
  ...r,
})

describe('spot margin over WS v2', () => {
  it('add_order writes margin and reduce_only as booleans, never a leverage field', () => {
    const p = addOrderParams('BTC/USD', {
      type: 'limit',
      side: 'sell',
      qty: '0.01',
      limitPrice: '66000.0',
      margin: true,
      reduceOnly: true,
      clOrdId: 'c1',
    })
    expect(frameText('add_order', p, 7)).toBe(
      '{"method":"add_order","params":{"order_type":"limit","side":"sell","order_qty":0.01,"limit_price":66000.0,"margin":true,"reduce_only":true,"cl_ord_id":"c1","symbol":"BTC/USD"},"req_id":7}',
    )
  })

  it('the gateway refuses a leverage level WS cannot carry, with words and a type the router sends over REST', async () => {
    const { g, sent } = gateway()
    const refusal = await g
      .place({ req: req({ leverage: '3' }), inst, clOrdId: 'c2' })
      .catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(MarginLevelNeedsRest)
    expect(refusal).toBeInstanceOf(OrderRefused)
    expect((refusal as Error).message).toBe(
      "Kraken's WebSocket takes margin on or off, not a leverage level: a 3× order has to go over REST",
    )
    expect(sent).toEqual([])
  })

  it('at the account’s known WS margin level the order goes as margin: true (reduce_only with it)', async () => {
    const { g, sent } = gateway('2')
    await g.place({ req: req({ side: 'sell', leverage: '2', reduceOnly: true }), inst, clOrdId: 'c3' })
    expect(sent).toHaveLength(1)
    expect(sent[0]!.params).toMatchObject({ margin: true, reduce_only: true, cl_ord_id: 'c3' })
    expect('leverage' in sent[0]!.params).toBe(false)
    await expect(g.place({ req: req({ leverage: '5' }), inst, clOrdId: 'c4' })).rejects.toThrow(
      MarginLevelNeedsRest,
    )
  })

  it('a cash order sends neither margin nor reduce_only (a cash reduce-only is Trident’s own check)', async () => {
    const { g, sent } = gateway('2')
    await g.place({ req: req({ side: 'sell', reduceOnly: true }), inst, clOrdId: 'c5' })
    expect('margin' in sent[0]!.params).toBe(false)
    expect('reduce_only' in sent[0]!.params).toBe(false)
  })

  it('an executions entry with margin: true is read back as a margin order', () => {
    const v = wsOrderView({
      symbol: 'BTC/USD',
      side: 'buy',
      order_type: 'limit',
      order_qty: '0.01',
      limit_price: '65000.0',
      margin: true,
    })
    expect(v.margin).toBe(true)
    expect(wsOrderView({ symbol: 'BTC/USD', side: 'buy', order_type: 'market', order_qty: '1' }).margin).toBe(
      undefined,
    )
  })
})
