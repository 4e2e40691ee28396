import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { CredentialStore, fingerprint } from '../../../src-main/secrets/CredentialStore'
import { KeyringSecretStore } from '../../../src-main/secrets/KeyringSecretStore'

/**
 * Against a real Secret Service: `npm test` runs inside a private D-Bus session with an unlocked
 * GNOME Keyring (scripts/keyring-session.sh); CI installs gnome-keyring, dbus and libsecret-tools.
 * Outside that session these tests are skipped, except in CI where a missing keychain fails.
 */
const inKeyringSession = process.env.TRIDENT_TEST_KEYRING === '1'
if (!inKeyringSession && process.env.CI)
  throw new Error('CI must run the tests inside scripts/keyring-session.sh')

/** What the Secret Service itself holds, read with libsecret's secret-tool (not our code). */
function secretTool(service: string, account: string): string | null {
  const r = spawnSync('secret-tool', ['lookup', 'service', service, 'username', account], {
    encoding: 'utf8',
  })
  return r.status === 0 ? r.stdout : null
}

describe.skipIf(!inKeyringSession)('KeyringSecretStore (real Secret Service)', () => {
  const service = `trident-test-${process.pid}`

  it("is available, and sets, reads, rotates and deletes a profile's secrets", async () => {
    const store = new KeyringSecretStore(service)
    expect(await store.probe()).toEqual({
      available: true,
      detail: `Secrets are kept in the OS keychain (service "${service}")`,
    })
    const creds = new CredentialStore(store)
    const first = { apiKey: 'KEY-ONE-aaaaaaaa', apiSecret: Buffer.from('secret-one').toString('base64') }
    expect(await creds.write('live', 'rest', first)).toBe(fingerprint(first.apiKey))
    expect(await creds.read('live', 'rest')).toEqual(first)
    // it is really in the Secret Service, under our service and the profile's account
    expect(JSON.parse(secretTool(service, 'live/rest')!)).toEqual(first)

    const rotated = { apiKey: 'KEY-TWO-bbbbbbbb', apiSecret: Buffer.from('secret-two').toString('base64') }
    await creds.write('live', 'rest', rotated)
    await creds.write('live', 'fix', { apiKey: 'FIXKEY-cccccccc', apiSecret: 'Zml4LXNlY3JldA==' })
    expect(await creds.read('live', 'rest')).toEqual(rotated)
    expect(JSON.parse(secretTool(service, 'live/rest')!)).toEqual(rotated)

    await creds.remove('live')
    expect(await creds.read('live', 'rest')).toBeNull()
    expect(await creds.read('live', 'fix')).toBeNull()
    expect(secretTool(service, 'live/rest')).toBeNull()
    expect(await store.delete('live/rest')).toBe(false)
  })

  it('serialises operations on one account: the last write wins, reads see whole values', async () => {
    const store = new KeyringSecretStore(service)
    const writes = Array.from({ length: 5 }, (_, i) => store.set('race', `value-${i}`))
    const read = store.get('race')
    await Promise.all(writes)
    expect(await read).toBe('value-4')
    expect(await store.get('race')).toBe('value-4')
    await store.delete('race')
  })
})

describe('KeyringSecretStore without a Secret Service', () => {
  it('says so in words instead of failing silently or storing in plain text', () => {
    // a fresh process (the keychain binding keeps its D-Bus connection) with a bus that leads nowhere
    const code = `
      const { KeyringSecretStore } = require('./src-main/secrets/KeyringSecretStore.ts')
      const s = new KeyringSecretStore('trident-none')
      void (async () => {
        const p = await s.probe()
        let setError = ''
        try { await s.set('x', 'y') } catch (e) { setError = e.message }
        console.log(JSON.stringify({ ...p, setError }))
      })()`
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
      encoding: 'utf8',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/trident-bus', DISPLAY: '' },
      timeout: 20_000,
    })
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      available: boolean
      detail: string
      setError: string
    }
    expect(out.available).toBe(false)
    expect(out.detail).toMatch(/^No OS keychain is reachable/)
    expect(out.setError).toMatch(/keychain/i)
  })
})
