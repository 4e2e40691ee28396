/**
 * Where secrets live (cf. VS Code's platform/secrets/common/secrets.ts): one interface, one
 * implementation per host. `kind` says honestly what protects them; a store that cannot protect
 * them says `available: false` and refuses, rather than falling back to plain text.
 */
export interface SecretStore {
  readonly kind: string
  /** can secrets be saved and read here; `detail` explains in words when not */
  probe(): Promise<{ available: boolean; detail: string }>
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  /** true when something was deleted */
  delete(account: string): Promise<boolean>
}

/** Session-only secrets: the built-in exchange's demo keys and tests. Never persisted. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory (this session only)'
  private readonly values = new Map<string, string>()

  probe(): Promise<{ available: boolean; detail: string }> {
    return Promise.resolve({ available: true, detail: 'Kept in memory until Trident stops' })
  }

  get(account: string): Promise<string | null> {
    return Promise.resolve(this.values.get(account) ?? null)
  }

  set(account: string, secret: string): Promise<void> {
    this.values.set(account, secret)
    return Promise.resolve()
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.values.delete(account))
  }
}
