/**
 * Which trades of a pushed tape (newest first, main keeps the last 100) the ladder has not
 * counted yet. Main pushes the whole tape each time, so the ladder must remember what it counted;
 * but an id that has fallen off the tape's end never comes back, so only the ids of the latest
 * tape are worth remembering. A set of every id ever seen grew by ~1,200 ids a second at a busy
 * book and was never freed (issue 20): this one never holds more than one tape.
 */
export interface TradeFilter {
  <T extends { id: string }>(tape: readonly T[]): T[]
  /** ids remembered (at most the latest tape's length) */
  size(): number
}

export function newTradeFilter(): TradeFilter {
  let seen = new Set<string>()
  const fresh = <T extends { id: string }>(tape: readonly T[]): T[] => {
    const out = tape.filter((t) => !seen.has(t.id))
    seen = new Set(tape.map((t) => t.id))
    return out
  }
  return Object.assign(fresh, { size: () => seen.size })
}
