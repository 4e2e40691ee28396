import { dropOldest } from '../../src-domain/bounded'
/**
 * Keys remembered at most: twice main's longest list (2,000 fills), so a list that comes back
 * after a core restart — empty first, then restored from the journal — finds its items still
 * remembered and rings for none of them.
 */
export const REMEMBERED = 4_000

/**
 * What arrived in a list since it was last seen (the Alerts panel rings for new fills and fired
 * alerts). `seen` null: the list as the window opened, only remembered (a new window does not
 * ring for old items). Remembered, in `seen` itself: the keys seen so far, the oldest going past
 * REMEMBERED (issue 20: it kept one key per fill for the whole session).
 */
export function arrivals<T>(
  seen: Set<string> | null,
  items: readonly T[],
  keyOf: (item: T) => string,
  remembered = REMEMBERED,
): { fresh: T[]; seen: Set<string> } {
  if (seen === null) return { fresh: [], seen: new Set(items.map(keyOf)) }
  const fresh = items.filter((x) => !seen.has(keyOf(x)))
  // added to in place (a copy per orders message cost more than the check)
  for (const x of fresh) seen.add(keyOf(x))
  dropOldest(seen, remembered)
  return { fresh, seen }
}
