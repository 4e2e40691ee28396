import { useTradingStore } from '../stores/tradingStore'

/** The last few things main had to tell the trader: refusals, rejections, routing notes. */
export function Notices() {
  const notices = useTradingStore((s) => s.notices.notices)
  const recent = notices.slice(-3).reverse()
  if (recent.length === 0) return null
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {recent.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} data-testid="notice">
          <span className="time">{new Date(n.at).toISOString().slice(11, 19)}</span> {n.text}
        </div>
      ))}
    </div>
  )
}
