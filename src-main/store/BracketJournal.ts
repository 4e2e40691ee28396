import type { Bracket, BracketEntry } from '../core/brackets/bracketState'
import type { Db } from './TridentDb'

interface Row {
  data: string
}

/**
 * Bracket state of one venue profile (issue 18): every entry placed with an exit template and
 * every bracket with its legs, written before each send so a restart rebuilds them and finds
 * their legs at the venue by client order id. One row per entry and per bracket, replaced whole.
 */
export class BracketJournal {
  private readonly upsert
  private readonly folded

  constructor(
    private readonly db: Db,
    readonly profile: string,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO brackets (profile, id, kind, entry_cl_ord_id, phase, data, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (profile, id) DO UPDATE SET phase = excluded.phase, data = excluded.data,
        updated_at = excluded.updated_at`)
    this.folded = db.prepare('SELECT 1 FROM orders WHERE profile = ? AND cl_ord_id = ? AND folded = 1')
  }

  saveEntry(e: BracketEntry): void {
    this.upsert.run(
      this.profile,
      `entry:${e.entryClOrdId}`,
      'entry',
      e.entryClOrdId,
      'working',
      JSON.stringify(e),
      Date.now(),
    )
  }

  saveBracket(b: Bracket): void {
    this.upsert.run(this.profile, b.id, 'bracket', b.entryClOrdId, b.phase, JSON.stringify(b), Date.now())
  }

  /**
   * The order journal has this order folded into its position base (OrderJournal.foldOrders):
   * finished, and no longer read back at a start. A restart's entry whose order it is has ended.
   */
  orderFolded(clOrdId: string): boolean {
    return this.folded.get(this.profile, clOrdId) !== undefined
  }

  entries(): BracketEntry[] {
    return this.read('entry').map((r) => JSON.parse(r.data) as BracketEntry)
  }

  brackets(): Bracket[] {
    return this.read('bracket').map((r) => JSON.parse(r.data) as Bracket)
  }

  private read(kind: 'entry' | 'bracket'): Row[] {
    return this.db
      .prepare('SELECT data FROM brackets WHERE profile = ? AND kind = ? ORDER BY rowid')
      .all(this.profile, kind) as Row[]
  }
}
