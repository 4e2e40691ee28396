import { unitsToDecimal } from '../decimal'
import type { MatchingEngine } from '../engine/MatchingEngine'
import type { EngineEvent } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { bookChecksum } from '../ws/wsv2Format'
import type { Field, FixMessage } from './fixCodec'
import { fixSymbol, FixRequestError } from './krakenFixDialect'
import { required } from './fixRequired'

/**
 * Market data of one KRAKEN-MD session: MarketDataRequest (V) answered by a snapshot (W) per
 * symbol, then incremental refreshes (X) with Kraken's book checksum (5041), until unsubscribed
 * or disconnected.
 */
/** L2 MDEntryID as in Kraken's examples: B30299.9 for a bid level, O30300.0 for an offer */
function entryId(side: '0' | '1', p: number, inst: SimInstrument): string {
  return `${side === '0' ? 'B' : 'O'}${unitsToDecimal(p, inst.pricePrecision)}`
}

/** MDEntryTime (273) as Kraken writes it: 13:49:07.307 (UTC) */
function entryTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23)
}

export class FixMarketData {
  /** subscriptions: reqId:symbol -> depth and last sent levels */
  private readonly md = new Map<
    string,
    { inst: SimInstrument; depth: number; bids: Map<number, bigint>; asks: Map<number, bigint> }
  >()
  private unsubscribeEngine: (() => void) | null = null

  constructor(
    private readonly engine: MatchingEngine,
    private readonly bySymbol: Map<string, SimInstrument>,
    private readonly send: (type: string, body: Field[]) => void,
    private readonly isActive: () => boolean,
  ) {}

  close(): void {
    this.unsubscribeEngine?.()
  }

  /** MarketDataRequest (35=V): snapshot W per symbol, then X refreshes while subscribed. */
  request(m: FixMessage): void {
    required(m, 262, 263)
    const reqId = m.get(262)!
    const type = m.get(263)
    if (type === '2') {
      this.md.delete(reqId)
      return
    }
    const depthText = m.get(264) ?? '0'
    const depth = depthText === '0' ? 1000 : Number(depthText)
    if (!Number.isInteger(depth) || depth < 1)
      throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 264', 264, 5)
    const syms = m.group(146, 55).map((g) => g.get(55) ?? '')
    if (syms.length === 0)
      throw new FixRequestError('reject', 'Missing Mandatory Field: NoRelatedSym (146)', 146, 1)
    for (const s of syms) {
      const inst = this.bySymbol.get(s)
      if (!inst) {
        this.send('Y', [
          [262, reqId],
          [281, '0'],
          [58, `Unknown symbol ${s}`],
        ])
        return
      }
      const book = this.engine.book(inst.symbol)
      const bids = book.topL2('bid', depth)
      const asks = book.topL2('ask', depth)
      const time = entryTime(Date.now())
      const entries: Field[] = []
      for (const [side, levels] of [
        ['0', bids],
        ['1', asks],
      ] as const)
        for (const [p, q] of levels)
          entries.push(
            [269, side],
            [278, entryId(side, p, inst)],
            [270, unitsToDecimal(p, inst.pricePrecision)],
            [271, unitsToDecimal(q, inst.qtyPrecision)],
            [273, time],
          )
      // the layout of Kraken's mdsfr-fix example: 55, 262, 268, entries; 5041 last
      this.send('W', [
        [55, s],
        [262, reqId],
        [268, String(bids.length + asks.length)],
        ...entries,
        [5041, String(bookChecksum(bids, asks))],
      ])
      if (type === '1')
        this.md.set(`${reqId}:${s}`, { inst, depth, bids: new Map(bids), asks: new Map(asks) })
    }
    if (type === '1' && !this.unsubscribeEngine) {
      this.unsubscribeEngine = this.engine.onEvents((ev) => this.onMarketEvents(ev))
    }
  }

  private onMarketEvents(events: EngineEvent[]): void {
    if (!this.isActive()) return
    const symbols = new Set<string>()
    for (const e of events) if (e.kind === 'book') symbols.add(e.symbol)
    for (const [key, sub] of this.md) {
      if (!symbols.has(sub.inst.symbol)) continue
      const book = this.engine.book(sub.inst.symbol)
      const bids = book.topL2('bid', sub.depth)
      const asks = book.topL2('ask', sub.depth)
      const entries: Field[] = []
      const time = entryTime(Date.now())
      const entry = (action: string, side: '0' | '1', p: number, q: bigint): void => {
        entries.push(
          [279, action],
          [269, side],
          [278, entryId(side, p, sub.inst)],
          [270, unitsToDecimal(p, sub.inst.pricePrecision)],
          [271, unitsToDecimal(q, sub.inst.qtyPrecision)],
          [273, time],
        )
      }
      const diff = (
        before: Map<number, bigint>,
        after: [number, bigint][],
        side: '0' | '1',
        has: (p: number) => boolean,
      ) => {
        const seen = new Set<number>()
        for (const [p, q] of after) {
          seen.add(p)
          const prev = before.get(p)
          if (prev !== q) entry(prev === undefined ? '0' : '1', side, p, q)
        }
        // mdir-fix: a delete carries 271=0 when the level left the book, its size when it only
        // left the subscribed depth
        for (const [p, q] of before) if (!seen.has(p)) entry('2', side, p, has(p) ? q : 0n)
      }
      diff(sub.bids, bids, '0', (p) => book.hasL2('bid', p))
      diff(sub.asks, asks, '1', (p) => book.hasL2('ask', p))
      if (entries.length === 0) continue
      sub.bids = new Map(bids)
      sub.asks = new Map(asks)
      const count = entries.filter(([t]) => t === 279).length
      // the layout of Kraken's mdir-fix examples: 55, 262, 268, entries, 5041
      this.send('X', [
        [55, fixSymbol(sub.inst)],
        [262, key.split(':')[0]!],
        [268, String(count)],
        ...entries,
        [5041, String(bookChecksum(bids, asks))],
      ])
    }
  }
}
