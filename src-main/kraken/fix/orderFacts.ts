import { dropOldest } from '../../../src-domain/bounded'
import type { DecodedFix } from './fixFields'
import type { SentMessageStore } from '../../core/fix/SentMessageStore'

/** ended ClOrdIDs whose facts are still kept (a late report for one still finds its OrderID) */
const ENDED_KEPT = 10_000
/** OrdStatus (39) of an order that has ended: filled, done for day, canceled, rejected, expired */
const ENDED_STATUS = new Set(['2', '3', '4', '8', 'C'])

/**
 * What the FIX client knows of each order by ClOrdID: its TimeInForce code (59) and Kraken's
 * OrderID (37). Kraken's OrderCancelReplaceRequest page (docs.kraken.com/api/docs/fix-api/ocrr-fix)
 * marks both 37 and 59 required on an amend, and OrderStatusRequest (osr-fix) marks 37 required,
 * while callers know an order by ClOrdID and may not have the venue id yet — so the client fills
 * them in from what it sent (D/G, also after a restart through the sent-message store) and what
 * the venue reported (ExecutionReports).
 */
export class OrderFacts {
  private readonly byClOrdId = new Map<string, { tif?: string; orderId?: string }>()
  /**
   * ClOrdIDs of orders a report said have ended (with every amend's and cancel's id of the same
   * order), oldest first: beyond `endedKept` they are forgotten (issue 20: a day of FIX orders
   * and amends must not grow main). A working order's facts are never dropped.
   */
  private readonly ended = new Set<string>()
  /** an amend's or cancel's ClOrdID -> the order's first one; the first -> all its later ones */
  private readonly rootOf = new Map<string, string>()
  private readonly idsOf = new Map<string, string[]>()

  constructor(
    sent?: SentMessageStore,
    private readonly endedKept = ENDED_KEPT,
  ) {
    for (const r of sent?.all() ?? []) {
      if (r.msgType !== 'D' && r.msgType !== 'G') continue
      const o = r.obj as { ClOrdID?: string; OrigClOrdID?: string; TimeInForce?: string; OrderID?: string }
      if (!o.ClOrdID) continue
      const prev = o.OrigClOrdID ? this.byClOrdId.get(o.OrigClOrdID) : undefined
      this.note(o.ClOrdID, { tif: o.TimeInForce ?? prev?.tif, orderId: o.OrderID ?? prev?.orderId })
    }
  }

  note(clOrdId: string, facts: { tif?: string | undefined; orderId?: string | undefined }): void {
    const cur = this.byClOrdId.get(clOrdId) ?? {}
    if (facts.tif) cur.tif = facts.tif
    if (facts.orderId) cur.orderId = facts.orderId
    this.byClOrdId.set(clOrdId, cur)
  }

  /** A replace's new ClOrdID names the same order: it inherits what the old one knew. */
  chain(from: string, to: string, tif?: string): void {
    const prev = this.byClOrdId.get(from)
    this.note(to, { tif: tif ?? prev?.tif, orderId: prev?.orderId })
    // one order, more ids: the gateway names the order by its first id on every amend, so a
    // replace ends none of them; they end together when a report says the order has ended
    const root = this.rootOf.get(from) ?? from
    this.rootOf.set(to, root)
    const ids = this.idsOf.get(root)
    if (ids) ids.push(to)
    else this.idsOf.set(root, [to])
  }

  /** ExecutionReports tell the OrderID (and TIF) of the ClOrdID they answer, and of the one it replaced. */
  learn(msg: DecodedFix): void {
    if (msg.type !== '8') return
    const cl = msg.get(11)
    const facts = { tif: msg.get(59), orderId: msg.get(37) }
    if (cl) this.note(cl, facts)
    const orig = msg.get(41)
    if (orig) this.note(orig, facts)
    if (ENDED_STATUS.has(msg.get(39) ?? '')) {
      if (cl) this.end(cl)
      if (orig) this.end(orig)
    }
  }

  /** The order this id names has ended: it and every other id of that order. */
  private end(clOrdId: string): void {
    const root = this.rootOf.get(clOrdId) ?? clOrdId
    for (const id of [root, ...(this.idsOf.get(root) ?? [])]) this.ended.add(id)
    dropOldest(this.ended, this.endedKept, (id) => {
      this.byClOrdId.delete(id)
      this.rootOf.delete(id)
      this.idsOf.delete(id)
    })
  }

  /** How many ClOrdIDs' facts are kept (for the bound's test). */
  get size(): number {
    return this.byClOrdId.size
  }

  tif(clOrdId: string): string | undefined {
    return this.byClOrdId.get(clOrdId)?.tif
  }

  orderId(clOrdId: string): string | undefined {
    return this.byClOrdId.get(clOrdId)?.orderId
  }
}
