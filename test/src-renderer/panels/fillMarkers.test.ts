import { describe, expect, it } from 'vitest'
import { fillMarkers } from '../../../src-renderer/panels/fillMarkers'

describe('chart fill markers', () => {
  it('one marker per candle and side, however many fills, for this symbol only', () => {
    const at = (s: number) => s * 1000
    const fills = [
      { symbol: 'BTC/USD', side: 'buy' as const, at: at(120) },
      { symbol: 'BTC/USD', side: 'buy' as const, at: at(150) },
      { symbol: 'BTC/USD', side: 'buy' as const, at: at(179) },
      { symbol: 'BTC/USD', side: 'sell' as const, at: at(170) },
      { symbol: 'BTC/USD', side: 'sell' as const, at: at(200) },
      { symbol: 'ETH/USD', side: 'buy' as const, at: at(130) },
      { symbol: 'BTC/USD', side: 'buy' as const, at: at(30) }, // before the first candle shown
    ]
    expect(fillMarkers(fills, 'BTC/USD', 1, 60)).toEqual([
      { time: 120, side: 'buy', count: 3 },
      { time: 120, side: 'sell', count: 1 },
      { time: 180, side: 'sell', count: 1 },
    ])
  })
})
