/**
 * The built-in exchange's market for replayed symbols: its book follows the recorded book and
 * its public trades are the recorded trades.
 *
 * - Each recorded price level is one order of the replay's own account resting in the engine, so
 *   the trader's orders share the book with it: they rest beside it, and a marketable trader
 *   order takes it like any liquidity. A level is set to the recorded size again when a recorded
 *   frame next changes it (or at a snapshot), so what the trader took stays taken until then.
 * - One recorded frame is followed inside one `together` batch: the WS server publishes one book
 *   update for it, and with no trader orders the published book equals the recorded one, frame
 *   by frame, checksums included.
 * - A recorded trade is printed as recorded (price, qty, side, time, trade id) and fills the
 *   trader's resting orders it went through (queueModel.ts says how queue position is modelled);
 *   a fill is made by an IOC order of the replay's account at the order's price, whose
 *   self-trade prevention (cancel-oldest) clears the replay's own levels in its way; those are
 *   set back right after.
 * - A recorded book that fails its checksum is a gap: the symbol's book stays as it was until the
 *   next snapshot. A jump in trade ids is a gap too (trades were missed).
 */
import { decimalToUnits } from '../decimal'
import { KrakenError, type Side, type SimOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'
import type { MarketData } from '../market/MarketData'
import type { GatedEngine } from './GatedEngine'
import { clampAhead, tradeThrough, type QueueSpot } from './queueModel'
import { RecordedBook } from './RecordedBook'
import type { BookEntry, TradeEntry } from './recordedFrames'
import type { ReplayGap } from './types'

export const REPLAY_ACCOUNT = 'replay-market'
const KRAKEN_DEPTHS = [10, 25, 100, 500, 1000]
const MAX_GAPS = 1000

export class RecordedMarket {
  private readonly books = new Map<string, RecordedBook>()
  /** symbols whose book is in step with the recording (a snapshot seen, no mismatch since) */
  private readonly live = new Set<string>()
  /** `${symbol} ${side} ${price}` -> the replay's order holding that recorded level */
  private readonly levelOrders = new Map<string, SimOrder>()
  /** the trader's resting orders per replayed symbol */
  private readonly resting = new Map<string, Set<SimOrder>>()
  /**
   * A resting trader order's id -> its queue place: the recorded quantity ahead of it, and the
   * order's seq when it was taken (a new seq = lost priority = a new place). An entry lives only
   * while its order rests: a replay of a trading day must not keep one per order ever placed.
   */
  private readonly ahead = new Map<string, { seq: number; ahead: bigint }>()
  private readonly lastTradeId = new Map<string, number>()
  private readonly warnedNoSnapshot = new Set<string>()
  /** receive time of the frame being followed: an exchange refusal is said where it happened */
  private atNs = 0n
  readonly gaps: ReplayGap[] = []
  /** the gaps already said: a seek back reads the same places again, and they are said once */
  private readonly said = new Set<string>()

  constructor(
    private readonly engine: GatedEngine,
    private readonly market: MarketData,
    private readonly instruments: ReadonlyMap<string, SimInstrument>,
    readonly symbols: ReadonlySet<string>,
    private readonly depth: number | undefined,
  ) {
    for (const s of symbols) this.resting.set(s, new Set())
    engine.onEvents((events) => {
      for (const e of events) {
        if (e.kind !== 'order' || e.order.account === REPLAY_ACCOUNT) continue
        const set = this.resting.get(e.order.symbol)
        if (!set) continue
        const o = e.order
        if (o.status === 'open' && !o.untriggered && o.limitPrice !== undefined) set.add(o)
        else if (set.delete(o)) this.ahead.delete(o.id)
      }
    })
  }

  gap(atNs: bigint, symbol: string, what: string): void {
    const k = `${atNs} ${symbol} ${what}`
    if (this.gaps.length >= MAX_GAPS || this.said.has(k)) return
    this.said.add(k)
    this.gaps.push({ atNs: atNs.toString(), symbol, what })
  }

  /** Follow one book entry. `follow` false (while seeking): the recorded book only, no engine. */
  book(e: BookEntry, atNs: bigint, follow: boolean): void {
    if (!this.symbols.has(e.symbol)) return
    this.atNs = atNs
    let book = this.books.get(e.symbol)
    if (e.type === 'snapshot') {
      if (!book) {
        const n = Math.max(e.bids.length, e.asks.length)
        const depth = this.depth ?? KRAKEN_DEPTHS.find((d) => d >= n) ?? 1000
        book = new RecordedBook(this.instruments.get(e.symbol)!, depth)
        this.books.set(e.symbol, book)
      }
    } else if (!book || !this.live.has(e.symbol)) {
      if (!book && !this.warnedNoSnapshot.has(e.symbol)) {
        this.warnedNoSnapshot.add(e.symbol)
        this.gap(atNs, e.symbol, 'book update before any snapshot: the book starts at the first snapshot')
      }
      return
    }
    if (follow) this.initAhead(e.symbol, book)
    let r
    try {
      r = book.apply(e)
    } catch (x) {
      // a level the pair's precision cannot hold: this book is untrustworthy, not the whole replay
      r = { changes: [], mismatch: (x as Error).message }
    }
    if (r.mismatch) {
      this.live.delete(e.symbol)
      this.gap(atNs, e.symbol, `${r.mismatch}; the book waits for the next snapshot`)
      return
    }
    const wasLive = this.live.has(e.symbol)
    this.live.add(e.symbol)
    if (!follow) return
    this.engine.together(() => {
      if (e.type === 'snapshot' || !wasLive) this.syncSymbol(e.symbol)
      else for (const c of r.changes) this.syncLevel(e.symbol, c.side, c.price)
    })
    this.clampAheads(e.symbol, book)
  }

  /** Print one recorded trade and fill what it went through. `follow` false: ids only (seeking). */
  trade(t: TradeEntry, atNs: bigint, follow: boolean): void {
    if (!this.symbols.has(t.symbol)) return
    this.atNs = atNs
    const inst = this.instruments.get(t.symbol)!
    const last = this.lastTradeId.get(t.symbol)
    if (!t.snapshot && last !== undefined && t.tradeId !== last + 1) {
      this.gap(
        atNs,
        t.symbol,
        t.tradeId > last + 1
          ? `trade ids jump from ${last} to ${t.tradeId}: ${t.tradeId - last - 1} trades missing`
          : `trade id goes back from ${last} to ${t.tradeId}`,
      )
    }
    if (last === undefined || t.tradeId > last) this.lastTradeId.set(t.symbol, t.tradeId)
    if (!follow) return
    const price = decimalToUnits(t.price, inst.pricePrecision)
    const qty = decimalToUnits(t.qty, inst.qtyPrecision)
    if (price === null || qty === null) {
      this.gap(
        atNs,
        t.symbol,
        `trade ${t.tradeId}: ${t.price} x ${t.qty} is not a decimal at the pair's precision`,
      )
      return
    }
    const p = Number(price)
    this.market.printRecorded(
      t.symbol,
      { price: p, qty, side: t.side, time: Date.parse(t.timestamp), ordType: t.ordType, seq: t.tradeId },
      t.snapshot,
    )
    this.engine.setRecordedLast(t.symbol, p)
    if (!t.snapshot) this.fillThrough(t.symbol, t.side, p, qty)
  }

  /** After a seek: every replayed book in the engine set to the recorded one; queue places anew. */
  resyncAll(): void {
    this.ahead.clear()
    this.engine.together(() => {
      for (const s of this.symbols) this.syncSymbol(s)
    })
  }

  /** Forget the recorded state (a seek backwards reads the recording again from its start). */
  reset(): void {
    this.books.clear()
    this.live.clear()
    this.lastTradeId.clear()
  }

  private fillThrough(symbol: string, takerSide: Side, price: number, qty: bigint): void {
    const makerSide: Side = takerSide === 'buy' ? 'sell' : 'buy'
    const book = this.books.get(symbol)
    const orders = [...this.resting.get(symbol)!].filter(
      (o) =>
        o.side === makerSide &&
        o.status === 'open' &&
        (makerSide === 'sell' ? o.limitPrice! <= price : o.limitPrice! >= price),
    )
    if (orders.length === 0) return
    orders.sort((a, b) =>
      a.limitPrice !== b.limitPrice
        ? makerSide === 'sell'
          ? a.limitPrice! - b.limitPrice!
          : b.limitPrice! - a.limitPrice!
        : a.seq - b.seq,
    )
    const spots: QueueSpot[] = orders.map((o) => ({
      id: o.id,
      price: o.limitPrice!,
      remaining: this.engine.remaining(o),
      ahead: this.aheadOf(o, book),
    }))
    const fills = tradeThrough(makerSide, spots, price, qty)
    spots.forEach((s, i) => this.ahead.set(orders[i]!.id, { seq: orders[i]!.seq, ahead: s.ahead }))
    if (fills.length === 0) return
    const byId = new Map(orders.map((o) => [o.id, o]))
    this.engine.together(() => {
      for (const f of fills) {
        const o = byId.get(f.id)!
        this.engineCall(symbol, () =>
          this.engine.place({
            account: REPLAY_ACCOUNT,
            symbol,
            side: takerSide,
            type: 'limit',
            qty: f.qty,
            limitPrice: o.limitPrice!,
            tif: 'IOC',
            stp: 'cancel-oldest',
            source: { protocol: 'rest' },
          }),
        )
      }
      // the IOCs' self-trade prevention cancelled the replay's levels in their way: set them back
      if (book && this.live.has(symbol)) this.syncSymbol(symbol)
    })
  }

  private aheadOf(o: SimOrder, book: RecordedBook | undefined): bigint {
    const spot = this.ahead.get(o.id)
    if (spot !== undefined && spot.seq === o.seq) return spot.ahead
    const a = book?.qtyAt(o.side, o.limitPrice!) ?? 0n
    this.ahead.set(o.id, { seq: o.seq, ahead: a })
    return a
  }

  /** Queue places held (one per resting trader order at most): for the bounded-structure test. */
  get queuePlaces(): number {
    return this.ahead.size
  }

  /** Orders that joined since the last frame go behind the recorded size there before it changes. */
  private initAhead(symbol: string, book: RecordedBook): void {
    for (const o of this.resting.get(symbol)!) this.aheadOf(o, book)
  }

  private clampAheads(symbol: string, book: RecordedBook): void {
    const set = this.resting.get(symbol)!
    for (const o of set) {
      if (o.status !== 'open') {
        set.delete(o)
        this.ahead.delete(o.id)
        continue
      }
      const spot = this.ahead.get(o.id)
      if (spot !== undefined && spot.seq === o.seq)
        spot.ahead = clampAhead(spot.ahead, book.qtyAt(o.side, o.limitPrice!))
    }
  }

  /** Every level of `symbol` the engine holds or the recording shows, set to the recording. */
  private syncSymbol(symbol: string): void {
    const book = this.books.get(symbol)
    const todo = new Map<string, [Side, number]>()
    const prefix = `${symbol} `
    for (const [k, o] of this.levelOrders) if (k.startsWith(prefix)) todo.set(k, [o.side, o.limitPrice!])
    if (book)
      for (const s of ['buy', 'sell'] as const)
        for (const p of book.side(s).keys()) todo.set(levelKey(symbol, s, p), [s, p])
    for (const [s, p] of todo.values()) this.syncLevel(symbol, s, p)
  }

  private syncLevel(symbol: string, side: Side, price: number): void {
    const want = this.live.has(symbol) ? (this.books.get(symbol)?.qtyAt(side, price) ?? 0n) : 0n
    const k = levelKey(symbol, side, price)
    let o = this.levelOrders.get(k)
    if (o && o.status !== 'open') {
      this.levelOrders.delete(k)
      o = undefined
    }
    const has = o ? this.engine.remaining(o) : 0n
    if (want === has) return
    if (o && want === 0n) {
      const id = o.id
      this.engineCall(symbol, () => this.engine.cancel(REPLAY_ACCOUNT, { orderId: id }))
      this.levelOrders.delete(k)
    } else if (o) {
      const a = { qty: o.filled + want }
      const id = o.id
      this.engineCall(symbol, () => this.engine.amend(REPLAY_ACCOUNT, { orderId: id }, a))
    } else {
      const placed = this.engineCall(symbol, () =>
        this.engine.place({
          account: REPLAY_ACCOUNT,
          symbol,
          side,
          type: 'limit',
          qty: want,
          limitPrice: price,
          tif: 'GTC',
          // a recorded level that crosses a trader's order trades with it: that order was the better price
          stp: 'cancel-oldest',
          source: { protocol: 'rest' },
        }),
      )
      if (placed && placed.status === 'open') this.levelOrders.set(k, placed)
    }
  }

  private engineCall<T>(symbol: string, fn: () => T): T | null {
    try {
      return fn()
    } catch (e) {
      if (!(e instanceof KrakenError)) throw e
      this.gap(this.atNs, symbol, `the exchange refused to follow the recording: ${e.krakenMessage}`)
      return null
    }
  }
}

function levelKey(symbol: string, side: Side, price: number): string {
  return `${symbol} ${side} ${price}`
}
