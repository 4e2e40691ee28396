import type { ProfileEndpoints, ProfileKind, RateTier } from '../../src-domain/profiles'
import type { Db } from './TridentDb'

export interface ProfileRecord {
  id: string
  name: string
  kind: Exclude<ProfileKind, 'builtin'>
  endpoints: ProfileEndpoints
  tier: RateTier
  keyFingerprint: string | null
  fixFingerprint: string | null
}

interface Row {
  id: string
  name: string
  kind: ProfileRecord['kind']
  endpoints: string
  tier: ProfileRecord['tier']
  key_fingerprint: string | null
  fix_fingerprint: string | null
}

/** Profiles as stored: endpoints and fingerprints only (the secrets are in the OS keychain). */
export class ProfileRepo {
  constructor(private readonly db: Db) {}

  all(): ProfileRecord[] {
    return (this.db.prepare('SELECT * FROM profiles ORDER BY created_at, id').all() as Row[]).map(fromRow)
  }

  get(id: string): ProfileRecord | undefined {
    const r = this.db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as Row | undefined
    return r ? fromRow(r) : undefined
  }

  put(p: ProfileRecord): void {
    const now = Date.now()
    this.db
      .prepare(
        `INSERT INTO profiles (id, name, kind, endpoints, tier, key_fingerprint, fix_fingerprint, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
           endpoints = excluded.endpoints, tier = excluded.tier, key_fingerprint = excluded.key_fingerprint,
           fix_fingerprint = excluded.fix_fingerprint, updated_at = excluded.updated_at`,
      )
      .run(
        p.id,
        p.name,
        p.kind,
        JSON.stringify(p.endpoints),
        p.tier,
        p.keyFingerprint,
        p.fixFingerprint,
        now,
        now,
      )
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0
  }
}

function fromRow(r: Row): ProfileRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    endpoints: JSON.parse(r.endpoints) as ProfileEndpoints,
    tier: r.tier,
    keyFingerprint: r.key_fingerprint,
    fixFingerprint: r.fix_fingerprint,
  }
}
