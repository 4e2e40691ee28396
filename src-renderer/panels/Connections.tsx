import { useState } from 'react'
import type { ConnectionView } from '../../src-preload/contract/types'
import { useMarketStore } from '../stores/marketStore'
import { useConnectionsSubscription, useRateLimitsSubscription } from '../stores/subscriptions'
import { restWords } from './linkWords'
import { useNow } from '../stores/useNow'

const NAME: Record<string, string> = {
  'rest-api': 'REST',
  'ws-public': 'WS public',
  'ws-private': 'WS private',
  'fix-trading': 'FIX',
  'ws-derivatives public': 'Unified WS public',
  'ws-derivatives private': 'Unified WS private',
  'fix-derivatives trading': 'FIX derivatives',
}

/** How long since the venue last spoke, judged against how often it should (its heartbeat). */
export function heardAge(l: ConnectionView, now: number): { text: string; stale: boolean } {
  if (l.lastHeardAt === null) return { text: '—', stale: l.state === 'online' && l.heartbeatMs !== null }
  const age = Math.max(0, now - l.lastHeardAt)
  const text = age < 1000 ? `${age} ms` : `${(age / 1000).toFixed(1)} s`
  // three missed heartbeats is what a trader should see before the link is cut
  return { text, stale: l.heartbeatMs !== null && l.state === 'online' && age > 3 * l.heartbeatMs }
}

/**
 * Load on a rate counter as a share of Kraken's maximum, with the colour of how close it is to
 * where the trader's own orders stop (`upTo`: a trading counter keeps its last points for cancels
 * and protective orders, so that is where refusals start).
 */
export function gauge(
  level: number,
  max: number,
  upTo = max,
): { pct: number; near: number; tone: 'ok' | 'warn' | 'hot'; upToPct: number } {
  const share = (n: number, of: number) => (of > 0 ? Math.min(100, Math.round((n / of) * 100)) : 0)
  const near = share(level, upTo)
  const tone = near >= 85 ? 'hot' : near >= 60 ? 'warn' : 'ok'
  return { pct: share(level, max), near, tone, upToPct: share(upTo, max) }
}

function Gauge(p: { label: string; level: number; max: number; upTo?: number; id: string }) {
  const { label, level, max, upTo, id } = p
  const g = gauge(level, max, upTo)
  const title =
    upTo === undefined
      ? `${level.toFixed(1)} of ${max}`
      : `${level.toFixed(1)} of ${max}: new orders and amends stop at ${upTo}, the rest is kept for cancels and protective orders`
  return (
    <div className="gauge" data-testid={`gauge-${id}`} title={title}>
      <span className="gauge-label">{label}</span>
      <span className="gauge-bar">
        <span className={`gauge-fill ${g.tone}`} style={{ width: `${g.pct}%` }} />
        {upTo !== undefined && <span className="gauge-kept" style={{ left: `${g.upToPct}%` }} />}
      </span>
      <span className="gauge-value">
        {level.toFixed(1)}/{max}
      </span>
    </div>
  )
}

/**
 * Each venue link — state, round trip, heartbeat age, FIX sequence numbers, reconnects — and
 * Kraken's rate counters as gauges, so throttling shows before an order is refused.
 */
export function Connections() {
  useConnectionsSubscription()
  useRateLimitsSubscription()
  const connections = useMarketStore((s) => s.connections)
  const rate = useMarketStore((s) => s.rateLimits)
  const [open, setOpen] = useState(false)
  // ages tick 4×/s while the table is open; folded, the one-line summary needs only 1×/s
  const now = useNow(open ? 250 : 1000)
  // folded, the header still says whether anything needs a look
  const links = connections?.links ?? []
  const up = links.filter((l) => l.state === 'online').length
  const stale = links.some((l) => heardAge(l, now).stale)
  // how close the nearest counter is to refusing the trader's orders (a trading counter refuses
  // them at its normalUpTo, before Kraken's maximum)
  const hottest = Math.max(
    0,
    ...(rate
      ? [
          gauge(rate.rest.level, rate.rest.max),
          ...rate.trading.map((c) => gauge(c.level, c.max, c.normalUpTo)),
        ]
      : []
    ).map((g) => g.near),
  )
  const summary = {
    text: `${up}/${links.length} online${stale ? ' · venue quiet' : ''} · rate ${hottest}%`,
    tone: up < links.length || stale || hottest >= 85 ? 'problems' : hottest >= 60 ? 'warn-text' : 'muted',
  }
  return (
    <details
      className="panel connections"
      aria-label="Connections"
      data-testid="connections-panel"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary className="panel-head">
        <span className="panel-title">Connections</span>
        <span className={summary.tone} data-testid="connections-summary">
          {summary.text}
        </span>
      </summary>
      <table>
        <thead>
          <tr>
            <th>Link</th>
            <th>State</th>
            <th className="num">RTT</th>
            <th className="num">Heard</th>
            <th className="num">Seq out/in</th>
            <th className="num">Reconn.</th>
          </tr>
        </thead>
        <tbody>
          {connections?.links.map((l) => {
            const key = `${l.protocol}-${l.channel}`
            const heard = heardAge(l, now)
            // REST has no stream: ready/idle and when it was last used, not "online, heard 827 s"
            const rest = restWords(l, now)
            return (
              <tr key={key} data-testid={`conn-${key}`} title={l.detail}>
                <td>{NAME[key] ?? key}</td>
                <td className={`link-${l.state}`}>{rest ? rest.state : l.state}</td>
                <td className="num">{l.latencyMs !== null ? `${l.latencyMs} ms` : '—'}</td>
                <td className={`num${heard.stale ? ' stale' : ''}`} data-testid={`heard-${key}`}>
                  {rest ? rest.used : heard.text}
                </td>
                <td className="num">{l.seqOut !== undefined ? `${l.seqOut}/${l.seqIn ?? 0}` : '—'}</td>
                <td className="num">{l.reconnects}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {rate && (
        <div className="gauges">
          <Gauge label="REST calls" level={rate.rest.level} max={rate.rest.max} id="rest" />
          {rate.trading.map((t) => (
            <Gauge
              key={t.symbol}
              label={`${t.symbol} trading`}
              level={t.level}
              max={t.max}
              upTo={t.normalUpTo}
              id={t.symbol}
            />
          ))}
        </div>
      )}
    </details>
  )
}
