import type { Bracket, BracketLeg } from '../../core/brackets/bracketState'
import type { ExitTemplate } from '../../core/brackets/exitTemplate'
import type { OrderTracker } from '../../core/orders/OrderTracker'
import type {
  BracketEntryView,
  BracketsView,
  BracketView,
  ChaseView,
  ProtectionPlace,
} from '../../../src-preload/contract/brackets'
import type { BracketDesk } from './BracketDesk'
import { legName } from './LegSender'

/**
 * Where each protection lives. The legs are orders resting at Kraken: they work while Trident is
 * closed. Linking them (one cancels the other, shrinking), breakeven and trailing are Trident's:
 * with Trident closed, a filled target leaves its stop working until Trident is back. A target
 * the balance cannot hold beside the stop (spot) is held in Trident: it works only while Trident
 * runs, and the stop (at Kraken) covers the whole position meanwhile.
 */
function protections(b: Bracket): { what: string; where: ProtectionPlace }[] {
  const t = b.template
  const out: { what: string; where: ProtectionPlace }[] = [
    ...b.targets.map((l) =>
      l.held
        ? {
            what: `${legName(b, l)}: limit ${l.limitPrice ?? ''}, held in Trident (the balance is held by the stop): sent when the ${b.entrySide === 'buy' ? 'bid' : 'ask'} reaches it`,
            where: 'in Trident' as const,
          }
        : { what: `${legName(b, l)}: limit ${l.limitPrice ?? ''}`, where: 'at Kraken' as const },
    ),
    { what: `stop: ${b.stop.type} ${b.stop.triggerPrice ?? ''}`, where: 'at Kraken' },
    { what: 'one cancels the other (a leg that fills cancels or shrinks the others)', where: 'in Trident' },
  ]
  if (t.breakevenAfterTicks !== undefined)
    out.push({ what: `breakeven after ${t.breakevenAfterTicks} ticks`, where: 'in Trident' })
  if (t.trailTicks !== undefined)
    out.push({ what: `trailing stop ${t.trailTicks} ticks`, where: 'in Trident' })
  if (t.timeLimitSec !== undefined)
    out.push({ what: `time limit ${t.timeLimitSec} s (legs good till then)`, where: 'at Kraken' })
  return out
}

function legView(tracker: OrderTracker, l: BracketLeg) {
  const o = l.clOrdId ? tracker.get(l.clOrdId) : undefined
  if (l.held && !o)
    return {
      role: l.role,
      n: l.n,
      clOrdId: null,
      side: l.side,
      type: l.type,
      price: l.limitPrice ?? null,
      trigger: null,
      qty: l.qty,
      filledQty: l.priorFilled ?? '0',
      state: l.held === 'resting' ? 'held in Trident' : 'dropped',
      lives: 'in Trident' as const,
    }
  return {
    role: l.role,
    n: l.n,
    clOrdId: l.clOrdId ?? null,
    side: l.side,
    type: l.type,
    price: l.limitPrice ?? null,
    trigger: l.triggerPrice ?? null,
    qty: o?.qty ?? l.qty,
    filledQty: o?.filledQty ?? '0',
    state: o?.state ?? 'not sent',
    lives: l.held ? ('in Trident' as const) : ('at Kraken' as const),
  }
}

function bracketView(tracker: OrderTracker, b: Bracket): BracketView {
  return {
    id: b.id,
    qty: b.qty,
    entryPrice: b.entryPrice,
    phase: b.phase,
    legs: [b.stop, ...b.targets].map((l) => legView(tracker, l)),
    protections: protections(b),
  }
}

export function bracketsView(
  templates: readonly ExitTemplate[],
  desk: BracketDesk,
  tracker: OrderTracker,
  chases: ChaseView[],
): BracketsView {
  const entries: BracketEntryView[] = [...desk.book.entries.values()].map((e) => {
    const o = tracker.get(e.entryClOrdId)
    return {
      entryClOrdId: e.entryClOrdId,
      symbol: e.symbol,
      side: e.side,
      template: e.template.name,
      state: o?.state ?? 'unknown',
      filledQty: o?.filledQty ?? '0',
      brackets: desk.book.bracketsOf(e.entryClOrdId).map((b) => bracketView(tracker, b)),
    }
  })
  return { templates: templates.map((t) => ({ ...t })), entries, chases }
}
