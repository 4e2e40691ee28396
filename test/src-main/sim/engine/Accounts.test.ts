import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Accounts } from '../../../../src-main/sim/engine/Accounts'

describe('Accounts (built-in exchange)', () => {
  it('held totals always equal the sum of the holds, whatever the order of hold/replace/release', () => {
    const op = fc.record({
      kind: fc.constantFrom('hold', 'release'),
      order: fc.constantFrom('O1', 'O2', 'O3', 'O4'),
      account: fc.constantFrom('a', 'b'),
      asset: fc.constantFrom('USD', 'BTC'),
      amount: fc.bigInt({ min: -5n, max: 100n }),
    })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const acc = new Accounts()
        const model = new Map<string, { account: string; asset: string; amount: bigint }>()
        for (const o of ops) {
          if (o.kind === 'release') {
            acc.release(o.order)
            model.delete(o.order)
          } else {
            acc.hold(o.order, o.account, o.asset, o.amount, false)
            if (o.amount > 0n) model.set(o.order, { account: o.account, asset: o.asset, amount: o.amount })
            else model.delete(o.order)
          }
        }
        for (const account of ['a', 'b'])
          for (const asset of ['USD', 'BTC']) {
            let sum = 0n
            for (const h of model.values()) if (h.account === account && h.asset === asset) sum += h.amount
            expect(acc.held(account, asset)).toBe(sum)
          }
      }),
    )
  })

  it('refuses a hold the account cannot cover, and a replaced hold counts once', () => {
    const acc = new Accounts()
    acc.deposit('a', 'USD', '100')
    const usd = (n: bigint) => n * 10n ** 18n
    acc.hold('O1', 'a', 'USD', usd(60n))
    expect(() => acc.hold('O2', 'a', 'USD', usd(50n))).toThrow('EOrder:Insufficient funds')
    acc.hold('O1', 'a', 'USD', usd(90n)) // amend up: only the difference must be available
    expect(acc.available('a', 'USD')).toBe(usd(10n))
    acc.release('O1')
    expect(acc.available('a', 'USD')).toBe(usd(100n))
  })
})
