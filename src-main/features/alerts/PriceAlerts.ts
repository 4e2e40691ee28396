import type { AlertsView, PriceAlert } from '../../../src-preload/contract/types'
import { compareSigned } from '../../../src-domain/signedDecimal'
import type { NoticeBoard } from '../notices/NoticeBoard'

const ALERTS_KEY = 'alerts'
/**
 * Fired alerts kept (newest first to stay): the list shows what fired until the trader re-arms,
 * removes or clears them, but is saved on every change and must not grow for good.
 */
export const FIRED_KEPT = 100

export interface PriceAlertsDeps {
  known: (symbol: string) => boolean
  /** mid price text of a symbol's book, or null */
  mid: (symbol: string) => string | null
  notices: Pick<NoticeBoard, 'notice'>
  publish: () => void
  /** the set of books with an alert waiting changed: they must be followed (or can be let go) */
  interestChanged: () => void
  /** refuse a request in words (said on the notices board, thrown to the caller) */
  refuse: (text: string) => never
  settings?: { get<T>(key: string): T | undefined; set(key: string, value: unknown): void }
  now?: () => number
}

/**
 * Price alerts on the mid: added and removed by the trader, kept between launches, checked on
 * every top-of-book change of a followed book (main follows a book with an alert waiting whether
 * or not a window shows it), fired once, said as a pinned notice.
 */
export class PriceAlerts {
  private readonly alerts: PriceAlert[] = []
  private alertId = 0
  private readonly now: () => number

  constructor(private readonly d: PriceAlertsDeps) {
    this.now = d.now ?? Date.now
    // alerts from the last launch; anything unreadable is dropped
    const saved = d.settings?.get<PriceAlert[]>(ALERTS_KEY)
    if (Array.isArray(saved))
      for (const a of saved)
        if (
          a &&
          typeof a.symbol === 'string' &&
          (a.op === 'above' || a.op === 'below') &&
          /^\d+(\.\d+)?$/.test(a.price)
        ) {
          this.alerts.push({ ...a, id: ++this.alertId })
        }
    this.forgetOldFired() // a list saved before the bound, or with more fired than it keeps
  }

  private save(): void {
    this.d.settings?.set(ALERTS_KEY, this.alerts)
  }

  add(a: { symbol: string; op: 'above' | 'below'; price: string }): AlertsView {
    if (!this.d.known(a.symbol)) this.d.refuse(`Unknown instrument ${a.symbol}: no alert set`)
    // the same alert twice would say every crossing twice (a double click on Add sent it twice)
    const twin = this.alerts.find(
      (x) =>
        x.triggeredAt === null &&
        x.symbol === a.symbol &&
        x.op === a.op &&
        compareSigned(x.price, a.price) === 0,
    )
    if (twin)
      this.d.refuse(`An alert ${a.symbol} ${a.op === 'above' ? '≥' : '≤'} ${twin.price} is already waiting`)
    const alert: PriceAlert = {
      id: ++this.alertId,
      symbol: a.symbol,
      op: a.op,
      price: a.price,
      triggeredAt: null,
    }
    this.alerts.push(alert)
    return this.waitFor(alert)
  }

  /** A new or re-armed alert: saved, shown, checked at once on the mid, and its book followed. */
  private waitFor(a: PriceAlert): AlertsView {
    this.save()
    this.d.publish()
    const mid = this.d.mid(a.symbol)
    if (mid) this.check(a.symbol, mid)
    this.d.interestChanged()
    return this.view()
  }

  remove(id: number): AlertsView {
    const i = this.alerts.findIndex((x) => x.id === id)
    if (i >= 0) this.alerts.splice(i, 1)
    this.save()
    this.d.publish()
    this.d.interestChanged()
    return this.view()
  }

  /**
   * A fired alert waits again, checked at once against the mid (as a new one is). `firedAt` names
   * the firing the trader re-arms: if the alert has been re-armed since (a second click, a held
   * Enter, another window), that firing is no longer there and nothing is done — else each
   * would re-arm it again and, with the mid still past, say it again.
   */
  rearm(id: number, firedAt?: number): AlertsView {
    const a = this.alerts.find((x) => x.id === id) ?? this.d.refuse(`No alert ${id}: it was removed`)
    if (firedAt !== undefined && a.triggeredAt !== firedAt) return this.view()
    if (a.triggeredAt === null) this.d.refuse(`Alert ${a.symbol} ${a.price} is already waiting`)
    a.triggeredAt = null
    delete a.triggerMid
    return this.waitFor(a)
  }

  /** Remove every fired alert; the waiting ones stay. */
  clearFired(): AlertsView {
    this.keepOnly((a) => a.triggeredAt === null)
    this.save()
    this.d.publish()
    return this.view()
  }

  /** Symbols with an alert still waiting: their books must be followed. */
  waiting(): string[] {
    return this.alerts.filter((a) => a.triggeredAt === null).map((a) => a.symbol)
  }

  /** Fire alerts whose condition the mid now meets, once (called on every top-of-book change). */
  check(symbol: string, mid: string): void {
    let fired = false
    for (const a of this.alerts) {
      if (a.symbol !== symbol || a.triggeredAt !== null) continue
      // exact decimal comparison at whichever scale is finer, never floats
      const c = compareSigned(mid, a.price)
      const hit = a.op === 'above' ? c >= 0 : c <= 0
      if (!hit) continue
      a.triggeredAt = this.now()
      a.triggerMid = mid
      this.d.notices.notice(
        'warn',
        `Alert: ${symbol} mid ${mid} is ${a.op === 'above' ? 'at or above' : 'at or below'} ${a.price}`,
        'alert',
      )
      fired = true
    }
    if (!fired) return
    this.forgetOldFired()
    this.save()
    this.d.publish()
    // a fired alert no longer needs its book followed
    this.d.interestChanged()
  }

  /** Beyond FIRED_KEPT fired alerts, the ones that fired longest ago go. */
  private forgetOldFired(): void {
    const fired = this.alerts.filter((a) => a.triggeredAt !== null)
    if (fired.length <= FIRED_KEPT) return
    const gone = new Set(
      fired
        .sort((x, y) => x.triggeredAt! - y.triggeredAt! || x.id - y.id)
        .slice(0, fired.length - FIRED_KEPT),
    )
    this.keepOnly((a) => !gone.has(a))
  }

  private keepOnly(which: (a: PriceAlert) => boolean): void {
    this.alerts.splice(0, this.alerts.length, ...this.alerts.filter(which))
  }

  view(): AlertsView {
    return { alerts: this.alerts }
  }
}
