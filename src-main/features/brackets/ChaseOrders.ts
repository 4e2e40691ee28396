import { dropOldest } from '../../../src-domain/bounded'
import { fromUnits, toUnits } from '../../../src-domain/decimal'
import type { PlaceResult } from '../../../src-preload/contract/types'
import type { ChaseView } from '../../../src-preload/contract/brackets'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import { isTerminal, type OrderTracker, type TrackedOrder } from '../../core/orders/OrderTracker'
import type { NoticeBoard } from '../notices/NoticeBoard'
import type { OrderEntry } from '../orders/OrderCommands'

/** the least time between two moves of one chase order */
const CHASE_PACE_MS = 250

/**
 * Ended chases (filled, or the order ended otherwise) kept for the panel, newest first; older ones
 * are forgotten (issue 20: a day of chases must not grow main, every publish and every touch move).
 */
export const FINISHED_CHASES_KEPT = 100

export interface ChaseDeps {
  entry: () => OrderEntry | null
  tracker: OrderTracker
  instrument: (symbol: string) => Instrument | null
  touch: (symbol: string) => { bid: string | null; ask: string | null }
  notices: Pick<NoticeBoard, 'notice'>
  /**
   * An amend now keeps the pair's trading counter at most half full (Kraken's counter, as the
   * rate governor models it): a chase leaves the other half to the trader's own orders.
   */
  rateRoom: (symbol: string) => boolean
  refuse: (text: string) => never
  publish: () => void
  /** the instruments being chased changed: main follows their books (TradingDesk.followFor) */
  interestChanged: () => void
  now?: () => number
}

interface Chase {
  clOrdId: string
  symbol: string
  side: 'buy' | 'sell'
  qty: string
  offsetTicks: number
  maxChaseTicks: number
  startPrice: string
  price: string
  state: ChaseView['state']
  moves: number
}

/**
 * Chase orders (issue 18): a limit that follows the touch (joins the bid for a buy, the ask for a
 * sell, or sits `offsetTicks` behind it) until it fills, moved by amend so it keeps its order id,
 * at most every 250 ms and only while the pair's rate counter is under half; once the touch has
 * run further than `maxChaseTicks` from where it started, it stops chasing and rests, said in words.
 */
export class ChaseOrders {
  private readonly chases = new Map<string, Chase>()
  private readonly moving = new Set<string>()
  private readonly movedAt = new Map<string, number>()
  private readonly recheck = new Set<string>()
  /** ended chases' ids in the order they ended */
  private readonly ended = new Set<string>()
  private readonly now: () => number

  constructor(
    private readonly d: ChaseDeps,
    private readonly endedKept = FINISHED_CHASES_KEPT,
  ) {
    this.now = d.now ?? Date.now
  }

  /** How many chases are kept (for the bound's test). */
  get kept(): number {
    return this.chases.size
  }

  /** the instruments of orders still chasing */
  instruments(): string[] {
    return [...this.chases.values()].filter((c) => c.state === 'chasing').map((c) => c.symbol)
  }

  view(): ChaseView[] {
    return [...this.chases.values()].map((c) => {
      const o = this.d.tracker.get(c.clOrdId)
      return {
        clOrdId: c.clOrdId,
        symbol: c.symbol,
        side: c.side,
        qty: c.qty,
        filledQty: o?.filledQty ?? '0',
        startPrice: c.startPrice,
        price: c.price,
        maxChaseTicks: c.maxChaseTicks,
        moves: c.moves,
        state: c.state,
      }
    })
  }

  /** Price the order at the touch now and send it through the trader's order command. */
  async start(
    c: { symbol: string; side: 'buy' | 'sell'; qty: string; offsetTicks: number; maxChaseTicks: number },
    send: (limitPrice: string) => Promise<PlaceResult>,
  ): Promise<PlaceResult> {
    const inst = this.d.instrument(c.symbol) ?? this.d.refuse(`Unknown instrument ${c.symbol}`)
    const price = this.priceFor(c, inst)
    if (price === null)
      this.d.refuse(
        `No ${c.side === 'buy' ? 'bid' : 'ask'} in ${c.symbol} to chase: the book is empty on that side`,
      )
    const r = await send(price)
    if ('clOrdId' in r && r.state !== 'rejected') {
      this.chases.set(r.clOrdId, {
        ...c,
        clOrdId: r.clOrdId,
        startPrice: price,
        price,
        state: 'chasing',
        moves: 0,
      })
      this.d.interestChanged()
      this.d.publish()
    }
    return r
  }

  onOrder(o: TrackedOrder): void {
    const c = this.chases.get(o.clOrdId)
    if (!c) return
    if (o.limitPrice !== undefined) c.price = o.limitPrice
    if (isTerminal(o.state) && c.state !== 'done' && c.state !== 'filled') {
      c.state = o.state === 'filled' ? 'filled' : 'done'
      this.end(c.clOrdId)
      this.d.interestChanged()
      this.d.publish()
    } else if (c.state === 'chasing') this.follow(c)
  }

  /** An ended chase joins the ended list; the oldest beyond the bound are forgotten. */
  private end(clOrdId: string): void {
    this.ended.add(clOrdId)
    dropOldest(this.ended, this.endedKept, (id) => {
      this.chases.delete(id)
      this.movedAt.delete(id)
    })
  }

  onTop(symbol: string): void {
    for (const c of this.chases.values()) if (c.symbol === symbol && c.state === 'chasing') this.follow(c)
  }

  /** where the order should be for the touch now (null: that side of the book is empty) */
  private priceFor(c: { side: 'buy' | 'sell'; offsetTicks: number }, inst: Instrument): string | null {
    const { bid, ask } = this.d.touch(inst.id)
    const touch = c.side === 'buy' ? bid : ask
    if (!touch) return null
    const tick = BigInt(toUnits(inst.tickSize, inst.pricePrecision))
    const off = BigInt(c.offsetTicks) * tick
    const u = BigInt(toUnits(touch, inst.pricePrecision)) + (c.side === 'buy' ? -off : off)
    return u > 0n ? fromUnits(u.toString(), inst.pricePrecision) : null
  }

  private follow(c: Chase): void {
    const o = this.d.tracker.get(c.clOrdId)
    const inst = this.d.instrument(c.symbol)
    if (!o || !inst || isTerminal(o.state) || o.state === 'pending-new' || this.moving.has(c.clOrdId)) return
    const target = this.priceFor(c, inst)
    if (target === null || target === o.limitPrice) return
    const pu = (t: string) => BigInt(toUnits(t, inst.pricePrecision))
    const tick = pu(inst.tickSize)
    const away = (c.side === 'buy' ? pu(target) - pu(c.startPrice) : pu(c.startPrice) - pu(target)) / tick
    if (away > BigInt(c.maxChaseTicks)) {
      c.state = 'stopped'
      this.d.interestChanged()
      this.d.notices.notice(
        'warn',
        `Chase ${c.clOrdId} stopped: the ${c.side === 'buy' ? 'bid' : 'ask'} is ${away} ticks from where it started (${c.startPrice}), beyond its max chase of ${c.maxChaseTicks}; it rests at ${o.limitPrice ?? c.price}`,
      )
      this.d.publish()
      return
    }
    const wait = (this.movedAt.get(c.clOrdId) ?? -Infinity) + CHASE_PACE_MS - this.now()
    if (wait > 0 || !this.d.rateRoom(c.symbol)) {
      if (!this.recheck.has(c.clOrdId)) {
        this.recheck.add(c.clOrdId)
        const t = setTimeout(
          () => {
            this.recheck.delete(c.clOrdId)
            if (c.state === 'chasing') this.follow(c)
          },
          Math.max(wait, CHASE_PACE_MS),
        )
        t.unref?.()
      }
      return
    }
    const e = this.d.entry()
    if (!e) return
    this.moving.add(c.clOrdId)
    this.movedAt.set(c.clOrdId, this.now())
    e.amend(c.clOrdId, { limitPrice: target })
      .then(() => {
        c.moves++
        c.price = target
        this.d.publish()
      })
      .catch((err: unknown) => {
        // not tried again and again: the order rests where it is, and the trader hears why
        c.state = 'stopped'
        this.d.interestChanged()
        this.d.notices.notice(
          'warn',
          `Chase ${c.clOrdId} stopped: could not move it to ${target}: ${(err as Error).message}; it rests at ${c.price}`,
        )
        this.d.publish()
      })
      .finally(() => {
        this.moving.delete(c.clOrdId)
        // the touch may have moved again while the amend was on its way
        if (c.state === 'chasing') this.follow(c)
      })
  }
}
