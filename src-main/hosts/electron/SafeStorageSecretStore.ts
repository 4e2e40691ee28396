import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SecretStore } from '../../secrets/SecretStore'

/** The part of Electron's `safeStorage` this store uses (passed in, so it is testable without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(cipher: Buffer): string
  /** Linux only: which OS store protects the key ('basic_text' means none) */
  getSelectedStorageBackend?(): string
}

/**
 * Secrets in the Electron host: encrypted with safeStorage (Keychain on macOS, DPAPI on Windows,
 * the Secret Service or KWallet on Linux) and the ciphertext kept in a file in userData — not in
 * SQLite, and never in plain text. On Linux, safeStorage's 'basic_text' backend is a hard-coded
 * key, i.e. no protection: refused, so the trader is told instead of silently exposed.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'OS keychain (Electron safeStorage)'

  constructor(
    private readonly safe: SafeStorageLike,
    private readonly file: string,
  ) {}

  probe(): Promise<{ available: boolean; detail: string }> {
    if (!this.safe.isEncryptionAvailable())
      return Promise.resolve({ available: false, detail: 'The OS keychain is not available to Trident' })
    const backend = this.safe.getSelectedStorageBackend?.()
    if (backend === 'basic_text' || backend === 'unknown')
      return Promise.resolve({
        available: false,
        detail: 'No OS keychain (GNOME Keyring or KWallet) is running: keys cannot be stored safely',
      })
    return Promise.resolve({
      available: true,
      detail: `Encrypted by the OS keychain${backend ? ` (${backend})` : ''}`,
    })
  }

  private load(): Record<string, string> {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }

  private save(all: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true })
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 })
    renameSync(tmp, this.file)
  }

  async get(account: string): Promise<string | null> {
    const c = this.load()[account]
    return c ? this.safe.decryptString(Buffer.from(c, 'base64')) : null
  }

  async set(account: string, secret: string): Promise<void> {
    const p = await this.probe()
    if (!p.available) throw new Error(p.detail)
    const all = this.load()
    all[account] = this.safe.encryptString(secret).toString('base64')
    this.save(all)
  }

  async delete(account: string): Promise<boolean> {
    const all = this.load()
    if (!(account in all)) return false
    delete all[account]
    this.save(all)
    return true
  }
}
