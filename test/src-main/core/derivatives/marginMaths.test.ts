import { describe, expect, it } from 'vitest'
import {
  effectiveLeverage,
  isolatedLiquidationPrice,
  isolatedMargin,
  liquidationPrice,
  marginFor,
  marginLevel,
  marginState,
  nearLiquidation,
  tierFor,
  unrealisedPnl,
} from '../../../../src-main/core/derivatives/marginMaths'

const LEVELS = [
  { contracts: '0', initialMargin: '0.02', maintenanceMargin: '0.01' },
  { contracts: '500', initialMargin: '0.04', maintenanceMargin: '0.02' },
]

describe('derivatives margin maths (exact)', () => {
  it('unrealised PnL at the mark, long and short', () => {
    expect(unrealisedPnl('0.5', '60000', '61000', '1')).toBe('500.00')
    expect(unrealisedPnl('-2', '3000', '2900.5', '1')).toBe('199.00')
    expect(unrealisedPnl('0.0001', '60000', '59999', '1')).toBe('0.00')
  })

  it('margin of a position and the tier it falls in', () => {
    expect(marginFor('-0.5', '60000', '1', '0.02')).toBe('600.00')
    expect(tierFor(LEVELS, '-499.9').maintenanceMargin).toBe('0.01')
    expect(tierFor(LEVELS, '500').maintenanceMargin).toBe('0.02')
  })

  it('liquidation price: where equity meets maintenance margin', () => {
    // long 1 at mark 60,000 with 6,000 USD equity, 1% maintenance: (60000 - 6000) / 0.99
    const long = {
      size: '1',
      mark: '60000',
      contractSize: '1',
      maintenanceRate: '0.01',
      equity: '6000',
      otherMaintenance: '0',
    }
    expect(liquidationPrice(long, 0)).toBe('54545')
    expect(liquidationPrice(long, 2)).toBe('54545.45')
    // short 1: (6000 + 60000) / 1.01
    expect(liquidationPrice({ ...long, size: '-1' }, 2)).toBe('65346.53')
    // the others' maintenance margin is equity this position cannot use
    expect(liquidationPrice({ ...long, otherMaintenance: '1000' }, 2)).toBe('55555.56')
    // a long the collateral covers in full has no liquidation price; nor has a flat one
    expect(liquidationPrice({ ...long, equity: '70000' }, 0)).toBe('')
    expect(liquidationPrice({ ...long, size: '0' }, 0)).toBe('')
  })

  it('margin level and the gauge colours', () => {
    expect(marginLevel('6000', '600')).toBe('10.00')
    expect(marginLevel('100', '0')).toBe('')
    expect(marginState('10.00')).toBe('ok')
    expect(marginState('2.00')).toBe('ok')
    expect(marginState('1.99')).toBe('amber')
    expect(marginState('1.24')).toBe('red')
    expect(marginState('0.99')).toBe('liquidation')
    expect(marginState('')).toBe('ok')
  })

  it('effective leverage and the liquidation-distance warning', () => {
    expect(effectiveLeverage('-0.5', '60000', '1', '6000')).toBe('5.00')
    expect(effectiveLeverage('1', '60000', '1', '0')).toBe('')
    expect(nearLiquidation('55000', '54545', '1')).toBe(true)
    expect(nearLiquidation('55000', '54545', '0.5')).toBe(false)
    expect(nearLiquidation('55000', '', '5')).toBe(false)
  })

  it('isolated margin: a fixed-leverage position holds notional ÷ leverage and is liquidated on that alone', () => {
    // long at 60,000 with 10×: 60000 × 0.9 ÷ 0.99; short: 60000 × 1.1 ÷ 1.01
    expect(isolatedLiquidationPrice('0.2', '60000', '10', '0.01', 2)).toBe('54545.45')
    expect(isolatedLiquidationPrice('-0.2', '60000', '10', '0.01', 0)).toBe('65347')
    expect(isolatedLiquidationPrice('0', '60000', '10', '0.01', 0)).toBe('')
    expect(isolatedMargin('0.2', '65001', '1', '10')).toBe('1300.02')
    expect(isolatedMargin('-0.5', '3000.5', '1', '2.5')).toBe('600.10')
  })
})
