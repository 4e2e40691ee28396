import type { AsyncEntry } from '@napi-rs/keyring'
import type { SecretStore } from './SecretStore'

type AsyncEntryCtor = typeof AsyncEntry

/**
 * The OS keychain through @napi-rs/keyring (the Rust `keyring` crate): the Secret Service
 * (GNOME Keyring, KWallet) on Linux, Keychain on macOS, Credential Manager on Windows. Used where
 * Electron's safeStorage is absent (the loopback host, the core under plain Node). Chosen because
 * it ships prebuilt N-API binaries on npm (no compiler, no download at install) and talks to the
 * Secret Service over D-Bus itself (no libsecret at run time). Operations are serialised per
 * account so a rotate never interleaves with a read.
 */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'OS keychain'
  private ctor: AsyncEntryCtor | null = null
  private readonly queues = new Map<string, Promise<unknown>>()

  constructor(private readonly service = 'trident') {}

  private async entry(account: string): Promise<InstanceType<AsyncEntryCtor>> {
    this.ctor ??= (await import('@napi-rs/keyring')).AsyncEntry
    return new this.ctor(this.service, account)
  }

  private serial<T>(account: string, op: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(account) ?? Promise.resolve()
    const next = prev.then(op, op)
    this.queues.set(
      account,
      next.catch(() => {}),
    )
    return next
  }

  async probe(): Promise<{ available: boolean; detail: string }> {
    const account = `probe-${process.pid}`
    try {
      const e = await this.entry(account)
      await e.setPassword('probe')
      const back = await e.getPassword()
      await e.deletePassword()
      if (back !== 'probe')
        return { available: false, detail: 'The OS keychain did not return what was saved' }
      return { available: true, detail: `Secrets are kept in the OS keychain (service "${this.service}")` }
    } catch (e) {
      return { available: false, detail: keychainError(e) }
    }
  }

  get(account: string): Promise<string | null> {
    return this.serial(account, async () => {
      try {
        return await (await this.entry(account)).getPassword()
      } catch (e) {
        throw new Error(keychainError(e), { cause: e })
      }
    })
  }

  set(account: string, secret: string): Promise<void> {
    return this.serial(account, async () => {
      try {
        await (await this.entry(account)).setPassword(secret)
      } catch (e) {
        throw new Error(keychainError(e), { cause: e })
      }
    })
  }

  delete(account: string): Promise<boolean> {
    return this.serial(account, async () => {
      try {
        return await (await this.entry(account)).deletePassword()
      } catch (e) {
        throw new Error(keychainError(e), { cause: e })
      }
    })
  }
}

/** The keychain's own message, in words a trader can act on (never includes the secret). */
function keychainError(e: unknown): string {
  const m = (e as Error).message ?? String(e)
  if (/dbus|D-Bus|org\.freedesktop|secret service|No such interface|ServiceUnknown|platform storage/i.test(m))
    return `No OS keychain is reachable (Secret Service over D-Bus): ${m.slice(0, 160)}. Start GNOME Keyring or KWallet and unlock it.`
  if (/locked/i.test(m)) return 'The OS keychain is locked: unlock it and try again.'
  return `The OS keychain refused: ${m.slice(0, 200)}`
}
