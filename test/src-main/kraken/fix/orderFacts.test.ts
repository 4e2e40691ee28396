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

  it('a replaced ClOrdID has ended (the order goes on under the new one), which keeps its facts', () => {
    const facts = new OrderFacts(undefined, 1)
    facts.note('v1', { tif: '1' })
    facts.learn(er('v1', '0'))
    facts.chain('v1', 'v2')
    facts.chain('v2', 'v3')
    expect(facts.size).toBe(2) // v1 went; v2 (ended last) and the working v3
    expect([facts.tif('v3'), facts.orderId('v3'), facts.orderId('v1')]).toEqual(['1', 'O-v1', undefined])
  })
})
