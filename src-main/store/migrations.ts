/**
 * The journal's schema, one step per version. A step is applied once, in a transaction, and the
 * version is recorded in SQLite's `user_version`, so an older database is brought forward on
 * open and a newer one (written by a later Trident) is refused rather than misread.
 * Never edit a released step: add the next one.
 */
export interface Migration {
  version: number
  what: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    what: 'orders journaled before sending, venue events, fills unique by trade id, audit log, settings',
    sql: `
      CREATE TABLE orders (
        profile TEXT NOT NULL,
        cl_ord_id TEXT NOT NULL,
        venue_order_id TEXT,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        type TEXT NOT NULL,
        protocol TEXT NOT NULL,
        state TEXT NOT NULL,
        qty TEXT NOT NULL,
        filled_qty TEXT NOT NULL,
        limit_price TEXT,
        trigger_price TEXT,
        reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (profile, cl_ord_id)
      );
      CREATE INDEX orders_by_venue_id ON orders(profile, venue_order_id);
      CREATE TABLE fills (
        profile TEXT NOT NULL,
        trade_id TEXT NOT NULL,
        cl_ord_id TEXT NOT NULL,
        qty TEXT NOT NULL,
        price TEXT NOT NULL,
        protocol TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (profile, trade_id)
      );
      CREATE TABLE venue_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        profile TEXT NOT NULL,
        at INTEGER NOT NULL,
        protocol TEXT NOT NULL,
        cl_ord_id TEXT,
        venue_order_id TEXT,
        kind TEXT NOT NULL,
        changed INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        who TEXT NOT NULL,
        command TEXT NOT NULL,
        payload TEXT NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    what: 'FIX session state and resend store, credential profiles (no secrets), workspaces, instruments cache',
    sql: `
      CREATE TABLE fix_sessions (
        profile TEXT NOT NULL,
        session TEXT NOT NULL,
        next_out INTEGER NOT NULL,
        last_in INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (profile, session)
      );
      CREATE TABLE fix_sent (
        profile TEXT NOT NULL,
        session TEXT NOT NULL,
        seq INTEGER NOT NULL,
        msg_type TEXT NOT NULL,
        at INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (profile, session, seq)
      );
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        endpoints TEXT NOT NULL,
        tier TEXT NOT NULL,
        key_fingerprint TEXT,
        fix_fingerprint TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE workspaces (
        name TEXT PRIMARY KEY,
        layout TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE instruments (
        profile TEXT PRIMARY KEY,
        pairs TEXT NOT NULL,
        assets TEXT NOT NULL,
        fetched_at INTEGER NOT NULL
      );
      ALTER TABLE audit ADD COLUMN profile TEXT;
    `,
  },
  {
    version: 3,
    what: "each fill's fee as Kraken sent it (exact text, its asset), and whether it lies within an adopted order's filled quantity",
    sql: `
      ALTER TABLE fills ADD COLUMN fee TEXT;
      ALTER TABLE fills ADD COLUMN fee_asset TEXT;
      ALTER TABLE fills ADD COLUMN before_adoption INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    what: 'brackets (issue 18): entries placed with an exit template and each bracket with its legs, journaled before every send',
    sql: `
      CREATE TABLE brackets (
        profile TEXT NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        entry_cl_ord_id TEXT NOT NULL,
        phase TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (profile, id)
      );
    `,
  },
  {
    version: 5,
    what: "cancels Trident asked for, kept with the order: after a crash the venue's cancel is not said as someone else's",
    sql: `
      ALTER TABLE orders ADD COLUMN cancel_asked INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 6,
    what: 'the position base (issue 20): finished orders the tracker forgot are folded into a saved position, so a start reads that and the orders not folded, not every order ever journaled',
    sql: `
      ALTER TABLE orders ADD COLUMN folded INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE fills ADD COLUMN in_base INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX orders_unfolded ON orders(profile, created_at, cl_ord_id) WHERE folded = 0;
      CREATE INDEX fills_by_order ON fills(profile, cl_ord_id);
      CREATE INDEX fills_by_time ON fills(profile, at);
      CREATE TABLE position_base (
        profile TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
]

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version
