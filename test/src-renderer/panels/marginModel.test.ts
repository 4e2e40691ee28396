import { describe, expect, it } from 'vitest'
import {
  fundingWords,
  marginGaugeText,
  marginWarnings,
  positionCells,
  ratePct,
} from '../../../src-renderer/panels/marginModel'
import {
  compareText,
  grouped,
  pctDistance,
  wholePart,
  withinPct,
} from '../../../src-renderer/panels/exactText'
import type { MarginView } from '../../../src-preload/contract/derivatives'
import { LONG_XBT } from '../derivativesView'

const margin = (over: Partial<MarginView> = {}): MarginView => ({
  currency: 'USD',
  equity: '10000',
  initialMargin: '2188',
  maintenanceMargin: '2941.18',
  available: '7812.4',
  marginLevel: '3.40',
  state: 'ok',
  ...over,
})

describe('exact text helpers', () => {
  it('groups thousands, cuts to the whole part and measures distance without floats', () => {
    expect(grouped('64000')).toBe('64,000')
    expect([compareText('.5', '0.50'), compareText('5.', '4.999'), compareText('-1', '0')]).toEqual([
      0, 1, -1,
    ])
    expect(compareText('1e3', '1')).toBeNull()
    expect(grouped('-1234567.891')).toBe('-1,234,567.891')
    expect(grouped('999')).toBe('999')
    expect(wholePart('7812.99')).toBe('7812')
    expect(wholePart('0.5')).toBe('0')
    expect(pctDistance('51500', '52000')).toBe('0.9')
    expect(pctDistance('60000', '61200')).toBe('1.9')
    expect(pctDistance('60000', '61224.49')).toBe('2.0')
    expect(withinPct('60000', '61200', '2')).toBe(true)
    // 2.0000003% away: not within 2%; exactly 2% is
    expect(withinPct('60000', '61224.49', '2')).toBe(false)
    // 2.04% away is not within 2%, though it shows as 2.0 cut to one decimal
    expect(withinPct('60000', '61250', '2')).toBe(false)
    expect(withinPct('49000', '50000', '2')).toBe(true)
    expect(withinPct('49000', '50000', '1.99')).toBe(false)
  })
})

describe('derivatives positions panel', () => {
  it('shows each cell as exact text: signed size, grouped prices, funding paid, both leverages', () => {
    expect(positionCells(LONG_XBT)).toEqual({
      contract: 'PF_XBTUSD',
      size: '+0.5',
      entry: '64,000',
      mark: '64,250',
      liquidation: '51,500',
      unrealised: '125',
      realised: '-12.5',
      funding: 'paid 0.84',
      margin: '642.5',
      leverage: '3.21× · 5× isolated',
    })
    expect(
      positionCells({
        ...LONG_XBT,
        size: '-1.25',
        fundingPaid: '-0.30',
        liquidationPrice: '',
        maxLeverage: null,
      }),
    ).toMatchObject({
      size: '-1.25',
      funding: 'received 0.30',
      liquidation: '—',
      leverage: '3.21× · cross margin',
    })
  })
  it('says funding rates as exact percentages', () => {
    expect(ratePct('0.000012')).toBe('0.0012%')
    expect(ratePct('-0.0005')).toBe('-0.05%')
    expect(ratePct('0.01')).toBe('1%')
    expect(ratePct('0')).toBe('0%')
    expect(fundingWords({ symbol: 'PF_XBTUSD', rate: '0.000012', nextAt: Date.UTC(2026, 11, 1, 14) })).toBe(
      'PF_XBTUSD funding 0.0012%, next 14:00 UTC',
    )
  })
})

describe('margin gauge', () => {
  it('says the level, the free margin and the state in words', () => {
    expect(marginGaugeText(margin())).toBe('Margin 3.40× · 7,812 USD free · OK')
    expect(marginGaugeText(margin({ state: 'amber', marginLevel: '1.80' }))).toBe(
      'Margin 1.80× · 7,812 USD free · LOW',
    )
    expect(marginGaugeText(margin({ marginLevel: '', available: '10000' }))).toBe(
      'Margin no positions · 10,000 USD free · OK',
    )
  })
  it('warns on amber, red and liquidation; ok is quiet', () => {
    expect(marginWarnings(margin(), [])).toEqual([])
    expect(marginWarnings(margin({ state: 'amber', marginLevel: '1.80' }), [])).toEqual([
      'Margin low: level 1.80× is below 2× — add collateral or reduce positions',
    ])
    expect(marginWarnings(margin({ state: 'red', marginLevel: '1.10' }), [])).toEqual([
      'Margin critical: level 1.10× is below 1.25× — liquidation is near, reduce positions or add collateral now',
    ])
    expect(marginWarnings(margin({ state: 'liquidation', marginLevel: '0.95' }), [])).toEqual([
      'Liquidation: margin level 0.95× is below 1× — Kraken is closing positions',
    ])
  })
  it('warns when a mark is within the risk limit of its liquidation price', () => {
    const near = { ...LONG_XBT, markPrice: '52000', liquidationPrice: '51500' }
    expect(marginWarnings(margin(), [near], '1')).toEqual([
      'PF_XBTUSD is 0.9% from liquidation: mark 52,000, liquidation price 51,500 (warning within 1%)',
    ])
    expect(marginWarnings(margin(), [near], '0.5')).toEqual([])
    // no limit set, no liquidation price, or flat: no warning
    expect(marginWarnings(margin(), [near])).toEqual([])
    expect(marginWarnings(margin(), [{ ...near, liquidationPrice: '' }], '5')).toEqual([])
    expect(marginWarnings(margin(), [{ ...near, size: '0' }], '5')).toEqual([])
  })
})
