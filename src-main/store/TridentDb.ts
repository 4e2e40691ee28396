import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations'

export type Db = Database.Database

export interface OpenOptions {
  /** stop at this schema version (tests of migrations from an older database) */
  upTo?: number
  migrations?: readonly Migration[]
}

/**
 * Opens (creating if needed) Trident's SQLite database and brings its schema up to date.
 * WAL: readers never block the writer, and a committed transaction survives `kill -9` of the app
 * (it is in the WAL file before `run()` returns); synchronous=NORMAL trades only the last
 * transactions on a power cut, never consistency.
 */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 2000')
  migrate(db, opts)
  return db
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

export function migrate(db: Db, opts: OpenOptions = {}): number {
  const steps = opts.migrations ?? MIGRATIONS
  const latest = steps.at(-1)?.version ?? 0
  const target = opts.upTo ?? latest
  const current = schemaVersion(db)
  if (current > latest)
    throw new Error(
      `This database was written by a newer Trident (schema ${current}; this version knows up to ${latest}). ` +
        'Update Trident, or start it with another --data-dir.',
    )
  for (const m of steps) {
    if (m.version <= current || m.version > target) continue
    db.transaction(() => {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    })()
  }
  return schemaVersion(db)
}

export { SCHEMA_VERSION }
