import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/store/migrations'
import { OrderJournal } from '../../../src-main/store/OrderJournal'
import { openDb, schemaVersion } from '../../../src-main/store/TridentDb'

const file = () => join(mkdtempSync(join(tmpdir(), 'trident-db-')), 'trident.db')
const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string
    }[]
  )
    .map((r) => r.name)
    .filter((n) => !n.startsWith('sqlite_'))

describe('database schema and migrations', () => {
  it('an empty database is created at the latest version, in WAL mode', () => {
    const db = openDb(file())
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(tables(db)).toEqual([
      'audit',
      'brackets',
      'fills',
      'fix_sent',
      'fix_sessions',
      'instruments',
      'orders',
      'position_base',
      'profiles',
      'settings',
      'venue_events',
      'workspaces',
    ])
  })

  it('a database of the previous version is brought forward with its data intact', () => {
    const f = file()
    const v1 = openDb(f, { upTo: 1 })
    expect(schemaVersion(v1)).toBe(1)
    expect(tables(v1)).not.toContain('fix_sent')
    // what a version-1 Trident wrote (its own statements: today's journal writes columns v1 lacks)
    const v1Order = {
      clOrdId: '000000000000000001',
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.50000000',
      limitPrice: '25000.0',
      tif: 'GTC',
      protocol: 'ws',
      qtyPrecision: 8,
      pricePrecision: 1,
      state: 'partially-filled',
      venueOrderId: 'OABC-1',
      filledQty: '0.20000000',
      createdAt: 1,
      lastChangedAt: 1,
      updatedAt: 5,
    }
    v1.prepare(
      `INSERT INTO orders (profile, cl_ord_id, venue_order_id, symbol, side, type, protocol, state, qty,
        filled_qty, limit_price, trigger_price, reason, created_at, updated_at, data)
       VALUES ('live', '000000000000000001', 'OABC-1', 'BTC/USD', 'buy', 'limit', 'ws', 'partially-filled',
        '0.50000000', '0.20000000', '25000.0', NULL, NULL, 1, 5, ?)`,
    ).run(JSON.stringify(v1Order))
    v1.prepare(
      `INSERT INTO fills (profile, trade_id, cl_ord_id, qty, price, protocol, at)
       VALUES ('live', 'BTC/USD:7', '000000000000000001', '0.20000000', '25000.0', 'ws', 5)`,
    ).run()
    v1.prepare(
      "INSERT INTO audit (at, who, command, payload, outcome) VALUES (1, 'w', 'orders.place', '{}', 'ok')",
    ).run()
    v1.close()

    const v2 = openDb(f)
    expect(schemaVersion(v2)).toBe(6)
    const [o] = new OrderJournal(v2, 'live').loadOrders()
    expect(o).toMatchObject({
      clOrdId: '000000000000000001',
      state: 'partially-filled',
      filledQty: '0.20000000',
    })
    expect(o!.fills).toEqual([
      { tradeId: 'BTC/USD:7', qty: '0.20000000', price: '25000.0', at: 5, protocol: 'ws' },
    ])
    // the new column exists and old rows read as null
    expect(v2.prepare('SELECT command, profile FROM audit').get()).toEqual({
      command: 'orders.place',
      profile: null,
    })
    v2.close()
    // opening again is a no-op
    expect(schemaVersion(openDb(f))).toBe(6)
  })

  it('refuses a database written by a newer Trident instead of misreading it', () => {
    const f = file()
    const db = openDb(f)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => openDb(f)).toThrow(/written by a newer Trident \(schema 7; this version knows up to 6\)/)
  })

  it('a failing step leaves the database at the version before it', () => {
    const f = file()
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, what: 'broken', sql: 'CREATE TABLE x (a); SELECT nonsense FROM nowhere;' },
    ]
    expect(() => openDb(f, { migrations: broken })).toThrow(/no such table: nowhere/)
    const db = new Database(f)
    expect(schemaVersion(db)).toBe(1)
    expect(tables(db)).not.toContain('x')
  })
})
