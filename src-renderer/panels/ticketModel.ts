import { toUnits } from '../../src-preload/contract/decimal'
import type { InstrumentMeta } from '../../src-preload/contract/types'
import type { Ticket } from '../stores/ticketStore'

const LIMIT_PRICED = new Set(['limit', 'iceberg', 'stop-loss-limit', 'take-profit-limit'])
const TRIGGERED = new Set([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
])

export function needsPrice(t: Pick<Ticket, 'type'>): boolean {
  return LIMIT_PRICED.has(t.type)
}

export function needsTrigger(t: Pick<Ticket, 'type'>): boolean {
  return TRIGGERED.has(t.type)
}

function units(text: string, precision: number): bigint | null {
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
  if (qty === null) out.push(`Quantity must be a number with at most ${inst.qtyPrecision} decimals`)
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
    if (p === null) out.push(`${label} must be a number with at most ${inst.pricePrecision} decimals`)
    else if (p <= 0n) out.push(`${label} must be above zero`)
    else if (p % tick !== 0n) out.push(`${label} ${text} is off the ${inst.tickSize} tick`)
    return p
  }
  let price: bigint | null = null
  if (needsPrice(t)) price = checkPrice('Price', t.price)
  if (needsTrigger(t))
    checkPrice(t.type === 'trailing-stop' ? 'Trail distance' : 'Trigger price', t.triggerPrice)
  if (t.type === 'iceberg') {
    const d = units(t.displayQty, inst.qtyPrecision)
    if (d === null || d <= 0n) out.push('Iceberg needs a display quantity')
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
      out.push(`Not enough ${inst.base}: selling ${t.qty} needs more than the ${available.amount} you hold`)
  }
  if (t.postOnly && !needsPrice(t)) out.push('Post-only applies to limit-priced orders only')
  return out
}

/** "Buy 0.01 BTC @ 64999.9 limit" — the button says exactly what Enter will send. */
export function ticketSummary(t: Ticket, inst: InstrumentMeta | undefined): string {
  const base = inst?.base ?? ''
  const verb = t.side === 'buy' ? 'Buy' : 'Sell'
  const ro = t.reduceOnly ? ' reduce-only' : ''
  if (t.type === 'market') return `${verb} ${t.qty} ${base} at market${ro}`
  if (needsPrice(t))
    return `${verb} ${t.qty} ${base} @ ${t.price || '?'} ${t.type}${t.postOnly ? ' post-only' : ''}${ro}`
  return `${verb} ${t.qty} ${base} ${t.type} @ ${t.triggerPrice || '?'}${ro}`
}
