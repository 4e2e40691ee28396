import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { InstrumentRegistry } from '../../../../src-main/core/instruments/InstrumentRegistry'
import { OrderRouter } from '../../../../src-main/core/orders/OrderRouter'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import { RateGovernor } from '../../../../src-main/core/risk/RateGovernor'
import { VenueExecution } from '../../../../src-main/features/orders/VenueExecution'
import { KrakenRestClient } from '../../../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../../../src-main/kraken/rest/NonceSource'
import { KrakenWsPrivateClient } from '../../../../src-main/kraken/ws/KrakenWsPrivateClient'
import { until } from '../../../helpers/until'

/**
 * Defect 1 of issue 14: what the execution client writes on Kraken's WS v2 socket, byte for
 * byte. Kraken refuses a price or quantity sent as a JSON string ("Limit_price field must be a
 * number_float"), so they must be number tokens carrying the exact decimal text.
 * The peer here is a bare socket that records frames, not the built-in exchange, so the bytes
 * are the client's own.
 */

const registry = InstrumentRegistry.fromKraken(
  {
    XXBTZUSD: {
      altname: 'XBTUSD',
      wsname: 'XBT/USD',
      base: 'XXBT',
      quote: 'ZUSD',
      pair_decimals: 1,
      lot_decimals: 8,
      cost_decimals: 5,
      ordermin: '0.00005',
      costmin: '0.5',
      tick_size: '0.1',
    },
  },
  { XXBT: { altname: 'XBT', decimals: 10 }, ZUSD: { altname: 'USD', decimals: 4 } },
)

const T0 = 1_700_000_000_000
const CL0 = '170000000000000000' // newClOrdId at T0, first of the run
const stamp = '"time_in":"2024-05-18T12:05:50.293682Z","time_out":"2024-05-18T12:05:50.300542Z"'

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

async function rig() {
  const frames: string[] = []
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((r) => wss.once('listening', r))
  wss.on('connection', (sock: WebSocket) => {
    sock.on('message', (d, isBinary) => {
      const text = String(d)
      // Kraken takes JSON in text frames: a binary frame fails every byte-for-byte comparison below
      frames.push(isBinary ? `binary frame: ${text}` : text)
      const m = JSON.parse(text) as { method: string; req_id: number }
      const result =
        m.method === 'add_order'
          ? '{"order_id":"OPS23M-VS41G-DDE5Z2"}'
          : m.method === 'amend_order'
            ? '{"amend_id":"1M2JV8-OEJZD-G5GSBF","order_id":"OPS23M-VS41G-DDE5Z2"}'
            : m.method === 'cancel_all_orders_after'
              ? '{"currentTime":"2024-05-19T19:22:20Z","triggerTime":"2024-05-19T19:23:20Z"}'
              : '{}'
      sock.send(`{"method":"${m.method}","req_id":${m.req_id},"result":${result},"success":true,${stamp}}`)
    })
  })
  const port = (wss.address() as { port: number }).port
  const tracker = new OrderTracker()
  let exec: VenueExecution | null = null
  const ws = new KrakenWsPrivateClient({
    url: `ws://127.0.0.1:${port}`,
    getToken: () => Promise.resolve('tok'),
    onExecution: (e, snap) => exec?.handleWsExecution(e, snap),
    random: () => 0,
  })
  exec = new VenueExecution({
    registry,
    rest: new KrakenRestClient({
      baseUrl: 'http://127.0.0.1:9',
      credentials: { apiKey: 'k', apiSecret: 'c2VjcmV0' },
      nonces: new NonceSource(null),
    }),
    ws,
    fix: null,
    tracker,
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', () => T0),
    now: () => T0,
  })
  ws.start()
  await until(() => ws.state === 'online', 'fake Kraken subscribed')
  cleanup = () => {
    ws.stop()
    wss.close()
  }
  const sent = (method: string) => frames.filter((f) => f.includes(`"method":"${method}"`))
  return { exec, tracker, sent }
}

describe('WS v2 trading requests carry prices and quantities as JSON numbers, digit for digit', () => {
  it('add_order: order_qty 0.10000000 and limit_price 65000.5 are number tokens', async () => {
    const { exec, sent } = await rig()
    const o = await exec.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.10000000',
      limitPrice: '65000.5',
      tif: 'GTC',
      protocol: 'ws',
    })
    expect(o.venueOrderId).toBe('OPS23M-VS41G-DDE5Z2')
    expect(sent('add_order')).toEqual([
      `{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":0.10000000,"limit_price":65000.5,"cl_ord_id":"${CL0}","symbol":"BTC/USD","token":"tok"},"req_id":3}`,
    ])
  })

  it('add_order: a trigger price and a display quantity are numbers too', async () => {
    const { exec, sent } = await rig()
    await exec.place({
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'stop-loss-limit',
      qty: '0.50000000',
      triggerPrice: '60000.0',
      limitPrice: '59950.0',
      tif: 'GTC',
      protocol: 'ws',
    })
    await exec.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'iceberg',
      qty: '2.00000000',
      displayQty: '0.25000000',
      limitPrice: '64000.0',
      tif: 'GTC',
      protocol: 'ws',
    })
    expect(sent('add_order')).toEqual([
      `{"method":"add_order","params":{"order_type":"stop-loss-limit","side":"sell","order_qty":0.50000000,"limit_price":59950.0,"triggers":{"reference":"last","price":60000.0,"price_type":"static"},"cl_ord_id":"${CL0}","symbol":"BTC/USD","token":"tok"},"req_id":3}`,
      `{"method":"add_order","params":{"order_type":"iceberg","side":"buy","order_qty":2.00000000,"limit_price":64000.0,"display_qty":0.25000000,"cl_ord_id":"170000000000000001","symbol":"BTC/USD","token":"tok"},"req_id":4}`,
    ])
  })

  it('amend_order: new quantity and limit price are numbers; cancel_all_orders_after timeout is an integer', async () => {
    const { exec, sent } = await rig()
    const o = await exec.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.10000000',
      limitPrice: '65000.5',
      tif: 'GTC',
      protocol: 'ws',
    })
    await exec.amend(o.clOrdId, { qty: '0.20000000', limitPrice: '65000.0' })
    expect(sent('amend_order')).toEqual([
      '{"method":"amend_order","params":{"order_id":"OPS23M-VS41G-DDE5Z2","order_qty":0.20000000,"limit_price":65000.0,"token":"tok"},"req_id":4}',
    ])
    await exec.cancelAllAfter(60)
    expect(sent('cancel_all_orders_after')).toEqual([
      '{"method":"cancel_all_orders_after","params":{"timeout":60,"token":"tok"},"req_id":5}',
    ])
  })
})
