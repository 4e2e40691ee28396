import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { privateCall, wsSession } from '../../../helpers/krakenTestClient'

/**
 * The built-in exchange's engine state, as Kraken's status channel documents it
 * (docs.kraken.com spot-websocket-v2/status: maintenance takes no orders and no cancels;
 * cancel_only takes cancels only; post_only takes post-only limit orders and cancels), refused
 * with Kraken's EService texts.
 */
let sim: SimExchange
let ep: SimEndpoints
let token: string

beforeAll(async () => {
  sim = new SimExchange({ seed: 29, messagesPerSecond: 0 })
  ep = await sim.start()
  const r = await privateCall(ep.rest, sim.credentials[0]!, 'GetWebSocketsToken')
  token = r.result!.token as string
})
afterAll(() => sim.stop())

const add = (reqId: number, extra = '') =>
  `{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":0.01,"symbol":"BTC/USD","limit_price":30000.0${extra},"token":"${token}"},"req_id":${reqId}}`

async function answer(s: Awaited<ReturnType<typeof wsSession>>, text: string, reqId: number) {
  s.sendText(text)
  return s.next((m) => m.req_id === String(reqId))
}

describe('SimWsServer: the engine state on the status channel, enforced', () => {
  it('says the state to a connection at once and on change; refuses and allows as Kraken documents', async () => {
    const s = await wsSession(ep.wsPrivate)
    expect((await s.next((m) => m.channel === 'status')).data).toMatchObject([{ system: 'online' }])

    sim.faults.systemStatus('cancel_only')
    await s.next((m) => m.channel === 'status' && JSON.stringify(m.data).includes('"system":"cancel_only"'))
    expect(await answer(s, add(1), 1)).toMatchObject({
      success: false,
      error: 'EService:Market in cancel_only mode',
    })

    sim.faults.systemStatus('post_only')
    await s.next((m) => m.channel === 'status' && JSON.stringify(m.data).includes('"system":"post_only"'))
    expect(await answer(s, add(2), 2)).toMatchObject({
      success: false,
      error: 'EService:Market in post_only mode',
    })
    const placed = await answer(s, add(3, ',"post_only":true'), 3)
    expect(placed).toMatchObject({ success: true })

    sim.faults.systemStatus('maintenance')
    await s.next((m) => m.channel === 'status' && JSON.stringify(m.data).includes('"system":"maintenance"'))
    const id = (placed.result as { order_id: string }).order_id
    const cancel = `{"method":"cancel_order","params":{"order_id":["${id}"],"token":"${token}"},"req_id":4}`
    expect(await answer(s, cancel, 4)).toMatchObject({ success: false, error: 'EService:Unavailable' })

    sim.faults.systemStatus('cancel_only')
    const c2 = `{"method":"cancel_order","params":{"order_id":["${id}"],"token":"${token}"},"req_id":5}`
    expect(await answer(s, c2, 5)).toMatchObject({ success: true })
    sim.faults.systemStatus('online')
    s.close()
  })

  it('a new connection hears the current state first', async () => {
    sim.faults.systemStatus('cancel_only')
    const s = await wsSession(ep.wsPublic)
    expect((await s.next((m) => m.channel === 'status')).data).toMatchObject([{ system: 'cancel_only' }])
    s.close()
    sim.faults.systemStatus('online')
  })
})
