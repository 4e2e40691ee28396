/**
 * A Map whose deleted entries stay readable through `ended()` for the last `keep` deletions: the
 * derivatives market drops an order's metadata when the order ends (a long session must not keep
 * every order), but an executions snapshot still names the last 50 fills' orders by their ids.
 */
export class EndedKeepingMap<K, V> extends Map<K, V> {
  private readonly gone = new Map<K, V>()

  constructor(private readonly keep = 1000) {
    super()
  }

  override delete(key: K): boolean {
    const v = super.get(key)
    if (v !== undefined) {
      this.gone.set(key, v)
      if (this.gone.size > this.keep) this.gone.delete(this.gone.keys().next().value as K)
    }
    return super.delete(key)
  }

  /** the entry, live or among the last `keep` deleted */
  ended(key: K): V | undefined {
    return super.get(key) ?? this.gone.get(key)
  }
}
