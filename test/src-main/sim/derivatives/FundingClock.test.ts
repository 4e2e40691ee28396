import { describe, expect, it } from 'vitest'
import { FundingClock, fundingRate } from '../../../../src-main/sim/derivatives/FundingClock'
import { MarginAccount } from '../../../../src-main/sim/derivatives/MarginAccount'
import { perpetual } from '../../../../src-main/sim/derivatives/perpetuals'
import { btc, marks, usd, XBT } from './helpers'

const T10 = Date.UTC(2026, 11, 1, 10) // 10:00 UTC, top of an hour
const MIN = 60_000

const prices = (mark: bigint, index: bigint) => new Map([[XBT, { mark, index }]])

function pair(): [MarginAccount, MarginAccount] {
  const long = new MarginAccount('long', usd('5000'))
  long.applyFill({ symbol: XBT, side: 'buy', qty: btc('0.5'), price: 60_000n })
  const short = new MarginAccount('short', usd('5000'))
  short.applyFill({ symbol: XBT, side: 'sell', qty: btc('0.5'), price: 60_000n })
  return [long, short]
}

describe('FundingClock (hourly funding, accrued as unrealised PnL)', () => {
  it('rate = (mark − index) / index / 8 (the coefficient), clamped to ±0.1 % an hour (in millionths)', () => {
    const x = perpetual(XBT)
    expect(fundingRate(x, 60_030n, 60_000n)).toEqual({ num: 30n, den: 480_000n }) // 0.05 % / 8
    expect(fundingRate(x, 60_600n, 60_000n)).toEqual({ num: 1_000n, den: 1_000_000n }) // 1 % / 8 = 0.125 % → 0.1 %
    expect(fundingRate(x, 59_400n, 60_000n)).toEqual({ num: -1_000n, den: 1_000_000n })
  })

  it('premium > 0: the long pays the short 0.5 × 60,030 × 0.05 % / 8 = 1.8759375 over the hour', () => {
    const [long, short] = pair()
    const clock = new FundingClock(T10)
    const p = prices(60_030n, 60_000n)
    // half an hour: 0.93796875 accrued, not yet settled; equity = 5,000 + 15 (price) − 0.93796875
    clock.advance(T10 + 30 * MIN, p, [long, short])
    expect(long.position(XBT)!.fundingAccrued).toBe(usd('-0.93796875'))
    expect(short.position(XBT)!.fundingAccrued).toBe(usd('0.93796875'))
    expect(long.balance).toBe(usd('5000'))
    expect(long.equity(marks({ [XBT]: 60_030n }))).toBe(usd('5014.06203125'))
    // top of the hour: settled into the balance
    expect(clock.advance(T10 + 60 * MIN, p, [long, short])).toEqual({ settlements: 1 })
    expect(long.balance).toBe(usd('4998.1240625'))
    expect(short.balance).toBe(usd('5001.8759375'))
    expect(long.position(XBT)!.fundingAccrued).toBe(0n)
    expect(long.position(XBT)!.fundingPaid).toBe(usd('1.8759375'))
    expect(short.position(XBT)!.fundingPaid).toBe(usd('-1.8759375'))
  })

  it('premium < 0: shorts pay longs; clamped premium pays at most 0.1 % an hour', () => {
    const [long, short] = pair()
    const clock = new FundingClock(T10)
    // 59,970 vs 60,000: −0.05 % / 8 → long receives 0.5 × 59,970 × 0.0000625 = 1.8740625
    clock.advance(T10 + 60 * MIN, prices(59_970n, 60_000n), [long, short])
    expect(long.balance).toBe(usd('5001.8740625'))
    expect(short.balance).toBe(usd('4998.1259375'))
    // 60,600 vs 60,000: 1 % clamped to 0.1 % → long pays 0.5 × 60,600 × 0.001 = 30.3
    clock.advance(T10 + 120 * MIN, prices(60_600n, 60_000n), [long])
    expect(long.balance).toBe(usd('4971.5740625'))
  })

  it('settles at a net-position change, and twice when a call spans two hour ends', () => {
    const [long] = pair()
    const clock = new FundingClock(T10)
    const p = prices(60_030n, 60_000n)
    clock.advance(T10 + 30 * MIN, p, [long])
    long.applyFill({ symbol: XBT, side: 'buy', qty: btc('0.1'), price: 60_030n })
    expect(long.balance).toBe(usd('4999.06203125')) // 5,000 − 0.93796875
    expect(long.position(XBT)!.fundingAccrued).toBe(0n)

    const [l2] = pair()
    const c2 = new FundingClock(T10 + 15 * MIN)
    // 10:15 → 12:15: 45 min + 60 min settled (2 settlements), 15 min accrued
    expect(c2.advance(T10 + 135 * MIN, p, [l2])).toEqual({ settlements: 2 })
    // 1.8759375 per hour: settled 1.75 h = 3.282890625; accrued 0.25 h = 0.468984375
    expect(l2.balance).toBe(usd('4996.717109375'))
    expect(l2.position(XBT)!.fundingAccrued).toBe(usd('-0.468984375'))
  })

  it('time never runs backwards', () => {
    const clock = new FundingClock(T10)
    expect(() => clock.advance(T10 - 1, prices(60_000n, 60_000n), [])).toThrow(/backwards/)
  })
})
