import type { Fill } from './types'

/** a trader's fills kept by the built-in exchange (TradesHistory, executions snapshots) */
export const MAX_FILLS = 10_000
/**
 * The synthetic market's fills kept per account: no one queries them. At 10,000 each, its slower
 * accounts (and the derivatives market's) took half an hour to fill their lists, and the
 * exchange's worker heap rose ~0.28 MiB a minute in a 30-minute memory bench (issue 20).
 */
export const MAX_FILLS_SYNTHETIC = 1_000

/**
 * The built-in exchange's fills, kept per account, the newest `perAccount` of each (`synthetic`
 * accounts: the newest `perSynthetic`). One list of every account's fills (cut in half at
 * 200,000) held 100,000-200,000 fills of the synthetic traders at a busy book (~1,200 a second):
 * main's memory climbed by tens of MiB a minute, and a trader's own fills fell out of
 * TradesHistory within minutes (issue 20).
 */
export class FillLog {
  /** per account: fills from `head` on are kept (at most `kept`); the dropped prefix is cut off in bulk */
  private readonly lists = new Map<string, { fills: Fill[]; head: number; kept: number }>()
  /** order of arrival across accounts, for all() */
  private readonly seq = new WeakMap<Fill, number>()
  private next = 0

  constructor(
    private readonly perAccount = MAX_FILLS,
    private readonly synthetic: { has(account: string): boolean } = new Set(),
    private readonly perSynthetic = MAX_FILLS_SYNTHETIC,
  ) {}

  add(f: Fill): void {
    let l = this.lists.get(f.account)
    if (!l) {
      const kept = this.synthetic.has(f.account) ? this.perSynthetic : this.perAccount
      this.lists.set(f.account, (l = { fills: [], head: 0, kept }))
    }
    this.seq.set(f, this.next++)
    l.fills.push(f)
    if (l.fills.length - l.head > l.kept) l.head++
    // cut the dropped prefix once it is as long as what is kept: each fill is moved at most once
    if (l.head >= l.kept) {
      l.fills.splice(0, l.head)
      l.head = 0
    }
  }

  /** An account's kept fills, oldest first. */
  of(account: string): Fill[] {
    const l = this.lists.get(account)
    return l ? l.fills.slice(l.head) : []
  }

  /** Every kept fill, in the order they were added. */
  all(): Fill[] {
    const out: Fill[] = []
    for (const account of this.lists.keys()) out.push(...this.of(account))
    return out.sort((a, b) => this.seq.get(a)! - this.seq.get(b)!)
  }

  /** fills kept, all accounts */
  size(): number {
    let n = 0
    for (const l of this.lists.values()) n += l.fills.length - l.head
    return n
  }
}
