import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  SafeStorageSecretStore,
  type SafeStorageLike,
} from '../../../../src-main/hosts/electron/SafeStorageSecretStore'

/** A stand-in for Electron's safeStorage that really transforms the bytes (XOR), so plain text would show. */
function fakeSafe(backend: string, available = true): SafeStorageLike {
  const x = (b: Buffer) => Buffer.from(b.map((c) => c ^ 0x5a))
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => x(Buffer.from(s)),
    decryptString: (b) => x(b).toString(),
  }
}

describe('SafeStorageSecretStore (Electron host)', () => {
  it('keeps only ciphertext on disk, readable by the owner only, and round-trips', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trident-safe-')), 'credentials.enc.json')
    const s = new SafeStorageSecretStore(fakeSafe('gnome_libsecret'), file)
    expect((await s.probe()).available).toBe(true)
    await s.set('live/rest', '{"apiKey":"K","apiSecret":"S3CRET-value"}')
    expect(readFileSync(file, 'utf8')).not.toContain('S3CRET-value')
    expect(statSync(file).mode & 0o077).toBe(0)
    expect(await s.get('live/rest')).toBe('{"apiKey":"K","apiSecret":"S3CRET-value"}')
    expect(await s.delete('live/rest')).toBe(true)
    expect(await s.get('live/rest')).toBeNull()
    expect(await s.delete('live/rest')).toBe(false)
  })

  it("refuses Linux's basic_text backend (a hard-coded key) and an unavailable keychain, in words", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trident-safe-')), 'c.json')
    const plain = new SafeStorageSecretStore(fakeSafe('basic_text'), file)
    expect(await plain.probe()).toEqual({
      available: false,
      detail: 'No OS keychain (GNOME Keyring or KWallet) is running: keys cannot be stored safely',
    })
    await expect(plain.set('a', 'b')).rejects.toThrow('No OS keychain')
    const none = new SafeStorageSecretStore(fakeSafe('', false), file)
    await expect(none.set('a', 'b')).rejects.toThrow('The OS keychain is not available to Trident')
  })
})
