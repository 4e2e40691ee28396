import { describe, expect, it } from 'vitest'
import { marginRates, perpetual, PERPETUALS } from '../../../../src-main/sim/derivatives/perpetuals'
import { parsePrice, parseQty } from '../../../../src-main/sim/derivatives/units'
import { btc } from './helpers'

describe('linear perpetuals table (Kraken contract specs, §7.1 of docs/kraken-derivatives.md)', () => {
  it('PF_XBTUSD and PF_ETHUSD carry Kraken’s tick, minimum order and maximum position', () => {
    expect(PERPETUALS.map((p) => p.symbol)).toEqual(['PF_XBTUSD', 'PF_ETHUSD'])
    const x = perpetual('PF_XBTUSD')
    expect([x.base, x.quote, x.tickSize, x.minOrderQty, x.maxPositionQty]).toEqual([
      'XBT',
      'USD',
      '1',
      '0.0001',
      '1200',
    ])
    const e = perpetual('PF_ETHUSD')
    expect([e.base, e.quote, e.tickSize, e.minOrderQty, e.maxPositionQty]).toEqual([
      'ETH',
      'USD',
      '0.1',
      '0.001',
      '16000',
    ])
    expect(x.fundingIntervalMs).toBe(3_600_000)
    expect(() => perpetual('PF_DOGEUSD')).toThrow(/PF_DOGEUSD/)
  })

  it('prices must sit on the tick and quantities on the lot; text converts exactly', () => {
    const e = perpetual('PF_ETHUSD')
    expect(parsePrice(e, '3000.1')).toBe(30001n)
    expect(() => parsePrice(e, '3000.15')).toThrow(/tick 0.1/)
    expect(parseQty(e, '1.234')).toBe(1234n)
    expect(() => parseQty(e, '1.2345')).toThrow(/0.001/)
    const x = perpetual('PF_XBTUSD')
    expect(parsePrice(x, '60000')).toBe(60000n)
    expect(() => parsePrice(x, '60000.5')).toThrow(/tick 1/)
  })

  it('margin tiers by position size: 2 % / 1 % up to 50 BTC, then 4 % / 2 % (rates at 10^-6)', () => {
    const x = perpetual('PF_XBTUSD')
    // 2 % = 20,000 millionths; 1 % = 10,000
    expect(marginRates(x, btc('49.9999'))).toEqual({ initial: 20_000n, maintenance: 10_000n })
    expect(marginRates(x, btc('50'))).toEqual({ initial: 40_000n, maintenance: 20_000n })
    expect(marginRates(x, btc('1200'))).toEqual({ initial: 100_000n, maintenance: 50_000n })
    // retail levels from Kraken's doc example: 50 % / 25 %
    expect(marginRates(x, btc('0.5'), true)).toEqual({ initial: 500_000n, maintenance: 250_000n })
  })
})
