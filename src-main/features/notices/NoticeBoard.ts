import type { Notice, NoticeKind, NoticesView } from '../../../src-preload/contract/types'

/** the notices log keeps the session's last 500 (pinned ones however old) */
const NOTICES = 500
/** kinds that stay on the strip until dismissed: what the trader must not miss */
const PINNED: ReadonlySet<NoticeKind> = new Set(['refusal', 'reject', 'venue-cancel', 'alert'])

/**
 * What main tells the trader that is not an order state: refusals, rejects, venue cancels, alerts,
 * fills, routing notes. Every feature says things through this one board (the notices topic).
 */
export class NoticeBoard {
  private readonly notices: Notice[] = []
  private noticeId = 0
  private readonly now: () => number

  constructor(private readonly d: { publish: () => void; now?: () => number }) {
    this.now = d.now ?? Date.now
  }

  /**
   * Tell the trader. Refusals, rejects, cancels they did not ask for, alerts and errors are
   * pinned: a burst of fill notices must never push them off the strip (a refusal was gone
   * within a second). The log keeps the last NOTICES, dropping the oldest unpinned first.
   */
  notice(level: Notice['level'], text: string, kind: NoticeKind = 'note'): void {
    const pinned = PINNED.has(kind) || level === 'error'
    this.notices.push({ id: ++this.noticeId, at: this.now(), level, text, kind, pinned })
    if (this.notices.length > NOTICES) {
      const i = this.notices.findIndex((n) => !n.pinned)
      this.notices.splice(i >= 0 ? i : 0, 1)
    }
    this.d.publish()
  }

  /** The trader read them: off the strip, still in the log. No ids: every pinned notice. */
  dismiss(ids?: number[]): NoticesView {
    const which = ids ? new Set(ids) : null
    for (const n of this.notices) if (n.pinned && (!which || which.has(n.id))) n.pinned = false
    this.d.publish()
    return this.view()
  }

  view(): NoticesView {
    return { notices: this.notices }
  }
}
