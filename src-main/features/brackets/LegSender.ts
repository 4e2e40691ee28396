import type { Bracket, BracketLeg } from '../../core/brackets/bracketState'
import type { TrackedOrder } from '../../core/orders/OrderTracker'
import type { PlaceRequest } from '../../core/orders/PlaceRequest'
import type { NoticeBoard } from '../notices/NoticeBoard'
import type { OrderEntry } from '../orders/OrderCommands'

export interface LegSenderDeps {
  entry: () => OrderEntry | null
  notices: Pick<NoticeBoard, 'notice'>
  cancelAsked: (clOrdId: string) => void
  /** the next order the service creates (this turn, before its bytes leave) is this leg */
  claimNext: (fn: ((o: TrackedOrder) => void) | null) => void
  /** why no new order may be sent now (the kill switch), or null */
  halted: () => string | null
  /**
   * Kraken refused this leg (`why`): true when the desk keeps it another way (a target the
   * balance cannot hold rests in Trident), so it is not said to leave the fill unprotected
   */
  keeps?: (b: Bracket, l: BracketLeg, why: string) => boolean
  /** look at this bracket again (a protective request held back by Kraken's counter, now due) */
  retry?: (b: Bracket) => void
}

/**
 * How long Kraken's trading counter asks to wait before this request (the rate governor's words
 * end "wait 1.5 s"), or a second when the link was down; null for a refusal waiting cannot mend.
 */
export function retryAfterMs(message: string): number | null {
  const m = /wait (\d+(?:\.\d+)?) s/.exec(message)
  if (m) return Math.ceil(Number(m[1]) * 1000) + 50
  return /not (connected|up)/.test(message) ? 1000 : null
}

/** "target 2" / "stop" of bracket 0000…-1 */
export function legName(b: Bracket, l: BracketLeg): string {
  return l.role === 'stop' ? 'stop' : b.targets.length > 1 ? `target ${l.n}` : 'target'
}

/** Which other legs filled, in words: why a leg is cancelled or shrunk (orders: stop first, then targets). */
export function otherFills(b: Bracket, leg: BracketLeg, orders: (TrackedOrder | undefined)[]): string {
  const all = [b.stop, ...b.targets]
  const filled = all.filter((l, i) => l !== leg && orders[i] && /[1-9]/.test(orders[i]!.filledQty))
  return filled
    .map((l) => {
      const o = orders[all.indexOf(l)]!
      return `${legName(b, l)} ${o.clOrdId} ${o.state === 'filled' ? 'filled' : `part-filled (${o.filledQty} of ${o.qty})`}`
    })
    .join(' and ')
}

/**
 * A held request not asked again for this long is one the desk let go of (the leg filled, the
 * held target's firing was given up): asked later, it is new and said again. Retries come
 * after the counter's wait, seconds at most.
 */
const HELD_RETRY_MS = 60_000

const where = (b: Bracket) => `Bracket ${b.id} (${b.qty} ${b.symbol} from ${b.entryPrice})`

/**
 * Sends a bracket's legs through the one order service, each request once: a cancel or a shrink
 * already asked for is not asked again while the venue's answer is on its way, and every action
 * taken on the trader's behalf is said in words.
 */
export class LegSender {
  private readonly sending = new Set<BracketLeg>()
  private readonly refused = new Set<BracketLeg>()
  /** legs held back by Kraken's counter, waiting to be placed; then due (placed at the next look) */
  private readonly waiting = new Set<BracketLeg>()
  private readonly due = new Set<BracketLeg>()
  /** leg client order id -> the last request sent for it ('cancel', 'qty 0.1') */
  private readonly asked = new Map<string, string>()
  /**
   * leg client order id -> the request Kraken's counter held back ('cancel', 'qty 0.1'), when it
   * first did and when it was last tried: said once, then asked again quietly until it goes
   * through. Said per attempt, a full counter pinned a notice a retry (204 in a 60 s unpaced
   * bracket soak; 7,712 before the counter kept points for them).
   */
  private readonly held = new Map<string, { request: string; said: string; since: number; last: number }>()

  constructor(private readonly d: LegSenderDeps) {}

  /** The desk forgot a finished bracket (BracketBook): what is kept of its legs goes with it. */
  forget(b: Bracket, legIds: readonly string[]): void {
    for (const l of [b.stop, ...b.targets]) {
      this.sending.delete(l)
      this.refused.delete(l)
      this.waiting.delete(l)
      this.due.delete(l)
    }
    for (const id of legIds) {
      this.asked.delete(id)
      this.held.delete(id)
    }
  }

  /** How many legs and requests are kept (for the bound's test). */
  get kept(): number {
    return (
      this.sending.size +
      this.refused.size +
      this.waiting.size +
      this.due.size +
      this.asked.size +
      this.held.size
    )
  }

  pending(l: BracketLeg): boolean {
    return this.sending.has(l) || this.waiting.has(l)
  }

  /** A leg the counter held back whose wait is over: true once, and the desk places it. */
  takeDue(l: BracketLeg): boolean {
    return this.due.delete(l)
  }

  /**
   * Protection is never dropped for a refusal that waiting mends: a leg or a cancel/shrink the
   * counter (or a dropped link) held back is tried again when the wait is over. Without this a
   * filled target's stop stayed working for a minute and filled too (the bracket soak, seed 42).
   */
  private later(b: Bracket, ms: number, l?: BracketLeg): void {
    if (l) this.waiting.add(l)
    const t = setTimeout(() => {
      if (l) {
        this.waiting.delete(l)
        this.due.add(l)
      }
      this.d.retry?.(b)
    }, ms)
    t.unref?.()
  }

  failed(l: BracketLeg): boolean {
    return this.refused.has(l)
  }

  /**
   * True when `request` is the held one asked again for the same reason (`said`, its words): its
   * retry, said already. A different request or reason (a held target's freeing cancel, then a
   * one-cancels-other cancel of the same stop), or one the desk let go of a while ago (no retry
   * for HELD_RETRY_MS), is new: the held entry goes and the new request is said.
   */
  private retrying(id: string, request: string, said: string): boolean {
    const h = this.held.get(id)
    if (h && h.request === request && h.said === said && Date.now() - h.last < HELD_RETRY_MS) return true
    this.held.delete(id)
    return false
  }

  /** Place a leg; `claimed` runs with its order as the service creates it, before it is sent. */
  async place(b: Bracket, l: BracketLeg, claimed: (o: TrackedOrder) => void, tif?: 'IOC'): Promise<void> {
    this.refused.delete(l) // placed again (a held target, a stop put back)
    const e = this.d.entry()
    if (!e) {
      this.refused.add(l)
      this.d.notices.notice(
        'error',
        `${where(b)}: ${legName(b, l)} not placed, the venue connection is not up. The fill is not protected by it`,
      )
      return
    }
    const halt = this.d.halted()
    if (halt) {
      // the trader stopped all trading: no order leaves, protective or not
      this.refused.add(l)
      this.d.notices.notice(
        'error',
        `${where(b)}: ${legName(b, l)} not placed: ${halt} The fill is not protected by it`,
      )
      return
    }
    const req: PlaceRequest = {
      symbol: b.symbol,
      side: l.side,
      type: l.type,
      qty: l.qty,
      tif: tif ?? (l.expireAt ? 'GTD' : 'GTC'),
      protective: true,
    }
    if (l.limitPrice !== undefined) req.limitPrice = l.limitPrice
    if (l.triggerPrice !== undefined) req.triggerPrice = l.triggerPrice
    if (l.expireAt !== undefined && !tif) req.expireAt = l.expireAt
    this.sending.add(l)
    let p: Promise<TrackedOrder>
    this.d.claimNext(claimed)
    try {
      p = e.place(req)
    } finally {
      this.d.claimNext(null)
    }
    try {
      const o = await p
      // kept another way (held in Trident): its refused order is not the leg's any more
      if (o.state === 'rejected' && this.d.keeps?.(b, l, o.reason ?? '')) return
      if (!l.clOrdId) claimed(o)
      if (o.state === 'rejected') {
        this.refused.add(l)
        this.d.notices.notice(
          'error',
          `${where(b)}: ${legName(b, l)} ${o.clOrdId} rejected by Kraken (${o.reason ?? 'no reason given'}). The fill is not protected by it`,
        )
      }
    } catch (err) {
      if (this.d.keeps?.(b, l, (err as Error).message)) return
      const wait = this.d.retry ? retryAfterMs((err as Error).message) : null
      if (wait !== null) {
        this.d.notices.notice(
          'warn',
          `${where(b)}: ${legName(b, l)} held back (${(err as Error).message}); placed in ${(wait / 1000).toFixed(1)} s`,
        )
        return this.later(b, wait, l)
      }
      this.refused.add(l)
      this.d.notices.notice(
        'error',
        `${where(b)}: ${legName(b, l)} not placed: ${(err as Error).message}. The fill is not protected by it`,
      )
    } finally {
      this.sending.delete(l)
    }
  }

  /** The other leg filled: this one is cancelled at once, and said. */
  cancel(b: Bracket, l: BracketLeg, o: TrackedOrder, why: string, afterRestart: boolean): void {
    if (this.asked.get(o.clOrdId) === 'cancel') return
    this.asked.set(o.clOrdId, 'cancel')
    this.d.cancelAsked(o.clOrdId)
    const said = afterRestart
      ? `${where(b)}: found after the restart that ${why} while its ${legName(b, l)} ${o.clOrdId} was still working at Kraken; the ${legName(b, l)} is cancelled`
      : `${where(b)}: ${why}, so its ${legName(b, l)} ${o.clOrdId} is cancelled (one cancels the other)`
    // asked again after the counter held it back, for the same reason: said already
    if (!this.retrying(o.clOrdId, 'cancel', said))
      this.d.notices.notice(afterRestart ? 'warn' : 'info', said, 'venue-cancel')
    void this.modify(b, l, o.clOrdId, 'cancel', said, () => this.d.entry()!.cancel(o.clOrdId))
  }

  /** The other leg part-filled: this one shrinks to what the bracket still holds. */
  shrink(b: Bracket, l: BracketLeg, o: TrackedOrder, qty: string, why: string): void {
    const key = `qty ${qty}`
    if (this.asked.get(o.clOrdId) === key || this.asked.get(o.clOrdId) === 'cancel') return
    this.asked.set(o.clOrdId, key)
    l.qty = qty
    const said = `${where(b)}: ${why}, so its ${legName(b, l)} ${o.clOrdId} is shrunk to ${qty}`
    if (!this.retrying(o.clOrdId, key, said)) this.d.notices.notice('info', said)
    void this.modify(b, l, o.clOrdId, key, said, () => this.d.entry()!.amendProtective(o.clOrdId, { qty }))
  }

  /** Breakeven or trailing: the stop's new trigger (and limit) is asked for; rejects if it was refused. */
  async move(b: Bracket, o: TrackedOrder, l: BracketLeg, why: 'breakeven' | 'trailing'): Promise<void> {
    const changes: { triggerPrice: string; limitPrice?: string } = { triggerPrice: l.triggerPrice! }
    if (l.limitPrice !== undefined) changes.limitPrice = l.limitPrice
    const e = this.d.entry()
    if (!e) throw new Error('the venue connection is not up')
    try {
      await e.amend(o.clOrdId, changes)
    } catch (err) {
      this.d.notices.notice(
        'warn',
        `${where(b)}: could not move the stop ${o.clOrdId} (${why}) to ${l.triggerPrice}: ${(err as Error).message}`,
      )
      throw err
    }
    // breakeven is said once; a trailing stop moves quietly (the brackets topic shows where it is)
    if (why === 'breakeven')
      this.d.notices.notice('info', `${where(b)}: stop ${o.clOrdId} moved to ${l.triggerPrice} (breakeven)`)
  }

  /**
   * A held target's round trip: the stop's quantity set to `qty` (cancelled when null), said in
   * `text`; true once the venue took the request, false (and said) when it did not.
   */
  async resize(
    b: Bracket,
    l: BracketLeg,
    o: TrackedOrder,
    qty: string | null,
    text: string,
  ): Promise<boolean> {
    const key = qty === null ? 'cancel' : `qty ${qty}`
    if (this.asked.get(o.clOrdId) === key) return true
    this.asked.set(o.clOrdId, key)
    if (qty === null) this.d.cancelAsked(o.clOrdId)
    if (!this.retrying(o.clOrdId, key, text)) this.d.notices.notice('info', text)
    await this.modify(b, l, o.clOrdId, key, text, () =>
      qty === null
        ? this.d.entry()!.cancel(o.clOrdId)
        : // the stop grown back after a held target's IOC: protection restored, like a shrink
          this.d.entry()!.amendProtective(o.clOrdId, { qty }),
    )
    // a refused request was forgotten (and said) by modify
    return this.asked.get(o.clOrdId) === key
  }

  /** `request`: 'cancel' or 'qty 0.1' (the leg's new size), as `asked` holds it; `said`: its words. */
  private async modify(
    b: Bracket,
    l: BracketLeg,
    id: string,
    request: string,
    said: string,
    fn: () => Promise<void>,
  ): Promise<void> {
    const verb = request === 'cancel' ? 'cancel' : 'resize'
    const leg = `${legName(b, l)} ${id}${request === 'cancel' ? '' : ` to ${request.slice(4)}`}`
    try {
      if (!this.d.entry()) throw new Error('the venue connection is not up')
      await fn()
      const h = this.held.get(id)
      if (h?.request === request) {
        this.held.delete(id)
        this.d.notices.notice(
          'info',
          `${where(b)}: the ${verb} of its ${leg} went out after ${((Date.now() - h.since) / 1000).toFixed(1)} s held back`,
        )
      }
    } catch (err) {
      // asked again when the counter allows (or on the next change or reconcile), never dropped
      this.asked.delete(id)
      const wait = retryAfterMs((err as Error).message)
      if (wait !== null) this.later(b, wait)
      const h = this.held.get(id)
      if (wait !== null && h?.request === request) return void (h.last = Date.now()) // said when first held back
      if (wait !== null) this.held.set(id, { request, said, since: Date.now(), last: Date.now() })
      else this.held.delete(id)
      this.d.notices.notice(
        'error',
        `${where(b)}: could not ${verb} its ${leg}: ${(err as Error).message}${wait !== null ? '; asked again when that allows' : ''}`,
      )
    }
  }
}
