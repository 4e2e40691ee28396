import { describe, expect, it } from 'vitest'
import { decodeFix } from '../../../../src-main/kraken/fix/fixFields'
import { OrderFacts } from '../../../../src-main/kraken/fix/orderFacts'

/** an ExecutionReport for ClOrdID `cl` (and OrigClOrdID `orig`) with OrdStatus `status` */
const er = (cl: string, status: string, orig?: string) =>
  decodeFix(
    `8=FIX.4.4|9=0|35=8|11=${cl}|${orig ? `41=${orig}|` : ''}37=O-${cl}|39=${status}|59=1|10=000|`,
    '|',
    false,
  )

describe('OrderFacts (issue 20: a day of FIX orders and amends is bounded)', () => {
  it("forgets the oldest ended orders' facts past its bound; a working order's are never dropped", () => {
    const facts = new OrderFacts(undefined, 2)
    facts.note('resting', { tif: '1' })
    facts.learn(er('resting', '0'))
    for (const cl of ['a', 'b', 'c', 'd']) {
      facts.note(cl, { tif: '3' })
      facts.learn(er(cl, cl === 'b' ? '4' : '2'))
    }
    expect(facts.size).toBe(3) // the working order and the two newest ended
    expect([facts.orderId('resting'), facts.orderId('a'), facts.orderId('d')]).toEqual([
      'O-resting',
      undefined,
      'O-d',
    ])
  })

  it('an order amended again and again keeps its facts while it works, however many others end; its ids end together', () => {
    const facts = new OrderFacts(undefined, 3)
    facts.note('v1', { tif: '1' })
    facts.learn(er('v1', '0'))
    // the gateway names the order by its first ClOrdID on every amend (OrigClOrdID = v1)
    facts.chain('v1', 'r1')
    facts.chain('v1', 'r2')
    for (let i = 0; i < 10; i++) {
      facts.note(`x${i}`, { tif: '3' })
      facts.learn(er(`x${i}`, '2'))
    }
    expect([facts.tif('v1'), facts.orderId('v1'), facts.tif('r2'), facts.orderId('r2')]).toEqual([
      '1',
      'O-v1',
      '1',
      'O-v1',
    ])
    expect(facts.size).toBe(6) // v1, r1, r2 and the three newest ended
    // the last amend's report says filled: v1, r1 and r2 end together, now the newest ended
    facts.learn(er('r2', '2', 'v1'))
    expect(facts.size).toBe(3)
    expect([facts.tif('v1'), facts.tif('r2'), facts.tif('x9')]).toEqual(['1', '1', undefined])
    facts.note('y', { tif: '3' })
    facts.learn(er('y', '4'))
    expect([facts.tif('v1'), facts.tif('r2'), facts.tif('y')]).toEqual([undefined, '1', '1'])
  })
})
