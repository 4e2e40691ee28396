import type { LatencyView } from '../../../src-preload/contract/types'

/** How many of the latest sends main remembers: more than a trader sends between two pushes. */
export const WIRE_TIMES_KEPT = 32

/**
 * When the latest orders' bytes were handed to the venue socket, by client order id, for the
 * latency HUD. A fixed ring: a trading day of orders costs the same memory as the first 32.
 */
export class WireTimes {
  private readonly ids: string[] = []
  private readonly times: number[] = []
  private next = 0

  constructor(private readonly capacity = WIRE_TIMES_KEPT) {}

  /** `at`: epoch ms with a fraction (performance.timeOrigin + performance.now()), as windows stamp keys. */
  sent(clOrdId: string, at: number): void {
    this.ids[this.next] = clOrdId
    this.times[this.next] = at
    this.next = (this.next + 1) % this.capacity
  }

  /** Sent now, by the clock windows stamp their keys with; returns that time. */
  sentNow(clOrdId: string): number {
    const at = performance.timeOrigin + performance.now()
    this.sent(clOrdId, at)
    return at
  }

  /** Oldest first. Built only when a push reads it, never on the send. */
  view(): LatencyView {
    const sent: LatencyView['sent'] = []
    const n = this.ids.length
    const start = n < this.capacity ? 0 : this.next
    for (let i = 0; i < n; i++) {
      const k = (start + i) % n
      sent.push({ clOrdId: this.ids[k]!, sentAt: this.times[k]! })
    }
    return { sent }
  }
}
