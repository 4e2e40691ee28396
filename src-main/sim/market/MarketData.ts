import type { MatchingEngine } from '../engine/MatchingEngine'
import type { Side } from '../engine/types'
import { addToCandles, type Candle } from './candles'

export { OHLC_INTERVALS, type Candle } from './candles'

export interface PublicTrade {
  price: number
  qty: bigint
  time: number
  side: Side
  ordType: 'market' | 'limit'
  seq: number
}

interface Stats {
  open: number | null
  high: number
  low: number
  volume: bigint
  pq: bigint
  count: number
}

const MAX_TRADES = 1000

/** Public trade tape, OHLC candles and 24h stats per instrument, fed by the engine's trades. */
export class MarketData {
  private readonly trades = new Map<string, PublicTrade[]>()
  private readonly candles = new Map<string, Map<number, Candle[]>>()
  private readonly stats = new Map<string, Stats>()
  private readonly tradeListeners: ((
    symbol: string,
    t: PublicTrade,
    changed: Map<number, Candle>,
  ) => void)[] = []

  /**
   * `unprintedTakers`: accounts whose trades are not public prints. A replay's own orders take
   * the trader's resting orders to fill them; the print for that trade is the recorded one.
   */
  constructor(engine: MatchingEngine, unprintedTakers: readonly string[] = []) {
    const unprinted = new Set(unprintedTakers)
    engine.onEvents((events) => {
      for (const e of events) {
        if (e.kind !== 'trade') continue
        const f = e.fill
        if (unprinted.has(f.account)) continue
        const t: PublicTrade = {
          price: f.price,
          qty: f.qty,
          time: f.time,
          side: e.takerSide,
          ordType: f.ordType === 'market' ? 'market' : 'limit',
          seq: f.tradeSeq,
        }
        this.record(f.symbol, t)
      }
    })
  }

  onTrade(l: (symbol: string, t: PublicTrade, changed: Map<number, Candle>) => void): void {
    this.tradeListeners.push(l)
  }

  /** A trade from a recording: onto the tape, and to listeners unless `quiet` (a snapshot's history). */
  printRecorded(symbol: string, t: PublicTrade, quiet = false): void {
    this.record(symbol, t, quiet)
  }

  private record(symbol: string, t: PublicTrade, quiet = false): void {
    const list = this.trades.get(symbol) ?? []
    list.push(t)
    if (list.length > MAX_TRADES) list.splice(0, list.length - MAX_TRADES)
    this.trades.set(symbol, list)
    const s = this.stats.get(symbol) ?? {
      open: null,
      high: -Infinity,
      low: Infinity,
      volume: 0n,
      pq: 0n,
      count: 0,
    }
    s.open ??= t.price
    s.high = Math.max(s.high, t.price)
    s.low = Math.min(s.low, t.price)
    s.volume += t.qty
    s.pq += t.qty * BigInt(t.price)
    s.count++
    this.stats.set(symbol, s)
    const byInterval = this.candles.get(symbol) ?? new Map<number, Candle[]>()
    this.candles.set(symbol, byInterval)
    const changed = addToCandles(byInterval, t.price, t.qty, t.time)
    if (!quiet) for (const l of this.tradeListeners) l(symbol, t, changed)
  }

  recentTrades(symbol: string, sinceSeq = 0): PublicTrade[] {
    return (this.trades.get(symbol) ?? []).filter((t) => t.seq > sinceSeq)
  }

  ohlc(symbol: string, interval: number): Candle[] {
    return this.candles.get(symbol)?.get(interval) ?? []
  }

  dayStats(symbol: string): Stats | undefined {
    return this.stats.get(symbol)
  }
}
