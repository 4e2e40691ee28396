/**
 * Kraken Spot REST public methods of the built-in exchange (`/0/public/*`): Time, SystemStatus,
 * Assets, AssetPairs, Ticker, Depth, Trades, OHLC — Kraken's result shapes, decimals as text.
 */
import { unitsToDecimal } from '../decimal'
import { KrakenError } from '../engine/types'
import { SIM_ASSETS, type SimInstrument } from '../instruments'
import { OHLC_INTERVALS } from '../market/MarketData'
import { text } from '../requests'
import { krakenRfc1123 } from './krakenTime'
import type { PairLookup, Params, SimRestDeps } from './restDeps'

export class RestPublicEndpoints {
  constructor(
    private readonly deps: SimRestDeps,
    private readonly lookup: PairLookup,
  ) {}

  /** The result of public `method`; unknown methods are refused in Kraken's words. */
  answer(method: string, p: Params): unknown {
    const { engine, market } = this.deps
    switch (method) {
      case 'Time': {
        const now = Date.now()
        return { unixtime: Math.floor(now / 1000), rfc1123: krakenRfc1123(now) }
      }
      case 'SystemStatus':
        return { status: 'online', timestamp: new Date().toISOString() }
      case 'Assets':
        return Object.fromEntries(
          SIM_ASSETS.map((a) => [
            a.rest,
            {
              aclass: 'currency',
              altname: a.altname,
              decimals: a.decimals,
              display_decimals: a.displayDecimals,
              // Kraken lists it on every spot asset it can use as margin collateral (doc example: 1)
              collateral_value: 1,
              status: 'enabled',
            },
          ]),
        )
      case 'AssetPairs':
        return Object.fromEntries(this.lookup.pairs(p).map((i) => [i.restPair, assetPair(i)]))
      case 'Ticker':
        return Object.fromEntries(this.lookup.pairs(p).map((i) => [i.restPair, this.ticker(i)]))
      case 'Depth': {
        const i = this.lookup.pair(p)
        const count = Math.min(500, Math.max(1, Number(text(p.count) ?? 100) || 100))
        const book = engine.book(i.symbol)
        const ts = Math.floor(Date.now() / 1000)
        const side = (s: 'bid' | 'ask') =>
          book
            .topL2(s, count)
            .map(([px, q]) => [unitsToDecimal(px, i.pricePrecision), unitsToDecimal(q, i.qtyPrecision), ts])
        return { [i.restPair]: { asks: side('ask'), bids: side('bid') } }
      }
      case 'Trades': {
        const i = this.lookup.pair(p)
        const trades = market.recentTrades(i.symbol)
        const since = BigInt(text(p.since) ?? '0')
        const rows = trades
          .filter((t) => BigInt(t.time) * 1_000_000n > since)
          .slice(-Math.min(1000, Number(text(p.count) ?? 1000) || 1000))
          .map((t) => [
            unitsToDecimal(t.price, i.pricePrecision),
            unitsToDecimal(t.qty, i.qtyPrecision),
            t.time / 1000,
            t.side === 'buy' ? 'b' : 's',
            t.ordType === 'market' ? 'm' : 'l',
            '',
            t.seq,
          ])
        const last = trades.at(-1)
        return { [i.restPair]: rows, last: String(BigInt(last?.time ?? 0) * 1_000_000n) }
      }
      case 'OHLC': {
        const i = this.lookup.pair(p)
        const interval = Number(text(p.interval) ?? 1)
        if (!(OHLC_INTERVALS as readonly number[]).includes(interval))
          throw new KrakenError('EGeneral:Invalid arguments:interval')
        const since = Number(text(p.since) ?? 0)
        const candles = market.ohlc(i.symbol, interval).filter((c) => c.start >= since)
        const px = (v: number) => unitsToDecimal(v, i.pricePrecision)
        return {
          [i.restPair]: candles.map((c) => [
            c.start,
            px(c.open),
            px(c.high),
            px(c.low),
            px(c.close),
            px(c.volume > 0n ? Number(c.pq / c.volume) : c.close),
            unitsToDecimal(c.volume, i.qtyPrecision),
            c.count,
          ]),
          last: candles.at(-1)?.start ?? 0,
        }
      }
      default:
        throw new KrakenError('EGeneral:Unknown method')
    }
  }

  private ticker(i: SimInstrument): unknown {
    const book = this.deps.engine.book(i.symbol)
    const [bid] = book.topL2('bid', 1)
    const [ask] = book.topL2('ask', 1)
    const s = this.deps.market.dayStats(i.symbol)
    const px = (v: number) => unitsToDecimal(v, i.pricePrecision)
    const q = (v: bigint) => unitsToDecimal(v, i.qtyPrecision)
    const last = this.deps.engine.last(i.symbol) ?? bid?.[0] ?? 0
    const lastTrade = this.deps.market.recentTrades(i.symbol).at(-1)
    const vol = q(s?.volume ?? 0n)
    const vwap = px(s && s.volume > 0n ? Number(s.pq / s.volume) : last)
    const whole = (v: bigint) => (v / 10n ** BigInt(i.qtyPrecision)).toString()
    return {
      a: [px(ask?.[0] ?? 0), whole(ask?.[1] ?? 0n), q(ask?.[1] ?? 0n)],
      b: [px(bid?.[0] ?? 0), whole(bid?.[1] ?? 0n), q(bid?.[1] ?? 0n)],
      c: [px(last), q(lastTrade?.qty ?? 0n)],
      v: [vol, vol],
      p: [vwap, vwap],
      t: [s?.count ?? 0, s?.count ?? 0],
      l: [px(s ? s.low : last), px(s ? s.low : last)],
      h: [px(s ? s.high : last), px(s ? s.high : last)],
      o: px(s?.open ?? last),
    }
  }
}

function assetPair(i: SimInstrument): unknown {
  const pair: Record<string, unknown> = {
    altname: i.altname,
    wsname: i.wsnameV1,
    aclass_base: 'currency',
    base: i.base,
    aclass_quote: 'currency',
    quote: i.quote,
    lot: 'unit',
    cost_decimals: i.costPrecision,
    pair_decimals: i.pricePrecision,
    lot_decimals: i.qtyPrecision,
    lot_multiplier: 1,
    // a pair without margin lists no levels, as Kraken's do
    leverage_buy: [...(i.marginLeverage ?? [])],
    leverage_sell: [...(i.marginLeverage ?? [])],
    fees: [
      [0, 0.26],
      [50000, 0.24],
    ],
    fees_maker: [
      [0, 0.16],
      [50000, 0.14],
    ],
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: i.ordermin,
    costmin: i.costmin,
    tick_size: i.tickSize,
    status: 'online',
  }
  // present on margin pairs only, as on Kraken (its SDK's wire notes: absent on non-margin pairs)
  if (i.positionLimits) {
    pair.long_position_limit = i.positionLimits.long
    pair.short_position_limit = i.positionLimits.short
  }
  return pair
}
