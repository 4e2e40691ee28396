import { useEffect, useState, type FormEvent } from 'react'
import type { CommandRequest } from '../../src-preload/contract/contract'
import type { ProfilesView } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { profileId } from './profileId'
import { ReplayRecordings } from './ReplayRecordings'

type SaveRequest = CommandRequest<'profiles.save'>

/** Longest text a profile field keeps (Kraken's API secret is 88 characters). */
const PROFILE_FIELD_MAX = 256

const EMPTY = {
  name: '',
  kind: 'kraken' as 'kraken' | 'custom',
  tier: 'starter' as 'starter' | 'intermediate' | 'pro',
  rest: '',
  wsPublic: '',
  wsPrivate: '',
  fixHost: '',
  fixPort: '',
  senderCompId: '',
  apiKey: '',
  apiSecret: '',
  fixApiKey: '',
  fixApiSecret: '',
}

/**
 * Venue profiles: where Trident trades and with which keys. Keys typed here go once to main,
 * which stores them in the OS keychain; this window never receives them back, only a
 * fingerprint to tell keys apart. Switching profile takes effect at the next start.
 */
export function ProfilesOverlay({ onClose }: { onClose: () => void }) {
  const [view, setView] = useState<ProfilesView | null>(null)
  const [form, setForm] = useState(EMPTY)
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  useEffect(() => getBridge().subscribe('profiles', {}, setView), [])

  const act = (what: string, run: () => Promise<string>): void => {
    setBusy(what)
    run()
      .then((text) => setSaid({ ok: true, text }))
      .catch((e: unknown) => setSaid({ ok: false, text: (e as Error).message }))
      .finally(() => setBusy(null))
  }

  const save = (e: FormEvent): void => {
    e.preventDefault()
    const req: SaveRequest = {
      id: profileId(form.name),
      name: form.name.trim(),
      kind: form.kind,
      tier: form.tier,
    }
    if (form.kind === 'custom') {
      req.endpoints = {
        rest: form.rest.trim(),
        wsPublic: form.wsPublic.trim(),
        wsPrivate: form.wsPrivate.trim(),
      }
    }
    if (form.fixHost.trim()) {
      const fix = {
        host: form.fixHost.trim(),
        port: Number(form.fixPort),
        senderCompId: form.senderCompId.trim(),
      }
      req.endpoints = { ...(req.endpoints ?? { rest: '', wsPublic: '', wsPrivate: '' }), fix }
      if (form.kind === 'kraken')
        req.endpoints = {
          rest: 'https://api.kraken.com',
          wsPublic: 'wss://ws.kraken.com/v2',
          wsPrivate: 'wss://ws-auth.kraken.com/v2',
          fix,
        }
    }
    if (form.apiKey || form.apiSecret)
      Object.assign(req, { apiKey: form.apiKey.trim(), apiSecret: form.apiSecret.trim() })
    if (form.fixApiKey || form.fixApiSecret)
      Object.assign(req, { fixApiKey: form.fixApiKey.trim(), fixApiSecret: form.fixApiSecret.trim() })
    act('save', async () => {
      const p = await getBridge().invoke('profiles.save', req)
      // the secrets leave this window's memory as soon as main has them
      setForm((f) => ({ ...f, apiKey: '', apiSecret: '', fixApiKey: '', fixApiSecret: '' }))
      return `Saved "${p.name}"${p.keyFingerprint ? `: key ${p.keyFingerprint} is in the OS keychain` : ''}`
    })
  }

  const field = (k: keyof typeof EMPTY, label: string, type = 'text', placeholder = '') => (
    <label className="profile-field">
      <span>{label}</span>
      <input
        type={type}
        value={form[k]}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setForm({ ...form, [k]: e.target.value.slice(0, PROFILE_FIELD_MAX) })}
        maxLength={PROFILE_FIELD_MAX}
        data-testid={`profile-${k}`}
      />
    </label>
  )

  return (
    <div className="overlay" role="dialog" aria-label="Venue profiles" data-testid="profiles-overlay">
      <div className="overlay-box profiles-box">
        <h2>Venue profiles</h2>
        {view && (
          <p className={view.secretStore.available ? 'muted' : 'problems'} data-testid="secret-store">
            Keys: {view.secretStore.detail}
          </p>
        )}
        <table className="profiles-table">
          <thead>
            <tr>
              <th>Profile</th>
              <th>API key</th>
              <th>FIX key</th>
              <th>Keys checked</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {view?.profiles.map((p) => (
              <tr key={p.id} data-testid={`profile-row-${p.id}`}>
                <td>
                  <b>{p.name}</b>{' '}
                  <span className="muted">
                    {p.kind === 'builtin'
                      ? 'simulated'
                      : p.kind === 'kraken'
                        ? 'Kraken live'
                        : p.kind === 'replay'
                          ? `practice${p.replay?.speed ? ` at ${p.replay.speed === 'max' ? 'max speed' : `${p.replay.speed}×`}` : ''}`
                          : p.endpoints?.rest}
                  </span>
                  {view.current === p.id && <span className="badge live">trading now</span>}
                  {view.active === p.id && view.current !== p.id && (
                    <span className="badge next">next start</span>
                  )}
                </td>
                <td className="mono">
                  {p.keyFingerprint ?? (p.kind === 'builtin' || p.kind === 'replay' ? '—' : 'none')}
                </td>
                <td className="mono">{p.fixFingerprint ?? '—'}</td>
                <td
                  className={p.status ? (p.status.ok ? 'ok' : 'problems') : 'muted'}
                  data-testid={`profile-status-${p.id}`}
                >
                  {p.status?.detail ?? 'not checked'}
                </td>
                <td className="profile-actions">
                  {p.kind !== 'builtin' && p.kind !== 'replay' && (
                    <button
                      disabled={busy !== null}
                      onClick={() =>
                        act(
                          'check',
                          async () =>
                            (await getBridge().invoke('profiles.check', { id: p.id })).status?.detail ?? '',
                        )
                      }
                      data-testid={`profile-check-${p.id}`}
                    >
                      {busy === 'check' ? 'Checking…' : 'Check keys'}
                    </button>
                  )}
                  {view.active !== p.id && (
                    <button
                      onClick={() =>
                        act('activate', async () => {
                          await getBridge().invoke('profiles.activate', { id: p.id })
                          return `Trident trades on "${p.name}" from its next start`
                        })
                      }
                      data-testid={`profile-activate-${p.id}`}
                    >
                      Use from next start
                    </button>
                  )}
                  {p.kind !== 'builtin' && view.current !== p.id && (
                    <button
                      onClick={() =>
                        act('delete', async () => {
                          await getBridge().invoke('profiles.delete', { id: p.id })
                          return p.kind === 'replay'
                            ? `Deleted "${p.name}"`
                            : `Deleted "${p.name}" and its keys`
                        })
                      }
                      data-testid={`profile-delete-${p.id}`}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {view && <ReplayRecordings view={view} busy={busy !== null} act={(run) => act('replay', run)} />}
        <form className="profile-form" onSubmit={save} data-testid="profile-form">
          <h3>Add or update a profile</h3>
          <div className="profile-grid">
            {field('name', 'Name', 'text', 'Kraken live')}
            <label className="profile-field">
              <span>Venue</span>
              <select
                value={form.kind}
                onChange={(e) => setForm({ ...form, kind: e.target.value as 'kraken' | 'custom' })}
                data-testid="profile-kind"
              >
                <option value="kraken">Kraken (live endpoints)</option>
                <option value="custom">Custom endpoints (UAT, a standalone simulator)</option>
              </select>
            </label>
            <label className="profile-field">
              <span>Kraken tier</span>
              <select
                value={form.tier}
                onChange={(e) => setForm({ ...form, tier: e.target.value as typeof form.tier })}
              >
                <option value="starter">Starter</option>
                <option value="intermediate">Intermediate</option>
                <option value="pro">Pro</option>
              </select>
            </label>
            {form.kind === 'custom' && (
              <>
                {field('rest', 'REST', 'text', 'https://… or http://127.0.0.1:…')}
                {field('wsPublic', 'WebSocket public', 'text', 'wss://…')}
                {field('wsPrivate', 'WebSocket private', 'text', 'wss://…')}
              </>
            )}
            {field('fixHost', 'FIX host (optional)', 'text', 'given at onboarding')}
            {field('fixPort', 'FIX port', 'text', '4001')}
            {field('senderCompId', 'FIX SenderCompID')}
            {field('apiKey', 'API key', 'password')}
            {field('apiSecret', 'API secret', 'password')}
            {field('fixApiKey', 'FIX API key (optional)', 'password')}
            {field('fixApiSecret', 'FIX API secret', 'password')}
          </div>
          <p className="muted">
            Keys go once to Trident's main process and into the OS keychain; no window ever receives them
            back. Leave them empty to keep the saved ones.
          </p>
          <div className="profile-buttons">
            <button type="submit" disabled={!form.name.trim() || busy !== null} data-testid="profile-save">
              {busy === 'save' ? 'Saving…' : 'Save profile'}
            </button>
            <button type="button" onClick={onClose}>
              Close <kbd>Esc</kbd>
            </button>
          </div>
        </form>
        {said && (
          <p className={said.ok ? 'ok' : 'problems'} role="status" data-testid="profile-said">
            {said.text}
          </p>
        )}
      </div>
    </div>
  )
}
