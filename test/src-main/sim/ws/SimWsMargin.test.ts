import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { wsSession } from '../../../helpers/krakenTestClient'

/** Spot margin on the built-in exchange's WS v2 public side: the instrument channel's marginable. */

let sim: SimExchange
let url: string

beforeAll(async () => {
  sim = new SimExchange({ seed: 4, messagesPerSecond: 0 })
  url = (await sim.start()).wsPublic
})
afterAll(() => sim.stop())

describe('SimWsServer: spot margin reference data', () => {
  it('the instrument snapshot marks BTC/USD and ETH/USD marginable, the pairs without margin not', async () => {
    const s = await wsSession(url)
    s.send({ method: 'subscribe', params: { channel: 'instrument' }, req_id: 1 })
    const snap = await s.next((m) => m.channel === 'instrument' && m.type === 'snapshot')
    const pairs = (snap.data as { pairs: { symbol: string; marginable: boolean }[] }).pairs
    expect(Object.fromEntries(pairs.map((p) => [p.symbol, p.marginable]))).toEqual({
      'BTC/USD': true,
      'ETH/USD': true,
      'SOL/USD': false,
      'XRP/USD': false,
      'BTC/EUR': false,
    })
    s.close()
  })
})
