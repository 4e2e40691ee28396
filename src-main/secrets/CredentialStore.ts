import { createHash } from 'node:crypto'
import type { SecretStore } from './SecretStore'

export interface ApiCredentials {
  apiKey: string
  apiSecret: string
}

export type CredentialUse = 'rest' | 'fix'

/**
 * A profile's API credentials in a SecretStore: one entry per profile and use (REST+WS, FIX),
 * JSON of key and secret. Main reads them only where it signs; anything shown to a trader or
 * stored elsewhere is the fingerprint.
 */
export class CredentialStore {
  constructor(readonly secrets: SecretStore) {}

  private account(profile: string, use: CredentialUse): string {
    return `${profile}/${use}`
  }

  async read(profile: string, use: CredentialUse): Promise<ApiCredentials | null> {
    const raw = await this.secrets.get(this.account(profile, use))
    if (!raw) return null
    try {
      const v = JSON.parse(raw) as Partial<ApiCredentials>
      return typeof v.apiKey === 'string' && typeof v.apiSecret === 'string'
        ? { apiKey: v.apiKey, apiSecret: v.apiSecret }
        : null
    } catch {
      return null
    }
  }

  /** Save (or rotate) and return the key's fingerprint. */
  async write(profile: string, use: CredentialUse, c: ApiCredentials): Promise<string> {
    await this.secrets.set(this.account(profile, use), JSON.stringify(c))
    return fingerprint(c.apiKey)
  }

  async remove(profile: string): Promise<void> {
    await this.secrets.delete(this.account(profile, 'rest'))
    await this.secrets.delete(this.account(profile, 'fix'))
  }
}

/** 12 hex digits of SHA-256 of the API key, grouped: enough to tell keys apart, useless to an attacker. */
export function fingerprint(apiKey: string): string {
  const h = createHash('sha256').update(apiKey).digest('hex').slice(0, 12)
  return `${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}`
}
