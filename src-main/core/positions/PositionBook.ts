import { fromUnits, toUnits } from '../../../src-domain/decimal'

export interface PositionFill {
  symbol: string
  side: 'buy' | 'sell'
  qty: string
  price: string
  qtyPrecision: number
  pricePrecision: number
}

interface Pos {
  qp: number
  pp: number
  /** signed, qty units */
  net: bigint
  /** cost of the open position, qty units x price units (sign follows net) */
  cost: bigint
  /** realised PnL, qty units x price units */
  realised: bigint
}

/** One instrument's book as saved (the journal's position base): integers as decimal text. */
export interface PositionState {
  symbol: string
  qp: number
  pp: number
  net: string
  cost: string
  realised: string
}

export interface PositionView {
  symbol: string
  /** signed, decimal text */
  net: string
  /** average entry price, decimal text (price precision + 2), '' when flat */
  avgPrice: string
  realisedPnl: string
  unrealisedPnl: string
}

/**
 * Net position, average entry and PnL per instrument from fills, in exact integer arithmetic
 * (quantity units x price units). Average cost method: adding keeps the average, reducing
 * realises against it, crossing zero opens at the fill price.
 */
export class PositionBook {
  private readonly pos = new Map<string, Pos>()

  apply(f: PositionFill): void {
    let p = this.pos.get(f.symbol)
    if (!p)
      this.pos.set(
        f.symbol,
        (p = { qp: f.qtyPrecision, pp: f.pricePrecision, net: 0n, cost: 0n, realised: 0n }),
      )
    const q = BigInt(toUnits(f.qty, p.qp)) * (f.side === 'buy' ? 1n : -1n)
    const px = BigInt(toUnits(f.price, p.pp))
    if (p.net === 0n || p.net > 0n === q > 0n) {
      p.net += q
      p.cost += q * px
      return
    }
    // reducing (and maybe flipping)
    const closing = (q < 0n ? -q : q) < (p.net < 0n ? -p.net : p.net) ? q : -p.net
    const costClosed = (p.cost * -closing) / p.net // share of the cost basis being closed
    p.realised += -closing * px - costClosed
    p.cost -= costClosed
    p.net += closing
    const rest = q - closing
    if (rest !== 0n) {
      p.net += rest
      p.cost += rest * px
    }
    if (p.net === 0n) p.cost = 0n
  }

  view(symbol: string, mark: string | null): PositionView | null {
    const p = this.pos.get(symbol)
    if (!p) return null
    const money = (v: bigint) => signed(v, p.qp + p.pp, p.pp + 2)
    const avgUnits = p.net === 0n ? null : (p.cost * 100n) / p.net // price units x 100
    // the mark (a mid) may carry one more decimal than prices: value it two decimals finer
    let unreal = 0n
    if (mark !== null && p.net !== 0n) unreal = p.net * BigInt(toUnits(mark, p.pp + 2)) - p.cost * 100n
    return {
      symbol,
      net: signed(p.net, p.qp, p.qp),
      avgPrice:
        avgUnits === null ? '' : fromUnits((avgUnits < 0n ? -avgUnits : avgUnits).toString(), p.pp + 2),
      realisedPnl: money(p.realised),
      unrealisedPnl: signed(unreal, p.qp + p.pp + 2, p.pp + 2),
    }
  }

  symbols(): string[] {
    return [...this.pos.keys()]
  }

  /** Every instrument's state, to be saved and taken back by `load` (exact: integers as text). */
  state(): PositionState[] {
    return [...this.pos].map(([symbol, p]) => ({
      symbol,
      qp: p.qp,
      pp: p.pp,
      net: p.net.toString(),
      cost: p.cost.toString(),
      realised: p.realised.toString(),
    }))
  }

  /**
   * Start from a saved state (instead of nothing): what later fills move. Refuses, in words, a
   * state that is not one `state()` wrote, before changing anything.
   */
  load(saved: readonly PositionState[]): void {
    const int = /^-?\d+$/
    if (!Array.isArray(saved)) throw new Error('not a saved position list')
    const next = new Map<string, Pos>()
    for (const s of saved) {
      if (
        typeof s?.symbol !== 'string' ||
        !Number.isSafeInteger(s.qp) ||
        !Number.isSafeInteger(s.pp) ||
        ![s.net, s.cost, s.realised].every((v) => typeof v === 'string' && int.test(v))
      )
        throw new Error(`not a saved position: ${JSON.stringify(s)}`)
      next.set(s.symbol, {
        qp: s.qp,
        pp: s.pp,
        net: BigInt(s.net),
        cost: BigInt(s.cost),
        realised: BigInt(s.realised),
      })
    }
    this.pos.clear()
    for (const [k, v] of next) this.pos.set(k, v)
  }

  net(symbol: string): string {
    const p = this.pos.get(symbol)
    return p ? signed(p.net, p.qp, p.qp) : '0'
  }
}

/** Signed integer units at `scale` -> decimal text with `decimals` places (truncated toward zero). */
function signed(v: bigint, scale: number, decimals: number): string {
  const neg = v < 0n
  const a = neg ? -v : v
  const s = fromUnits(a.toString(), scale)
  const [int, frac = ''] = s.split('.')
  const out = decimals > 0 ? `${int}.${frac.padEnd(decimals, '0').slice(0, decimals)}` : int!
  return neg && /[1-9]/.test(out) ? `-${out}` : out
}
