import { toUnits } from '../../../src-domain/decimal'
import type { Instrument } from '../instruments/InstrumentRegistry'
import type { PlaceRequest } from '../orders/PlaceRequest'

/** Limits per instrument, as decimal texts (base quantity, quote notional) and a percentage band. */
export interface RiskLimits {
  maxOrderQty: string
  maxNotional: string
  /** max distance of a limit price from mid, percent (e.g. "5") */
  priceBandPct: string
  maxOpenOrders: number
  /** max absolute net position, base quantity */
  maxPosition: string
  /** orders above this notional need the trader's explicit confirmation */
  confirmAbove: string
  /**
   * the same order (instrument, side, type, price, quantity) again within this many ms needs the
   * trader's confirmation too; 0 turns the guard off
   */
  duplicateWindowMs: number
  /** derivatives: largest position per contract, in contracts (absent: maxPosition applies) */
  maxContracts?: string
  /** derivatives: largest position per contract in quote notional at the order's price */
  maxContractNotional?: string
  /** derivatives: the most leverage (position notional ÷ margin equity) an order may leave */
  maxLeverage?: string
  /** derivatives: warn when the mark is within this % of a liquidation price (DerivativesDesk) */
  liquidationWarnPct?: string
}

export const DEFAULT_LIMITS: RiskLimits = {
  maxOrderQty: '5',
  maxNotional: '250000',
  priceBandPct: '5',
  maxOpenOrders: 50,
  maxPosition: '10',
  confirmAbove: '50000',
  duplicateWindowMs: 2000,
}

export interface RiskContext {
  /** mid price text, or null without a two-sided book */
  mid: string | null
  openOrders: number
  /** signed net position, base quantity text (derivatives: contracts, as the venue holds it) */
  position: string
  /** derivatives: the wallet's margin equity (quote), when the venue has said it */
  equity?: string
}

export type RiskVerdict = { ok: true } | { ok: false; reason: string } | { ok: false; confirm: string }

const SCALE = 18
const ONE = 10n ** BigInt(SCALE)

/** A limits object's decimals as scaled integers (the order path parses each once, not per order). */
interface LimitUnits {
  maxOrderQty: bigint
  maxNotional: bigint
  priceBandPct: bigint
  confirmAbove: bigint
  maxPosition: bigint
}

/** Decimal text -> bigint at 10^-18, exact (prices, quantities and limits share one scale here). */
function d(text: string): bigint {
  const neg = text.startsWith('-')
  const u = BigInt(toUnits(neg ? text.slice(1) : text, SCALE))
  return neg ? -u : u
}

function fmt(v: bigint, decimals: number): string {
  const neg = v < 0n
  const a = neg ? -v : v
  const s = a.toString().padStart(SCALE + 1, '0')
  const int = s.slice(0, s.length - SCALE)
  const frac = s.slice(s.length - SCALE, s.length - SCALE + decimals)
  return `${neg ? '-' : ''}${int}${decimals ? '.' + frac : ''}`
}

/**
 * Pre-trade risk, enforced in main whatever the renderer shows: order size and value, price band
 * around mid, open-order count, resulting position, a confirmation threshold, and a kill switch
 * that refuses everything until re-armed. Pure: the caller supplies mid, open orders, position.
 */
export class RiskManager {
  private limits = new Map<string, RiskLimits>()
  /** limits objects are replaced, never changed in place, so their parsed form is kept with them */
  private readonly units = new WeakMap<RiskLimits, LimitUnits>()
  killed: { at: number; by: string } | null = null

  constructor(private defaults: RiskLimits = DEFAULT_LIMITS) {}

  /**
   * Limits for every instrument without its own. Limits saved before the duplicate guard existed
   * have no window: they get the default one.
   */
  setDefaults(given: Omit<RiskLimits, 'duplicateWindowMs'> & { duplicateWindowMs?: number }): void {
    const l: RiskLimits = {
      ...given,
      duplicateWindowMs: given.duplicateWindowMs ?? DEFAULT_LIMITS.duplicateWindowMs,
    }
    this.setLimits('*', l) // validates
    this.limits.delete('*')
    this.defaults = l
  }

  limitsFor(symbol: string): RiskLimits {
    return this.limits.get(symbol) ?? this.defaults
  }

  setLimits(symbol: string, l: RiskLimits): void {
    for (const [k, v] of Object.entries(l)) {
      if (v === undefined) continue
      if (typeof v === 'string')
        d(v) // throws on anything but a plain decimal
      else if (!Number.isInteger(v) || v < 0) throw new Error(`${k} must be a whole number`)
    }
    this.limits.set(symbol, { ...l })
  }

  kill(by: string, at: number): void {
    this.killed = { at, by }
  }

  rearm(): void {
    this.killed = null
  }

  private unitsOf(l: RiskLimits): LimitUnits {
    let u = this.units.get(l)
    if (!u) {
      u = {
        maxOrderQty: d(l.maxOrderQty),
        maxNotional: d(l.maxNotional),
        priceBandPct: d(l.priceBandPct),
        confirmAbove: d(l.confirmAbove),
        maxPosition: d(l.maxPosition),
      }
      this.units.set(l, u)
    }
    return u
  }

  check(req: PlaceRequest, inst: Instrument, ctx: RiskContext, confirmed: boolean): RiskVerdict {
    if (this.killed)
      return { ok: false, reason: 'Trading is stopped by the kill switch. Re-arm it to trade again.' }
    const l = this.limitsFor(inst.id)
    const u = this.unitsOf(l)
    const qty = d(req.qty)
    if (qty > u.maxOrderQty)
      return { ok: false, reason: `Quantity ${req.qty} is above your ${inst.id} limit of ${l.maxOrderQty}` }
    if (ctx.openOrders >= l.maxOpenOrders)
      return {
        ok: false,
        reason: `You already have ${ctx.openOrders} working orders (limit ${l.maxOpenOrders})`,
      }
    const price =
      req.limitPrice ?? (req.type === 'trailing-stop' ? undefined : req.triggerPrice) ?? ctx.mid ?? undefined
    if (price !== undefined) {
      const notional = (qty * d(price)) / ONE
      if (notional > u.maxNotional) {
        return {
          ok: false,
          reason: `Order value ${fmt(notional, 2)} ${inst.quote} is above your limit of ${l.maxNotional} ${inst.quote}`,
        }
      }
      if (req.limitPrice !== undefined && ctx.mid !== null) {
        const mid = d(ctx.mid)
        const diff = d(req.limitPrice) - mid
        const away = ((diff < 0n ? -diff : diff) * 100n * ONE) / mid
        if (away > u.priceBandPct) {
          return {
            ok: false,
            reason: `Limit ${req.limitPrice} is ${fmt(away, 2)}% from mid ${ctx.mid}; your band is ${l.priceBandPct}%`,
          }
        }
      }
      if (!confirmed && notional > u.confirmAbove) {
        return {
          ok: false,
          confirm: `${req.side === 'buy' ? 'Buy' : 'Sell'} ${req.qty} ${inst.base} worth ${fmt(notional, 2)} ${inst.quote}?`,
        }
      }
    }
    const after = d(ctx.position) + (req.side === 'buy' ? qty : -qty)
    if (inst.assetClass === 'derivatives') return this.contractLimits(req, inst, ctx, l, after, price)
    if ((after < 0n ? -after : after) > u.maxPosition) {
      return {
        ok: false,
        reason: `This would take your ${inst.id} position to ${fmt(after, inst.qtyPrecision)} (limit ${l.maxPosition})`,
      }
    }
    return { ok: true }
  }

  /** A derivatives order: the position after it, in contracts, in notional and in leverage. */
  private contractLimits(
    req: PlaceRequest,
    inst: Instrument,
    ctx: RiskContext,
    l: RiskLimits,
    after: bigint,
    price: string | undefined,
  ): RiskVerdict {
    const size = after < 0n ? -after : after
    const max = l.maxContracts ?? l.maxPosition
    if (size > d(max))
      return {
        ok: false,
        reason: `This would take your ${inst.id} position to ${fmt(after, inst.qtyPrecision)} contracts (limit ${max})`,
      }
    if (price === undefined) return { ok: true }
    const cs = d(inst.contract?.contractSize ?? '1')
    const notional = (((size * cs) / ONE) * d(price)) / ONE
    if (l.maxContractNotional !== undefined && notional > d(l.maxContractNotional))
      return {
        ok: false,
        reason: `This would take your ${inst.id} position to ${fmt(notional, 2)} ${inst.quote} (limit ${l.maxContractNotional} ${inst.quote})`,
      }
    if (l.maxLeverage !== undefined && ctx.equity !== undefined && req.reduceOnly !== true) {
      const equity = d(ctx.equity)
      const lev = equity > 0n ? (notional * ONE) / equity : null
      if (lev === null || lev > d(l.maxLeverage))
        return {
          ok: false,
          reason: `This would leave ${inst.id} at ${lev === null ? 'unbounded' : `${fmt(lev, 2)}×`} leverage on ${ctx.equity} ${inst.quote} of margin equity (your limit ${l.maxLeverage}×)`,
        }
    }
    return { ok: true }
  }
}
