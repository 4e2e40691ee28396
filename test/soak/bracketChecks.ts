import type { Bracket, BracketEntry } from '../../src-main/core/brackets/bracketState'
import type { TrackedOrder } from '../../src-main/core/orders/OrderTracker'
import type { SimOrder } from '../../src-main/sim/engine/types'
import { appTradeId, type VenueLedger } from './venueLedger'

/**
 * The bracket soak's verdict, computed from the exchange's own records (the ledger) against what
 * Trident journaled (entries and brackets with their legs' client order ids) and tracks. Money
 * stays in the exchange's integer units (bigint quantities): nothing here goes through floats
 * but the durations.
 */
export interface BracketVerdict {
  entries: number
  entryFills: number
  brackets: number
  legsPlaced: number
  legsFilled: number
  legsCancelled: number
  /** legs cancelled at the exchange because another leg of their bracket filled */
  ocoCancels: number
  /** amends that lowered a leg's quantity (a sibling part-filled) */
  shrinks: number
  /** amends that moved a stop's trigger (breakeven and trailing) */
  stopMoves: number
  /**
   * brackets whose legs filled more than the bracket holds (the position went past flat), the
   * extra fill within the bound of the first leg fill: a race no client-side OCO can win
   */
  overFilled: string[]
  /** the same, the extra fill later than the bound: the OCO failed */
  overFilledLate: string[]
  /**
   * one cancels the other, measured: after a leg fills (or part-fills), how long the other side
   * still offered more than the position left (the stop more than the targets left, or the
   * reverse), ms, one per such window
   */
  ocoWindowsMs: number[]
  /** windows longer than the bound: the OCO did not act within one reconnect */
  ocoLate: string[]
  /** ms from each protected entry fill (exchange time) to its bracket's last leg resting there */
  protectMs: number[]
  /** fills whose protection took longer than the bound, or never came */
  unprotected: string[]
  /** fills Trident refused to protect and said so (a template that cannot work for that fill) */
  refusedInWords: number
  /** fills whose bracket is under the venue minimum (the entry ended on a sliver): the exchange refuses such legs, said in words */
  belowMinimum: number
  /** fills under the venue minimum still waiting for their entry's next fill (by design) */
  waitingUnderMinimum: number
  /** journaled legs with no order at the exchange though Trident thinks one is there, and the reverse */
  lost: string[]
  /** client order ids the exchange holds more than once */
  doubled: string[]
  /** the journal's bracket phase against the exchange (done with a leg working, or working with none) */
  journalDisagrees: string[]
  /** Trident's order state against the exchange's, for every entry and leg */
  wrongState: string[]
}

const STATE_OF: Record<SimOrder['status'], TrackedOrder['state'] | 'pending-new'> = {
  pending: 'pending-new',
  open: 'open',
  closed: 'filled',
  canceled: 'cancelled',
  expired: 'expired',
}

export function checkBrackets(a: {
  ledger: VenueLedger
  entries: BracketEntry[]
  brackets: Bracket[]
  tracked: (clOrdId: string) => TrackedOrder | undefined
  /** the longest a fill may wait for its legs (the longest reconnect plus a margin) */
  boundMs: number
  /** exchange time the run's records end (a window still open is counted up to here) */
  endAt: number
  /** the venue minimum in quantity units (fills under it wait for the entry's next one) */
  orderminUnits: bigint
  /** quantity units per 1 (10^qtyPrecision) */
  qtyScale: bigint
}): BracketVerdict {
  const { ledger } = a
  const v: BracketVerdict = {
    entries: a.entries.length,
    entryFills: 0,
    brackets: a.brackets.length,
    legsPlaced: 0,
    legsFilled: 0,
    legsCancelled: 0,
    ocoCancels: 0,
    shrinks: 0,
    stopMoves: 0,
    overFilled: [],
    overFilledLate: [],
    ocoWindowsMs: [],
    ocoLate: [],
    protectMs: [],
    unprotected: [],
    refusedInWords: 0,
    belowMinimum: 0,
    waitingUnderMinimum: 0,
    lost: [],
    doubled: [],
    journalDisagrees: [],
    wrongState: [],
  }
  const units = (text: string) => {
    const [i, f = ''] = text.split('.')
    return BigInt(i!) * a.qtyScale + BigInt(f.padEnd(String(a.qtyScale).length - 1, '0') || '0')
  }
  const legIds = new Set<string>()
  const stopIds = new Set<string>()
  const bracketOfTrade = new Map<string, Bracket>()
  for (const b of a.brackets) {
    for (const t of b.tradeIds) bracketOfTrade.set(`${b.entryClOrdId}|${t}`, b)
    for (const l of [b.stop, ...b.targets]) if (l.clOrdId) legIds.add(l.clOrdId)
    if (b.stop.clOrdId) stopIds.add(b.stop.clOrdId)
  }

  // ------------------------------------------------ each bracket: over-fill, when it was protected
  const protectedAt = new Map<Bracket, number>()
  for (const b of a.brackets) {
    const legs = [b.stop, ...b.targets].map((l) => ({ l, o: ledger.order(l.clOrdId) }))
    let legFilled = 0n
    const legFills = legs.flatMap(({ o }) => (o ? ledger.fillsOf(o.id) : []))
    for (const f of legFills) legFilled += f.qty
    if (legFilled > units(b.qty)) {
      const t0 = Math.min(...legFills.map((f) => f.time))
      const when = legs
        .flatMap(({ l, o }) =>
          o
            ? ledger.fillsOf(o.id).map((f) => `${l.role}${l.n} ${f.qty} at ${f.price} +${f.time - t0} ms`)
            : [],
        )
        .join(', ')
      // a race the market won (it crossed the bracket faster than a fill report and a cancel
      // travel), or an OCO that failed (the extra fill came later than the bound)
      let acc = 0n
      const past = [...legFills].sort((x, y) => x.time - y.time).find((f) => (acc += f.qty) > units(b.qty))!
      const late = past.time - t0 > a.boundMs
      ;(late ? v.overFilledLate : v.overFilled).push(
        `${b.id}: ${b.qty} ${b.symbol} protected, its legs filled ${legFilled} units (${legs.map(({ l, o }) => `${l.role}${l.n} ${l.clOrdId ?? '-'} ${o ? `${o.status} ${o.filled}` : 'not at the exchange'}`).join(', ')}; fills: ${when})`,
      )
    }
    for (const w of exposureWindows(legs, ledger, units(b.qty), a.endAt)) {
      v.ocoWindowsMs.push(w.ms)
      if (!(w.ms <= a.boundMs))
        v.ocoLate.push(
          `${b.id}: the ${w.side} offered more than the position left for ${w.ms} ms from a leg's fill (${legs.map(({ l, o }) => `${l.role}${l.n} ${o ? `${o.status} ${o.filled} of ${o.qty}` : 'not at the exchange'}`).join(', ')})`,
        )
    }
    for (const { o } of legs) {
      if (!o) continue
      v.legsPlaced++
      if (o.filled > 0n) v.legsFilled++
      if (o.status === 'canceled') {
        v.legsCancelled++
        if (legs.some((x) => x.o && x.o !== o && x.o.filled > 0n)) v.ocoCancels++
      }
    }
    // protected once every leg rests at the exchange, or once the legs that are there closed it out
    let at = legs.every(({ o }) => o) ? Math.max(...legs.map(({ o }) => o!.openedAt)) : Infinity
    let acc = 0n
    for (const f of legFills.sort((x, y) => x.time - y.time)) {
      acc += f.qty
      if (acc >= units(b.qty)) {
        at = Math.min(at, f.time)
        break
      }
    }
    protectedAt.set(b, at)
  }

  // ------------------------------------------------ each entry fill: its bracket, how long it waited
  for (const e of a.entries) {
    const entry = ledger.order(e.entryClOrdId)
    if (!entry) continue
    let waiting = 0n
    for (const f of ledger.fillsOf(entry.id)) {
      v.entryFills++
      const t = appTradeId(f)
      const b = bracketOfTrade.get(`${e.entryClOrdId}|${t}`)
      if (!b) {
        if (e.covered.includes(t)) v.refusedInWords++
        else waiting += f.qty
        continue
      }
      if (units(b.qty) < a.orderminUnits) {
        v.belowMinimum++
        continue
      }
      const ms = protectedAt.get(b)! - f.time
      v.protectMs.push(ms)
      if (!(ms <= a.boundMs))
        v.unprotected.push(
          `${t} (${f.qty} units at ${f.price}, entry ${e.entryClOrdId}): ${Number.isFinite(ms) ? `${ms} ms` : 'never'} to bracket ${b.id}'s legs (${[
            b.stop,
            ...b.targets,
          ]
            .map((l) => {
              const o = l.clOrdId ? a.tracked(l.clOrdId) : undefined
              return `${l.role}${l.n} ${o ? `${o.state}${o.reason ? `: ${o.reason}` : ''}` : l.clOrdId ? 'untracked' : 'no order'}`
            })
            .join('; ')})`,
        )
    }
    if (waiting > 0n) {
      if (entry.status === 'open' && waiting < a.orderminUnits) v.waitingUnderMinimum++
      else
        v.unprotected.push(
          `entry ${e.entryClOrdId}: ${waiting} units filled with no bracket (${entry.status})`,
        )
    }
  }

  // ------------------------------------------------ amends: shrinks and stop moves
  for (const m of ledger.amends) {
    if (!legIds.has(m.clOrdId)) continue
    if (m.qty[1] < m.qty[0]) v.shrinks++
    if (stopIds.has(m.clOrdId) && m.trigger[0] !== m.trigger[1]) v.stopMoves++
  }

  // ------------------------------------------------ nothing lost, nothing doubled, states agree
  const ours = new Set([...a.entries.map((e) => e.entryClOrdId), ...legIds])
  for (const [cl, list] of ledger.byClOrdId) {
    if (list.length > 1) v.doubled.push(cl)
    if (!ours.has(cl))
      v.lost.push(`${cl}: at the exchange (${list[0]!.type} ${list[0]!.status}), in no bracket or entry`)
  }
  for (const cl of ours) {
    const o = a.tracked(cl)
    const x = ledger.order(cl)
    if (!x) {
      if (o && o.state !== 'rejected')
        v.lost.push(`${cl}: Trident says ${o.state}, the exchange never had it`)
      continue
    }
    if (!o) {
      v.lost.push(`${cl}: at the exchange (${x.status}), unknown to Trident`)
      continue
    }
    const want = x.status === 'open' && x.filled > 0n ? 'partially-filled' : STATE_OF[x.status]
    if (o.state !== want || units(o.filledQty) !== x.filled)
      v.wrongState.push(`${cl}: Trident ${o.state} ${o.filledQty}, exchange ${want} ${x.filled} units`)
  }
  for (const b of a.brackets) {
    const working = [b.stop, ...b.targets].some((l) => ledger.order(l.clOrdId)?.status === 'open')
    if (b.phase === 'done' && working)
      v.journalDisagrees.push(`${b.id}: done in the journal, a leg works at the exchange`)
    if (b.phase === 'working' && !working)
      v.journalDisagrees.push(`${b.id}: working in the journal, no leg works at the exchange`)
  }
  return v
}

/**
 * The times, after a leg's fill, when one side of the bracket offered more than the position it
 * protects still holds: the stop's remaining quantity above it, or the targets' together. Rebuilt
 * from the exchange's records of each leg (opened, amended, filled, closed, with exchange times).
 */
function exposureWindows(
  legs: { l: Bracket['stop']; o: SimOrder | undefined }[],
  ledger: VenueLedger,
  qty: bigint,
  endAt: number,
): { side: 'stop' | 'targets'; ms: number }[] {
  const at = legs.flatMap(({ o }) => {
    if (!o) return []
    const ts = ledger.fillsOf(o.id).map((f) => f.time)
    ts.push(...ledger.amends.filter((m) => m.clOrdId === o.clOrdId).map((m) => m.at))
    if (o.closedAt !== undefined) ts.push(o.closedAt)
    return ts
  })
  const times = [...new Set(at)].sort((x, y) => x - y)
  const remaining = (o: SimOrder, t: number): bigint => {
    if (o.openedAt > t || (o.closedAt !== undefined && o.closedAt <= t)) return 0n
    let q = o.qty
    // the quantity asked last before t (amends lower it: a shrink)
    const before = ledger.amends.filter((m) => m.clOrdId === o.clOrdId && m.at <= t)
    const after = ledger.amends.find((m) => m.clOrdId === o.clOrdId && m.at > t)
    if (after) q = after.qty[0]
    else if (before.length) q = before.at(-1)!.qty[1]
    const filled = ledger.fillsOf(o.id).reduce((s, f) => (f.time <= t ? s + f.qty : s), 0n)
    return q - filled
  }
  const out: { side: 'stop' | 'targets'; ms: number }[] = []
  const open: { stop?: number; targets?: number } = {}
  const firstFill = Math.min(...legs.flatMap(({ o }) => (o ? ledger.fillsOf(o.id).map((f) => f.time) : [])))
  for (const t of [...times.filter((x) => x >= firstFill), endAt]) {
    const filled = legs.reduce(
      (s, { o }) => s + (o ? ledger.fillsOf(o.id).reduce((u, f) => (f.time <= t ? u + f.qty : u), 0n) : 0n),
      0n,
    )
    const pos = qty - filled
    const stop = legs[0]!.o ? remaining(legs[0]!.o, t) : 0n
    const targets = legs.slice(1).reduce((s, { o }) => s + (o ? remaining(o, t) : 0n), 0n)
    for (const [side, over] of [
      // once past flat (an over-fill, counted on its own) a side with nothing left is not offering more
      ['stop', stop > 0n && stop > pos],
      ['targets', targets > 0n && targets > pos],
    ] as const) {
      if (over && open[side] === undefined && t !== endAt) open[side] = t
      if ((!over || t === endAt) && open[side] !== undefined) {
        out.push({ side, ms: t - open[side]! })
        delete open[side]
      }
    }
  }
  return out
}

/** p-th percentile (0..1) of durations, nearest rank */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0
  const s = [...xs].sort((x, y) => x - y)
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!
}
