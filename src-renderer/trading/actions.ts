import type { CommandRequest } from '../../src-preload/contract/contract'
import type { InstrumentMeta, OrderView } from '../../src-preload/contract/types'
import { fromUnits, toPriceUnits } from '../../src-domain/decimal'
import { getBridge } from '../bridge'
import { useMarketStore } from '../stores/marketStore'
import { useTicketStore } from '../stores/ticketStore'
import { useTradingStore } from '../stores/tradingStore'
import { useUiStore } from '../stores/uiStore'
import { inputTime, orderPlaced } from '../stores/latencySamples'
import { needsPrice, needsTrigger, sendProblems } from '../panels/ticketModel'
import type { Ticket } from '../stores/ticketStore'
import { say, sayFailure } from './say'

/**
 * Everything the trader can do, in one place. An order leaves only from what the ticket or the
 * ladder shows: hotkeys fill the ticket, Enter sends it; a ladder click sends at the price clicked
 * with the ticket's quantity. Main checks again (risk, kill switch) and answers in words.
 */
export function instrument(symbol: string): InstrumentMeta | undefined {
  return useMarketStore.getState().info?.instruments.find((i) => i.symbol === symbol)
}

/** Every command's failure, whatever it is (EBADREQ, a venue refusal, a lost link), in words. */
const fail = sayFailure

async function place(payload: CommandRequest<'orders.place'>): Promise<void> {
  // the key or click sending it (the latency HUD): read before the send, recorded after it
  const pressedAt = inputTime()
  try {
    const r = await getBridge().invoke('orders.place', payload)
    if ('clOrdId' in r && pressedAt !== null) orderPlaced(r.clOrdId, pressedAt)
    if ('confirm' in r) useUiStore.getState().set({ confirm: { text: r.confirm, payload, why: r.why ?? [] } })
    // main pins the reject as a notice of its own: said here, not logged twice
    else if (r.state === 'rejected')
      say(`Order rejected: ${r.reason ?? 'the venue gave no reason'}`, { kind: 'main-said' })
    // only when there is one to clear: a store update re-checks every subscribed component
    else if (useUiStore.getState().localError !== null) useUiStore.getState().set({ localError: null })
  } catch (e) {
    fail(e, 'Order not sent')
  }
}

/** The one check before anything leaves from the ticket (button, Enter, ladder click). */
function refused(t: Ticket): boolean {
  const problems = sendProblems(t, instrument(t.symbol), useTradingStore.getState().positions.balances)
  if (problems.length === 0) return false
  say(`Not sent: ${problems[0]!}`)
  return true
}

export async function confirmPending(yes: boolean): Promise<void> {
  const c = useUiStore.getState().confirm
  useUiStore.getState().set({ confirm: null })
  if (yes && c) await place({ ...c.payload, confirmed: true })
}

export async function sendTicket(): Promise<void> {
  const t = useTicketStore.getState()
  if (refused(t)) return
  const payload: CommandRequest<'orders.place'> = {
    symbol: t.symbol,
    side: t.side,
    type: t.type,
    qty: t.qty,
    tif: t.type === 'market' ? 'IOC' : t.tif,
    protocol: t.protocol,
  }
  if (needsPrice(t)) payload.limitPrice = t.price
  if (needsTrigger(t)) payload.triggerPrice = t.triggerPrice
  if (t.type === 'iceberg') payload.displayQty = t.displayQty
  if (t.postOnly) payload.postOnly = true
  if (t.reduceOnly) payload.reduceOnly = true
  await place(payload)
}

/** b / B / s / S: fill the ticket from the touch; Enter sends. */
export function prepare(side: 'buy' | 'sell', at: 'bid' | 'ask'): void {
  const t = useTicketStore.getState()
  const book = useMarketStore.getState().books[t.symbol]
  const level = at === 'bid' ? book?.bids[0] : book?.asks[0]
  if (!level) {
    say(`No ${at === 'bid' ? 'bid' : 'offer'} in the ${t.symbol} book yet: the ticket is unchanged`)
    return
  }
  t.set({ side, type: needsPrice(t) ? t.type : 'limit', price: level[0] })
}

/**
 * Flatten: load the ticket with the order that closes this instrument's position — the opposite
 * side, the whole net quantity, at the touch it would trade against (sell at the bid, buy at the
 * ask). It is not sent: the trader sees it and presses Enter.
 */
export function prepareFlatten(): void {
  const t = useTicketStore.getState()
  const ui = useUiStore.getState()
  const pos = useTradingStore.getState().positions.positions.find((p) => p.symbol === t.symbol)
  if (!pos || /^-?0*\.?0*$/.test(pos.net)) {
    say(`No ${t.symbol} position to flatten`)
    return
  }
  const long = !pos.net.startsWith('-')
  const book = useMarketStore.getState().books[t.symbol]
  const level = long ? book?.bids[0] : book?.asks[0]
  if (!level) {
    say(`No ${long ? 'bid' : 'offer'} in the ${t.symbol} book to flatten against`)
    return
  }
  t.set({ side: long ? 'sell' : 'buy', type: 'limit', price: level[0], qty: pos.net.replace('-', '') })
  ui.set({ localError: null })
}

/** One-click trading from the ladder: the price clicked, the ticket's quantity — same checks as Enter. */
export async function placeAt(side: 'buy' | 'sell', price: string): Promise<void> {
  const t = useTicketStore.getState()
  t.set({ side, price, type: 'limit' })
  // checked as what is sent: a plain GTC limit (post-only and reduce-only are not sent from here)
  if (refused({ ...useTicketStore.getState(), tif: 'GTC', postOnly: false, reduceOnly: false })) return
  await place({
    symbol: t.symbol,
    side,
    type: 'limit',
    qty: t.qty,
    limitPrice: price,
    tif: 'GTC',
    protocol: t.protocol,
  })
}

export async function cancel(clOrdId: string): Promise<void> {
  try {
    await getBridge().invoke('orders.cancel', { clOrdId })
  } catch (e) {
    fail(e, 'Cancel refused')
  }
}

function lastWorking(symbol: string): OrderView | undefined {
  return useTradingStore
    .getState()
    .orders.working.filter(
      (o) => o.symbol === symbol && (o.state === 'open' || o.state === 'partially-filled'),
    )
    .sort((a, b) => b.createdAt - a.createdAt)[0]
}

export async function cancelLast(symbol: string): Promise<void> {
  const o = lastWorking(symbol)
  if (!o) {
    say(`No working ${symbol} order to cancel`)
    return
  }
  await cancel(o.clOrdId)
}

export async function cancelSymbol(symbol: string): Promise<void> {
  try {
    const r = await getBridge().invoke('orders.cancelAll', { symbol })
    if (r.count === 0) say(`No working ${symbol} orders to cancel`)
  } catch (e) {
    fail(e, 'Cancel refused')
  }
}

export async function amendLast(symbol: string, ticks: number): Promise<void> {
  const o = lastWorking(symbol)
  const inst = instrument(symbol)
  if (!o) {
    say(`No working ${symbol} order to amend`)
    return
  }
  if (!o.limitPrice || !inst) {
    say(`The last ${symbol} order has no limit price to move`)
    return
  }
  const units =
    toPriceUnits(o.limitPrice, inst.pricePrecision) + ticks * toPriceUnits(inst.tickSize, inst.pricePrecision)
  try {
    await getBridge().invoke('orders.amend', {
      clOrdId: o.clOrdId,
      limitPrice: fromUnits(String(units), inst.pricePrecision),
    })
  } catch (e) {
    fail(e, 'Amend refused')
  }
}

/** Drag-to-amend: move an order to the price it was dropped on. */
export async function amendTo(clOrdId: string, limitPrice: string): Promise<void> {
  try {
    await getBridge().invoke('orders.amend', { clOrdId, limitPrice })
  } catch (e) {
    fail(e, 'Amend refused')
  }
}

export async function killSwitch(engaged: boolean): Promise<void> {
  try {
    await getBridge().invoke('risk.killSwitch', { engaged })
  } catch (e) {
    fail(e, engaged ? 'Kill switch failed' : 'Re-arm refused')
  }
}
