import { FixSessionJournal } from './FixSessionJournal'
import { OrderJournal } from './OrderJournal'
import { attachSendLog, SendLog, sendLogOf, type SendLogRecord } from './SendLog'
import { openDb, type Db } from './TridentDb'

/**
 * The journal database and, for one on disk, its send log (`<file>.sendlog`, SendLog.ts). What the
 * log holds that the database does not (an app that stopped between a send and its commit) is
 * committed here, in the order written, before anything reads the journal; then the log starts
 * empty.
 */
export function openStore(file: string, say: (line: string) => void = () => {}): Db {
  const db = openDb(file)
  if (file === ':memory:') return db
  const log = SendLog.open(`${file}.sendlog`, say)
  const records = log.records()
  if (records.length > 0) {
    const failed = db.transaction(() => replayAll(db, records, say))()
    say(`journal: ${records.length} send log records checked against the database`)
    // a record that could not be committed stays in the log, for a later start or a person
    if (failed === 0) log.truncate()
    else log.keep()
  } else log.truncate()
  attachSendLog(db, log)
  return db
}

/** The database and its send log, closed. */
export function closeStore(db: Db): void {
  sendLogOf(db)?.close()
  db.close()
}

/**
 * Each record through the journal that wrote it (one per profile or FIX session), in the order
 * written. A FIX session's records before its last sequence reset are skipped: the reset was made
 * in SQLite when it happened, and what came after it there (numbers of admin messages) stays. A
 * record that cannot be committed is said and left out; the app still starts.
 */
function replayAll(db: Db, records: readonly SendLogRecord[], say: (line: string) => void): number {
  const orders = new Map<string, OrderJournal>()
  const fix = new Map<string, FixSessionJournal>()
  const sessionKey = (p: string, s: string) => JSON.stringify([p, s])
  const lastReset = new Map<string, number>()
  records.forEach((r, i) => r.k === 'fix-clear' && lastReset.set(sessionKey(r.p, r.s), i))
  let failed = 0
  records.forEach((r, i) => {
    try {
      if (r.k === 'order') {
        const j = orders.get(r.p) ?? new OrderJournal(db, r.p)
        orders.set(r.p, j)
        j.replayBeforeSend(r.o)
      } else if (r.k === 'fix') {
        const key = sessionKey(r.p, r.s)
        if (i <= (lastReset.get(key) ?? -1)) return // before its session's last reset
        const j = fix.get(key) ?? new FixSessionJournal(db, r.p, r.s)
        fix.set(key, j)
        j.replay(r.r, r.n, r.l)
      }
    } catch (e) {
      failed++
      say(`journal: send log record ${i + 1} (${r.k}) could not be committed: ${(e as Error).message}`)
    }
  })
  return failed
}
