/** A Set or a Map, by its keys. */
interface Keyed<K> {
  readonly size: number
  keys(): IterableIterator<K>
  delete(key: K): boolean
}

/**
 * Keep a Set or Map to its newest `bound` keys. Sets and Maps iterate in insertion order, so the
 * first keys are the oldest; each one dropped is handed to `dropped`, so what is kept elsewhere
 * for it goes with it. The one way a structure that gains a key per order, fill or message is
 * bounded (issue 20: a trading day must not grow memory).
 */
export function dropOldest<K>(keys: Keyed<K>, bound: number, dropped?: (key: K) => void): void {
  for (const key of keys.keys()) {
    if (keys.size <= bound) return
    keys.delete(key)
    dropped?.(key)
  }
}
