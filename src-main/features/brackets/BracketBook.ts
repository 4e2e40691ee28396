import { dropOldest } from '../../../src-domain/bounded'
import type { Bracket, BracketEntry } from '../../core/brackets/bracketState'
import { isTerminal, type TrackedOrder } from '../../core/orders/OrderTracker'

/**
 * How many finished entries (and their brackets) stay in memory: the Brackets panel shows them,
 * and a late report for one still finds it. Far more than finish between a link dropping and the
 * reconcile after it; the journal keeps every one.
 */
export const FINISHED_ENTRIES_KEPT = 500

/**
 * The brackets desk's entries and brackets, indexed by entry and by leg (issue 20: a trading
 * day's brackets must not grow main's memory, nor every publish's work). An entry is finished
 * when its order has ended, each of its fills is in a bracket (or was refused one), and each of
 * its brackets is done: nothing can make it act again. The oldest finished entries beyond the
 * bound are forgotten with their brackets, and the tracker may then forget their orders
 * (`needs`); the bracket journal still holds them.
 */
export class BracketBook {
  readonly entries = new Map<string, BracketEntry>()
  readonly brackets = new Map<string, Bracket>()
  private readonly byLeg = new Map<string, string>()
  /** every client order id a bracket's legs had (a leg placed again gets a new one) */
  private readonly legIds = new Map<string, string[]>()
  private readonly ofEntry = new Map<string, Bracket[]>()
  /** finished entries' ids in the order they finished */
  private readonly finished = new Set<string>()

  constructor(
    /** told of each bracket forgotten, with every order id its legs had: what is kept per bracket elsewhere goes with it */
    private readonly onForget: (b: Bracket, legIds: readonly string[]) => void = () => {},
    private readonly kept = FINISHED_ENTRIES_KEPT,
    /** the order journal folded this order (it ended, and a start no longer reads it) */
    private readonly folded: (clOrdId: string) => boolean = () => false,
  ) {}

  addEntry(e: BracketEntry): void {
    this.entries.set(e.entryClOrdId, e)
  }

  addBracket(b: Bracket): void {
    this.brackets.set(b.id, b)
    const list = this.ofEntry.get(b.entryClOrdId)
    if (list) list.push(b)
    else this.ofEntry.set(b.entryClOrdId, [b])
    for (const l of [b.stop, ...b.targets]) if (l.clOrdId) this.linkLeg(l.clOrdId, b)
  }

  /** A leg's order got its client order id. */
  linkLeg(clOrdId: string, b: Bracket): void {
    if (this.byLeg.get(clOrdId) === b.id) return
    this.byLeg.set(clOrdId, b.id)
    const ids = this.legIds.get(b.id)
    if (ids) ids.push(clOrdId)
    else this.legIds.set(b.id, [clOrdId])
  }

  /** The bracket this order is a leg of. */
  legOf(clOrdId: string): Bracket | undefined {
    const id = this.byLeg.get(clOrdId)
    return id === undefined ? undefined : this.brackets.get(id)
  }

  /** An entry's brackets, in the order they were made. */
  bracketsOf(entryClOrdId: string): readonly Bracket[] {
    return this.ofEntry.get(entryClOrdId) ?? []
  }

  /** A working bracket or an unfinished entry still reads this order: the tracker keeps it. */
  needs(clOrdId: string): boolean {
    if (this.entries.has(clOrdId)) return !this.finished.has(clOrdId)
    return this.legOf(clOrdId)?.phase === 'working'
  }

  /**
   * Look at an entry again after its order or one of its brackets changed (`order`: the entry's
   * order as the tracker has it): finished, it joins the finished list and the oldest beyond the
   * bound are forgotten; not finished (a late fill), it leaves that list.
   */
  review(entryClOrdId: string, order: TrackedOrder | undefined): void {
    const e = this.entries.get(entryClOrdId)
    if (!e) return
    // finished, and the tracker has since forgotten its order (it may: nothing reads it): still finished
    if (!order && this.finished.has(entryClOrdId)) return
    if (!this.isFinished(e, order)) {
      this.finished.delete(entryClOrdId)
      return
    }
    if (this.finished.has(entryClOrdId)) return
    this.finished.add(entryClOrdId)
    dropOldest(this.finished, this.kept, (id) => this.forget(id))
  }

  /** The entry's trade ids that have a bracket, or were refused one. */
  covered(e: BracketEntry): Set<string> {
    const covered = new Set(e.covered)
    for (const b of this.bracketsOf(e.entryClOrdId)) for (const t of b.tradeIds) covered.add(t)
    return covered
  }

  private isFinished(e: BracketEntry, o: TrackedOrder | undefined): boolean {
    const mine = this.bracketsOf(e.entryClOrdId)
    if (mine.some((b) => b.phase !== 'done')) return false
    // an entry order the tracker does not have: finished if the order journal folded it (it
    // ended, and was forgotten while no bracket needed it: a start no longer reads it); anything
    // else (not journaled as folded) is left as it is
    if (!o) return this.folded(e.entryClOrdId)
    if (!isTerminal(o.state)) return false
    const covered = this.covered(e)
    return o.fills.every((f) => f.beforeAdoption || covered.has(f.tradeId))
  }

  /** A finished entry past the bound: it goes, with its brackets. */
  private forget(entryClOrdId: string): void {
    this.entries.delete(entryClOrdId)
    for (const b of this.ofEntry.get(entryClOrdId) ?? []) {
      this.brackets.delete(b.id)
      const ids = this.legIds.get(b.id) ?? []
      for (const id of ids) if (this.byLeg.get(id) === b.id) this.byLeg.delete(id)
      this.legIds.delete(b.id)
      this.onForget(b, ids)
    }
    this.ofEntry.delete(entryClOrdId)
  }

  /** How many entries, brackets and leg links are kept (for the bound's test). */
  get sizes(): { entries: number; brackets: number; legs: number } {
    return { entries: this.entries.size, brackets: this.brackets.size, legs: this.byLeg.size }
  }
}
