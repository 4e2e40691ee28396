/**
 * What the derivatives market tells the outside world (events, margin state, ledger entries) and
 * the checks a new order meets before it reaches the book.
 */
import type { ExecType, Fill } from '../engine/types'
import { KrakenError } from '../engine/types'
import { unitsToDecimal } from '../decimal'
import { initialWithLeverage, type LeveragePrefs } from './leverage'
import type { MarginAccount, Marks } from './MarginAccount'
import { addsRisk, breachesInitial } from './orderChecks'
import type { PerpOrderRequest, PerpOrderView } from './perpOrders'
import { perpetual } from './perpetuals'
import { pricePnl } from './position'
import { formatUsd } from './units'

export interface LedgerEntry {
  id: string
  refId: string
  time: number
  type: 'trade' | 'funding'
  symbol: string
  /** money, signed: negative when paid */
  amount: bigint
  fee: bigint
  /** the USD balance after the entry */
  balance: bigint
  realisedPnl?: bigint
}

export type DerivEvent =
  | { kind: 'execution'; account: string; exec: ExecType; order: PerpOrderView; fill?: Fill }
  | { kind: 'positions'; account: string; symbols: string[] }
  | { kind: 'margin'; account: string }
  | { kind: 'ledger'; account: string; entry: LedgerEntry }
  | { kind: 'preferences'; account: string }

/** The multi-collateral wallet at the marks, money units (names as §11's margin message). */
export interface MarginState {
  balance: bigint
  pnl: bigint
  unrealisedFunding: bigint
  portfolioValue: bigint
  collateralValue: bigint
  initialMargin: bigint
  maintenanceMargin: bigint
  availableMargin: bigint
  marginEquity: bigint
}

export function marginState(
  acct: MarginAccount,
  marks: Marks,
  prefs: LeveragePrefs,
  initial: (a: MarginAccount, m: Marks, p: LeveragePrefs) => bigint,
): MarginState {
  let pnl = 0n
  let funding = 0n
  for (const p of acct.positions()) {
    pnl += pricePnl(perpetual(p.symbol), p, marks.get(p.symbol)!)
    funding += p.fundingAccrued
  }
  const equity = acct.equity(marks)
  const im = initial(acct, marks, prefs)
  return {
    balance: acct.balance,
    pnl,
    unrealisedFunding: funding,
    portfolioValue: equity,
    // USD is the only collateral, at haircut 0 (MarginAccount's model)
    collateralValue: acct.balance,
    initialMargin: im,
    maintenanceMargin: acct.maintenanceMargin(marks),
    availableMargin: equity - im,
    marginEquity: equity,
  }
}

/**
 * The quantity a new order may go with, or a KrakenError in words. Reduce-only orders are TRIMMED
 * to the position when larger (orderChecks' reduceOnlyCheck; Kraken's rule is NOT FOUND in our
 * docs): "reduce only" means "close at most what I hold", so a trader closing with a larger size
 * wants the close, not a refusal; it never flips or grows a position. With no position, or on the
 * position's own side, a reduce-only order is refused. Other orders that add risk must leave the
 * account above its initial margin (tier IM, or notional / fixed leverage when one is set).
 */
export function checkNewOrder(
  acct: MarginAccount,
  req: PerpOrderRequest,
  marks: Marks,
  prefs: LeveragePrefs,
): bigint {
  if (req.reduceOnly) {
    const r = acct.reduceOnly(req)
    if (r.kind === 'refuse')
      throw new KrakenError(
        acct.sizeOf(req.symbol) === 0n
          ? `EOrder:Reduce only:No position exists (${r.reason})`
          : `EOrder:Reduce only:Would increase the position (${r.reason})`,
      )
    return r.qty
  }
  const price = req.limitPrice ?? req.trigger?.price
  const order = {
    symbol: req.symbol,
    side: req.side,
    qty: req.qty,
    ...(price === undefined ? {} : { price }),
  }
  const refused = breachesInitial(acct, order, marks)
  if (refused)
    throw new KrakenError(
      refused.startsWith('insufficient margin')
        ? `EOrder:Insufficient margin (${refused})`
        : `EOrder:Position limit exceeded (${refused})`,
    )
  const lev = prefs.get(req.symbol)
  if (lev !== undefined && addsRisk(acct.sizeOf(req.symbol), req)) {
    const after = acct.withFill({ ...order, price: price ?? marks.get(req.symbol)! })
    const equity = after.equity(marks)
    const need = initialWithLeverage(after, marks, prefs)
    if (equity < need) {
      const x = unitsToDecimal(lev, 6).replace(/\.?0+$/, '')
      throw new KrakenError(
        `EOrder:Insufficient margin (with ${x}x leverage set for ${req.symbol} the positions need ${formatUsd(need)} USD initial margin; margin equity would be ${formatUsd(equity)} USD)`,
      )
    }
  }
  return req.qty
}
