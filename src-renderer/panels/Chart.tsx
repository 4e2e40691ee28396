import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import { useOrderHistory } from '../stores/subscriptions'
import { useCalmTopic } from '../stores/useCalmTopic'
import { useTradingStore } from '../stores/tradingStore'
import { fillMarkers } from './fillMarkers'

const INTERVAL = 1

/**
 * Candlestick chart (TradingView's lightweight-charts) with my fills marked. The chart draws
 * floats; the numbers it draws come from exact decimal strings and never flow back.
 */
export function Chart({ symbol }: { symbol: string }) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<{
    api: IChartApi
    series: ISeriesApi<'Candlestick'>
    markers: ISeriesMarkersPluginApi<Time>
  } | null>(null)
  // candles are read, not reacted to: redrawn at most 4 times a second under bursts
  const view = useCalmTopic('candles', { symbol, interval: INTERVAL }, 250, `${symbol}:${INTERVAL}`)
  useOrderHistory()
  const fills = useTradingStore((s) => s.orders.fills)

  useEffect(() => {
    if (!box.current) return
    const api = createChart(box.current, {
      autoSize: true,
      // no attribution logo: it injects a <style> (our CSP forbids inline styles) and a remote
      // link; TradingView is credited in the panel header and the README instead
      layout: { background: { color: '#121720' }, textColor: '#7d8898', attributionLogo: false },
      grid: { vertLines: { color: '#1a212c' }, horzLines: { color: '#1a212c' } },
      timeScale: { timeVisible: true, secondsVisible: false },
    })
    const series = api.addSeries(CandlestickSeries, {
      upColor: '#2f9e6a',
      downColor: '#d9534f',
      borderVisible: false,
      wickUpColor: '#2f9e6a',
      wickDownColor: '#d9534f',
    })
    chart.current = { api, series, markers: createSeriesMarkers(series, []) }
    return () => {
      chart.current = null
      api.remove()
    }
  }, [])

  useEffect(() => {
    const c = chart.current
    if (!c || !view) return
    c.series.setData(
      view.candles.map((k) => ({
        time: k.time as UTCTimestamp,
        open: Number(k.open),
        high: Number(k.high),
        low: Number(k.low),
        close: Number(k.close),
      })),
    )
    const first = view.candles[0]?.time ?? 0
    // arrows without text, one per candle and side: labels per fill overlapped into unreadable ink
    c.markers.setMarkers(
      fillMarkers(fills, symbol, INTERVAL, first).map((m) => ({
        time: m.time as Time,
        position: m.side === 'buy' ? ('belowBar' as const) : ('aboveBar' as const),
        color: m.side === 'buy' ? '#2f9e6a' : '#d9534f',
        shape: m.side === 'buy' ? ('arrowUp' as const) : ('arrowDown' as const),
      })),
    )
  }, [view, fills, symbol])

  return (
    <section className="panel chart" aria-label="Chart" data-testid="chart">
      <header className="panel-head">
        <span className="panel-title">Chart</span>
        <span className="symbol">
          {symbol} · {INTERVAL}m
        </span>
        <span className="muted" data-testid="chart-candles">
          {view ? `${view.candles.length} candles` : 'loading…'}
        </span>
        <span className="credit">Charts by TradingView Lightweight Charts™</span>
      </header>
      <div className="chart-box" ref={box} />
    </section>
  )
}
