import { useMarketStore } from '../stores/marketStore'
import { useBridgeStore } from '../stores/bridgeStore'
import { sizeText, useRecordingStore, useRecordingSubscription } from '../stores/recordingStore'
import { useConnectionsSubscription, useRateLimitsSubscription } from '../stores/subscriptions'
import { useBookEvery } from '../stores/useBookEvery'
import { useDerivativesStore, useDerivativesSubscription } from '../stores/derivativesStore'
import { useTradingStore } from '../stores/tradingStore'
import { marginGaugeText, marginGaugeTitle, marginWarnings } from './marginModel'
import { restWords } from './linkWords'
import { useNow } from '../stores/useNow'
import { useRef } from 'react'
import { useSteadyHeight } from './steadyHeight'

const STATE_WORDS: Record<string, string> = {
  connecting: 'Connecting',
  online: 'Online',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  error: 'Error',
}

/** Always-visible health: this window's link to the core, and each venue link. */
export function StatusBar({ symbol }: { symbol: string }) {
  useConnectionsSubscription()
  useRateLimitsSubscription()
  useRecordingSubscription()
  const recording = useRecordingStore((s) => s.view)
  const rate = useMarketStore((s) => s.rateLimits)
  const bridge = useBridgeStore()
  const connections = useMarketStore((s) => s.connections)
  const info = useMarketStore((s) => s.info)
  // counters, read twice a second: the status bar must not repaint on every book tick
  const book = useBookEvery(symbol, 500)
  // the REST link's "used … ago" is judged against a clock read once a second, not every render
  const now = useNow(1000)
  // its pills change width all day: the workspace above must not be laid out again each time
  const bar = useRef<HTMLElement>(null)
  const pills = useRef<HTMLDivElement>(null)
  useSteadyHeight(bar, pills)
  return (
    <footer className="statusbar" data-testid="statusbar" ref={bar}>
      <div className="statusbar-pills" ref={pills}>
        <span
          className={`pill bridge-${bridge.state}`}
          title={bridge.detail}
          data-state={bridge.state}
          data-testid="bridge-state"
        >
          Core: {bridge.state === 'open' ? 'connected' : bridge.detail}
        </span>
        {info && (
          <span className={`pill venue-${info.venue}`} data-testid="venue">
            {info.venue === 'simulator' ? 'SIMULATOR — built-in exchange' : 'LIVE — Kraken'}
          </span>
        )}
        {connections?.links.map((l) => {
          // REST is request/response: "Ready · used 4.2 s ago" or "Idle", not a stale "Online"
          const rest = restWords(l, now)
          return (
            <span
              key={`${l.protocol}-${l.channel}`}
              className={`pill link-${l.state}`}
              title={l.detail}
              data-testid={`link-${l.protocol}-${l.channel}`}
            >
              {l.protocol.toUpperCase()} {l.channel}:{' '}
              {rest ? (rest.state === 'idle' ? 'Idle' : 'Ready') : (STATE_WORDS[l.state] ?? l.state)}
              {l.latencyMs !== null ? ` · ${l.latencyMs} ms` : ''}
              {l.seqOut !== undefined ? ` · seq ${l.seqOut}/${l.seqIn ?? 0}` : ''}
              {l.reconnects > 0 ? ` · ${l.reconnects} reconnects` : ''}
            </span>
          )
        })}
        {recording?.state === 'recording' && (
          <span
            className="pill link-error"
            data-testid="recording"
            data-state="recording"
            data-bytes={recording.bytesCompressed}
            title={`Recording ${recording.symbols.join(', ')} (${recording.channels.join(', ')}) to ${recording.folder}: ${recording.frames} frames, ${sizeText(recording.bytesRaw)} uncompressed, ${recording.files} file(s)${recording.dropped ? `, ${recording.dropped} frames dropped (disk too slow)` : ''}${recording.capWarning ? `. ${recording.capWarning}` : ''}`}
          >
            {/* red like a tape recorder's light: recording is on until stopped */}
            <span style={{ color: '#d9534f' }}>●</span> REC {sizeText(recording.bytesCompressed)}
            {recording.dropped > 0 ? ` · ${recording.dropped} dropped` : ''}
            {recording.capWarning ? ' · cap deleted earlier files' : ''}
          </span>
        )}
        {recording?.state === 'error' && (
          <span
            className="pill link-error"
            data-testid="recording"
            data-state="error"
            title={recording.error ?? ''}
          >
            REC stopped: {recording.error}
          </span>
        )}
        {book && (
          <span className="pill" data-testid="book-stats">
            {symbol} book: {book.updates} updates since snapshot
            {book.checksumFailures > 0 ? ` · ${book.checksumFailures} checksum resyncs` : ' · checksums OK'}
          </span>
        )}
        {rate && (
          <span
            className="pill"
            data-testid="rate-limits"
            title="Kraken's rate counters as Trident models them"
          >
            Rate: REST {rate.rest.level.toFixed(1)}/{rate.rest.max}
            {rate.trading
              .filter((t) => t.level > 0.05)
              .map((t) => ` · ${t.symbol} ${t.level.toFixed(1)}/${t.max}`)
              .join('')}
          </span>
        )}
        <MarginGauge />
        <span className="hint">Press ? for keys</span>
      </div>
    </footer>
  )
}

/**
 * The derivatives margin gauge: level (equity ÷ maintenance margin) and free margin, coloured by
 * main's state and saying it in words too; amber or worse, and a mark near a liquidation price
 * (the risk limit's distance), raise a warning beside it.
 */
function MarginGauge() {
  useDerivativesSubscription()
  const view = useDerivativesStore((s) => s.view)
  const warnPct = useTradingStore((s) => s.risk?.defaults.liquidationWarnPct)
  if (!view?.available) return null
  const m = view.margin
  const warnings = marginWarnings(m, view.positions, warnPct)
  const limited = view.permission === 'reduce_only' || view.permission === 'disabled'
  return (
    <>
      {limited && (
        <span className="pill margin-amber" data-testid="deriv-permission" data-permission={view.permission}>
          Derivatives: {view.permission === 'disabled' ? 'no trading permission' : 'reduce-only account'}
        </span>
      )}
      {m && (
        <span
          className={`pill margin-${m.state}`}
          title={marginGaugeTitle(m)}
          data-testid="margin-gauge"
          data-state={m.state}
        >
          {marginGaugeText(m)}
        </span>
      )}
      {warnings.map((w) => (
        <span key={w} className="pill margin-warning" role="alert" data-testid="margin-warning">
          ⚠ {w}
        </span>
      ))}
    </>
  )
}
