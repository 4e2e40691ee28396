/**
 * Unified WebSocket messages of the built-in exchange, in the shapes docs/kraken-derivatives.md
 * §4 and §11 fix. Numbers are JSON number tokens written from exact text (Raw), never floats.
 * Money (10^-18 USD units) is written exactly, trailing zeros trimmed.
 */
import { unitsToDecimal } from '../decimal'
import type { LedgerEntry, MarginState, PositionView } from '../derivatives/DerivativesMarket'
import type { PerpOrderView } from '../derivatives/perpOrders'
import { PERPETUALS, perpetual } from '../derivatives/perpetuals'
import { formatPrice, formatQty, moneyPerQtyPrice, MONEY_DECIMALS } from '../derivatives/units'
import type { Fill } from '../engine/types'
import { Raw, wireTime } from '../ws/wsv2Format'

const trim = (t: string): string => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t)

export const usd = (money: bigint): Raw => new Raw(trim(unitsToDecimal(money, MONEY_DECIMALS)))
export const px = (symbol: string, p: bigint): Raw => new Raw(formatPrice(perpetual(symbol), p))
export const qty = (symbol: string, q: bigint): Raw => new Raw(formatQty(perpetual(symbol), q))

/** money / qty as a price, 8 decimals past the tick, truncated, trimmed */
function avg(symbol: string, cost: bigint, filled: bigint): Raw {
  const inst = perpetual(symbol)
  const scaled = (cost * 10n ** 8n) / (filled * moneyPerQtyPrice(inst))
  return new Raw(trim(unitsToDecimal(scaled, inst.pricePrecision + 8)))
}

function status(v: PerpOrderView): string {
  if (v.status === 'open') return v.filled > 0n ? 'partially_filled' : 'new'
  return v.status === 'closed' ? 'filled' : v.status
}

/** One executions entry: Spot v2's fields plus asset_class, reduce_only, liquidated (§11). */
export function executionEntry(exec: string, v: PerpOrderView, fill?: Fill): Record<string, unknown> {
  const s = v.symbol
  const d: Record<string, unknown> = {
    exec_type: exec,
    order_id: v.id,
    cl_ord_id: v.clOrdId,
    asset_class: 'derivatives',
    symbol: s,
    side: v.side,
    order_type: v.type,
    order_qty: qty(s, v.qty),
    order_status: status(v),
    time_in_force: v.tif,
    reduce_only: v.reduceOnly,
    post_only: v.postOnly,
    timestamp: wireTime(fill?.time ?? v.time),
  }
  if (v.limitPrice !== undefined) d.limit_price = px(s, v.limitPrice)
  if (v.trigger)
    d.triggers = {
      reference: v.trigger.reference,
      price: px(s, v.trigger.price),
      price_type: 'static',
      triggered: v.trigger.triggered,
    }
  if (fill) {
    d.exec_id = `${fill.tradeId}-${v.side === 'buy' ? 'B' : 'S'}`
    d.trade_id = fill.tradeSeq
    d.last_qty = qty(s, fill.qty)
    d.last_price = px(s, BigInt(fill.price))
    d.liquidity_ind = fill.maker ? 'm' : 't'
    d.cost = usd(fill.cost)
    d.fees = [{ asset: 'USD', qty: usd(fill.fee) }]
  }
  if (exec !== 'new') {
    d.cum_qty = qty(s, v.filled)
    d.cum_cost = usd(v.cost)
    if (v.filled > 0n) d.avg_price = avg(s, v.cost, v.filled)
  }
  if (exec === 'canceled' || exec === 'expired') d.cancel_reason = v.reason ?? 'User requested'
  if (exec === 'amended') d.amended = true
  if (v.liquidation) d.liquidated = true
  return d
}

export function positionsMessage(type: 'snapshot' | 'update', list: PositionView[]): unknown {
  return {
    channel: 'positions',
    type,
    data: {
      futures: list.map((p) => ({
        symbol: p.symbol,
        size: qty(p.symbol, p.size),
        // a closed position (size 0) has no entry price: 0, so the field stays a number (§4.2)
        entry_price: new Raw(p.entryPrice ?? '0'),
        realized_pnl: usd(p.realisedPnl),
        unrealized_funding: usd(p.unrealisedFunding),
      })),
      options: [],
    },
    time: wireTime(),
  }
}

export function marginMessage(m: MarginState): unknown {
  return {
    channel: 'margin',
    type: 'multi_collateral',
    data: {
      currency: 'USD',
      balance_value: usd(m.balance),
      portfolio_value: usd(m.portfolioValue),
      collateral_value: usd(m.collateralValue),
      initial_margin: usd(m.initialMargin),
      maintenance_margin: usd(m.maintenanceMargin),
      pnl: usd(m.pnl),
      unrealized_funding: usd(m.unrealisedFunding),
      available_margin: usd(m.availableMargin),
      margin_equity: usd(m.marginEquity),
    },
    time: wireTime(),
  }
}

export function ledgerEntry(e: LedgerEntry): Record<string, unknown> {
  const d: Record<string, unknown> = {
    ledger_id: e.id,
    ref_id: e.refId,
    timestamp: wireTime(e.time),
    type: e.type,
    subtype: '',
    asset: 'USD',
    asset_class: 'derivatives',
    amount: usd(e.amount),
    fee: usd(e.fee),
    balance: usd(e.balance),
    symbol: e.symbol,
  }
  if (e.realisedPnl !== undefined) d.realized_pnl = usd(e.realisedPnl)
  return d
}

export function preferencesMessage(type: 'snapshot' | 'update', lev: Map<string, bigint | null>): unknown {
  return {
    channel: 'preferences',
    type,
    data: {
      futures_permission: 'enabled',
      leverage_preferences: [...lev].map(([symbol, l]) => ({
        symbol,
        max_leverage: l === null ? null : new Raw(trim(unitsToDecimal(l, 6))),
      })),
    },
  }
}

/** §11's instrument data for the perpetuals */
export function instrumentData(fundingIntervalMs: number): unknown {
  return {
    futures: PERPETUALS.map((p) => ({
      symbol: p.symbol,
      type: 'perpetual',
      base: p.base === 'XBT' ? 'BTC' : p.base,
      quote: p.quote,
      status: 'online',
      price_increment: new Raw(p.tickSize),
      qty_increment: new Raw(p.minOrderQty),
      qty_min: new Raw(p.minOrderQty),
      price_precision: p.pricePrecision,
      qty_precision: p.qtyPrecision,
      contract_size: 1,
      max_position_size: new Raw(p.maxPositionQty),
      margin_levels: p.marginLevels.map((l) => ({
        contracts: new Raw(l.fromQty),
        initial_margin: new Raw(l.initialMargin),
        maintenance_margin: new Raw(l.maintenanceMargin),
      })),
      funding_interval: fundingIntervalMs / 1000,
      funding_rate_coefficient: p.fundingRateCoefficient,
      max_relative_funding_rate: new Raw(p.maxRelativeFundingRate),
      expiry: null,
    })),
  }
}
