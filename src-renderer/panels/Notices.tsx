import { useMemo, type MouseEvent } from 'react'
import type { Notice } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { useKeymapStore } from '../stores/keymapStore'
import { dismissLocalNotices, mergedNotices, toggleNoticesLog, useTradingStore } from '../stores/tradingStore'

/** The strip shows this many lines, always: a notice arriving must never move the ladder. */
const LINES = 3

/**
 * What the strip shows: pinned notices first (refusals, rejects, cancels the trader did not ask
 * for, alerts, errors — main pins them until dismissed), newest first, then the newest of the
 * rest. Fill notices roll; they can never push a refusal out (they did, within a second).
 */
export function stripLines(notices: readonly Notice[]): { shown: Notice[]; morePinned: number } {
  const pinned = notices.filter((n) => n.pinned).reverse()
  const rolling = notices.filter((n) => !n.pinned).reverse()
  const shown = [...pinned, ...rolling].slice(0, LINES)
  return { shown, morePinned: Math.max(0, pinned.length - LINES) }
}

const time = (at: number): string => new Date(at).toISOString().slice(11, 19)

function dismiss(ids?: number[]): void {
  // this window's own notices (negative ids) are unpinned here; main's in main, so every window
  // of the session unpins them together
  dismissLocalNotices(ids?.filter((id) => id < 0))
  const mains = ids?.filter((id) => id > 0)
  if (mains && mains.length === 0) return
  void getBridge()
    .invoke('notices.dismiss', mains ? { ids: mains } : {})
    .catch(() => undefined)
}

/**
 * The last things main had to tell the trader. The strip always takes the same height (every
 * resize also re-laid the ladder's canvas out); a click on it, or the notices.log key (Alt+N by
 * default, in the keymap like every key), opens the notices log; Esc closes it.
 */
export function Notices() {
  const fromMain = useTradingStore((s) => s.notices.notices)
  const local = useTradingStore((s) => s.localNotices)
  const notices = useMemo(() => mergedNotices(fromMain, local), [fromMain, local])
  const logOpen = useTradingStore((s) => s.noticesLogOpen)
  const logKey = useKeymapStore((s) => s.keymap['notices.log'][0])
  const { shown, morePinned } = useMemo(() => stripLines(notices), [notices])
  const stop = (e: MouseEvent) => e.stopPropagation()
  return (
    <>
      <div
        className="notices"
        aria-live="polite"
        data-testid="notices"
        title={`Click for the notices log${logKey ? ` (${logKey})` : ''}`}
        style={{ cursor: 'pointer', position: 'relative' }}
        onClick={() => toggleNoticesLog(true)}
      >
        {shown.length === 0 && <div className="notice none">No notices</div>}
        {shown.map((n) => (
          <div
            key={n.id}
            className={`notice ${n.level}${n.pinned ? ' pinned' : ''}`}
            data-testid="notice"
            data-kind={n.kind ?? 'note'}
            data-pinned={n.pinned ? 'true' : 'false'}
            title={n.text}
          >
            {n.pinned && (
              <button
                type="button"
                aria-label="Dismiss"
                title="Dismiss (stays in the log)"
                data-testid="notice-dismiss"
                style={{ float: 'right', padding: '0 6px', lineHeight: '14px' }}
                onClick={(e) => {
                  stop(e)
                  dismiss([n.id])
                }}
              >
                ×
              </button>
            )}
            <span className="time">{time(n.at)}</span> {n.text}
          </div>
        ))}
        {morePinned > 0 && (
          <span
            className="muted"
            data-testid="notices-more"
            style={{ position: 'absolute', right: 40, bottom: 4, fontSize: 11 }}
          >
            +{morePinned} more pinned
          </span>
        )}
      </div>
      {logOpen && <NoticesLog notices={notices} />}
    </>
  )
}

/** Every notice of the session (the last 500, every pinned one), newest first. */
function NoticesLog({ notices }: { notices: readonly Notice[] }) {
  const rows = useMemo(() => [...notices].reverse(), [notices])
  const pinned = notices.some((n) => n.pinned)
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label="Notices log"
      data-testid="notices-log"
    >
      <div className="overlay-box" style={{ width: 'min(900px, 90vw)' }}>
        <h2>Notices ({notices.length})</h2>
        <div style={{ maxHeight: '60vh', overflowY: 'auto' }}>
          {rows.map((n) => (
            <div
              key={n.id}
              className={`notice ${n.level}${n.pinned ? ' pinned' : ''}`}
              data-testid="log-notice"
              data-kind={n.kind ?? 'note'}
              style={{ whiteSpace: 'normal', marginBottom: 2 }}
            >
              <span className="time">{time(n.at)}</span> {n.pinned ? 'Pinned · ' : ''}
              {n.text}
            </div>
          ))}
        </div>
        <div className="row">
          <button
            type="button"
            disabled={!pinned}
            onClick={() => dismiss()}
            data-testid="notices-dismiss-all"
          >
            Dismiss all pinned
          </button>
          <button type="button" onClick={() => toggleNoticesLog(false)} data-testid="notices-log-close">
            Close <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
