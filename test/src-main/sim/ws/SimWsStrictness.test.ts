import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { corpusMessage } from '../../../conformance/corpus'
import { privateCall, wsSession } from '../../../helpers/krakenTestClient'

/**
 * The built-in exchange refuses what Kraken refuses on WS v2 trading methods, in Kraken's words
 * and reply shape. Recorded live replies (Brendan-Blanchard/kraken-async-rs, tests/wss_v2):
 *   {"error":"Limit_price field must be a number_float","method":"amend_order","req_id":0,"success":false,"time_in":"2024-10-13T13:31:28.636431Z","time_out":"2024-10-13T13:31:28.636488Z"}
 *   {"error":"Unsupported field: 'params' for the given msg type: ping",...}
 *   {"method":"add_order","req_id":0,"result":{"order_id":"OPS23M-VS41G-DDE5Z2","cl_ord_id":"client-zero"},"success":true,...}
 */

let sim: SimExchange
let ep: SimEndpoints
let token: string

beforeAll(async () => {
  sim = new SimExchange({ seed: 23, messagesPerSecond: 0 })
  ep = await sim.start()
  const r = await privateCall(ep.rest, sim.credentials[0]!, 'GetWebSocketsToken')
  token = r.result!.token as string
})
afterAll(() => sim.stop())

const TIME = '"time_in":"\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z","time_out":"\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z"'
const refusal = (method: string, reqId: number, error: string) =>
  new RegExp(
    `^${JSON.stringify({ error, method, req_id: reqId, success: false })
      .slice(0, -1)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},${TIME}}$`,
  )

/** Sends exact bytes and returns the raw reply frame to that req_id. */
async function ask(text: string, reqId: number): Promise<string> {
  const s = await wsSession(ep.wsPrivate)
  s.sendText(text.replace('TOKEN', token))
  await s.next((m) => m.req_id === String(reqId))
  const raw = s.raw.find((f) => f.includes(`"req_id":${reqId},`))!
  s.close()
  return raw
}

describe('SimWsServer: WS v2 trading methods are typed as strictly as Kraken', () => {
  it('add_order with a string limit_price is refused with Kraken text; the same order with numbers is placed', async () => {
    const bad = await ask(
      '{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":0.01,"symbol":"BTC/USD","limit_price":"30000.0","token":"TOKEN"},"req_id":7}',
      7,
    )
    expect(bad).toMatch(refusal('add_order', 7, 'Limit_price field must be a number_float'))
    const good = await ask(
      '{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":0.01,"symbol":"BTC/USD","limit_price":30000.0,"cl_ord_id":"client-zero","token":"TOKEN"},"req_id":8}',
      8,
    )
    expect(good).toMatch(
      new RegExp(
        `^\\{"method":"add_order","req_id":8,"result":\\{"order_id":"[A-Z0-9-]+","cl_ord_id":"client-zero"\\},"success":true,${TIME}\\}$`,
      ),
    )
    const id = /"order_id":"([A-Z0-9-]+)"/.exec(good)![1]!
    expect(sim.engine.orders.get(id)).toMatchObject({ qty: 1_000_000n, limitPrice: 300_000 })
  })

  it('names each float field Kraken refuses as a string: order_qty, display_qty, triggers.price, batch_add entries, amend_order', async () => {
    expect(
      await ask(
        '{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":"0.01","symbol":"BTC/USD","limit_price":30000.0,"token":"TOKEN"},"req_id":1}',
        1,
      ),
    ).toMatch(refusal('add_order', 1, 'Order_qty field must be a number_float'))
    expect(
      await ask(
        '{"method":"add_order","params":{"order_type":"iceberg","side":"buy","order_qty":1.0,"display_qty":"0.1","symbol":"BTC/USD","limit_price":30000.0,"token":"TOKEN"},"req_id":2}',
        2,
      ),
    ).toMatch(refusal('add_order', 2, 'Display_qty field must be a number_float'))
    expect(
      await ask(
        '{"method":"add_order","params":{"order_type":"stop-loss","side":"sell","order_qty":0.01,"symbol":"BTC/USD","triggers":{"reference":"last","price":"20000.0","price_type":"static"},"token":"TOKEN"},"req_id":3}',
        3,
      ),
    ).toMatch(refusal('add_order', 3, 'Price field must be a number_float'))
    expect(
      await ask(
        '{"method":"batch_add","params":{"symbol":"BTC/USD","orders":[{"order_type":"limit","side":"buy","order_qty":0.01,"limit_price":20000.0},{"order_type":"limit","side":"buy","order_qty":0.01,"limit_price":"20000.1"}],"token":"TOKEN"},"req_id":4}',
        4,
      ),
    ).toMatch(refusal('batch_add', 4, 'Limit_price field must be a number_float'))
    expect(
      await ask(
        '{"method":"amend_order","params":{"order_id":"OAIYAU-LGI3M-PFM5VW","limit_price":"61031.3","token":"TOKEN"},"req_id":5}',
        5,
      ),
    ).toMatch(refusal('amend_order', 5, 'Limit_price field must be a number_float'))
    expect(
      await ask(
        '{"method":"edit_order","params":{"order_id":"OAIYAU-LGI3M-PFM5VW","order_qty":"0.2","symbol":"BTC/USD","token":"TOKEN"},"req_id":6}',
        6,
      ),
    ).toMatch(refusal('edit_order', 6, 'Order_qty field must be a number_float'))
  })

  it('answers a string limit_price on amend_order with the reply Kraken recorded, byte for byte but the times', async () => {
    const recorded = corpusMessage('ws.amend_order.error.kraken-async-rs-1').text
    const ours = await ask(
      '{"method":"amend_order","params":{"order_id":"BQS60L-EGW18-UPAK9U","limit_price":"0.96","token":"TOKEN"},"req_id":0}',
      0,
    )
    const untimed = (t: string) => t.replace(/"time_(in|out)":"[^"]+"/g, '"time_$1":"T"')
    expect(untimed(ours)).toBe(untimed(recorded))
    expect(untimed(recorded)).toBe(
      '{"error":"Limit_price field must be a number_float","method":"amend_order","req_id":0,"success":false,"time_in":"T","time_out":"T"}',
    )
  })

  it('refuses an unknown parameter and a string timeout', async () => {
    expect(
      await ask(
        '{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":0.01,"symbol":"BTC/USD","limit_price":30000.0,"price":30000.0,"token":"TOKEN"},"req_id":9}',
        9,
      ),
    ).toMatch(refusal('add_order', 9, "Unsupported field: 'price' for the given msg type: add_order"))
    expect(
      await ask(
        '{"method":"cancel_all_orders_after","params":{"timeout":"30","token":"TOKEN"},"req_id":10}',
        10,
      ),
    ).toMatch(refusal('cancel_all_orders_after', 10, 'Timeout field must be a number_integer'))
  })
})
