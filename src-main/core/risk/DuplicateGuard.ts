import { trimZeros } from '../../../src-domain/decimal'
import type { PlaceRequest } from '../orders/PlaceRequest'

/**
 * A confirmation answered faster than this cannot have been read: it is a key still held down or
 * pressed again in the same burst (50 Enters in 263 ms sent 50 identical orders). Such an answer
 * gets the question again instead of the order.
 */
export const READ_TIME_MS = 500

/** "0.0100" and "0.01" are the same quantity: compare decimal text without trailing zeros. */
const plain = (t: string | undefined): string => (t === undefined ? '' : trimZeros(t))

/** The same order again, as a trader reads it: instrument, side, type, prices and quantity. */
function keyOf(r: PlaceRequest): string {
  return `${r.symbol}|${r.side}|${r.type}|${plain(r.qty)}|${plain(r.limitPrice)}|${plain(r.triggerPrice)}`
}

function describe(r: PlaceRequest): string {
  const at = r.limitPrice ?? r.triggerPrice
  return `${r.side === 'buy' ? 'Buy' : 'Sell'} ${r.qty} ${r.symbol}${at ? ` @ ${at}` : ''} ${r.type}`
}

/**
 * Pre-trade duplicate guard: an order identical to one sent within the window (or asked about
 * within it) needs the trader's confirmation, through the same path as orders above the value
 * threshold. Pure: the caller gives the time.
 */
export class DuplicateGuard {
  /** order key → when it was last handed to the venue */
  private readonly sent = new Map<string, number>()
  /** order key → when the trader was last asked about it */
  private readonly asked = new Map<string, number>()
  /** the last request's key: check and noteSent see the same request one after the other */
  private last: { r: PlaceRequest; key: string } | null = null

  private keyOf(r: PlaceRequest): string {
    if (this.last?.r !== r) this.last = { r, key: keyOf(r) }
    return this.last.key
  }

  /** The question to ask before sending `r` again, or null to go ahead. `windowMs` 0 turns the guard off. */
  check(r: PlaceRequest, windowMs: number, now: number, confirmed: boolean): string | null {
    if (windowMs <= 0) return null
    const key = this.keyOf(r)
    const last = this.sent.get(key)
    if (last === undefined) return null
    const asked = this.asked.get(key)
    // a question keeps the window open: Enter held for longer than the window is still one burst
    const recent = now - last < windowMs || (asked !== undefined && now - asked < windowMs)
    if (!recent) return null
    if (confirmed && (asked === undefined || now - asked >= READ_TIME_MS)) return null
    this.asked.set(key, now)
    const ago = ((now - last) / 1000).toFixed(1)
    return `You sent the same order ${ago} s ago (${describe(r)}). Send it again?`
  }

  /** `r` went to the venue at `now`. */
  noteSent(r: PlaceRequest, now: number, windowMs: number): void {
    const key = this.keyOf(r)
    this.sent.set(key, now)
    this.asked.delete(key)
    // forget orders older than the window, so the map stays as small as the trader's last seconds
    if (this.sent.size > 64)
      for (const [k, at] of this.sent)
        if (now - at >= windowMs && now - (this.asked.get(k) ?? 0) >= windowMs) {
          this.sent.delete(k)
          this.asked.delete(k)
        }
  }
}
