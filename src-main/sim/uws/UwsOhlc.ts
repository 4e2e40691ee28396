/**
 * The Unified WebSocket's `ohlc` channel (docs/kraken-derivatives.md §3): `interval` in minutes,
 * `tick_type` `trade` (default) | `mark` | `spot`, messages in Spot v2's candle shape (§11).
 * Trade candles are the spot server's own: MarketData's candles of the perpetual's tape, written
 * by wsv2Format's ohlcData. Mark and spot candles come from sampling the mark and the index (the
 * spot price of the underlying) each time prices are published, through the same candle builder
 * (sim/market/candles); they count no trades and carry no volume.
 */
import type { DerivativesMarket } from '../derivatives/DerivativesMarket'
import { PERP_SYMBOLS } from '../derivatives/perpInstruments'
import { addToCandles, OHLC_INTERVALS, type Candle } from '../market/candles'
import { text } from '../requests'
import { ohlcData, toJson } from '../ws/wsv2Format'
import { WsRequestError, type Json, type WsSession } from '../ws/wsSession'

export type TickType = 'trade' | 'mark' | 'spot'
const TICK_TYPES: readonly string[] = ['trade', 'mark', 'spot']
const SAMPLED = ['mark', 'spot'] as const

export interface OhlcParams {
  interval: number
  tickType: TickType
}

export class UwsOhlc {
  /** `${tickType}:${symbol}` → candles per interval, for the sampled tick types */
  private readonly sampled = new Map<string, Map<number, Candle[]>>()

  constructor(
    private readonly session: WsSession,
    private readonly market: DerivativesMarket,
  ) {
    session.deps.market.onTrade((symbol, _t, candles) => this.publish(symbol, 'trade', candles))
  }

  /** A subscription's interval (default 1) and tick_type (default trade), refused in words. */
  params(p: Json): OhlcParams {
    const interval = p.interval === undefined ? 1 : Number(text(p.interval))
    if (!(OHLC_INTERVALS as readonly number[]).includes(interval))
      throw new WsRequestError('EGeneral:Invalid arguments:interval')
    const tickType = p.tick_type === undefined ? 'trade' : String(p.tick_type)
    if (!TICK_TYPES.includes(tickType)) throw new WsRequestError('EGeneral:Invalid arguments:tick_type')
    return { interval, tickType: tickType as TickType }
  }

  /** the connection's channel key of one subscription */
  key(symbol: string, o: OhlcParams): string {
    return `ohlc:${symbol}:${o.interval}:${o.tickType}`
  }

  snapshot(symbol: string, o: OhlcParams): string {
    if (o.tickType !== 'trade') this.sample(symbol, o.tickType)
    const candles = this.candles(symbol, o)
    const inst = this.session.deps.instruments.get(symbol)!
    return toJson({
      channel: 'ohlc',
      type: 'snapshot',
      data: candles.map((c) => ohlcData(symbol, o.interval, c, inst)),
    })
  }

  /** Sample the mark and index of every perpetual (called once a second with the ticker). */
  samplePrices(): void {
    for (const symbol of PERP_SYMBOLS)
      for (const tickType of SAMPLED) {
        const moved = this.sample(symbol, tickType)
        if (moved.size > 0) this.publish(symbol, tickType, moved)
      }
  }

  private candles(symbol: string, o: OhlcParams): Candle[] {
    if (o.tickType === 'trade') return this.session.deps.market.ohlc(symbol, o.interval)
    return this.sampled.get(`${o.tickType}:${symbol}`)?.get(o.interval) ?? []
  }

  /** Add the current price; the candles that moved or opened (an unchanged price changes nothing). */
  private sample(symbol: string, tickType: 'mark' | 'spot'): Map<number, Candle> {
    const price = tickType === 'mark' ? this.market.prices.mark(symbol) : this.market.prices.index(symbol)
    const now = Date.now()
    const key = `${tickType}:${symbol}`
    const byInterval = this.sampled.get(key) ?? new Map<number, Candle[]>()
    this.sampled.set(key, byInterval)
    const before = new Map<number, string>(
      OHLC_INTERVALS.map((i) => {
        const c = byInterval.get(i)?.at(-1)
        return [i, c ? `${c.start}/${c.close}` : ''] as const
      }),
    )
    // mark and index are price units of the contract's tick, far below 2^53
    const all = addToCandles(byInterval, Number(price), 0n, now, false)
    const moved = new Map<number, Candle>()
    for (const [i, c] of all) if (before.get(i) !== `${c.start}/${c.close}`) moved.set(i, c)
    return moved
  }

  private publish(symbol: string, tickType: TickType, candles: Map<number, Candle>): void {
    const inst = this.session.deps.instruments.get(symbol)
    if (!inst) return
    for (const c of this.session.conns)
      for (const [interval, candle] of candles)
        if (c.channels.has(this.key(symbol, { interval, tickType })))
          this.session.send(
            c,
            toJson({ channel: 'ohlc', type: 'update', data: [ohlcData(symbol, interval, candle, inst)] }),
          )
  }
}
