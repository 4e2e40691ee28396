import { fromUnits, toPriceUnits, toUnits, trimZeros } from '../../src-domain/decimal'
import type { BracketsView, ExitTemplateView, ProtectionPlace } from '../../src-preload/contract/brackets'
import type { CommandRequest } from '../../src-preload/contract/contract'
import type { OrderView } from '../../src-preload/contract/types'

/**
 * Brackets as the windows show them (issue 18): what a template will protect and where, the legs
 * on the ladder, the legs under their entry in the blotter. Pure: no store, no DOM.
 */

function offsetText(o: { ticks: number } | { price: string }): string {
  return 'ticks' in o ? `${o.ticks} ticks` : `${o.price}`
}

/**
 * Where each protection of a template will live, before any fill: the legs rest at Kraken (they
 * work with Trident closed); linking them, breakeven and trailing need Trident running.
 */
export function templateProtections(t: ExitTemplateView): { what: string; where: ProtectionPlace }[] {
  const many = t.targets.length > 1
  const out: { what: string; where: ProtectionPlace }[] = t.targets.map((x, i) => ({
    what: `${many ? `target ${i + 1}` : 'target'}: limit ${offsetText(x.offset)} away, ${x.percent}%`,
    where: 'at Kraken',
  }))
  out.push({ what: `stop: ${t.stop.type} ${offsetText(t.stop.offset)} away`, where: 'at Kraken' })
  out.push({
    what: 'one cancels the other (a leg that fills cancels or shrinks the others)',
    where: 'in Trident',
  })
  if (t.breakevenAfterTicks !== undefined)
    out.push({ what: `breakeven after ${t.breakevenAfterTicks} ticks`, where: 'in Trident' })
  if (t.trailTicks !== undefined)
    out.push({ what: `trailing stop ${t.trailTicks} ticks`, where: 'in Trident' })
  return out
}

/** The template after `current` in the ticket's cycle: none, then each saved one in turn, then none. */
export function nextTemplateId(templates: readonly { id: string }[], current: string): string {
  if (templates.length === 0) return ''
  const i = templates.findIndex((t) => t.id === current)
  return i === templates.length - 1 ? '' : templates[i + 1]!.id
}

export interface TemplateForm {
  name: string
  /** "10:50 20:50": target offsets in ticks, each with its share of the fill in percent */
  targets: string
  stopTicks: string
  stopType: 'stop-loss' | 'stop-loss-limit'
  breakevenTicks: string
  trailTicks: string
}

const WHOLE = /^\d{1,6}$/

/** The form as brackets.templates.save wants it, or what is wrong with it in words. */
export function templateFromForm(
  f: TemplateForm,
  id?: string,
): { template: CommandRequest<'brackets.templates.save'> } | { problems: string[] } {
  const problems: string[] = []
  if (f.name.trim() === '') problems.push('Give the exit template a name')
  const parts = f.targets
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
  const targets: { offset: { ticks: number }; percent: number }[] = []
  for (const p of parts) {
    const m = /^(\d{1,6}):(\d{1,3})$/.exec(p)
    if (!m) problems.push(`Target "${p.slice(0, 20)}" must be ticks:percent, like 10:50`)
    else targets.push({ offset: { ticks: Number(m[1]) }, percent: Number(m[2]) })
  }
  if (parts.length === 0) problems.push('Give at least one target, like 10:100')
  else if (targets.length === parts.length && targets.reduce((s, t) => s + t.percent, 0) !== 100)
    problems.push('The targets\u2019 percents must add up to 100')
  if (!WHOLE.test(f.stopTicks)) problems.push('Stop offset must be a whole number of ticks')
  const optional = (label: string, text: string): number | undefined => {
    if (text.trim() === '') return undefined
    if (!WHOLE.test(text.trim())) problems.push(`${label} must be a whole number of ticks, or empty`)
    return Number(text.trim())
  }
  const breakeven = optional('Breakeven', f.breakevenTicks)
  const trail = optional('Trail', f.trailTicks)
  if (problems.length > 0) return { problems }
  const template: CommandRequest<'brackets.templates.save'> = {
    name: f.name.trim(),
    targets,
    stop: { offset: { ticks: Number(f.stopTicks) }, type: f.stopType },
  }
  if (id) template.id = id
  if (breakeven !== undefined) template.breakevenAfterTicks = breakeven
  if (trail !== undefined) template.trailTicks = trail
  return { template }
}

/** One bracket leg resting on the ladder: where it works now (an amend moves it) and what it is. */
export interface LegMark {
  role: 'target' | 'stop'
  side: 'buy' | 'sell'
  clOrdId: string
  type: string
  /** display only (the blotter has the exact remaining quantity) */
  qty: number
  /** the stop-loss-limit's limit, when it has one */
  limitPrice?: string
  /** a target Trident holds (not at Kraken: the balance is held by the stop), sent when the market reaches it */
  held?: boolean
}

/** price units -> legs working there */
export type LegMarks = Map<number, LegMark[]>

/**
 * The working legs of `symbol`'s brackets by the price they sit at: a target at its limit, a stop
 * at its trigger. Prices are the working order's (an amend moves them before the bracket view
 * says so); a leg not in the working list is not working, and not drawn.
 */
export function legMarks(
  view: BracketsView | null,
  working: readonly OrderView[],
  symbol: string,
  pp: number | undefined,
): LegMarks {
  const out: LegMarks = new Map()
  if (!view || pp === undefined) return out
  const byId = new Map(working.map((o) => [o.clOrdId, o]))
  for (const e of view.entries) {
    if (e.symbol !== symbol) continue
    for (const b of e.brackets)
      for (const l of b.legs) {
        if (l.state === 'held in Trident' && l.price && b.phase === 'working') {
          // no order at Kraken to read a price from: the bracket's own price, not draggable
          const u = unitsOf(l.price, pp)
          const q = Number(l.qty) - Number(l.filledQty)
          const mark: LegMark = { role: l.role, side: l.side, clOrdId: '', type: l.type, qty: q, held: true }
          if (u !== null) out.set(u, [...(out.get(u) ?? []), mark])
          continue
        }
        const o = l.clOrdId ? byId.get(l.clOrdId) : undefined
        if (!o) continue
        const at = l.role === 'stop' ? (o.triggerPrice ?? l.trigger) : (o.limitPrice ?? l.price)
        if (!at) continue
        let u: number
        try {
          u = toPriceUnits(at, pp)
        } catch {
          continue
        }
        const mark: LegMark = {
          role: l.role,
          side: o.side,
          clOrdId: o.clOrdId,
          type: o.type,
          qty: Number(o.qty) - Number(o.filledQty),
        }
        if (l.role === 'stop' && o.limitPrice) mark.limitPrice = o.limitPrice
        out.set(u, [...(out.get(u) ?? []), mark])
      }
  }
  return out
}

function unitsOf(text: string, pp: number): number | null {
  try {
    return toPriceUnits(text, pp)
  } catch {
    return null
  }
}

/**
 * The latest working bracket of `symbol` and where each of its protections lives, in main's
 * words (a target may be held in Trident when the balance cannot hold it beside the stop).
 */
export function latestProtections(
  view: BracketsView | null,
  symbol: string,
): { what: string; where: ProtectionPlace }[] {
  const entries = (view?.entries ?? []).filter((e) => e.symbol === symbol)
  for (let i = entries.length - 1; i >= 0; i--) {
    const working = entries[i]!.brackets.filter((b) => b.phase === 'working')
    if (working.length) return working[working.length - 1]!.protections
  }
  return []
}

/** What a ladder row's Mine cell says for the legs on one side: "T 0.01", "S 0.01", "T S". */
export function legText(legs: readonly LegMark[] | undefined, side: 'buy' | 'sell', qp: number): string {
  const mine = (legs ?? []).filter((l) => l.side === side)
  if (mine.length === 0) return ''
  const roles = [...new Set(mine.map((l) => (l.role === 'target' ? 'T' : 'S')))]
  if (roles.length > 1) return roles.join(' ')
  const q = mine.reduce((s, l) => s + l.qty, 0)
  return `${roles[0]!} ${trimZeros(q.toFixed(qp))}`
}

/** The leg kind a row's Mine cell is painted as: its colour. */
export function legKind(
  legs: readonly LegMark[] | undefined,
  side: 'buy' | 'sell',
): '' | 'target' | 'stop' | 'held' {
  const mine = (legs ?? []).filter((l) => l.side === side)
  if (mine.length === 0) return ''
  if (mine.some((l) => l.role === 'stop')) return 'stop'
  return mine.every((l) => l.held) ? 'held' : 'target'
}

/**
 * The amend that moves a leg from one price to another. A stop moves its trigger (a
 * stop-loss-limit's limit moves with it by the same distance, exactly); a target moves its limit.
 */
export function legAmend(
  leg: LegMark,
  fromText: string,
  toText: string,
  pp: number,
): CommandRequest<'orders.amend'> {
  if (leg.role === 'target') return { clOrdId: leg.clOrdId, limitPrice: toText }
  const req: CommandRequest<'orders.amend'> = { clOrdId: leg.clOrdId, triggerPrice: toText }
  if (!leg.limitPrice) return req
  const units = toPriceUnits(leg.limitPrice, pp) + toPriceUnits(toText, pp) - toPriceUnits(fromText, pp)
  return units > 0 ? { ...req, limitPrice: fromUnits(String(units), pp) } : req
}

/** What the blotter says about an order that belongs to a bracket. */
export interface BlotterRole {
  /** the entry's client order id */
  entry: string
  /** "entry · Scalp", "target 1", "stop", "chase · chasing · 3 moves" */
  label: string
  leg: boolean
}

/** client order id -> its part in a bracket (entries and their legs). */
export function blotterRoles(view: BracketsView | null): Map<string, BlotterRole> {
  const out = new Map<string, BlotterRole>()
  if (!view) return out
  for (const e of view.entries) {
    out.set(e.entryClOrdId, { entry: e.entryClOrdId, label: `entry · ${e.template}`, leg: false })
    for (const b of e.brackets) {
      const targets = b.legs.filter((l) => l.role === 'target').length
      for (const l of b.legs) {
        if (!l.clOrdId) continue
        const label = l.role === 'stop' ? 'stop' : targets > 1 ? `target ${l.n}` : 'target'
        out.set(l.clOrdId, { entry: e.entryClOrdId, label, leg: true })
      }
    }
  }
  // a chase order is one order main moves: its own row says whether it still follows the touch
  for (const c of view.chases) {
    const moves = `${c.moves} move${c.moves === 1 ? '' : 's'}`
    out.set(c.clOrdId, { entry: c.clOrdId, label: `chase · ${c.state} · ${moves}`, leg: false })
  }
  return out
}

/**
 * Legs right under their entry, in the order given otherwise: a leg whose entry is not in the list
 * stays where it was. Orders outside brackets keep their place.
 */
export function groupUnderEntries<T extends { clOrdId: string }>(
  rows: readonly T[],
  roles: ReadonlyMap<string, BlotterRole>,
): T[] {
  if (roles.size === 0) return [...rows]
  const present = new Set(rows.map((r) => r.clOrdId))
  const legsOf = new Map<string, T[]>()
  for (const r of rows) {
    const role = roles.get(r.clOrdId)
    if (role?.leg && present.has(role.entry)) legsOf.set(role.entry, [...(legsOf.get(role.entry) ?? []), r])
  }
  const out: T[] = []
  for (const r of rows) {
    const role = roles.get(r.clOrdId)
    if (role?.leg && present.has(role.entry)) continue
    out.push(r)
    for (const l of legsOf.get(r.clOrdId) ?? []) out.push(l)
  }
  return out
}

/** The order that turns a position round: twice the net, the other side ("-0.02" -> buy 0.04). */
export function reverseOf(net: string, qp: number): { side: 'buy' | 'sell'; qty: string } | null {
  const long = !net.startsWith('-')
  const units = BigInt(toUnits(net.replace('-', ''), qp))
  if (units === 0n) return null
  return { side: long ? 'sell' : 'buy', qty: trimZeros(fromUnits(String(units * 2n), qp)) }
}

/**
 * Flatten everything: one market order per open position, the other side and the whole net, in
 * the words the confirm dialog lists them. Nothing is sent until the trader confirms the list.
 */
export function flattenAllOrders(
  positions: readonly { symbol: string; net: string }[],
  contracts: readonly { symbol: string; size: string }[] = [],
): { order: CommandRequest<'orders.place'>; text: string }[] {
  const out: { order: CommandRequest<'orders.place'>; text: string }[] = []
  const contractSymbols = new Set(contracts.map((c) => c.symbol))
  for (const p of positions) {
    // a contract main also lists among spot positions is closed once, as a contract (below)
    if (contractSymbols.has(p.symbol)) continue
    if (/^-?0*\.?0*$/.test(p.net)) continue
    const side = p.net.startsWith('-') ? 'buy' : 'sell'
    const qty = p.net.replace('-', '')
    out.push({
      order: { symbol: p.symbol, side, type: 'market', qty, tif: 'IOC', protocol: 'auto', confirmed: true },
      text: `${side === 'buy' ? 'Buy' : 'Sell'} ${qty} ${p.symbol} at market`,
    })
  }
  // a contract closes reduce-only: it can never open the other way if the position moved meanwhile
  for (const c of contracts) {
    const size = c.size.trim()
    if (/^-?0*\.?0*$/.test(size)) continue
    const side = size.startsWith('-') ? 'buy' : 'sell'
    const qty = size.replace('-', '')
    out.push({
      order: {
        symbol: c.symbol,
        side,
        type: 'market',
        qty,
        tif: 'IOC',
        reduceOnly: true,
        protocol: 'auto',
        confirmed: true,
      },
      text: `${side === 'buy' ? 'Buy' : 'Sell'} ${qty} ${c.symbol} contracts at market, reduce-only`,
    })
  }
  return out
}
