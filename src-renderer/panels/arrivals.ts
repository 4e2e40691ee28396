/**
 * What arrived in a list since it was last seen (the Alerts panel rings for new fills and fired
 * alerts). `seen` null: the list as the window opened, only remembered (a new window does not
 * ring for old items). The keys remembered are the list's own: main caps the lists (2,000 fills),
 * so what fell off the end never comes back, and remembering it too grew for the whole session
 * (issue 20: one key per fill).
 */
export function arrivals<T>(
  seen: ReadonlySet<string> | null,
  items: readonly T[],
  keyOf: (item: T) => string,
): { fresh: T[]; seen: Set<string> } {
  const keys = new Set(items.map(keyOf))
  if (seen === null) return { fresh: [], seen: keys }
  return { fresh: items.filter((x) => !seen.has(keyOf(x))), seen: keys }
}
