/**
 * The WS v2 `book` channel's data: a subscriber's snapshot and, after the book moved, the levels
 * that bring its copy to the new top-N, each with Kraken's CRC32 checksum. Holds the fault knob
 * that corrupts the next checksums (clients must notice and resubscribe).
 */
import type { SimInstrument } from '../instruments'
import { bookChecksum, levels, toJson, wireTime } from './wsv2Format'
import type { BookSub, Conn, WsSession } from './wsSession'

export class WsBookChannel {
  private corruptNext = 0

  constructor(private readonly session: WsSession) {}

  corruptNextChecksums(n: number): void {
    this.corruptNext += n
  }

  private checksumFor(bids: [number, bigint][], asks: [number, bigint][]): number {
    const sum = bookChecksum(bids, asks)
    if (this.corruptNext > 0) {
      this.corruptNext--
      return (sum ^ 0x5a5a5a5a) >>> 0
    }
    return sum
  }

  sendSnapshot(conn: Conn, inst: SimInstrument, sub: BookSub): void {
    const book = this.session.deps.engine.book(inst.symbol)
    const bids = book.topL2('bid', sub.depth)
    const asks = book.topL2('ask', sub.depth)
    sub.bids = new Map(bids)
    sub.asks = new Map(asks)
    this.session.send(
      conn,
      toJson({
        channel: 'book',
        type: 'snapshot',
        data: [
          {
            symbol: inst.symbol,
            bids: levels(bids, inst),
            asks: levels(asks, inst),
            checksum: this.checksumFor(bids, asks),
          },
        ],
      }),
    )
  }

  /** After the book moved: send each subscriber the difference between its view and the new top-N. */
  publish(symbol: string): void {
    const inst = this.session.deps.instruments.get(symbol)
    if (!inst) return
    const book = this.session.deps.engine.book(symbol)
    const ts = wireTime()
    for (const conn of this.session.conns) {
      const sub = conn.books.get(symbol)
      if (!sub) continue
      const bids = book.topL2('bid', sub.depth)
      const asks = book.topL2('ask', sub.depth)
      const bidDiff = diff(sub.bids, bids, (p) => book.hasL2('bid', p))
      const askDiff = diff(sub.asks, asks, (p) => book.hasL2('ask', p))
      if (bidDiff.length === 0 && askDiff.length === 0) continue
      sub.bids = new Map(bids)
      sub.asks = new Map(asks)
      this.session.send(
        conn,
        toJson({
          channel: 'book',
          type: 'update',
          data: [
            {
              symbol,
              bids: levels(bidDiff, inst),
              asks: levels(askDiff, inst),
              checksum: this.checksumFor(bids, asks),
              timestamp: ts,
            },
          ],
        }),
      )
    }
  }
}

/**
 * Levels to send so that a client holding `before` ends with `after` once it truncates to depth:
 * changed or new levels, and deletes for levels that left the book (not for levels merely pushed
 * below the depth, which Kraken never deletes explicitly).
 */
function diff(
  before: Map<number, bigint>,
  after: [number, bigint][],
  inBook: (p: number) => boolean,
): [number, bigint][] {
  const out: [number, bigint][] = []
  const inAfter = new Set<number>()
  for (const [p, q] of after) {
    inAfter.add(p)
    if (before.get(p) !== q) out.push([p, q])
  }
  for (const p of before.keys()) {
    if (!inAfter.has(p) && !inBook(p)) out.push([p, 0n])
  }
  return out
}
