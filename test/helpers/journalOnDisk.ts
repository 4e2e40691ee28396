import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'

export interface JournalOrderRow {
  cl_ord_id: string
  state: string
  protocol: string
}

/**
 * The orders journaled on disk in a data dir, read as they lie (nothing replayed or changed): the
 * database's rows, plus the send log's orders the database does not have yet (an app killed
 * between a send log line and its commit; the next start commits them: store/SendLog.ts).
 */
export function journalOrdersOnDisk(dataDir: string): JournalOrderRow[] {
  const db = new Database(join(dataDir, 'trident.db'), { readonly: true })
  let rows: JournalOrderRow[]
  try {
    rows = db.prepare('SELECT cl_ord_id, state, protocol FROM orders').all() as JournalOrderRow[]
  } finally {
    db.close()
  }
  const log = join(dataDir, 'trident.db.sendlog')
  if (!existsSync(log)) return rows
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line) continue
    const r = JSON.parse(line) as { k: string; o?: { clOrdId: string; state: string; protocol: string } }
    if (r.k !== 'order' || !r.o || rows.some((x) => x.cl_ord_id === r.o!.clOrdId)) continue
    rows.push({ cl_ord_id: r.o.clOrdId, state: r.o.state, protocol: r.o.protocol })
  }
  return rows
}

/** How many orders the send log holds (0 when it is empty or absent). */
export function sendLogOrders(dataDir: string): number {
  const log = join(dataDir, 'trident.db.sendlog')
  if (!existsSync(log)) return 0
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"k":"order"')).length
}
