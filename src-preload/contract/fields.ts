/**
 * Field schemas every feature's part of the contract shares, so a rule (what an instrument id
 * looks like, what a decimal is) is written once and cannot drift between features.
 */
import { z } from 'zod'

/**
 * An instrument id as the app names it: a spot pair as WS v2 spells it (BTC/USD), or a
 * derivatives contract as the Unified WebSocket spells it (PF_XBTUSD for a linear perpetual,
 * FF_XBTUSD_270326 for a fixed-maturity future).
 */
export const SYMBOL_PATTERN = /^(?:[A-Z0-9]{1,16}\/[A-Z0-9]{1,16}|[A-Z]{2}_[A-Z0-9]{2,16}(?:_[0-9]{6})?)$/
export const symbol = z
  .string()
  .min(3)
  .max(32)
  .regex(SYMBOL_PATTERN, 'symbol must look like BTC/USD (spot) or PF_XBTUSD (derivatives)')

/** A decimal text: money never crosses the boundary as a float. */
export const decimal = z
  .string()
  .max(32)
  .regex(/^\d+(\.\d+)?$/, 'must be a decimal number like 0.01')
