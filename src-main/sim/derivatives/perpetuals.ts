/**
 * The built-in exchange's linear multi-collateral perpetuals (issue 17), in one table.
 *
 * Kraken's documented numbers (docs/kraken-derivatives.md §7.1, Kraken's contract-spec table):
 * symbols, base, quote USD, lot = 1 unit of base, tick, minimum order, maximum position, impact-mid
 * size, hourly funding, IM "starts from 2 %", MM "starts from 1 %", retail levels 50 % / 25 % (the
 * `retailMarginLevels` of Kraken's instrument-list example, §2.2), `maxRelativeFundingRate` 0.001 and
 * `fundingRateCoefficient` 8 (same example; how Kraken applies it is NOT FOUND: the model divides the
 * premium by it, as docs/kraken-derivatives.md §11 fixes for the built-in exchange).
 *
 * Model, not Kraken's documented rule: the tier THRESHOLDS. Kraken's example tiers (2/1, 4/2, 6/3,
 * 10/5 %) sit at contract counts of an instrument with a 1,000,000 maximum, which does not fit a
 * 1,200 BTC maximum; the rates are Kraken's example's, the sizes where they start are ours.
 */
import { parseQty, parseRate, type Precisions } from './units'

export interface MarginLevel {
  /** the tier applies from this absolute position size (base units, decimal text) upward */
  readonly fromQty: string
  readonly initialMargin: string
  readonly maintenanceMargin: string
}

export interface Perpetual extends Precisions {
  readonly base: string
  readonly quote: 'USD'
  /** decimal text, base units */
  readonly minOrderQty: string
  readonly maxPositionQty: string
  readonly impactMidQty: string
  readonly marginLevels: readonly MarginLevel[]
  readonly retailMarginLevels: readonly MarginLevel[]
  /** hourly cap on |funding rate| (Kraken's example field; applied as a clamp: model) */
  readonly maxRelativeFundingRate: string
  /** the premium is divided by this per funding interval (§11's model) */
  readonly fundingRateCoefficient: number
  readonly fundingIntervalMs: number
}

/** Kraken: "Auto-Roll Period: Every 1 hour at the end of the hour" (§7.2); the same for every PF contract */
export const FUNDING_INTERVAL_MS = 3_600_000
const RETAIL: readonly MarginLevel[] = [{ fromQty: '0', initialMargin: '0.5', maintenanceMargin: '0.25' }]

export const PERPETUALS: readonly Perpetual[] = [
  {
    symbol: 'PF_XBTUSD',
    base: 'XBT',
    quote: 'USD',
    pricePrecision: 0,
    qtyPrecision: 4,
    tickSize: '1',
    minOrderQty: '0.0001',
    maxPositionQty: '1200',
    impactMidQty: '0.006',
    marginLevels: [
      { fromQty: '0', initialMargin: '0.02', maintenanceMargin: '0.01' },
      { fromQty: '50', initialMargin: '0.04', maintenanceMargin: '0.02' }, // threshold: model
      { fromQty: '200', initialMargin: '0.06', maintenanceMargin: '0.03' }, // threshold: model
      { fromQty: '600', initialMargin: '0.1', maintenanceMargin: '0.05' }, // threshold: model
    ],
    retailMarginLevels: RETAIL,
    maxRelativeFundingRate: '0.001',
    fundingRateCoefficient: 8,
    fundingIntervalMs: FUNDING_INTERVAL_MS,
  },
  {
    symbol: 'PF_ETHUSD',
    base: 'ETH',
    quote: 'USD',
    pricePrecision: 1,
    qtyPrecision: 3,
    tickSize: '0.1',
    minOrderQty: '0.001',
    maxPositionQty: '16000',
    impactMidQty: '0.09',
    marginLevels: [
      { fromQty: '0', initialMargin: '0.02', maintenanceMargin: '0.01' },
      { fromQty: '1000', initialMargin: '0.04', maintenanceMargin: '0.02' }, // threshold: model
      { fromQty: '4000', initialMargin: '0.06', maintenanceMargin: '0.03' }, // threshold: model
      { fromQty: '10000', initialMargin: '0.1', maintenanceMargin: '0.05' }, // threshold: model
    ],
    retailMarginLevels: RETAIL,
    maxRelativeFundingRate: '0.001',
    fundingRateCoefficient: 8,
    fundingIntervalMs: FUNDING_INTERVAL_MS,
  },
]

const BY_SYMBOL = new Map(PERPETUALS.map((p) => [p.symbol, p]))

export function perpetual(symbol: string): Perpetual {
  const p = BY_SYMBOL.get(symbol)
  if (!p) throw new Error(`unknown perpetual ${symbol}`)
  return p
}

export interface MarginRates {
  /** millionths */
  readonly initial: bigint
  readonly maintenance: bigint
}

/** Tiers as exact units, parsed once per instrument (the table stays in Kraken's decimal form). */
const TIERS = new Map<string, { fromQty: bigint; rates: MarginRates }[]>()
function tiers(p: Perpetual, retail: boolean): { fromQty: bigint; rates: MarginRates }[] {
  const key = `${p.symbol}/${retail ? 'retail' : 'pro'}`
  let t = TIERS.get(key)
  if (!t) {
    t = (retail ? p.retailMarginLevels : p.marginLevels).map((l) => ({
      fromQty: parseQty(p, l.fromQty),
      rates: { initial: parseRate(l.initialMargin), maintenance: parseRate(l.maintenanceMargin) },
    }))
    TIERS.set(key, t)
  }
  return t
}

/**
 * IM and MM rates for a position of |size| `absQty`. Model, not Kraken's documented rule: the
 * whole position takes the rate of the highest tier it reaches (Kraken lists tiers by size but how
 * a position spanning tiers is charged is NOT FOUND). Size-based tiers keep the rate fixed while
 * the mark moves, so the liquidation price has a closed form.
 */
export function marginRates(p: Perpetual, absQty: bigint, retail = false): MarginRates {
  let rates = tiers(p, retail)[0]!.rates
  for (const t of tiers(p, retail)) if (absQty >= t.fromQty) rates = t.rates
  return rates
}

export function maxPositionUnits(p: Perpetual): bigint {
  return parseQty(p, p.maxPositionQty)
}

export function minOrderUnits(p: Perpetual): bigint {
  return parseQty(p, p.minOrderQty)
}
