import { TERMINAL_STATES } from '../../src-domain/orders'
import type { EventRef, TrackedFill, TrackedOrder, VenueEvent } from '../core/orders/OrderTracker'
import type { PositionState } from '../core/positions/PositionBook'
import { sendLogOf, type SendLog } from './SendLog'
import type { Db } from './TridentDb'

interface OrderRow {
  data: string
}
interface FillRow {
  cl_ord_id: string
  trade_id: string
  qty: string
  price: string
  protocol: TrackedFill['protocol']
  at: number
  fee: string | null
  fee_asset: string | null
  before_adoption: number
}

/** One order row, as `row()` gives it: the insert both the upsert and the before-send insert make. */
const INSERT_ORDER = `
      INSERT INTO orders (profile, cl_ord_id, venue_order_id, symbol, side, type, protocol, state, qty,
        filled_qty, limit_price, trigger_price, reason, created_at, updated_at, data)
      VALUES (@profile, @clOrdId, @venueOrderId, @symbol, @side, @type, @protocol, @state, @qty,
        @filledQty, @limitPrice, @triggerPrice, @reason, @createdAt, @updatedAt, @data)`

/**
 * The order journal of one venue profile: every order as it was before it was sent and after
 * every change, every venue event as reported, and every fill once (the primary key is the
 * venue's trade id, so a fill reported by WS, FIX and a REST reconcile is stored once).
 */
export class OrderJournal {
  private readonly upsert
  private readonly insertNew
  private readonly sendLog: SendLog | null
  private readonly insertFill
  private readonly insertEvent
  private readonly markCancelAsked
  private readonly unmarkCancelAsked
  private readonly markFolded
  private readonly markFillInBase
  private readonly fillInBase
  private readonly saveBase

  constructor(
    private readonly db: Db,
    readonly profile: string,
  ) {
    this.upsert = db.prepare(`${INSERT_ORDER}
      ON CONFLICT (profile, cl_ord_id) DO UPDATE SET venue_order_id = excluded.venue_order_id,
        state = excluded.state, qty = excluded.qty, filled_qty = excluded.filled_qty,
        limit_price = excluded.limit_price, trigger_price = excluded.trigger_price,
        reason = excluded.reason, updated_at = excluded.updated_at, data = excluded.data,
        -- a folded order working again (found open at the venue and adopted under its id) is read
        -- at the next start; its fills already in the base are counted without moving it (in_base)
        folded = CASE WHEN excluded.state IN (${TERMINAL_STATES.map((s) => `'${s}'`).join(', ')})
          THEN orders.folded ELSE 0 END`)
    // an order as it was before it was sent: never over a later state of it already journaled
    this.insertNew = db.prepare(`${INSERT_ORDER}
      ON CONFLICT (profile, cl_ord_id) DO NOTHING`)
    this.sendLog = sendLogOf(db)
    this.insertFill = db.prepare(`
      INSERT OR IGNORE INTO fills (profile, trade_id, cl_ord_id, qty, price, protocol, at, fee, fee_asset,
        before_adoption)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.markCancelAsked = db.prepare(
      'UPDATE orders SET cancel_asked = 1 WHERE profile = ? AND cl_ord_id = ?',
    )
    this.unmarkCancelAsked = db.prepare(
      'UPDATE orders SET cancel_asked = 0 WHERE profile = ? AND cl_ord_id = ?',
    )
    this.markFolded = db.prepare('UPDATE orders SET folded = 1 WHERE profile = ? AND cl_ord_id = ?')
    this.markFillInBase = db.prepare('UPDATE fills SET in_base = 1 WHERE profile = ? AND trade_id = ?')
    this.fillInBase = db.prepare('SELECT 1 FROM fills WHERE profile = ? AND trade_id = ? AND in_base = 1')
    this.saveBase = db.prepare(`
      INSERT INTO position_base (profile, data, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (profile) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`)
    this.insertEvent = db.prepare(`
      INSERT INTO venue_events (profile, at, protocol, cl_ord_id, venue_order_id, kind, changed, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  }

  /**
   * A new order, just before its bytes leave (issue 20, the order path): one line in the send log,
   * and into SQLite right after the send (SendLog says why). Without a send log (an in-memory
   * database) it is saved here and now.
   */
  saveBeforeSend(o: TrackedOrder): void {
    if (!this.sendLog) return this.saveOrder(o)
    const row = this.row(o)
    // the record's `o` is the row's data text as it is (valid JSON), not serialized twice
    const line = `{"k":"order","p":${JSON.stringify(this.profile)},"o":${row.data}}`
    this.sendLog.append(line, () => this.insertNew.run(row))
  }

  /** A send log's order record, at the next start: journaled unless a later state of it already is. */
  replayBeforeSend(o: Omit<TrackedOrder, 'fills'>): void {
    this.insertNew.run(this.row({ ...o, fills: [] }))
  }

  /**
   * The order as it stands now, with any fills not stored yet; one transaction. An order with no
   * fills (every order as it is placed: issue 20, the order path) is one statement, its own
   * transaction: no BEGIN and COMMIT statements around it, the same single commit.
   */
  saveOrder(o: TrackedOrder): void {
    if (o.fills.length === 0) this.upsertOrder(o)
    else this.saveWithFills(o)
  }

  private readonly saveWithFills = (o: TrackedOrder): void =>
    this.db.transaction(() => {
      this.upsertOrder(o)
      for (const f of o.fills)
        this.insertFill.run(
          this.profile,
          f.tradeId,
          o.clOrdId,
          f.qty,
          f.price,
          f.protocol,
          f.at,
          f.fee ?? null,
          f.feeAsset ?? null,
          f.beforeAdoption ? 1 : 0,
        )
    })()

  private upsertOrder(o: TrackedOrder): void {
    this.upsert.run(this.row(o))
  }

  private row(o: TrackedOrder) {
    const { fills: _fills, ...rest } = o
    return {
      profile: this.profile,
      clOrdId: o.clOrdId,
      venueOrderId: o.venueOrderId ?? null,
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      protocol: o.protocol,
      state: o.state,
      qty: o.qty,
      filledQty: o.filledQty,
      limitPrice: o.limitPrice ?? null,
      triggerPrice: o.triggerPrice ?? null,
      reason: o.reason ?? null,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      data: JSON.stringify(rest),
    }
  }

  /** What a venue said, as said (after translation), and whether it changed the order. */
  recordEvent(ref: EventRef, e: VenueEvent, changed: boolean): void {
    this.insertEvent.run(
      this.profile,
      ref.at,
      ref.protocol,
      ref.clOrdId ?? null,
      ref.orderId ?? null,
      e.kind,
      changed ? 1 : 0,
      JSON.stringify(e),
    )
  }

  /**
   * Every journaled order of this profile not folded into the position base, with its stored
   * fills, oldest first. Folded orders stay in the journal (the record of what was traded), and
   * their fills are in the base (positionBase).
   */
  loadOrders(): TrackedOrder[] {
    const fills = new Map<string, TrackedFill[]>()
    for (const f of this.db
      .prepare(
        `SELECT f.* FROM fills f JOIN orders o ON o.profile = f.profile AND o.cl_ord_id = f.cl_ord_id
         WHERE f.profile = ? AND o.folded = 0 ORDER BY f.at, f.trade_id`,
      )
      .all(this.profile) as FillRow[]) {
      const list = fills.get(f.cl_ord_id) ?? []
      const fill: TrackedFill = {
        tradeId: f.trade_id,
        qty: f.qty,
        price: f.price,
        protocol: f.protocol,
        at: f.at,
      }
      if (f.fee !== null) fill.fee = f.fee
      if (f.fee_asset !== null) fill.feeAsset = f.fee_asset
      if (f.before_adoption) fill.beforeAdoption = true
      list.push(fill)
      fills.set(f.cl_ord_id, list)
    }
    return (
      this.db
        .prepare('SELECT data FROM orders WHERE profile = ? AND folded = 0 ORDER BY created_at, cl_ord_id')
        .all(this.profile) as OrderRow[]
    ).map((r) => {
      const o = JSON.parse(r.data) as Omit<TrackedOrder, 'fills'>
      return { ...o, fills: fills.get(o.clOrdId) ?? [] }
    })
  }

  /**
   * Trident asked to cancel these orders (the trader, the kill switch, a bracket, reduce-only):
   * noted, in one commit, before the cancels leave, so the venue's "cancelled" found after a crash
   * is known to be Trident's own and not said as someone else's.
   */
  noteCancelsAsked(clOrdIds: readonly string[]): void {
    if (clOrdIds.length === 1) this.markCancelAsked.run(this.profile, clOrdIds[0])
    else if (clOrdIds.length > 1)
      this.db.transaction(() => {
        for (const id of clOrdIds) this.markCancelAsked.run(this.profile, id)
      })()
  }

  /** That cancel was refused before it left: the order's end is news again. */
  clearCancelAsked(clOrdId: string): void {
    this.unmarkCancelAsked.run(this.profile, clOrdId)
  }

  /**
   * The position base saved by `foldOrders` (empty before the first fold). Folded orders without
   * a base (the row deleted by hand) are refused in words: their fills would be in neither.
   */
  positionBase(): PositionState[] {
    const row = this.db.prepare('SELECT data FROM position_base WHERE profile = ?').get(this.profile) as
      { data: string } | undefined
    if (row) return JSON.parse(row.data) as PositionState[]
    if (this.db.prepare('SELECT 1 FROM orders WHERE profile = ? AND folded = 1 LIMIT 1').get(this.profile))
      throw new Error('folded orders but no saved base')
    return []
  }

  /**
   * Finished orders the tracker forgot, marked folded, and the position base that now holds their
   * fills, with those fills marked as the base's by trade id (`inBase`), in one commit: a start
   * reads the base and the orders not folded, and never counts a fill twice or misses one (all
   * change together or none does).
   */
  foldOrders(clOrdIds: readonly string[], base: PositionState[], tradesInBase: readonly string[] = []): void {
    this.db.transaction(() => {
      for (const id of clOrdIds) this.markFolded.run(this.profile, id)
      for (const t of tradesInBase) this.markFillInBase.run(this.profile, t)
      this.saveBase.run(this.profile, JSON.stringify(base), Date.now())
    })()
  }

  /**
   * Whether this trade is in the position base already (its order was folded): counted without
   * moving the position again when its order is read back or adopted again (Positions.inBase).
   */
  inBase(tradeId: string): boolean {
    return this.fillInBase.get(this.profile, tradeId) !== undefined
  }

  /** The newest `n` trade ids of this profile, folded orders' too (newest first). */
  recentTradeIds(n: number): string[] {
    return (
      this.db
        .prepare('SELECT trade_id FROM fills WHERE profile = ? ORDER BY at DESC, trade_id DESC LIMIT ?')
        .all(this.profile, n) as { trade_id: string }[]
    ).map((r) => r.trade_id)
  }

  /**
   * A base that cannot be read: every folded order is read again at this start (the journal keeps
   * them all), and the base is built anew as they are forgotten. One commit.
   */
  unfoldAll(): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE orders SET folded = 0 WHERE profile = ? AND folded = 1').run(this.profile)
      this.db.prepare('UPDATE fills SET in_base = 0 WHERE profile = ? AND in_base = 1').run(this.profile)
      this.db.prepare('DELETE FROM position_base WHERE profile = ?').run(this.profile)
    })()
  }

  /** The orders of this profile whose cancel Trident asked for (noteCancelsAsked). */
  cancelsAsked(): string[] {
    return (
      this.db
        .prepare('SELECT cl_ord_id FROM orders WHERE profile = ? AND cancel_asked = 1')
        .all(this.profile) as { cl_ord_id: string }[]
    ).map((r) => r.cl_ord_id)
  }

  fillCount(): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM fills WHERE profile = ?').get(this.profile) as { n: number }
    ).n
  }

  events(clOrdId: string): { kind: string; protocol: string; changed: number; data: string }[] {
    return this.db
      .prepare(
        'SELECT kind, protocol, changed, data FROM venue_events WHERE profile = ? AND cl_ord_id = ? ORDER BY id',
      )
      .all(this.profile, clOrdId) as { kind: string; protocol: string; changed: number; data: string }[]
  }
}
