import { FIX_RESEND_KEPT, type SentMessageStore, type SentRecord } from '../core/fix/SentMessageStore'
import { sendLogOf, type SendLog } from './SendLog'
import type { Db } from './TridentDb'

/** how often (in sequence numbers) the rows past FIX_RESEND_KEPT are deleted */
const PRUNE_EVERY = 500

interface Row {
  seq: number
  msg_type: string
  at: number
  body: string
}

const record = (r: Row): SentRecord => ({
  seq: r.seq,
  msgType: r.msg_type,
  time: r.at,
  obj: JSON.parse(r.body) as Record<string, unknown>,
})

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
  private readonly pruneSent
  private readonly selectSent
  private readonly upsertSeqNums
  private readonly addAndNote: (r: SentRecord, nextOut: number, lastIn: number) => void
  private readonly sendLog: SendLog | null
  /** the PRUNE_EVERY batch of sequence numbers last pruned at */
  private prunedAt = -1
  /** bumped by clear(): a deferred commit of an earlier generation is not made */
  private generation = 0

  constructor(
    private readonly db: Db,
    private readonly profile: string,
    private readonly session: string,
    private readonly kept = FIX_RESEND_KEPT,
  ) {
    this.insertSent = db.prepare(
      `INSERT OR REPLACE INTO fix_sent (profile, session, seq, msg_type, at, body) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    this.pruneSent = db.prepare(`DELETE FROM fix_sent WHERE profile = ? AND session = ? AND seq <= ?`)
    this.selectSent = db.prepare(
      `SELECT seq, msg_type, at, body FROM fix_sent WHERE profile = ? AND session = ? AND seq = ?`,
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
    this.sendLog = sendLogOf(db)
  }

  add(r: SentRecord): void {
    this.insertSent.run(this.profile, this.session, r.seq, r.msgType, r.time, JSON.stringify(r.obj))
    // only the newest `kept` are resent; the older ones go a batch at a time (one DELETE each
    // time the sequence number passes another PRUNE_EVERY, in the same commit; admin messages
    // take numbers too, so not on multiples), so the table and each reconnect's reload stay bounded
    const batch = Math.floor(r.seq / PRUNE_EVERY)
    if (batch !== this.prunedAt && r.seq > this.kept) {
      this.prunedAt = batch
      this.pruneSent.run(this.profile, this.session, r.seq - this.kept)
    }
  }

  get(seq: number): SentRecord | undefined {
    const r = this.selectSent.get(this.profile, this.session, seq) as Row | undefined
    return r ? record(r) : undefined
  }

  /**
   * The message and the sequence numbers, before the bytes leave: one line in the send log and one
   * SQLite commit right after the send (SendLog says why); without a send log, the commit now.
   */
  addWithSeqNums(r: SentRecord, nextOut: number, lastIn: number): void {
    if (!this.sendLog) return this.addAndNote(r, nextOut, lastIn)
    const { profile: p, session: s } = this
    const generation = this.generation
    // a sequence reset in the same turn (clear) makes this message one of the forgotten
    this.sendLog.append({ k: 'fix', p, s, r: { ...r }, n: nextOut, l: lastIn }, () => {
      if (generation === this.generation) this.addAndNote(r, nextOut, lastIn)
    })
  }

  /** A send log's FIX record, at the next start (records are replayed in the order written). */
  replay(r: SentRecord, nextOut: number, lastIn: number): void {
    this.addAndNote(r, nextOut, lastIn)
  }

  all(): SentRecord[] {
    // the newest `kept` (rows past it wait for the next batch's DELETE)
    return (
      this.db
        .prepare(
          'SELECT seq, msg_type, at, body FROM fix_sent WHERE profile = ? AND session = ? ORDER BY seq DESC LIMIT ?',
        )
        .all(this.profile, this.session, this.kept) as Row[]
    )
      .reverse()
      .map(record)
  }

  /**
   * Forget the session's messages and numbers (a sequence reset), now. Commits still to run for
   * messages sent before it are dropped (generation), and the send log notes the reset so that a
   * replay at the next start skips this session's records written before it; what is written
   * after it, in the log or straight to SQLite (admin messages' numbers), stays.
   */
  clear(): void {
    this.generation++
    this.forget()
    this.sendLog?.append({ k: 'fix-clear', p: this.profile, s: this.session }, () => {})
  }

  private forget(): void {
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
