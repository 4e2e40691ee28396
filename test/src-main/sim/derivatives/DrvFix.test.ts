/**
 * The derivatives FIX session (TargetCompID KRAKEN-DRV-TRD) over a real socket, with Kraken's
 * documented derivatives NewOrderSingle (corpus vector fix.D.nos-futures).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { corpusMessage } from '../../../conformance/corpus'
import { FixTestClient, type Fields } from '../../../helpers/fixTestClient'

let sim: SimExchange
let ep: SimEndpoints
let n = 0

beforeAll(async () => {
  sim = new SimExchange({ seed: 5, messagesPerSecond: 0 })
  ep = await sim.start()
})
afterAll(() => sim.stop())

async function session(): Promise<FixTestClient> {
  const c = await FixTestClient.connect(ep.fixDerivatives.port, `ME${++n}_DRV`, 'KRAKEN-DRV-TRD')
  c.logon(sim.credentials[0]!)
  await c.next((m) => m.type === 'A')
  return c
}

/** The vector's application fields (its header and trailer are the session's own). */
function vectorBody(id: string): Fields {
  const header = new Set([8, 9, 35, 34, 49, 52, 56, 10])
  return corpusMessage(id)
    .text.split('|')
    .filter(Boolean)
    .map((f) => [Number(f.slice(0, f.indexOf('='))), f.slice(f.indexOf('=') + 1)] as [number, string])
    .filter(([t]) => !header.has(t))
}

describe('derivatives FIX acceptor (KRAKEN-DRV-TRD)', () => {
  it("accepts Kraken's documented derivatives NOS and reports it; a cancel reports 150=4", async () => {
    const c = await session()
    c.send('D', vectorBody('fix.D.nos-futures')) // buy 0.1 PF_ETHUSD limit 1000, 18=s
    const er = await c.next((m) => m.type === '8')
    expect([er.get(150), er.get(39), er.get(11), er.get(55), er.get(54), er.get(38), er.get(44)]).toEqual([
      '0',
      '0',
      '9e58120f-182b-4dce-9609-8ca7cdd174f0',
      'PF_ETHUSD',
      '1',
      '0.100',
      '1000.0',
    ])
    expect(er.get(37)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    c.send('F', [
      [11, 'c1'],
      [37, er.get(37)!],
      [54, '1'],
      [55, 'PF_ETHUSD'],
      [60, '20260101-00:00:00.000'],
    ])
    const cx = await c.next((m) => m.type === '8' && m.get(150) === '4')
    expect([cx.get(39), cx.get(37), cx.get(14), cx.get(151)]).toEqual(['4', er.get(37), '0.000', '0.000'])
    c.close()
  })

  it('a marketable order fills (ER F, 39=2) and opens a position; reduce-only with 18=E never flips it; G is refused', async () => {
    const c = await session()
    const nos = (cl: string, side: string, qty: string, execInst?: string): Fields => {
      const f: Fields = [
        [11, cl],
        [55, 'PF_XBTUSD'],
        [54, side],
        [38, qty],
        [40, '1'],
        [59, '3'],
        [60, '20260101-00:00:00.000'],
      ]
      if (execInst) f.push([18, execInst])
      return f
    }
    c.send('D', nos('b1', '1', '0.02'))
    const done = await c.next((m) => m.type === '8' && m.get(11) === 'b1' && m.get(39) === '2')
    expect([done.get(150), done.get(14), done.get(151)]).toEqual(['F', '0.0200', '0.0000'])
    expect(sim.derivatives.account('trader').sizeOf('PF_XBTUSD')).toBe(200n)
    c.send('D', nos('s1', '2', '0.05', 'E'))
    const closed = await c.next((m) => m.type === '8' && m.get(11) === 's1' && m.get(39) === '2')
    expect([closed.get(38), closed.get(14), closed.get(18)]).toEqual(['0.0200', '0.0200', 'E'])
    expect(sim.derivatives.account('trader').sizeOf('PF_XBTUSD')).toBe(0n)
    c.send('D', nos('s2', '2', '0.05', 'E'))
    const rej = await c.next((m) => m.type === 'j')
    expect(rej.get(58)).toMatch(/ : EOrder:Reduce only:No position exists/)
    c.send('G', [[11, 'g1']])
    expect((await c.next((m) => m.type === 'j' && m.get(379) === 'g1')).get(58)).toMatch(
      /OrderCancelReplaceRequest is not available for derivatives/,
    )
    c.close()
  })
})
