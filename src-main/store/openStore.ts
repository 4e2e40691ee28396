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
    db.transaction(() => replayAll(db, records))()
    say(`journal: ${records.length} send log records checked against the database`)
  }
  log.truncate()
  attachSendLog(db, log)
  return db
}

/** The database and its send log, closed. */
export function closeStore(db: Db): void {
  sendLogOf(db)?.close()
  db.close()
}

/** Each record through the journal that wrote it (one per profile or FIX session). */
function replayAll(db: Db, records: readonly SendLogRecord[]): void {
  const orders = new Map<string, OrderJournal>()
  const fix = new Map<string, FixSessionJournal>()
  const sessionOf = (p: string, s: string): FixSessionJournal => {
    const key = JSON.stringify([p, s])
    const j = fix.get(key) ?? new FixSessionJournal(db, p, s)
    fix.set(key, j)
    return j
  }
  for (const r of records) {
    if (r.k === 'order') {
      const j = orders.get(r.p) ?? new OrderJournal(db, r.p)
      orders.set(r.p, j)
      j.replayBeforeSend(r.o)
    } else if (r.k === 'fix') sessionOf(r.p, r.s).replay(r.r, r.n, r.l)
    else sessionOf(r.p, r.s).forget()
  }
}
