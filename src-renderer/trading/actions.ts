import type { CommandRequest } from '../../src-preload/contract/contract'
import type { InstrumentMeta, OrderView, PlaceResult } from '../../src-preload/contract/types'
import { fromUnits, toPriceUnits } from '../../src-domain/decimal'
import { getBridge } from '../bridge'
import { useMarketStore } from '../stores/marketStore'
import { useTicketStore } from '../stores/ticketStore'
import { useTradingStore } from '../stores/tradingStore'
import { useUiStore } from '../stores/uiStore'
import { inputTime, orderPlaced } from '../stores/latencySamples'
import { marginLeverage, needsPrice, needsTrigger, sendProblems } from '../panels/ticketModel'
import { closingOrder, isDerivatives, leverageChoice, positionOf } from '../panels/derivativesModel'
import { useDerivativesStore } from '../stores/derivativesStore'
import { useBracketsStore, useFlattenAllStore } from '../stores/bracketsStore'
import { flattenAllOrders, legAmend, nextTemplateId, reverseOf, type LegMark } from '../panels/bracketModel'
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

/**
 * How the order main asked the trader to confirm is sent again, confirmed: by the command that
 * first sent it (brackets.place for an entry with exits, brackets.chase for a chase), never as a
 * plain order — the confirm dialog's payload is orders.place's, and only describes it.
 */
let resendConfirmed: (() => Promise<void>) | null = null

/**
 * Send an order by `send` and say what came of it. Main may answer "confirm first": the dialog
 * shows `shown`, and its yes calls `send` again with confirmed set.
 */
async function submit(
  shown: CommandRequest<'orders.place'>,
  send: (confirmed: boolean) => Promise<PlaceResult>,
  confirmed = false,
): Promise<void> {
  // the key or click sending it (the latency HUD): read before the send, recorded after it
  const pressedAt = inputTime()
  try {
    const r = await send(confirmed)
    if ('clOrdId' in r && pressedAt !== null) orderPlaced(r.clOrdId, pressedAt)
    if ('confirm' in r) {
      resendConfirmed = () => submit(shown, send, true)
      useUiStore.getState().set({ confirm: { text: r.confirm, payload: shown, why: r.why ?? [] } })
    }
    // main pins the reject as a notice of its own: said here, not logged twice
    else if (r.state === 'rejected')
      say(`Order rejected: ${r.reason ?? 'the venue gave no reason'}`, { kind: 'main-said' })
    // only when there is one to clear: a store update re-checks every subscribed component
    else if (useUiStore.getState().localError !== null) useUiStore.getState().set({ localError: null })
  } catch (e) {
    fail(e, 'Order not sent')
  }
}

/** An order, or with an exit template an entry whose every fill gets a bracket. */
function place(payload: CommandRequest<'orders.place'>, exitTemplate = ''): Promise<void> {
  return submit(payload, (confirmed) => {
    const p = confirmed ? { ...payload, confirmed: true } : payload
    return exitTemplate
      ? getBridge().invoke('brackets.place', bracketPayload(p, exitTemplate))
      : getBridge().invoke('orders.place', p)
  })
}

/** A chase order: main prices it at the touch and moves it there until it fills. */
function chase(payload: CommandRequest<'brackets.chase'>): Promise<void> {
  // what the confirm dialog describes: the GTC limit main sends (it has no price until then)
  const shown: CommandRequest<'orders.place'> = {
    symbol: payload.symbol,
    side: payload.side,
    type: 'limit',
    qty: payload.qty,
    tif: 'GTC',
    protocol: payload.protocol,
  }
  return submit(shown, (confirmed) =>
    getBridge().invoke('brackets.chase', confirmed ? { ...payload, confirmed: true } : payload),
  )
}

/** An entry with an exit template: orders.place's fields that brackets.place carries. */
function bracketPayload(
  p: CommandRequest<'orders.place'>,
  templateId: string,
): CommandRequest<'brackets.place'> {
  const out: CommandRequest<'brackets.place'> = {
    templateId,
    symbol: p.symbol,
    side: p.side,
    type: p.type,
    qty: p.qty,
    tif: p.tif,
    protocol: p.protocol,
    confirmed: p.confirmed,
  }
  if (p.limitPrice !== undefined) out.limitPrice = p.limitPrice
  if (p.triggerPrice !== undefined) out.triggerPrice = p.triggerPrice
  if (p.expireAt !== undefined) out.expireAt = p.expireAt
  if (p.postOnly) out.postOnly = true
  return out
}

/** The one check before anything leaves from the ticket (button, Enter, ladder click). */
function refused(t: Ticket): boolean {
  const problems = sendProblems(
    t,
    instrument(t.symbol),
    useTradingStore.getState().positions.balances,
    useBracketsStore.getState().view?.templates,
    useDerivativesStore.getState().view,
  )
  if (problems.length === 0) return false
  say(`Not sent: ${problems[0]!}`)
  return true
}

export async function confirmPending(yes: boolean): Promise<void> {
  const c = useUiStore.getState().confirm
  const again = resendConfirmed
  resendConfirmed = null
  useUiStore.getState().set({ confirm: null })
  if (yes && c && again) await again()
}

/** A question is on screen (confirm an order, re-arm, flatten everything): only its answer acts. */
export function questionOnScreen(): boolean {
  const ui = useUiStore.getState()
  return ui.confirm !== null || ui.rearm || useFlattenAllStore.getState().pending !== null
}

export async function sendTicket(): Promise<void> {
  // a question on screen is answered, never sent past: a ticket field can hold the focus under a
  // dialog (Tab), and its Enter would send the order again under a duplicate-order question
  if (questionOnScreen()) return
  const t = useTicketStore.getState()
  if (refused(t)) return
  if (t.chase) {
    // the check above took both as whole numbers in range
    await chase({
      symbol: t.symbol,
      side: t.side,
      qty: t.qty,
      offsetTicks: Number(t.chaseOffsetTicks),
      maxChaseTicks: Number(t.chaseMaxTicks),
      protocol: t.protocol,
    })
    return
  }
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
  const inst = instrument(t.symbol)
  // a contract's trigger watches the signal chosen; its leverage is the market's preference, set apart
  if (isDerivatives(inst) && needsTrigger(t)) payload.triggerSignal = t.triggerSignal
  const leverage = marginLeverage(t, inst)
  if (leverage) payload.leverage = leverage as '2' | '3' | '4' | '5'
  await place(payload, t.exitTemplate)
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
  if (isDerivatives(instrument(t.symbol) ?? { symbol: t.symbol })) {
    prepareClose(t.symbol)
    return
  }
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
  // a priced limit at the touch it trades against: a chase would rest on the other side instead
  t.set({
    side: long ? 'sell' : 'buy',
    type: 'limit',
    price: level[0],
    qty: pos.net.replace('-', ''),
    chase: false,
  })
  ui.set({ localError: null })
}

/**
 * Close a derivatives position: load the ticket with a reduce-only market order for exactly the
 * position's size on the closing side (reduce-only: it can never open the other way if the
 * position changed meanwhile). Not sent: Enter sends it, as for spot.
 */
function prepareClose(symbol: string): void {
  const view = useDerivativesStore.getState().view
  if (!view) {
    say(`The ${symbol} position is not known yet (waiting for the derivatives account): nothing loaded`)
    return
  }
  const pos = positionOf(view, symbol)
  const close = pos ? closingOrder(pos) : null
  if (!close) {
    say(`No ${symbol} position to close`)
    return
  }
  // exits and chase are not offered on contracts: a close carries neither
  useTicketStore.getState().set({
    side: close.side,
    type: 'market',
    qty: close.qty,
    reduceOnly: true,
    postOnly: false,
    chase: false,
    exitTemplate: '',
  })
  useUiStore.getState().set({ localError: null })
}

/**
 * A market's leverage preference from what the trader typed (Cross, or a number up to the
 * contract's maximum). Returns what went wrong in words (Kraken's refusal included), or null.
 */
export async function setContractLeverage(symbol: string, text: string): Promise<string | null> {
  const choice = leverageChoice(text, instrument(symbol))
  if ('problem' in choice) return choice.problem
  try {
    const view = await getBridge().invoke('derivatives.setLeverage', {
      symbol,
      maxLeverage: choice.maxLeverage,
    })
    useDerivativesStore.setState({ view })
    return null
  } catch (e) {
    // said in the window and kept in the notices log, as every failed command is; the ticket
    // shows the same words beside the field
    fail(e, 'Leverage not changed')
    const message = (e as { message?: unknown } | null)?.message
    return `Leverage not changed: ${typeof message === 'string' && message !== '' ? message : String(e)}`
  }
}

/**
 * Reverse: load the ticket with the order that turns this instrument's position round (the other
 * side, twice the net) at the touch it would trade against. Not sent: Enter sends it.
 */
export function prepareReverse(): void {
  const t = useTicketStore.getState()
  const inst = instrument(t.symbol)
  // a contract's position is in the derivatives view (signed size in contracts), spot's in positions
  const net = isDerivatives(inst ?? { symbol: t.symbol })
    ? positionOf(useDerivativesStore.getState().view, t.symbol)?.size
    : useTradingStore.getState().positions.positions.find((p) => p.symbol === t.symbol)?.net
  const rev = net !== undefined && inst ? reverseOf(net, inst.qtyPrecision) : null
  if (!rev) {
    say(`No ${t.symbol} position to reverse`)
    return
  }
  const book = useMarketStore.getState().books[t.symbol]
  const level = rev.side === 'sell' ? book?.bids[0] : book?.asks[0]
  if (!level) {
    say(`No ${rev.side === 'sell' ? 'bid' : 'offer'} in the ${t.symbol} book to reverse against`)
    return
  }
  // a reversal opens a new position: reduce-only would refuse it; priced at the touch, not a chase
  t.set({ side: rev.side, type: 'limit', price: level[0], qty: rev.qty, reduceOnly: false, chase: false })
  useUiStore.getState().set({ localError: null })
}

/** Flatten everything: list the orders in the confirm dialog; nothing leaves before the trader's yes. */
export function prepareFlattenAll(): void {
  const orders = flattenAllOrders(
    useTradingStore.getState().positions.positions,
    useDerivativesStore.getState().view?.positions ?? [],
  )
  if (orders.length === 0) {
    say('No open position to flatten')
    return
  }
  useFlattenAllStore.setState({ pending: orders })
}

export async function confirmFlattenAll(yes: boolean): Promise<void> {
  const pending = useFlattenAllStore.getState().pending
  useFlattenAllStore.setState({ pending: null })
  if (!yes || !pending) return
  for (const p of pending) await place(p.order)
}

/** The exit-template hotkey: none, each saved template in turn, none. Only the ticket changes. */
export function cycleExitTemplate(): void {
  const t = useTicketStore.getState()
  const templates = useBracketsStore.getState().view?.templates ?? []
  if (templates.length === 0) {
    say('No exit template saved yet: save one in the ticket (Exits ▸ Edit)')
    return
  }
  t.set({ exitTemplate: nextTemplateId(templates, t.exitTemplate ?? '') })
}

/** Drag a bracket leg on the ladder: a target moves its limit, a stop its trigger. */
export async function amendLeg(leg: LegMark, fromText: string, toText: string, pp: number): Promise<void> {
  try {
    await getBridge().invoke('orders.amend', legAmend(leg, fromText, toText, pp))
  } catch (e) {
    fail(e, 'Amend refused')
  }
}

/** One-click trading from the ladder: the price clicked, the ticket's quantity — same checks as Enter. */
export async function placeAt(side: 'buy' | 'sell', price: string): Promise<void> {
  const t = useTicketStore.getState()
  t.set({ side, price, type: 'limit' })
  // checked as what is sent: a plain GTC cash limit (post-only, reduce-only, chase and spot margin
  // leverage are not sent from here; a contract trades at its market's leverage preference)
  const plain = { tif: 'GTC', postOnly: false, reduceOnly: false, chase: false, leverage: '' } as const
  if (refused({ ...useTicketStore.getState(), ...plain })) return
  // with an exit template chosen the click sends an entry with exits, as the ladder header says
  await place(
    {
      symbol: t.symbol,
      side,
      type: 'limit',
      qty: t.qty,
      limitPrice: price,
      tif: 'GTC',
      protocol: t.protocol,
    },
    t.exitTemplate,
  )
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
