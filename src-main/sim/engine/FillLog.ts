import type { Fill } from './types'

/**
 * The built-in exchange's fills, kept per account, the newest `perAccount` of each. One list of
 * every account's fills (cut in half at 200,000) held 100,000-200,000 fills of the synthetic
 * traders at a busy book (~1,200 a second): main's memory climbed by tens of MiB a minute, and a
 * trader's own fills fell out of TradesHistory within minutes (issue 20).
 */
export class FillLog {
  /** per account: fills from `head` on are kept; the dropped prefix is cut off in bulk */
  private readonly lists = new Map<string, { fills: Fill[]; head: number }>()
  /** order of arrival across accounts, for all() */
  private readonly seq = new WeakMap<Fill, number>()
  private next = 0

  constructor(private readonly perAccount = 10_000) {}

  add(f: Fill): void {
    let l = this.lists.get(f.account)
    if (!l) this.lists.set(f.account, (l = { fills: [], head: 0 }))
    this.seq.set(f, this.next++)
    l.fills.push(f)
    if (l.fills.length - l.head > this.perAccount) l.head++
    // cut the dropped prefix once it is as long as what is kept: each fill is moved at most once
    if (l.head >= this.perAccount) {
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
