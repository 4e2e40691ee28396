/**
 * The derivatives FIX acceptor keeps a session's ExecutionReports while it is away and resends
 * them on its return (as the spot acceptor does): a resting PF_XBTUSD sell placed over FIX is
 * filled by another account while the session is logged out, and the fill comes back through the
 * returning session's ResendRequest (43=Y, 122). Seed 7, no synthetic flow: the book is 64,999 /
 * 65,001, so a sell at 65,000 rests at the top.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { FixTestClient, type Fields } from '../../../helpers/fixTestClient'

let sim: SimExchange
let ep: SimEndpoints

beforeAll(async () => {
  sim = new SimExchange({ seed: 7, messagesPerSecond: 0, accounts: [{ name: 'trader' }, { name: 'other' }] })
  ep = await sim.start()
})
afterAll(() => sim.stop())

const sell: Fields = [
  [11, 'rs1'],
  [55, 'PF_XBTUSD'],
  [54, '2'],
  [38, '0.01'],
  [40, '2'],
  [44, '65000'],
  [59, '1'],
  [60, '20260101-00:00:00.000'],
]

describe('derivatives FIX acceptor: resend after an absence', () => {
  it('a fill while the session is logged out is stored and resent on its return', async () => {
    const cred = sim.credentials[0]!
    const a = await FixTestClient.connect(ep.fixDerivatives.port, 'RESEND_DRV', 'KRAKEN-DRV-TRD')
    a.logon(cred)
    await a.next((m) => m.type === 'A')
    a.send('D', sell)
    const placed = await a.next((m) => m.type === '8' && m.get(150) === '0')
    const orderId = placed.get(37)!
    const lastSeen = Math.max(...a.messages.map((m) => m.seq))
    a.send('5', [])
    const mySeq = a.seq
    await a.next((m) => m.type === '5')
    await a.waitClosed()
    // a clean Logout does not cancel: the order rests, and another account's market buy fills it
    sim.derivatives.place({
      account: 'other',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      type: 'market',
      qty: 100n,
      tif: 'IOC',
    })
    expect(sim.derivatives.account('trader').sizeOf('PF_XBTUSD')).toBe(-100n)

    const b = await FixTestClient.connect(ep.fixDerivatives.port, 'RESEND_DRV', 'KRAKEN-DRV-TRD')
    b.seq = mySeq
    b.logon(cred)
    const logon = await b.next((m) => m.type === 'A')
    // our Logout answer and the stored ER were numbered before the Logon reply
    expect(logon.seq).toBe(lastSeen + 3)
    b.send('2', [
      [7, String(lastSeen + 1)],
      [16, '0'],
    ])
    const resent = await b.next((m) => m.type === '8' && m.get(43) === 'Y')
    expect(resent.seq).toBe(lastSeen + 2)
    expect([37, 11, 150, 39, 55, 54, 38, 44, 14, 151, 6, 31, 32, 851].map((t) => [t, resent.get(t)])).toEqual(
      [
        [37, orderId],
        [11, 'rs1'],
        [150, 'F'],
        [39, '2'],
        [55, 'PF_XBTUSD'],
        [54, '2'],
        [38, '0.0100'],
        [44, '65000'],
        [14, '0.0100'],
        [151, '0.0000'],
        [6, '65000'],
        [31, '65000'],
        [32, '0.0100'],
        [851, '1'],
      ],
    )
    expect(resent.get(122)).toMatch(/^\d{8}-\d{2}:\d{2}:\d{2}\.\d{3}$/)
    b.close()
  })
})
