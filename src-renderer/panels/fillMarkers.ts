import type { FillView } from '../../src-preload/contract/types'

export interface FillMarker {
  /** the candle's open time, seconds */
  time: number
  side: 'buy' | 'sell'
  /** how many of my fills this marker stands for (shown on hover in the chart's title, not drawn) */
  count: number
}

/**
 * My fills as chart markers: one arrow per candle and side, with no text. Text labels for every
 * fill ("B 0.01 @ 65000.1") piled on each other into unreadable ink; the blotter has the numbers.
 */
export function fillMarkers(
  fills: readonly Pick<FillView, 'symbol' | 'side' | 'at'>[],
  symbol: string,
  intervalMin: number,
  firstCandle: number,
): FillMarker[] {
  const span = 60 * intervalMin
  const byKey = new Map<string, FillMarker>()
  for (const f of fills) {
    if (f.symbol !== symbol || f.at / 1000 < firstCandle) continue
    const time = Math.floor(f.at / 1000 / span) * span
    const key = `${time} ${f.side}`
    const m = byKey.get(key)
    if (m) m.count++
    else byKey.set(key, { time, side: f.side, count: 1 })
  }
  return [...byKey.values()].sort((a, b) => a.time - b.time || a.side.localeCompare(b.side))
}
