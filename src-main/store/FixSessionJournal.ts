import type { SentMessageStore, SentRecord } from '../core/fix/SentMessageStore'
import type { Db } from './TridentDb'

/**
 * One FIX session's resend store and sequence numbers in the journal database, so a resend after
 * a restart finds the orders, and the journal and the FIX layer agree on what was sent.
 * jspurefix keeps the authoritative sequence counters in its own file store; they are mirrored
 * here on every state change.
 */
export class FixSessionJournal implements SentMessageStore {
  /*
   * Both run on every FIX message sent (issue 20: the order path in main). better-sqlite3 compiles
   * a statement on each prepare(); prepared once here, the two commits per order cost their write
   * and no longer a compile each.
   */
  private readonly insertSent
  private readonly upsertSeqNums
  private readonly addAndNote: (r: SentRecord, nextOut: number, lastIn: number) => void

  constructor(
    private readonly db: Db,
    private readonly profile: string,
    private readonly session: string,
  ) {
    this.insertSent = db.prepare(
      `INSERT OR REPLACE INTO fix_sent (profile, session, seq, msg_type, at, body) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    this.upsertSeqNums = db.prepare(
      `INSERT INTO fix_sessions (profile, session, next_out, last_in, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (profile, session) DO UPDATE SET next_out = MAX(next_out, excluded.next_out),
           last_in = MAX(last_in, excluded.last_in), updated_at = excluded.updated_at`,
    )
    this.addAndNote = db.transaction((r: SentRecord, nextOut: number, lastIn: number) => {
      this.add(r)
      this.noteSeqNums(nextOut, lastIn)
    })
  }

  add(r: SentRecord): void {
    this.insertSent.run(this.profile, this.session, r.seq, r.msgType, r.time, JSON.stringify(r.obj))
  }

  /** The message and the sequence numbers in one transaction: one commit per order, not two. */
  addWithSeqNums(r: SentRecord, nextOut: number, lastIn: number): void {
    this.addAndNote(r, nextOut, lastIn)
  }

  all(): SentRecord[] {
    return (
      this.db
        .prepare(
          'SELECT seq, msg_type, at, body FROM fix_sent WHERE profile = ? AND session = ? ORDER BY seq',
        )
        .all(this.profile, this.session) as { seq: number; msg_type: string; at: number; body: string }[]
    ).map((r) => ({
      seq: r.seq,
      msgType: r.msg_type,
      time: r.at,
      obj: JSON.parse(r.body) as Record<string, unknown>,
    }))
  }

  clear(): void {
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM fix_sent WHERE profile = ? AND session = ?')
        .run(this.profile, this.session)
      this.db
        .prepare('DELETE FROM fix_sessions WHERE profile = ? AND session = ?')
        .run(this.profile, this.session)
    })()
  }

  noteSeqNums(nextOut: number, lastIn: number): void {
    this.upsertSeqNums.run(this.profile, this.session, nextOut, lastIn, Date.now())
  }

  seqNums(): { nextOut: number; lastIn: number } | undefined {
    const r = this.db
      .prepare('SELECT next_out, last_in FROM fix_sessions WHERE profile = ? AND session = ?')
      .get(this.profile, this.session) as { next_out: number; last_in: number } | undefined
    return r ? { nextOut: r.next_out, lastIn: r.last_in } : undefined
  }
}
