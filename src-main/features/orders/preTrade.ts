import { fromUnits, toUnits } from '../../../src-domain/decimal'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import type { OrderTracker } from '../../core/orders/OrderTracker'
import type { PlaceRequest } from '../../core/orders/PlaceRequest'
import type { DuplicateGuard } from '../../core/risk/DuplicateGuard'
import { reduceOnlyProblem, type WorkingReduceOnly } from '../../core/risk/reduceOnly'
import type { RiskManager } from '../../core/risk/RiskManager'

/*
 * The pre-trade pipeline, in the order an order meets it (each step refuses in words):
 *   1. instrument known                                   (OrderCommands / OrderService)
 *   2. reduce-only: it could not grow the position        (here)
 *   3. risk: kill switch, size, value, price band, open orders, position   (here, core RiskManager)
 *   4. confirmation: the same order again moments ago, or a value above the threshold (here)
 *   5. the instrument's own rules (precision, minimums, ticks)   (OrderService: validatePlace)
 *   6. route: a link that can take it                     (OrderService: core OrderRouter)
 *   7. rate budget: Kraken's per-pair counter             (OrderService: core RateGovernor)
 * Steps 2-4 need the trader's state (positions, limits, what was just sent) and answer with a
 * question rather than a refusal for 4; steps 5-7 need the venue's. Nothing is journaled or sent
 * before all have passed.
 */

export interface TraderCheckState {
  risk: RiskManager
  duplicates: DuplicateGuard
  now: number
  /** mid of the instrument's book, or null */
  mid: string | null
  /** the position in the instrument (signed decimal text) */
  net: string
  /** working orders in the instrument */
  working: number
  reduceOnlyWorking: WorkingReduceOnly[]
  /** derivatives: the wallet's margin equity (the leverage limit needs it) */
  equity?: string | undefined
}

export type TraderVerdict =
  | { go: true; duplicateWindowMs: number }
  | { refuse: string }
  | { confirm: string; why: ('value' | 'duplicate')[] }

/** Steps 2-4 for one order the trader asked for. */
export function traderChecks(
  req: PlaceRequest,
  inst: Instrument,
  confirmed: boolean,
  s: TraderCheckState,
): TraderVerdict {
  // checked against the position Trident knows: summed fills for cash, Kraken's own for contracts;
  // a margin position is Kraken's alone (OpenPositions), so there Kraken's reduce_only decides
  if (req.reduceOnly && req.leverage === undefined) {
    const problem = reduceOnlyProblem(
      { symbol: inst.id, side: req.side, qty: req.qty },
      s.net,
      s.reduceOnlyWorking,
      inst.qtyPrecision,
    )
    if (problem) return { refuse: problem }
  }
  const verdict = s.risk.check(
    req,
    inst,
    {
      mid: s.mid,
      openOrders: s.working,
      position: s.net,
      ...(s.equity !== undefined ? { equity: s.equity } : {}),
    },
    confirmed,
  )
  if (!verdict.ok && 'reason' in verdict) return { refuse: verdict.reason }
  // the same order again moments later: asked like an order above the value threshold
  const window = s.risk.limitsFor(inst.id).duplicateWindowMs
  const again = s.duplicates.check(req, window, s.now, confirmed)
  if (!verdict.ok || again) {
    const why: ('value' | 'duplicate')[] = []
    const words: string[] = []
    if (again) {
      why.push('duplicate')
      words.push(again)
    }
    if (!verdict.ok && 'confirm' in verdict) {
      why.push('value')
      words.push(verdict.confirm)
    }
    return { confirm: words.join(' '), why }
  }
  return { go: true, duplicateWindowMs: window }
}

/** Working reduce-only orders of an instrument and what of each is left to fill. */
export function reduceOnlyWorking(tracker: OrderTracker, symbol: string): WorkingReduceOnly[] {
  return tracker
    .working()
    .filter((o) => o.symbol === symbol && o.reduceOnly && o.leverage === undefined)
    .map((o) => ({
      clOrdId: o.clOrdId,
      side: o.side,
      remaining: fromUnits(
        (BigInt(toUnits(o.qty, o.qtyPrecision)) - BigInt(toUnits(o.filledQty, o.qtyPrecision))).toString(),
        o.qtyPrecision,
      ),
      createdAt: o.createdAt,
    }))
}
