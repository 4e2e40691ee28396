import { isLosslessNumber, parse } from 'lossless-json'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { OrderRouter } from '../../src-main/core/orders/OrderRouter'
import { OrderTracker } from '../../src-main/core/orders/OrderTracker'
import { RateGovernor } from '../../src-main/core/risk/RateGovernor'
import { VenueExecution } from '../../src-main/features/orders/VenueExecution'
import { KrakenRestClient } from '../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../src-main/kraken/rest/NonceSource'
import { KrakenWsPrivateClient } from '../../src-main/kraken/ws/KrakenWsPrivateClient'
import {
  batchAddParams,
  cancelOrderParams,
  editOrderParams,
  frameText,
} from '../../src-main/kraken/ws/wsv2Requests'
import { until } from '../helpers/until'
import { corpusMessage } from './corpus'
import { conformanceRegistry } from './fakeKrakenRest'

/**
 * What Trident writes on Kraken's WS v2 socket for an intent equals the request Kraken documents
 * for that intent, field by field and JSON type by JSON type (a number stays a number with its
 * digits, a string a string). Left out of the comparison: token and req_id (necessarily ours),
 * cl_ord_id / order_userref (the client's own reference: Trident always names its orders by
 * cl_ord_id), and fields of features Trident does not offer, each listed where it is dropped.
 */

/** A frame as typed values: numbers as "num:<digits>", strings as "str:<text>". */
function typed(v: unknown): unknown {
  if (isLosslessNumber(v)) return `num:${v.value}`
  if (typeof v === 'string') return `str:${v}`
  if (Array.isArray(v)) return v.map(typed)
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typed(x)]))
  return v
}

const OURS = ['token', 'cl_ord_id', 'order_userref']

function params(frame: string, drop: string[] = []): Record<string, unknown> {
  const m = parse(frame) as { method: string; params?: Record<string, unknown> }
  const p = { ...(typed(m.params ?? {}) as Record<string, unknown>) }
  for (const k of [...OURS, ...drop]) delete p[k]
  return { method: m.method, ...p }
}

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

/** The execution client on a bare socket that records frames and acknowledges each method. */
async function rig(orderId = 'OLUMT4-UTEGU-ZYM7E9') {
  const frames: string[] = []
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((r) => wss.once('listening', r))
  wss.on('connection', (sock: WebSocket) => {
    sock.on('message', (d) => {
      frames.push(String(d))
      const m = JSON.parse(String(d)) as { method: string; req_id: number }
      const result =
        m.method === 'add_order'
          ? `{"order_id":"${orderId}"}`
          : m.method === 'cancel_all'
            ? '{"count":1}'
            : m.method === 'cancel_all_orders_after'
              ? '{"currentTime":"2023-09-21T15:49:29Z","triggerTime":"2023-09-21T15:51:09Z"}'
              : '{}'
      sock.send(
        `{"method":"${m.method}","req_id":${m.req_id},"result":${result},"success":true,"time_in":"2023-09-21T15:49:28.627900Z","time_out":"2023-09-21T15:49:28.649057Z"}`,
      )
    })
  })
  const port = (wss.address() as { port: number }).port
  let exec: VenueExecution | null = null
  const ws = new KrakenWsPrivateClient({
    url: `ws://127.0.0.1:${port}`,
    getToken: () => Promise.resolve('ours'),
    onExecution: (e, snap) => exec?.handleWsExecution(e, snap),
    random: () => 0,
  })
  exec = new VenueExecution({
    registry: conformanceRegistry,
    rest: new KrakenRestClient({
      baseUrl: 'http://127.0.0.1:9',
      credentials: { apiKey: 'k', apiSecret: 'c2VjcmV0' },
      nonces: new NonceSource(null),
    }),
    ws,
    fix: null,
    tracker: new OrderTracker(),
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', Date.now),
  })
  ws.start()
  await until(() => ws.state === 'online', 'fake Kraken subscribed')
  cleanup = () => {
    ws.stop()
    wss.close()
  }
  const sent = (method: string) => frames.filter((f) => f.includes(`"method":"${method}"`))
  return { exec, sent }
}

describe('WS v2 requests Trident sends equal the ones Kraken documents', () => {
  it('add_order: a limit buy of 1.2 BTC/USD at 26500.4 (Kraken docs, Example: Limit)', async () => {
    const { exec, sent } = await rig()
    await exec.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '1.2',
      limitPrice: '26500.4',
      tif: 'GTC',
      protocol: 'ws',
    })
    const documented = params(corpusMessage('ws.add_order.request.docs-1').text)
    expect(documented).toEqual({
      method: 'add_order',
      order_type: 'str:limit',
      side: 'str:buy',
      limit_price: 'num:26500.4',
      order_qty: 'num:1.2',
      symbol: 'str:BTC/USD',
    })
    expect(sent('add_order').map((f) => params(f))).toEqual([documented])
  })

  it('amend_order: a new limit price for an order named by order_id (Kraken docs)', async () => {
    // Kraken answers add_order with the documented example's order id
    const { exec, sent } = await rig('OAIYAU-LGI3M-PFM5VW')
    const o = await exec.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '1.2',
      limitPrice: '26500.4',
      tif: 'GTC',
      protocol: 'ws',
    })
    await exec.amend(o.clOrdId, { limitPrice: '61031.3' })
    // deadline and post_only on amend are features Trident does not offer
    const documented = params(corpusMessage('ws.amend_order.request.docs-1').text, ['deadline', 'post_only'])
    expect(documented).toEqual({
      method: 'amend_order',
      order_id: 'str:OAIYAU-LGI3M-PFM5VW',
      limit_price: 'num:61031.3',
    })
    expect(sent('amend_order').map((f) => params(f))).toEqual([documented])
  })

  it('cancel_order: one order by order_id through the client; two ids through the builder (Kraken docs)', async () => {
    const { exec, sent } = await rig()
    const o = await exec.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '1.2',
      limitPrice: '26500.4',
      tif: 'GTC',
      protocol: 'ws',
    })
    await exec.cancel(o.clOrdId)
    expect(sent('cancel_order').map((f) => params(f))).toEqual([
      { method: 'cancel_order', order_id: ['str:OLUMT4-UTEGU-ZYM7E9'] },
    ])
    const documented = params(corpusMessage('ws.cancel_order.request.docs-1').text)
    expect(documented).toEqual({
      method: 'cancel_order',
      order_id: ['str:OM5CRX-N2HAL-GFGWE9', 'str:OLUMT4-UTEGU-ZYM7E9'],
    })
    const built = frameText(
      'cancel_order',
      cancelOrderParams([{ orderId: 'OM5CRX-N2HAL-GFGWE9' }, { orderId: 'OLUMT4-UTEGU-ZYM7E9' }]),
      1,
    )
    expect(params(built)).toEqual(documented)
    // the page: order_id "cannot be combined with cl_ord_id or order_userref in the same request"
    expect(() => cancelOrderParams([{ orderId: 'OM5CRX-N2HAL-GFGWE9' }, { clOrdId: 'a1' }])).toThrow(
      'cancel_order takes Kraken order ids or client order ids, not both in one request',
    )
  })

  it('cancel_all and cancel_all_orders_after (timeout an integer number) (Kraken docs)', async () => {
    const { exec, sent } = await rig()
    await exec.cancelEverything()
    await exec.cancelAllAfter(100)
    expect(params(corpusMessage('ws.cancel_all.request.docs-1').text)).toEqual({ method: 'cancel_all' })
    expect(sent('cancel_all').map((f) => params(f))).toEqual([{ method: 'cancel_all' }])
    const documented = params(corpusMessage('ws.cancel_all_orders_after.request.docs-1').text)
    expect(documented).toEqual({ method: 'cancel_all_orders_after', timeout: 'num:100' })
    expect(sent('cancel_all_orders_after').map((f) => params(f))).toEqual([documented])
  })

  it('edit_order: a new quantity of 0.2123456789, every digit kept (Kraken docs)', () => {
    const documented = params(corpusMessage('ws.edit_order.request.docs-1').text)
    expect(documented).toEqual({
      method: 'edit_order',
      order_id: 'str:ORDERX-IDXXX-XXXXX1',
      order_qty: 'num:0.2123456789',
      symbol: 'str:BTC/USD',
    })
    const built = frameText(
      'edit_order',
      editOrderParams('ORDERX-IDXXX-XXXXX1', 'BTC/USD', { qty: '0.2123456789' }),
      1,
    )
    expect(params(built)).toEqual(documented)
  })

  it('batch_add: two limit orders, 1010.10 and 2020.20 keep their trailing zeros (Kraken docs)', () => {
    // stp_type and validate are features Trident does not offer
    const documented = params(corpusMessage('ws.batch_add.request.docs-1').text, ['validate'])
    const orders = documented.orders as Record<string, unknown>[]
    for (const o of orders) {
      delete o.order_userref
      delete o.stp_type
    }
    expect(documented).toEqual({
      method: 'batch_add',
      deadline: 'str:2022-06-13T08:09:10.123456Z',
      orders: [
        {
          limit_price: 'num:1010.10',
          order_qty: 'num:0.123456789',
          order_type: 'str:limit',
          side: 'str:buy',
        },
        {
          limit_price: 'num:2020.20',
          order_qty: 'num:0.987654321',
          order_type: 'str:limit',
          side: 'str:sell',
        },
      ],
      symbol: 'str:BTC/USD',
    })
    const built = frameText(
      'batch_add',
      batchAddParams(
        'BTC/USD',
        [
          { type: 'limit', side: 'buy', qty: '0.123456789', limitPrice: '1010.10', tif: 'GTC' },
          { type: 'limit', side: 'sell', qty: '0.987654321', limitPrice: '2020.20', tif: 'GTC' },
        ],
        '2022-06-13T08:09:10.123456Z',
      ),
      1,
    )
    expect(params(built)).toEqual(documented)
  })
})
