import { join } from 'node:path'
import type { CommandRequest } from '../../../src-preload/contract/contract'
import type { ProfileEndpoints, ProfilesView, ProfileView } from '../../../src-preload/contract/types'
import { KrakenApiError, KrakenTransportError } from '../../kraken/rest/errors'
import { KrakenRestClient } from '../../kraken/rest/KrakenRestClient'
import { NonceSource } from '../../kraken/rest/NonceSource'
import type { CredentialStore } from '../../secrets/CredentialStore'
import type { ProfileRecord, ProfileRepo } from '../../store/ProfileRepo'
import type { SettingsRepo } from '../../store/SettingsRepo'
import { RefusedError } from '../../ipc/StreamHub'
import type { VenueProfile } from '../../kraken/VenueProfile'
import type { ReplaySpec } from '../../../src-domain/profiles'
import { findRecordings, listRecordings, shippedRecordingsDir } from './recordings'
import { ReplayProfiles } from './ReplayProfiles'

export const BUILTIN_PROFILE = 'builtin'
const ACTIVE_KEY = 'profile.active'

/** Kraken Spot production endpoints (docs.kraken.com); FIX hosts are given at onboarding. */
export const KRAKEN_LIVE: ProfileEndpoints = {
  rest: 'https://api.kraken.com',
  wsPublic: 'wss://ws.kraken.com/v2',
  wsPrivate: 'wss://ws-auth.kraken.com/v2',
  wsL3: 'wss://ws-l3.kraken.com/v2',
}

/** Kraken's Unified WebSocket, where derivatives trade (docs/kraken-derivatives.md §1.1). */
export const KRAKEN_UWS = {
  uwsPublic: 'wss://uws.kraken.com/v2/public',
  uwsPrivate: 'wss://uws.kraken.com/v2/private',
} as const

export interface ProfileServiceOptions {
  repo: ProfileRepo
  settings: SettingsRepo
  credentials: CredentialStore
  /** the profile this session trades on */
  current: string
  /** per-profile state (nonces, FIX sequence numbers); null = temporary */
  dataDir: string | null
  /** the app's shipped recordings (default: resources/recordings, found beside the code) */
  shippedRecordings?: string | null
  publish: () => void
}

/**
 * Credential profiles: the built-in exchange (always there, no keys) and any number of Kraken
 * (or custom-endpoint) profiles whose keys live in the OS keychain. Secrets come in through
 * `save` and go only to the keychain; everything this returns is safe for any renderer.
 */
export class ProfileService {
  private readonly status = new Map<string, NonNullable<ProfileView['status']>>()
  private store: ProfilesView['secretStore'] = { kind: '', available: false, detail: 'Checking…' }
  private readonly replays: ReplayProfiles

  constructor(private readonly o: ProfileServiceOptions) {
    this.store.kind = o.credentials.secrets.kind
    this.replays = new ReplayProfiles(o.settings, () => findRecordings(o.dataDir, this.shipped()))
  }

  private exists(id: string): boolean {
    return id === BUILTIN_PROFILE || this.o.repo.get(id) !== undefined || this.replays.get(id) !== undefined
  }

  /** Ask the secret store once whether it works here (a missing keychain is said on the profiles panel). */
  async probe(): Promise<void> {
    const p = await this.o.credentials.secrets.probe()
    this.store = { kind: this.o.credentials.secrets.kind, ...p }
    this.o.publish()
  }

  /** the profile this session trades on (set once by the core's start) */
  get current(): string {
    return this.o.current
  }

  setCurrent(id: string): void {
    this.o.current = id
  }

  get active(): string {
    const a = this.o.settings.get<string>(ACTIVE_KEY)
    return a && this.exists(a) ? a : BUILTIN_PROFILE
  }

  view(): ProfilesView {
    const builtin: ProfileView = {
      id: BUILTIN_PROFILE,
      name: 'Built-in exchange',
      kind: 'builtin',
      endpoints: null,
      tier: 'intermediate',
      keyFingerprint: null,
      fixFingerprint: null,
      status: { ok: true, detail: 'Simulated Kraken on this computer: no keys needed', at: 0 },
    }
    return {
      current: this.o.current,
      active: this.active,
      secretStore: this.store,
      profiles: [
        builtin,
        ...this.replays.all().map((r) => this.replayView(r)),
        ...this.o.repo.all().map((r) => this.toView(r)),
      ],
      recordings: this.recordings(),
    }
  }

  /** Recordings a replay profile can be made of (recorded here, then shipped), without their paths. */
  private recordings(): ProfilesView['recordings'] {
    return findRecordings(this.o.dataDir, this.shipped()).map(({ paths: _paths, ...view }) => view)
  }

  private shipped(): string | null {
    return this.o.shippedRecordings === undefined ? shippedRecordingsDir() : this.o.shippedRecordings
  }

  /** The files of every recording a replay profile practises on (the recorder's size cap keeps them). */
  replayRecordingPaths(): Set<string> {
    const used = new Set(this.replays.all().map((r) => r.recording))
    const found = listRecordings(this.o.dataDir, this.shipped()).filter((r) => used.has(r.name))
    return new Set(found.flatMap((r) => r.paths))
  }

  /** A replay profile: the built-in exchange replaying a recording, from a time, at a speed. */
  saveReplay(req: CommandRequest<'profiles.saveReplay'>): ProfileView {
    if (req.id === BUILTIN_PROFILE) throw new RefusedError('The built-in exchange profile cannot be changed')
    if (this.o.repo.get(req.id))
      throw new RefusedError(`"${req.id}" is a venue profile with keys: choose another name for the replay`)
    const record = this.replays.save(req)
    this.o.publish()
    return this.replays.view(record)
  }

  /** What a replay profile replays (null: not a replay profile, or its recording is gone). */
  replaySpec(id: string): ReplaySpec | null {
    return this.replays.spec(id)
  }

  isReplay(id: string): boolean {
    return this.replays.get(id) !== undefined
  }

  private toView(r: ProfileRecord): ProfileView {
    return { ...r, status: this.status.get(r.id) ?? null }
  }

  async save(req: CommandRequest<'profiles.save'>): Promise<ProfileView> {
    if (req.id === BUILTIN_PROFILE) throw new RefusedError('The built-in exchange profile cannot be changed')
    const prev = this.o.repo.get(req.id)
    const endpoints: ProfileEndpoints | undefined =
      req.kind === 'kraken'
        ? { ...KRAKEN_LIVE, ...(req.endpoints?.fix ? { fix: req.endpoints.fix } : {}) }
        : req.endpoints
    if (!endpoints) throw new RefusedError('A custom profile needs its REST and WebSocket addresses')
    const pair = (k?: string, s?: string, what = 'API') => {
      if ((k === undefined) !== (s === undefined))
        throw new RefusedError(
          `Enter both the ${what} key and its secret (or neither, to keep the saved ones)`,
        )
      if (s !== undefined && !isBase64(s))
        throw new RefusedError(`The ${what} secret is not valid: copy it again exactly as Kraken shows it`)
      return k !== undefined && s !== undefined ? { apiKey: k, apiSecret: s } : null
    }
    const rest = pair(req.apiKey, req.apiSecret)
    const fix = pair(req.fixApiKey, req.fixApiSecret, 'FIX')
    if ((rest || fix) && !this.store.available) throw new RefusedError(`Keys not saved: ${this.store.detail}`)
    const record: ProfileRecord = {
      id: req.id,
      name: req.name,
      kind: req.kind,
      endpoints,
      tier: req.tier ?? 'starter',
      keyFingerprint: prev?.keyFingerprint ?? null,
      fixFingerprint: prev?.fixFingerprint ?? null,
    }
    try {
      if (rest) record.keyFingerprint = await this.o.credentials.write(req.id, 'rest', rest)
      if (fix) record.fixFingerprint = await this.o.credentials.write(req.id, 'fix', fix)
    } catch (e) {
      throw new RefusedError(`Keys not saved: ${(e as Error).message}`)
    }
    this.o.repo.put(record)
    if (rest || fix) this.status.delete(req.id) // new keys: the old check no longer says anything
    this.o.publish()
    return this.toView(record)
  }

  async delete(id: string): Promise<ProfilesView> {
    if (id === BUILTIN_PROFILE) throw new RefusedError('The built-in exchange profile cannot be deleted')
    if (id === this.o.current)
      throw new RefusedError('Trident is trading on this profile now: activate another one and restart first')
    if (this.replays.get(id)) {
      // a replay profile has no keys: forgetting it is all there is
      this.replays.delete(id)
      if (this.o.settings.get<string>(ACTIVE_KEY) === id) this.o.settings.set(ACTIVE_KEY, BUILTIN_PROFILE)
      this.o.publish()
      return this.view()
    }
    if (!this.o.repo.get(id)) throw new RefusedError(`No profile "${id}"`)
    try {
      await this.o.credentials.remove(id)
    } catch (e) {
      throw new RefusedError(
        `Profile kept: its keys could not be deleted from the keychain: ${(e as Error).message}`,
      )
    }
    this.o.repo.delete(id)
    if (this.o.settings.get<string>(ACTIVE_KEY) === id) this.o.settings.set(ACTIVE_KEY, BUILTIN_PROFILE)
    this.status.delete(id)
    this.o.publish()
    return this.view()
  }

  activate(id: string): ProfilesView {
    if (!this.exists(id)) throw new RefusedError(`No profile "${id}"`)
    this.o.settings.set(ACTIVE_KEY, id)
    this.o.publish()
    return this.view()
  }

  /** Try the saved keys now: a private call that changes nothing (Balance). */
  async check(id: string): Promise<ProfileView> {
    const r = this.o.repo.get(id)
    if (!r)
      throw new RefusedError(
        id === BUILTIN_PROFILE || this.replays.get(id)
          ? 'The built-in exchange needs no keys'
          : `No profile "${id}"`,
      )
    let status: NonNullable<ProfileView['status']>
    try {
      const creds = await this.o.credentials.read(id, 'rest')
      if (!creds) status = { ok: false, detail: 'No API key saved for this profile', at: Date.now() }
      else {
        const client = new KrakenRestClient({
          baseUrl: r.endpoints.rest,
          credentials: creds,
          nonces: new NonceSource(this.nonceFile(id)),
          timeoutMs: 8000,
        })
        await client.private('Balance')
        status = { ok: true, detail: 'Kraken accepted the key', at: Date.now() }
      }
    } catch (e) {
      status = { ok: false, detail: explainKeyError(e), at: Date.now() }
    }
    this.status.set(id, status)
    this.o.publish()
    return this.toView(r)
  }

  /** Note what the venue said about a profile's keys while trading (e.g. revoked mid-session). */
  /** A replay profile as listed, unless this launch found its recording could not be replayed. */
  private replayView(r: Parameters<ReplayProfiles['view']>[0]): ProfileView {
    const v = this.replays.view(r)
    const noted = this.status.get(r.id)
    return noted && !noted.ok && v.status?.ok ? { ...v, status: noted } : v
  }

  noteStatus(id: string, ok: boolean, detail: string): void {
    this.status.set(id, { ok, detail, at: Date.now() })
    this.o.publish()
  }

  private nonceFile(id: string): string | null {
    return this.o.dataDir ? join(this.o.dataDir, 'profiles', id, 'rest.nonce') : null
  }

  /**
   * The venue profile to trade on, with credentials read from the keychain. A profile whose keys
   * cannot be read still starts (public data only) and says why on the profiles panel.
   */
  async resolve(id: string, tempDir: string): Promise<VenueProfile> {
    const r = this.o.repo.get(id)
    if (!r) throw new Error(`No profile "${id}"`)
    const dir = this.o.dataDir ? join(this.o.dataDir, 'profiles', id) : tempDir
    const p: VenueProfile = {
      id,
      kind: r.kind === 'kraken' ? 'kraken' : 'simulator',
      rest: r.endpoints.rest,
      wsPublic: r.endpoints.wsPublic,
      wsPrivate: r.endpoints.wsPrivate,
      tier: r.tier,
      dataDir: dir,
    }
    if (r.endpoints.wsL3) p.wsL3 = r.endpoints.wsL3
    // Kraken's derivatives live on its Unified WebSocket, reached with the same Spot key (§1.2)
    if (r.kind === 'kraken') Object.assign(p, KRAKEN_UWS)
    try {
      const rest = await this.o.credentials.read(id, 'rest')
      if (rest) p.credentials = rest
      else this.noteStatus(id, false, 'No API key saved: public market data only')
      const fix = await this.o.credentials.read(id, 'fix')
      if (r.endpoints.fix && (fix ?? rest)) {
        p.fix = { ...r.endpoints.fix }
        p.fixCredentials = fix ?? rest!
        // Kraken's Unified FIX: derivatives trade on port 4003 of the same host as spot's 4001,
        // with the SenderCompID's DRV suffix and the same key (docs/kraken-derivatives.md §1.3, §6)
        if (r.kind === 'kraken' && p.fix.port === 4001)
          p.fixDerivatives = { host: p.fix.host, port: 4003, senderCompId: `${p.fix.senderCompId}_DRV` }
      }
    } catch (e) {
      this.noteStatus(id, false, `Keys unavailable: ${(e as Error).message}`)
    }
    return p
  }
}

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(s) && s.length % 4 === 0
}

/** What a venue said about a key, in words a trader can act on. */
export function explainKeyError(e: unknown): string {
  if (e instanceof KrakenApiError) {
    if (e.is('EAPI:Invalid key'))
      return 'Kraken refused the API key (Invalid key): it is wrong or was revoked'
    if (e.is('EAPI:Invalid signature'))
      return 'Kraken refused the signature: the API secret does not match the key'
    if (e.is('EAPI:Invalid nonce'))
      return 'Kraken refused the nonce: another program uses this key, or the clock is off'
    if (e.is('EGeneral:Permission denied') || e.is('EAPI:Permission denied'))
      return 'The key works but lacks permission: enable "Query funds" and trading for it on Kraken'
    // testing again during a lockout only prolongs it (Kraken's docs: a few minutes; its SDK: ~15)
    if (e.isLockout)
      return 'Kraken has locked this API key out for a while after repeated invalid-key errors (Temporary lockout): do not test it again now — wait a few minutes (up to about 15), then check the key and secret'
    // throttled or rate-limited says nothing about the key: the trader should not go and replace it
    if (e.retryAt !== undefined)
      return `Kraken is throttling this key (too many requests at once): the key itself may be fine; test it again after ${utc(e.retryAt)}`
    if (e.isRateLimit)
      return `Kraken is rate-limiting this key (${e.errors.join('; ')}): the key itself may be fine; test it again in a minute`
    return `Kraken answered: ${e.errors.join('; ')}`
  }
  if (e instanceof KrakenTransportError) return `Could not reach the venue: ${e.message}`
  return (e as Error).message
}

/** "2025-11-30 20:05:00 UTC": a time the trader reads, whatever the machine's zone. */
function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC')
}
