/**
 * What the renderer decides about derivatives contracts (issue 17), as pure functions the ticket,
 * positions panel, status bar and hotkeys share: an instrument's words, the checks an order on a
 * contract must pass before it is sent, and the close-position order.
 */
import { fromUnits, toUnits } from '../../src-domain/decimal'
import { isDerivativesSymbol } from '../../src-domain/derivatives'
import type { DerivativesView, DerivPositionView } from '../../src-preload/contract/derivatives'
import type { InstrumentMeta } from '../../src-preload/contract/types'
import type { Ticket } from '../stores/ticketStore'
import { clip } from './fieldCaps'
import { compareText, isZeroText } from './exactText'

/** A derivatives contract: the instrument says so (older mains did not: then its id does). */
export function isDerivatives(inst: Pick<InstrumentMeta, 'symbol' | 'assetClass'> | undefined): boolean {
  if (!inst) return false
  return inst.assetClass ? inst.assetClass === 'derivatives' : isDerivativesSymbol(inst.symbol)
}

/** What the quantity counts: "BTC" for a spot pair, "contracts (1 = 1 BTC)" for a contract. */
export function qtyUnitWords(inst: InstrumentMeta | undefined): string {
  if (!inst) return ''
  if (!isDerivatives(inst)) return inst.base
  return `contracts (1 = ${inst.contract?.contractSize ?? '?'} ${inst.base})`
}

/**
 * The smallest quantity step, as text ("0.0001"): the contract's own step (Kraken's qty_increment)
 * when main said it, else one unit at the instrument's quantity precision.
 */
export function qtyStep(inst: Pick<InstrumentMeta, 'qtyPrecision' | 'contract'>): string {
  return inst.contract?.qtyStep ?? fromUnits('1', inst.qtyPrecision)
}

/** How a picker names an instrument: "BTC/USD", "PF_XBTUSD · BTC perp", "FF_XBTUSD_270326 · BTC future". */
export function instrumentLabel(inst: InstrumentMeta): string {
  if (!isDerivatives(inst)) return inst.symbol
  return `${inst.symbol} · ${inst.base} ${inst.contract?.kind === 'future' ? 'future' : 'perp'}`
}

export interface InstrumentGroup {
  label: string
  options: { symbol: string; label: string }[]
}

/**
 * A picker's instruments: spot pairs, then derivatives contracts in a group of their own (one
 * group when there are no contracts). A symbol the list does not have yet (the panel's own,
 * before app.info) comes first so the picker can show it.
 */
export function instrumentGroups(instruments: readonly InstrumentMeta[], current: string): InstrumentGroup[] {
  const spot = instruments.filter((i) => !isDerivatives(i))
  const deriv = instruments.filter((i) => isDerivatives(i))
  const known = instruments.some((i) => i.symbol === current)
  const head = known ? [] : [{ symbol: current, label: current }]
  const spotGroup = {
    label: 'Spot',
    options: [...head, ...spot.map((i) => ({ symbol: i.symbol, label: i.symbol }))],
  }
  if (deriv.length === 0) return [spotGroup]
  return [
    spotGroup,
    { label: 'Derivatives', options: deriv.map((i) => ({ symbol: i.symbol, label: instrumentLabel(i) })) },
  ]
}

/** The open position in this contract (size not zero), if any. */
export function positionOf(view: DerivativesView | null, symbol: string): DerivPositionView | undefined {
  return view?.positions.find((p) => p.symbol === symbol && !isZeroText(p.size))
}

/**
 * The market's leverage preference: "10" fixed, null cross, undefined while not known (no view
 * yet, or Kraken has not sent the account's preferences: never shown as cross by default, since a
 * 10× isolated market read as cross would misstate its risk). A market missing from preferences
 * Kraken did send is at Kraken's default, cross.
 */
export function leverageOf(view: DerivativesView | null, symbol: string): string | null | undefined {
  if (!view || view.leverage.length === 0) return undefined
  const pref = view.leverage.find((l) => l.symbol === symbol)
  return pref ? pref.maxLeverage : null
}

/** "10× isolated" for a fixed preference, "cross margin" for none. */
export function leverageWords(pref: string | null | undefined): string {
  if (pref === undefined) return 'leverage not known yet'
  return pref === null ? 'cross margin' : `${pref}× isolated`
}

/**
 * A leverage the trader typed for derivatives.setLeverage: '' or "cross" is cross margin (null),
 * else a number from 1 to the contract's maximum. Returns the value to send, or the problem in words.
 */
export function leverageChoice(
  text: string,
  inst: InstrumentMeta | undefined,
): { maxLeverage: number | null } | { problem: string } {
  const typed = text.trim().toLowerCase()
  if (typed === '' || typed === 'cross') return { maxLeverage: null }
  const max = inst?.contract?.maxLeverage ?? '100'
  const low = compareText(typed, '1')
  if (!/^\d+(\.\d+)?$/.test(typed) || low === null)
    return { problem: `Leverage must be a number like 5 (or Cross), not "${clip(text)}"` }
  if (low < 0) return { problem: `Leverage must be at least 1×, not ${clip(typed)}×` }
  if (compareText(typed, max)! > 0 || compareText(typed, '100')! > 0)
    return { problem: `Leverage ${clip(typed)}× is above this contract's maximum of ${max}×` }
  // leverage is a ratio, not money: the contract takes it as a JSON number
  return { maxLeverage: Number(typed) }
}

/** The order that closes a position: the other side, exactly its size (no sign). */
export function closingOrder(
  pos: Pick<DerivPositionView, 'size'>,
): { side: 'buy' | 'sell'; qty: string } | null {
  if (isZeroText(pos.size)) return null
  const short = pos.size.trim().startsWith('-')
  return { side: short ? 'buy' : 'sell', qty: pos.size.trim().replace(/^-/, '') }
}

/**
 * The checks an order on a derivatives contract needs beyond spot's (quantity and price are
 * checked with spot's rules): what Kraken's Unified WS cannot carry, the account's permission,
 * and reduce-only against the position. `view` is null until main's derivatives topic arrives.
 */
export function derivativesProblems(
  t: Pick<Ticket, 'symbol' | 'side' | 'type' | 'qty' | 'tif' | 'reduceOnly' | 'chase' | 'exitTemplate'>,
  inst: InstrumentMeta,
  view: DerivativesView | null,
): string[] {
  const out: string[] = []
  if (t.type === 'iceberg') out.push("Kraken's derivatives orders have no iceberg: choose another type")
  // Unified WS time_in_force is gtc, ioc or gtd (docs/kraken-derivatives.md §11): no fill-or-kill
  if (t.tif === 'FOK' && t.type !== 'market')
    out.push("Kraken's derivatives orders have no fill-or-kill: choose GTC or IOC")
  if (t.chase) out.push('Chase is not offered on derivatives yet: untick Chase')
  if (t.exitTemplate) out.push('Exits are not offered on derivatives yet: choose no exits')
  const maxPos = inst.contract?.maxPosition
  if (maxPos && compareText(t.qty, maxPos) === 1)
    out.push(`Quantity ${clip(t.qty)} is above this contract's largest position of ${maxPos} contracts`)
  if (!view) {
    out.push('Waiting for the derivatives account (permission and positions) from Trident core')
    return out
  }
  if (!view.available) {
    out.push(`Derivatives are not available here: ${view.detail || 'this venue offers none'}`)
    return out
  }
  if (view.permission === 'disabled')
    out.push('This account may not trade derivatives (Kraken: futures permission disabled)')
  else if (view.permission === 'reduce_only' && !t.reduceOnly)
    out.push(
      'This account may only reduce derivatives positions (Kraken: reduce-only permission): tick Reduce-only',
    )
  if (t.reduceOnly) {
    const pos = positionOf(view, t.symbol)
    const close = pos ? closingOrder(pos) : null
    if (!pos || !close) out.push(`Reduce-only needs an open ${t.symbol} position to reduce: there is none`)
    else if (close.side !== t.side)
      out.push(
        `Reduce-only ${t.side} would grow your ${t.symbol} ${close.side === 'sell' ? 'long' : 'short'} of ${close.qty} contracts: choose ${close.side}`,
      )
    else if (compareText(t.qty, close.qty) === 1)
      out.push(`Reduce-only ${clip(t.qty)} contracts is more than your ${t.symbol} position of ${close.qty}`)
  }
  return out
}

/** The quantity problems in contract words, or null when the quantity is a good multiple of the step. */
export function contractQtyProblem(qty: string, inst: InstrumentMeta): string | null {
  let units: bigint
  try {
    units = BigInt(toUnits(qty, inst.qtyPrecision))
  } catch {
    return `Quantity must be a multiple of the ${qtyStep(inst)}-contract step`
  }
  if (units <= 0n) return 'Quantity must be above zero'
  if (units < BigInt(toUnits(inst.ordermin, inst.qtyPrecision)))
    return `Quantity is below the minimum of ${inst.ordermin} contracts`
  return null
}
