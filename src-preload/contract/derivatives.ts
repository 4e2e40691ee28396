/**
 * Derivatives and margin (issue 17): this feature's part of the contract, kept in its own file so
 * the feature's commands and topics are declared in one place; `contract.ts` spreads them into
 * the one channel map. Orders on a derivatives contract go through `orders.place` like spot ones
 * (with `reduceOnly` and `triggerSignal`); what is only derivatives' lives here.
 */
import { z } from 'zod'
import type { DerivativesPermission, MarginState } from '../../src-domain/derivatives'
import { symbol } from './fields'

export const derivativesCommandSchemas = {
  /**
   * A market's leverage preference (Unified WS `set_preference` `leverage_mode`): a number is
   * fixed (isolated) leverage, null is cross margin. Kraken may refuse it (margin, schedule).
   */
  'derivatives.setLeverage': z
    .object({
      symbol,
      maxLeverage: z.number().min(1).max(100).nullable(),
    })
    .strict(),
} as const

/** One open derivatives position as main knows it: exact decimal text, USD for money. */
export interface DerivPositionView {
  symbol: string
  /** signed, in contracts (1 contract of a linear perpetual = 1 unit of its base): + long, − short */
  size: string
  entryPrice: string
  markPrice: string
  indexPrice: string
  /** the mark at which maintenance margin runs out; '' when flat or no price liquidates it */
  liquidationPrice: string
  /** at the mark */
  unrealisedPnl: string
  realisedPnl: string
  /** funding since the position opened: positive = paid, negative = received */
  fundingPaid: string
  initialMargin: string
  maintenanceMargin: string
  /** notional at mark ÷ equity, e.g. "4.98" */
  effectiveLeverage: string
  /** the market's leverage preference: "10" (fixed) or null (cross) */
  maxLeverage: string | null
}

/** The multi-collateral wallet's margin state (Unified WS `margin` channel). */
export interface MarginView {
  currency: 'USD'
  /** collateral value + unrealised PnL */
  equity: string
  initialMargin: string
  maintenanceMargin: string
  /** equity − initial margin, never below 0 */
  available: string
  /** equity ÷ maintenance margin, two decimals; '' with no position */
  marginLevel: string
  /** the gauge: amber below MARGIN_AMBER_LEVEL, red below MARGIN_RED_LEVEL, liquidation below 1 */
  state: MarginState
}

export interface FundingView {
  symbol: string
  /** the rate of the current period, exact text as the venue sent it (relative, e.g. "0.000012") */
  rate: string
  /** ms since epoch of the next settlement */
  nextAt: number
}

export interface DerivativesView {
  /** whether this venue (profile) offers derivatives at all; `detail` says why not */
  available: boolean
  detail: string
  permission: DerivativesPermission
  positions: DerivPositionView[]
  margin: MarginView | null
  funding: FundingView[]
  /** every derivatives market's leverage preference: "10" fixed, null cross (the default) */
  leverage: { symbol: string; maxLeverage: string | null }[]
}

export interface DerivativesCommandResults {
  'derivatives.setLeverage': DerivativesView
}

export const derivativesTopicSchemas = {
  /** Derivatives positions, margin, funding and the account's permission. */
  derivatives: z.object({}).strict(),
} as const

export interface DerivativesTopicMessages {
  derivatives: DerivativesView
}
