import { useEffect, useState } from 'react'
import { latencySamples, watchPaints } from '../stores/latencySamples'
import { every } from '../stores/uiClock'
import { formatMs, summarize, type LatencySummary, type SampleRing } from './latencyModel'

const ROWS: { id: string; label: string; ring: SampleRing; title: string }[] = [
  {
    id: 'k2w',
    label: 'Keypress → wire',
    ring: latencySamples.keyToWire,
    title:
      'From the key press or click that sent an order in this window to the moment main handed its bytes to the venue socket (WebSocket orders). Both ends on this machine’s clock.',
  },
  {
    id: 't2p',
    label: 'Tick → pixel',
    ring: latencySamples.tickToPixel,
    title:
      'From the venue’s timestamp of a book update to the frame that painted it on a ladder of this window. The venue stamps in milliseconds with its own clock, which may differ from this machine’s: see Main → pixel for a figure on this machine’s clock only.',
  },
  {
    id: 'm2p',
    label: 'Main → pixel',
    ring: latencySamples.mainToPixel,
    title:
      'From main applying a book update to the frame that painted it on a ladder of this window: this machine’s clock only, so no clock difference with the venue is in it.',
  },
]

/**
 * The latency HUD: this session's own keypress-to-wire and tick-to-pixel percentiles, so a trader
 * sees the figures of their machine, live. Refreshed once a second from bounded rings of the
 * latest samples; counts are of the whole session.
 */
export function LatencyHud() {
  const [figures, setFigures] = useState<LatencySummary[]>(() => ROWS.map((r) => summarize(r.ring)))
  useEffect(() => {
    watchPaints()
    return every(1000, () => setFigures(ROWS.map((r) => summarize(r.ring))))
  }, [])
  return (
    <div className="latency-hud" data-testid="latency-hud" style={{ padding: '4px 8px' }}>
      <table style={{ width: '100%', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        <thead>
          <tr>
            <th />
            <th title="samples this session">n</th>
            <th>p50</th>
            <th>p90</th>
            <th>p99</th>
            <th title="the slowest of the latest samples kept">max</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r, i) => {
            const f = figures[i]!
            return (
              <tr key={r.id} title={r.title} data-testid={`latency-${r.id}`}>
                <th scope="row" style={{ textAlign: 'left', cursor: 'help' }}>
                  {r.label}
                </th>
                <td data-testid={`latency-${r.id}-count`}>{f.count}</td>
                <td data-testid={`latency-${r.id}-p50`}>{formatMs(f.p50)}</td>
                <td>{formatMs(f.p90)}</td>
                <td data-testid={`latency-${r.id}-p99`}>{formatMs(f.p99)}</td>
                <td>{formatMs(f.max)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <div className="muted">
        Ticks are sampled from the ladders of this window once this panel has opened; the latest 1,000 orders
        and 2,000 ticks count toward the percentiles.
      </div>
    </div>
  )
}
