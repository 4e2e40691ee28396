import { toUnits } from '../../src-domain/decimal'
import { LIMIT_PRICED, TRIGGERED } from '../../src-domain/orders'
import type { DerivativesView } from '../../src-preload/contract/derivatives'
import type { BalanceView, InstrumentMeta } from '../../src-preload/contract/types'
import type { Ticket } from '../stores/ticketStore'
import { exitsLabel } from './bracketLabels'
import { contractQtyProblem, derivativesProblems, isDerivatives, leverageWords } from './derivativesModel'
import { grouped } from './exactText'
import { clip } from './fieldCaps'

export function needsPrice(t: Pick<Ticket, 'type'>): boolean {
  return LIMIT_PRICED.has(t.type)
}

export function needsTrigger(t: Pick<Ticket, 'type'>): boolean {
  return TRIGGERED.has(t.type)
}

/**
 * Digits with at most one dot: what a trader means by a number. Exponents ("1e-2"), signs and
 * spaces are refused here in words; main refused "1e5" with EBADREQ and the trader saw nothing.
 */
export function isPlainDecimal(text: string): boolean {
  return /^(\d+\.?\d*|\.\d+)$/.test(text)
}

function units(text: string, precision: number): bigint | null {
  if (!isPlainDecimal(text)) return null
  try {
    return BigInt(toUnits(text, precision))
  } catch {
    return null
  }
}

/**
 * Problems with the ticket in a trader's words, before anything is sent (main checks again).
 * `available` is the balance that would pay for it, when known.
 */
export function ticketProblems(
  t: Ticket,
  inst: InstrumentMeta | undefined,
  available?: { asset: string; amount: string },
): string[] {
  if (!inst) return ['Waiting for instrument details']
  const out: string[] = []
  const qty = units(t.qty, inst.qtyPrecision)
  const deriv = isDerivatives(inst)
  if (t.qty === '') out.push('Quantity is missing')
  else if (!isPlainDecimal(t.qty))
    out.push(`Quantity must be a plain decimal like 0.01 (digits and one dot), not "${clip(t.qty)}"`)
  else if (deriv) {
    // a contract's quantity is in contracts: a multiple of its step, at least its minimum
    const problem = contractQtyProblem(t.qty, inst)
    if (problem) out.push(problem)
  } else if (qty === null) out.push(`Quantity must be a number with at most ${inst.qtyPrecision} decimals`)
  else if (qty <= 0n) out.push('Quantity must be above zero')
  else if (qty < units(inst.ordermin, inst.qtyPrecision)!)
    out.push(`Quantity is below the minimum of ${inst.ordermin} ${inst.base}`)
  const tick = units(inst.tickSize, inst.pricePrecision)!
  const checkPrice = (label: string, text: string): bigint | null => {
    if (text === '') {
      out.push(`${label} is missing`)
      return null
    }
    const p = units(text, inst.pricePrecision)
    if (!isPlainDecimal(text))
      out.push(`${label} must be a plain decimal like 65000.5 (digits and one dot), not "${clip(text)}"`)
    else if (p === null) out.push(`${label} must be a number with at most ${inst.pricePrecision} decimals`)
    else if (p <= 0n) out.push(`${label} must be above zero`)
    else if (p % tick !== 0n) out.push(`${label} ${text} is off the ${inst.tickSize} tick`)
    return p
  }
  let price: bigint | null = null
  // a chase has no price of its own: main starts it at the touch
  if (needsPrice(t) && !t.chase) price = checkPrice('Price', t.price)
  if (needsTrigger(t))
    checkPrice(t.type === 'trailing-stop' ? 'Trail distance' : 'Trigger price', t.triggerPrice)
  if (t.type === 'iceberg') {
    const d = units(t.displayQty, inst.qtyPrecision)
    if (t.displayQty !== '' && !isPlainDecimal(t.displayQty))
      out.push(`Display quantity must be a plain decimal (digits and one dot), not "${clip(t.displayQty)}"`)
    else if (d === null || d <= 0n) out.push('Iceberg needs a display quantity')
    else if (qty !== null && d * 15n < qty) out.push('Iceberg must show at least 1/15 of its quantity')
  }
  if (qty !== null && price !== null && qty > 0n && price > 0n) {
    const cost = qty * price
    if (cost < units(inst.costmin, inst.qtyPrecision + inst.pricePrecision)!)
      out.push(`Order value is below the minimum of ${inst.costmin} ${inst.quote}`)
    if (available && t.side === 'buy' && available.asset === inst.quote) {
      const have = units(available.amount, inst.qtyPrecision + inst.pricePrecision)
      if (have !== null && cost > have)
        out.push(`Not enough ${inst.quote}: this needs more than the ${available.amount} available`)
    }
  }
  if (available && t.side === 'sell' && available.asset === inst.base && qty !== null) {
    const have = units(available.amount, inst.qtyPrecision)
    if (have !== null && qty > have)
      out.push(
        `Not enough ${inst.base}: selling ${clip(t.qty)} needs more than the ${available.amount} you hold`,
      )
  }
  if (t.postOnly && !needsPrice(t)) out.push('Post-only applies to limit-priced orders only')
  if (t.leverage !== '' && !deriv && !inst.marginLeverage?.includes(t.leverage))
    out.push(
      inst.marginLeverage?.length
        ? `${inst.symbol} is not offered at ${clip(t.leverage)}× (only ${inst.marginLeverage.map((x) => `${x}×`).join(', ')}): choose another leverage or Cash`
        : `${inst.symbol} is not offered on margin: choose Cash`,
    )
  if (t.exitTemplate) {
    // brackets.place sends an entry: what it cannot carry is refused here, not dropped silently
    if (t.reduceOnly) out.push('An entry with exits cannot be reduce-only: untick it or choose no exits')
    if (t.type === 'iceberg') out.push('An iceberg cannot take exits: choose no exits or another type')
    if (marginLeverage(t, inst) !== '')
      out.push('Exits are for cash orders (brackets are not sent on margin): choose Cash or no exits')
  }
  if (t.chase) out.push(...chaseProblems(t))
  return out
}

/** "20" within lo..hi: a whole number of ticks as brackets.chase takes it (no sign, dot or exponent) */
function wholeIn(text: string, lo: number, hi: number): boolean {
  return /^\d{1,6}$/.test(text) && Number(text) >= lo && Number(text) <= hi
}

/**
 * brackets.chase sends a GTC limit main keeps at the touch, and nothing else: what the ticket
 * has ticked beside it would be dropped silently, so it is refused here in words.
 */
function chaseProblems(t: Ticket): string[] {
  const out: string[] = []
  if (t.type !== 'limit') out.push('A chase order is a limit order: choose limit or untick Chase')
  if (t.chaseMaxTicks === '')
    out.push('Max chase is missing: how many ticks the order may follow the touch (1 to 100000)')
  else if (!wholeIn(t.chaseMaxTicks, 1, 100_000))
    out.push(`Max chase must be a whole number of ticks from 1 to 100000, not "${clip(t.chaseMaxTicks)}"`)
  if (!wholeIn(t.chaseOffsetTicks, 0, 10_000))
    out.push(
      `Offset must be a whole number of ticks from 0 to 10000 (0 joins the touch), not "${clip(t.chaseOffsetTicks)}"`,
    )
  if (t.tif !== 'GTC') out.push('A chase order rests until filled (GTC): choose GTC or untick Chase')
  if (t.postOnly) out.push('A chase order cannot be post-only: untick Post-only or Chase')
  if (t.reduceOnly) out.push('A chase order cannot be reduce-only: untick Reduce-only or Chase')
  if (t.exitTemplate) out.push('A chase order cannot take exits: choose no exits or untick Chase')
  if (t.leverage !== '') out.push('A chase order is a cash order: choose Cash or untick Chase')
  return out
}

/** The balance that would pay for the ticket: the quote currency for a buy, the coin for a sell. */
export function payingBalance(
  t: Pick<Ticket, 'side'>,
  inst: InstrumentMeta | undefined,
  balances: readonly BalanceView[],
): { asset: string; amount: string } | undefined {
  if (!inst) return undefined
  const asset = t.side === 'buy' ? inst.quote : inst.base
  const b = balances.find((x) => x.asset === asset)
  return b ? { asset, amount: b.balance } : undefined
}

/**
 * THE check of an order from the ticket: the send button, Enter and a ladder click all ask this
 * one function (Enter once skipped the balance check the button made, and sent what it refused).
 */
export function sendProblems(
  t: Ticket,
  inst: InstrumentMeta | undefined,
  balances: readonly BalanceView[],
  templates?: readonly { id: string }[],
  derivatives: DerivativesView | null = null,
): string[] {
  // a contract is paid for by margin, a margin order by borrowing: no one balance pays for either
  const paidFromBalance = !isDerivatives(inst) && marginLeverage(t, inst) === ''
  const out = ticketProblems(t, inst, paidFromBalance ? payingBalance(t, inst, balances) : undefined)
  if (t.exitTemplate && !templates?.some((x) => x.id === t.exitTemplate))
    out.push('The exit template chosen is no longer saved: choose another, or none')
  if (inst && isDerivatives(inst)) out.push(...derivativesProblems(t, inst, derivatives))
  return out
}

/** The spot margin leverage the order is sent with: '' for a cash order (and for a contract). */
export function marginLeverage(t: Pick<Ticket, 'leverage'>, inst: InstrumentMeta | undefined): string {
  if (!inst || isDerivatives(inst) || t.leverage === '') return ''
  return inst.marginLeverage?.includes(t.leverage) ? t.leverage : ''
}

/**
 * "Buy 0.01 BTC @ 64999.9 limit" — the button says exactly what Enter will send, with
 * " + exits 'Scalp'" when the entry takes an exit template.
 */
export function ticketSummary(
  t: Ticket,
  inst: InstrumentMeta | undefined,
  template?: { name: string },
  leveragePref?: string | null,
): string {
  if (inst && isDerivatives(inst)) return contractSummary(t, inst, leveragePref)
  const lev = marginLeverage(t, inst)
  return (
    orderSummary(t, inst) +
    (lev ? ` · ${lev}× margin` : '') +
    exitsLabel(t.exitTemplate ? template : undefined)
  )
}

/**
 * "Buy 0.5 PF_XBTUSD contracts · limit 64,000 · reduce-only · 5× isolated": an order on a
 * contract, with the market's leverage preference it will trade at (main's, not the ticket's).
 */
function contractSummary(t: Ticket, inst: InstrumentMeta, leveragePref: string | null | undefined): string {
  const verb = t.side === 'buy' ? 'Buy' : 'Sell'
  const p = (text: string): string => (text ? grouped(clip(text)) : '?')
  const on = needsTrigger(t) ? ` on ${t.triggerSignal}` : ''
  const parts = [`${verb} ${clip(t.qty)} ${inst.symbol} contracts`]
  if (t.type === 'market') parts.push('market')
  else if (t.type === 'limit' || t.type === 'iceberg') parts.push(`${t.type} ${p(t.price)}`)
  else if (t.type === 'trailing-stop') parts.push(`trailing-stop ${p(t.triggerPrice)} behind${on}`)
  else if (needsPrice(t)) parts.push(`${t.type} trigger ${p(t.triggerPrice)}${on}, limit ${p(t.price)}`)
  else parts.push(`${t.type} trigger ${p(t.triggerPrice)}${on}`)
  if (t.postOnly) parts.push('post-only')
  if (t.reduceOnly) parts.push('reduce-only')
  parts.push(leverageWords(leveragePref))
  return parts.join(' · ')
}

function orderSummary(t: Ticket, inst: InstrumentMeta | undefined): string {
  const base = inst?.base ?? ''
  const verb = t.side === 'buy' ? 'Buy' : 'Sell'
  // what was typed is echoed clipped: the label stays one line whatever was pasted
  t = { ...t, qty: clip(t.qty), price: clip(t.price), triggerPrice: clip(t.triggerPrice) }
  const ro = t.reduceOnly ? ' reduce-only' : ''
  if (t.chase) return `${verb} ${t.qty} ${base} chase: ${chaseWords(t)}`
  if (t.type === 'market') return `${verb} ${t.qty} ${base} at market${ro}`
  if (needsPrice(t))
    return `${verb} ${t.qty} ${base} @ ${t.price || '?'} ${t.type}${t.postOnly ? ' post-only' : ''}${ro}`
  return `${verb} ${t.qty} ${base} ${t.type} @ ${t.triggerPrice || '?'}${ro}`
}

/** "join the bid, up to 20 ticks" / "2 ticks behind the ask, up to 20 ticks": where main keeps it */
function chaseWords(t: Ticket): string {
  const ticks = (text: string): string => `${clip(text) || '?'} tick${text === '1' ? '' : 's'}`
  const touch = t.side === 'buy' ? 'the bid' : 'the ask'
  const at = /^0+$/.test(t.chaseOffsetTicks)
    ? `join ${touch}`
    : `${ticks(t.chaseOffsetTicks)} behind ${touch}`
  return `${at}, up to ${ticks(t.chaseMaxTicks)}`
}
