/**
 * The WS v2 `level3` channel (order-by-order book, token required): subscribe with its depths,
 * the snapshot, and after each book change the adds, modifies and deletes that bring a
 * subscriber's copy to the new top levels, each with Kraken's level3 checksum.
 */
import { text } from '../requests'
import { l3Checksum, price, qty, toJson, wireTime } from './wsv2Format'
import { WsRequestError, type Conn, type Json, type L3Order, type L3Sub, type WsSession } from './wsSession'

export class WsLevel3Channel {
  constructor(private readonly session: WsSession) {}

  /** The caller has checked the token. */
  subscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const { deps } = this.session
    const depth = params.depth === undefined ? 10 : Number(text(params.depth))
    if (![10, 100, 1000].includes(depth)) throw new WsRequestError('EGeneral:Invalid arguments:depth')
    const symbols = Array.isArray(params.symbol) ? (params.symbol as unknown[]).map(String) : []
    if (symbols.length === 0) throw new WsRequestError('EGeneral:Invalid arguments:symbol')
    for (const symbol of symbols) {
      const inst = deps.instruments.get(symbol)
      if (!inst) {
        this.session.reply(conn, req, timeIn, {
          success: false,
          error: `Currency pair not supported ${symbol}`,
          symbol,
        })
        continue
      }
      if (conn.l3.has(symbol)) {
        this.session.reply(conn, req, timeIn, { success: false, error: 'Already subscribed', symbol })
        continue
      }
      conn.subscribedAny = true
      const sub: L3Sub = { depth, orders: new Map() }
      conn.l3.set(symbol, sub)
      this.session.reply(conn, req, timeIn, {
        success: true,
        result: { channel: 'level3', depth, snapshot: true, symbol },
      })
      const book = deps.engine.book(symbol)
      const bids = book.topL3('bid', depth)
      const asks = book.topL3('ask', depth)
      const side = (levels: typeof bids, name: 'bid' | 'ask') =>
        levels.flatMap((l) =>
          l.orders.map((o) => {
            sub.orders.set(o.id, { side: name, price: l.price, qty: o.qty, seq: o.seq })
            return {
              order_id: o.id,
              limit_price: price(l.price, inst),
              order_qty: qty(o.qty, inst),
              timestamp: wireTime(o.time),
            }
          }),
        )
      this.session.send(
        conn,
        toJson({
          channel: 'level3',
          type: 'snapshot',
          data: [
            { symbol, bids: side(bids, 'bid'), asks: side(asks, 'ask'), checksum: l3Checksum(bids, asks) },
          ],
        }),
      )
    }
  }

  unsubscribe(conn: Conn, req: Json, params: Json, timeIn: string): void {
    const channel = 'level3'
    for (const s of Array.isArray(params.symbol) ? (params.symbol as unknown[]) : []) {
      if (conn.l3.delete(String(s)))
        this.session.reply(conn, req, timeIn, { success: true, result: { channel, symbol: s } })
      else
        this.session.reply(conn, req, timeIn, { success: false, error: 'Subscription Not Found', symbol: s })
    }
  }

  /** Send each level3 subscriber adds, modifies and deletes that bring its copy to the new top levels. */
  publish(symbol: string): void {
    const { engine, instruments } = this.session.deps
    const inst = instruments.get(symbol)!
    const book = engine.book(symbol)
    for (const conn of this.session.conns) {
      const sub = conn.l3.get(symbol)
      if (!sub) continue
      const bids = book.topL3('bid', sub.depth)
      const asks = book.topL3('ask', sub.depth)
      const out = { bid: [] as unknown[], ask: [] as unknown[] }
      const next = new Map<string, L3Order>()
      for (const [name, levels] of [
        ['bid', bids],
        ['ask', asks],
      ] as const) {
        for (const l of levels)
          for (const o of l.orders) next.set(o.id, { side: name, price: l.price, qty: o.qty, seq: o.seq })
      }
      const entry = (event: string, id: string, p: number, q: bigint) => ({
        event,
        order_id: id,
        limit_price: price(p, inst),
        order_qty: qty(q, inst),
        timestamp: wireTime(),
      })
      // deletes first: orders gone from the book, or that lost their queue place (re-added at the back)
      for (const [id, was] of sub.orders) {
        const now = next.get(id)
        const inBook = engine.orders.get(id)?.status === 'open' && (engine.orders.get(id)?.visible ?? 0n) > 0n
        if (now ? now.seq !== was.seq || now.price !== was.price : !inBook)
          out[was.side].push(entry('delete', id, was.price, was.qty))
      }
      for (const [id, now] of next) {
        const was = sub.orders.get(id)
        if (!was || was.seq !== now.seq || was.price !== now.price)
          out[now.side].push(entry('add', id, now.price, now.qty))
        else if (was.qty !== now.qty) out[now.side].push(entry('modify', id, now.price, now.qty))
      }
      if (out.bid.length === 0 && out.ask.length === 0) continue
      sub.orders = next
      this.session.send(
        conn,
        toJson({
          channel: 'level3',
          type: 'update',
          data: [
            { symbol, bids: out.bid, asks: out.ask, checksum: l3Checksum(bids, asks), timestamp: wireTime() },
          ],
        }),
      )
    }
  }
}
