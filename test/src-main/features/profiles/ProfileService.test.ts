import { readdirSync, readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { explainKeyError } from '../../../../src-main/features/profiles/ProfileService'
import { TridentCore } from '../../../../src-main/app/TridentCore'
import { KrakenApiError } from '../../../../src-main/kraken/rest/errors'
import { fingerprint } from '../../../../src-main/secrets/CredentialStore'
import { MemorySecretStore } from '../../../../src-main/secrets/SecretStore'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { topicSchemas } from '../../../../src-preload/contract/contract'
import type { ProfilesView, ProfileView } from '../../../../src-preload/contract/types'
import type { ServerFrame } from '../../../../src-preload/contract/wire'
import { until } from '../../../helpers/until'

/**
 * Credential profiles through the contract, as a renderer uses them: secrets go in, only
 * fingerprints come out; keys are checked against a real venue (a second built-in exchange on
 * loopback standing in for Kraken); switching profile changes endpoints and credentials.
 */
let venue: SimExchange
let ep: SimEndpoints
let key: { apiKey: string; apiSecret: string }
const dataDir = mkdtempSync(join(tmpdir(), 'trident-profiles-'))
const secrets = new MemorySecretStore() // the same "keychain" across the two starts below
const logs: string[] = []
const frames: ServerFrame[] = []
let core: TridentCore
let session: ReturnType<TridentCore['attach']>
let seq = 0

async function cmd<T>(
  name: string,
  payload: unknown,
): Promise<{ ok: true; result: T } | { ok: false; error: { code: string; message: string } }> {
  const id = ++seq
  session.receive({ k: 'cmd', id, name, payload })
  const f = await until(() => frames.find((x) => x.k === 'res' && x.id === id), name)
  return f as never
}

const endpoints = () => ({
  rest: ep.rest,
  wsPublic: ep.wsPublic,
  wsPrivate: ep.wsPrivate,
  fix: { host: ep.fix.host, port: ep.fix.port, senderCompId: 'PROFILETEST' },
})

beforeAll(async () => {
  venue = new SimExchange({ seed: 4, messagesPerSecond: 0 })
  ep = await venue.start()
  key = { apiKey: venue.credentials[0]!.apiKey, apiSecret: venue.credentials[0]!.apiSecret }
  core = new TridentCore({
    host: 'loopback',
    version: 'test',
    dataDir,
    secrets,
    sim: { seed: 5, messagesPerSecond: 0 },
    log: (l) => logs.push(l),
  })
  await core.start()
  session = core.attach({ who: 'test window', send: (f) => frames.push(f), isCongested: () => false })
})

afterAll(async () => {
  await core.stop()
  await venue.stop()
})

describe('credential profiles', () => {
  it('saves keys to the secret store and answers with the fingerprint only', async () => {
    const r = await cmd<ProfileView>('profiles.save', {
      id: 'desk',
      name: 'Desk',
      kind: 'custom',
      tier: 'intermediate',
      endpoints: endpoints(),
      ...key,
    })
    expect(r.ok).toBe(true)
    const p = (r as { result: ProfileView }).result
    expect(p).toEqual({
      id: 'desk',
      name: 'Desk',
      kind: 'custom',
      tier: 'intermediate',
      endpoints: endpoints(),
      keyFingerprint: fingerprint(key.apiKey),
      fixFingerprint: null,
      status: null,
    })
    expect(JSON.parse((await secrets.get('desk/rest'))!)).toEqual(key)
    // renaming without keys keeps the saved ones
    await cmd('profiles.save', {
      id: 'desk',
      name: 'Desk 2',
      kind: 'custom',
      tier: 'intermediate',
      endpoints: endpoints(),
    })
    expect(JSON.parse((await secrets.get('desk/rest'))!)).toEqual(key)
  })

  it('checks keys against the venue and says what it answered', async () => {
    const good = await cmd<ProfileView>('profiles.check', { id: 'desk' })
    expect((good as { result: ProfileView }).result.status).toMatchObject({
      ok: true,
      detail: 'Kraken accepted the key',
    })

    /** save a custom profile on the venue's endpoints with these keys, then check it */
    const statusWith = async (id: string, keys: { apiKey: string; apiSecret: string }) => {
      await cmd('profiles.save', { id, name: id, kind: 'custom', endpoints: endpoints(), ...keys })
      return ((await cmd<ProfileView>('profiles.check', { id })) as { result: ProfileView }).result.status
    }
    expect(
      await statusWith('wrong-secret', {
        apiKey: key.apiKey,
        apiSecret: Buffer.from('not the secret at all').toString('base64'),
      }),
    ).toMatchObject({
      ok: false,
      detail: 'Kraken refused the signature: the API secret does not match the key',
    })
    expect(
      await statusWith('revoked', { apiKey: 'UnknownKeyUnknownKey0123', apiSecret: key.apiSecret }),
    ).toMatchObject({
      ok: false,
      detail: 'Kraken refused the API key (Invalid key): it is wrong or was revoked',
    })

    await cmd('profiles.save', {
      id: 'nowhere',
      name: 'Nowhere',
      kind: 'custom',
      endpoints: { ...endpoints(), rest: 'http://127.0.0.1:1' },
      ...key,
    })
    const down = await cmd<ProfileView>('profiles.check', { id: 'nowhere' })
    expect((down as { result: ProfileView }).result.status?.detail).toMatch(/^Could not reach the venue/)
  })

  it('refuses bad input in words and keeps what was saved', async () => {
    const onlyKey = await cmd('profiles.save', {
      id: 'half',
      name: 'Half',
      kind: 'kraken',
      apiKey: key.apiKey,
    })
    expect(onlyKey).toMatchObject({
      ok: false,
      error: {
        code: 'EREFUSED',
        message: 'Enter both the API key and its secret (or neither, to keep the saved ones)',
      },
    })
    const notB64 = await cmd('profiles.save', {
      id: 'half',
      name: 'Half',
      kind: 'kraken',
      apiKey: key.apiKey,
      apiSecret: 'abcdefghi',
    })
    expect(notB64).toMatchObject({
      ok: false,
      error: { message: 'The API secret is not valid: copy it again exactly as Kraken shows it' },
    })
    const badChars = await cmd('profiles.save', {
      id: 'half',
      name: 'Half',
      kind: 'kraken',
      apiKey: 'key with spaces',
      apiSecret: key.apiSecret,
    })
    expect(badChars).toMatchObject({ ok: false, error: { code: 'EBADREQ' } })
    const plainWs = await cmd('profiles.save', {
      id: 'half',
      name: 'Half',
      kind: 'custom',
      endpoints: { ...endpoints(), wsPublic: 'ws://example.com/v2' },
    })
    expect(plainWs).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('ws:// and http:// only on 127.0.0.1') },
    })
    const builtin = await cmd('profiles.save', { id: 'builtin', name: 'x', kind: 'kraken' })
    expect(builtin).toMatchObject({
      ok: false,
      error: { message: 'The built-in exchange profile cannot be changed' },
    })
    expect(await secrets.get('half/rest')).toBeNull()
  })

  it("a live Kraken profile gets Kraken's endpoints; activate, delete, and the current one is protected", async () => {
    const live = await cmd<ProfileView>('profiles.save', {
      id: 'live',
      name: 'Kraken live',
      kind: 'kraken',
      ...key,
    })
    expect((live as { result: ProfileView }).result.endpoints).toEqual({
      rest: 'https://api.kraken.com',
      wsPublic: 'wss://ws.kraken.com/v2',
      wsPrivate: 'wss://ws-auth.kraken.com/v2',
      wsL3: 'wss://ws-l3.kraken.com/v2',
    })
    const del = await cmd<ProfilesView>('profiles.delete', { id: 'live' })
    expect((del as { result: ProfilesView }).result.profiles.map((p) => p.id)).not.toContain('live')
    expect(await secrets.get('live/rest')).toBeNull()
    const current = await cmd('profiles.delete', { id: 'builtin' })
    expect(current).toMatchObject({
      ok: false,
      error: { message: 'The built-in exchange profile cannot be deleted' },
    })
    const act = await cmd<ProfilesView>('profiles.activate', { id: 'desk' })
    expect((act as { result: ProfilesView }).result).toMatchObject({ current: 'builtin', active: 'desk' })
  })

  it('no contract command or topic ever carries a secret, and none reaches the database or the log', async () => {
    for (const topic of Object.keys(topicSchemas)) {
      const params =
        topic === 'candles' || topic === 'trades' || topic === 'book' || topic === 'book.l3'
          ? { symbol: 'BTC/USD' }
          : {}
      session.receive({ k: 'sub', id: ++seq, topic, params })
    }
    // every read-only profile command, plus app.info (save and delete answered above)
    for (const name of ['app.info', 'profiles.check', 'profiles.activate'] as const)
      await cmd(name, name === 'app.info' ? {} : { id: 'desk' })
    // the profiles topic did arrive (waited for: its view may need a keyring round trip)
    await until(() => JSON.stringify(frames).includes(fingerprint(key.apiKey)), 'the profiles topic')
    const everything = JSON.stringify(frames)
    for (const s of [key.apiKey, key.apiSecret]) {
      expect(everything).not.toContain(s)
      expect(logs.join('\n')).not.toContain(s)
      for (const f of readdirSync(dataDir, { recursive: true, withFileTypes: true }))
        if (f.isFile())
          expect(readFileSync(join(f.parentPath, f.name)).includes(s), `${f.name} holds a secret`).toBe(false)
    }
    // the audit log has the save, with the secrets redacted
    const saved = core.audit.recent(200).find((a) => a.command === 'profiles.save')!
    expect(saved).toMatchObject({
      who: 'test window',
      payload: { apiKey: '[redacted]', apiSecret: '[redacted]' },
    })
  })

  it('the next start trades on the activated profile: its endpoints and keys, nothing else', async () => {
    const keymap = await cmd('keymap.set', {
      bindings: { ...core.keymap.view().bindings, 'ticket.buyAtBid': ['n'] },
    })
    expect(keymap.ok).toBe(true)
    await core.stop()
    core = new TridentCore({ host: 'loopback', version: 'test', dataDir, secrets, log: (l) => logs.push(l) })
    await core.start()
    await core.tradingReady
    expect(core.sim).toBeNull() // no built-in exchange this time
    expect(core.profile).toMatchObject({
      id: 'desk',
      rest: ep.rest,
      wsPrivate: ep.wsPrivate,
      credentials: key,
    })
    expect(core.profiles.view()).toMatchObject({ current: 'desk', active: 'desk' })
    await until(
      () => core.wsPrivate?.state === 'online' && core.fix?.state === 'online',
      'private links on the desk profile',
    )
    // the settings are the trader's, not the profile's
    expect(core.keymap.view().bindings['ticket.buyAtBid']).toEqual(['n'])
  })
})

describe('explainKeyError', () => {
  it('a lockout says the key is locked out and not to retry, with no retrying left to the trader', () => {
    expect(explainKeyError(new KrakenApiError(['EGeneral:Temporary lockout'], 'Balance'))).toBe(
      'Kraken has locked this API key out for a while after repeated invalid-key errors (Temporary lockout): do not test it again now — wait a few minutes (up to about 15), then check the key and secret',
    )
  })
  it('throttling says when to try again, in UTC', () => {
    // 1764533100 s = 2025-11-30 20:05:00 UTC
    expect(explainKeyError(new KrakenApiError(['EService: Throttled: 1764533100'], 'Balance'))).toBe(
      'Kraken is throttling this key (too many requests at once): the key itself may be fine; test it again after 2025-11-30 20:05:00 UTC',
    )
    expect(explainKeyError(new KrakenApiError(['EAPI:Rate limit exceeded'], 'Balance'))).toBe(
      'Kraken is rate-limiting this key (EAPI:Rate limit exceeded): the key itself may be fine; test it again in a minute',
    )
  })
  it('the key errors it knew keep their words', () => {
    expect(explainKeyError(new KrakenApiError(['EAPI:Invalid key'], 'Balance'))).toBe(
      'Kraken refused the API key (Invalid key): it is wrong or was revoked',
    )
  })
})
