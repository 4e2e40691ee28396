// A FIX session's store of what it sent: the port the FIX client writes through and the store
// layer's journal implements. It lives in core so both layers may know it without knowing each other.
import { dropOldest } from '../../../src-domain/bounded'

export interface SentRecord {
  seq: number
  msgType: string
  /** ms since epoch of the original send (OrigSendingTime on resend) */
  time: number
  /** the application object as given to jspurefix (no header) */
  obj: Record<string, unknown>
}

/**
 * Application messages we sent, by sequence number, kept where a restart finds them so a resend
 * still has the orders (jspurefix's own resender reads an in-memory store the session never
 * fills, and would gap-fill over them: an order silently lost). The app keeps them in its SQLite
 * journal (store/FixSessionJournal); `MemorySentMessageStore` serves tests and the session-only case.
 */
/**
 * How many of a session's newest application messages are kept for a resend (issue 20: a day of
 * FIX orders must not grow main, nor every reconnect's reload). A ResendRequest reaching further
 * back is answered with a gap fill for the part no longer kept, as for admin messages: an order
 * that old is never sent again.
 */
export const FIX_RESEND_KEPT = 10_000

export interface SentMessageStore {
  add(r: SentRecord): void
  /** the newest FIX_RESEND_KEPT records, by sequence number */
  all(): SentRecord[]
  /** the record sent under this sequence number, if kept */
  get(seq: number): SentRecord | undefined
  /** Sequence numbers reset (new FIX day or explicit reset): forget everything. */
  clear(): void
  /** The session's sequence numbers as last seen (only ever raised; a reset goes through clear). */
  noteSeqNums?(nextOut: number, lastIn: number): void
  /** add and noteSeqNums at once (one journal commit on the order path); absent: both, in turn. */
  addWithSeqNums?(r: SentRecord, nextOut: number, lastIn: number): void
  /** What noteSeqNums saved: the next outgoing MsgSeqNum survives a crash even if the engine's file lags. */
  seqNums?(): { nextOut: number; lastIn: number } | undefined
}

export class MemorySentMessageStore implements SentMessageStore {
  private readonly records = new Map<number, SentRecord>()

  constructor(private readonly kept = FIX_RESEND_KEPT) {}

  add(r: SentRecord): void {
    this.records.set(r.seq, r)
    // sequence numbers only rise within a session: the first in the map is the oldest
    dropOldest(this.records, this.kept)
  }

  get(seq: number): SentRecord | undefined {
    return this.records.get(seq)
  }

  all(): SentRecord[] {
    return [...this.records.values()].sort((a, b) => a.seq - b.seq)
  }

  clear(): void {
    this.records.clear()
  }
}
