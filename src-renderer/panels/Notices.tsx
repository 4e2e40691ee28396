import { useTradingStore } from '../stores/tradingStore'

/**
 * The last few things main had to tell the trader: refusals, rejections, routing notes. The
 * strip always takes the same height: a notice arriving must never move the ladder's rows
 * under the trader's pointer (it did, and every resize also re-laid the canvas out).
 */
export function Notices() {
  const notices = useTradingStore((s) => s.notices.notices)
  const recent = notices.slice(-3).reverse()
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {recent.length === 0 && <div className="notice none">No notices</div>}
      {recent.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} data-testid="notice" title={n.text}>
          <span className="time">{new Date(n.at).toISOString().slice(11, 19)}</span> {n.text}
        </div>
      ))}
    </div>
  )
}
