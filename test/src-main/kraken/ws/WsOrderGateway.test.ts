import { describe, expect, it } from 'vitest'
import { WsOrderGateway, type WsReport } from '../../../../src-main/kraken/ws/WsOrderGateway'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'
import { toWireJson } from '../../../../src-main/kraken/ws/wsv2Requests'
import { corpusMessage } from '../../../conformance/corpus'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

type Json = Record<string, unknown>
const AT = 1_700_000_000_000

/** The entries of a recorded executions message, as the private client hands them over. */
const entries = (id: string) => {
  const m = parseLossless(corpusMessage(id).text) as { type: string; data: Json[] }
  return m.data.map((e) => ({ e, snapshot: m.type === 'snapshot' }))
}

function gateway(answer: Json = {}) {
  const sent: { method: string; params: Json }[] = []
  const reports: WsReport[] = []
  const g = new WsOrderGateway({
    ws: {
      state: 'online',
      request: (method: string, params: Json) => {
        sent.push({ method, params })
        return Promise.resolve({ method, success: true, result: answer })
      },
    },
    registry: () => conformanceRegistry,
    emit: (r) => reports.push(r),
    now: () => AT,
  })
  return { g, sent, reports }
}

describe('WsOrderGateway: Kraken executions -> domain reports (recorded payloads)', () => {
  it("Kraken's documented pending_new, new and trade: accepted, open, then a fill with the fee as sent", () => {
    const { g, reports } = gateway()
    for (const id of [
      'ws.executions.pending_new.docs-1',
      'ws.executions.new.docs-1',
      'ws.executions.trade.docs-1',
    ])
      for (const { e, snapshot } of entries(id)) g.onExecution(e, snapshot)
    const ref = { orderId: 'OK4GJX-KSTLS-7DZZO5', protocol: 'ws', at: AT }
    expect(reports).toEqual([
      { kind: 'report', ref, events: [{ kind: 'accepted', orderId: 'OK4GJX-KSTLS-7DZZO5' }] },
      { kind: 'report', ref, events: [{ kind: 'open' }] },
      {
        kind: 'report',
        ref,
        events: [
          {
            kind: 'fill',
            tradeId: 'BTC/USD:62887576',
            qty: '0.005',
            price: '26599.9',
            fee: '0.3458',
            feeAsset: 'USD',
            cumQty: '0.005',
            avgPrice: '26599.9',
            cumCost: '132.9995',
          },
        ],
      },
    ])
  })

  it("a captured snap_trades snapshot: fills flagged as snapshot, no 'filled' from a snapshot's order_status, nothing to adopt", () => {
    const { g } = gateway()
    const [btc, fet] = entries('ws.executions.snapshot.kraken-async-rs-wss-1')
    expect(g.translate(btc!.e, btc!.snapshot)).toEqual({
      kind: 'report',
      ref: { orderId: 'NG6PUE-C7MXN-CFCAMC', protocol: 'ws', at: AT },
      snapshot: true,
      events: [
        {
          kind: 'fill',
          tradeId: 'BTC/USD:37496584',
          qty: '0.00016000',
          price: '63377.2',
          fee: '0.04051',
          feeAsset: 'USD',
        },
      ],
    })
    // an instrument the registry does not list: no fill can be keyed, nothing is reported for it
    expect(g.translate(fet!.e, fet!.snapshot)).toEqual({
      kind: 'report',
      ref: { orderId: '8G1X9R-F6HH0-R2FYZ0', protocol: 'ws', at: AT },
      snapshot: true,
      events: [],
    })
  })

  it("a snapshot's trade that also carries its order's terms (order_qty, cum_qty) still adopts nothing", () => {
    // Kraken's snap_trades entries carry no order_qty (the capture above); Trident's own exchange
    // once added its order's terms to them, and the client then adopted a finished order the
    // tracker had forgotten (one of its last 50 trades) and counted its fill again
    const { g } = gateway()
    const [btc] = entries('ws.executions.snapshot.kraken-async-rs-wss-1')
    const e = { ...btc!.e, order_qty: '0.00016000', cum_qty: '0.00016000', limit_price: '63377.2' }
    const r = g.translate(e, true)
    expect(r.adoptable).toBeUndefined()
    expect(r.events.map((x) => x.kind)).toEqual(['fill'])
  })

  it('holds no order state: the same execution read twice gives the same report twice', () => {
    const { g } = gateway()
    const { e } = entries('ws.executions.trade.docs-1')[0]!
    expect(g.translate(e, false)).toEqual(g.translate(e, false))
  })
})

describe('WsOrderGateway: domain requests -> WS v2 requests', () => {
  it('a limit buy goes as add_order with exact decimals and our client id; the reply names the venue id', async () => {
    const { g, sent } = gateway({ order_id: 'OPS23M-VS7PO-7DRCRH', cl_ord_id: '170000000000000000' })
    const r = await g.place({
      req: { symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '1.2', limitPrice: '26500.4', tif: 'GTC' },
      inst: conformanceRegistry.resolve('BTC/USD'),
      clOrdId: '170000000000000000',
    })
    expect(r).toEqual({ orderId: 'OPS23M-VS7PO-7DRCRH' })
    expect(sent.map((s) => s.method)).toEqual(['add_order'])
    // the fields of Kraken's documented add_order (ws.add_order.request.docs-1), decimals as exact
    // number tokens, GTC left to Kraken's default, and our client order id
    expect(toWireJson(sent[0]!.params)).toBe(
      '{"order_type":"limit","side":"buy","order_qty":1.2,"limit_price":26500.4,"cl_ord_id":"170000000000000000","symbol":"BTC/USD"}',
    )
  })

  it("a cancel names Kraken's order id when known, our client id before the venue acknowledged it", async () => {
    const { g, sent } = gateway()
    const order = { clOrdId: '170000000000000000', venueOrderId: 'OK4GJX-KSTLS-7DZZO5' }
    await g.cancel(order as Parameters<WsOrderGateway['cancel']>[0])
    await g.cancel({ clOrdId: '170000000000000001' } as Parameters<WsOrderGateway['cancel']>[0])
    expect(sent).toEqual([
      { method: 'cancel_order', params: { order_id: ['OK4GJX-KSTLS-7DZZO5'] } },
      { method: 'cancel_order', params: { cl_ord_id: ['170000000000000001'] } },
    ])
  })
})

describe('WsOrderGateway: the dead-man switch', () => {
  it("armed: Kraken's documented reply's triggerTime, as ms since epoch", async () => {
    const reply = JSON.parse(corpusMessage('ws.cancel_all_orders_after.reply.docs-1').text) as {
      result: Json
    }
    const { g, sent } = gateway(reply.result)
    expect(await g.cancelAllAfter(100)).toBe(Date.UTC(2023, 8, 21, 15, 51, 9))
    expect(sent).toEqual([{ method: 'cancel_all_orders_after', params: { timeout: 100 } }])
  })

  it('disarmed: a triggerTime of "0" is no trigger time (not 2000-01-01, as Date.parse reads "0")', async () => {
    const { g } = gateway({ currentTime: '2023-09-21T15:49:29Z', triggerTime: '0' })
    expect(await g.cancelAllAfter(0)).toBe(0)
  })
})

describe('WsOrderGateway: an amended stop', () => {
  it("reads the new trigger from the amended entry's triggers (a dragged stop shows where it now is)", () => {
    const { g, reports } = gateway()
    const m = parseLossless(
      '{"channel":"executions","type":"update","data":[{"exec_type":"amended","order_id":"OSTOP-1","cl_ord_id":"c-1","symbol":"BTC/USD","side":"sell","order_type":"stop-loss","order_qty":0.01000000,"order_status":"new","triggers":{"reference":"last","price":64990.0,"price_type":"static","triggered":false},"amended":true,"reason":"User requested","timestamp":"2026-12-01T07:00:00.000000Z"}]}',
    ) as { data: Json[] }
    g.onExecution(m.data[0]!, false)
    expect(reports.at(-1)).toMatchObject({
      kind: 'report',
      events: [{ kind: 'amended', qty: '0.01000000', triggerPrice: '64990.0' }],
    })
  })
})
