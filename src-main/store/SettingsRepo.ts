import type { Db } from './TridentDb'

/**
 * Settings (keymap, active profile, risk limits …), saved workspaces and the instruments cache:
 * small JSON documents by key. Nothing secret is ever written here.
 */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  get<T>(key: string): T | undefined {
    const r = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined
    return r ? (JSON.parse(r.value) as T) : undefined
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), Date.now())
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key)
  }

  saveWorkspace(name: string, layout: unknown): void {
    this.db
      .prepare(
        `INSERT INTO workspaces (name, layout, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET layout = excluded.layout, updated_at = excluded.updated_at`,
      )
      .run(name, JSON.stringify(layout), Date.now())
  }

  workspace(name: string): unknown {
    const r = this.db.prepare('SELECT layout FROM workspaces WHERE name = ?').get(name) as
      { layout: string } | undefined
    return r ? (JSON.parse(r.layout) as unknown) : undefined
  }

  workspaces(): string[] {
    return (this.db.prepare('SELECT name FROM workspaces ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    )
  }

  /** Reference data as last fetched for a profile: lets the app start while REST is down. */
  saveInstruments(profile: string, pairs: unknown, assets: unknown): void {
    this.db
      .prepare(
        `INSERT INTO instruments (profile, pairs, assets, fetched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (profile) DO UPDATE SET pairs = excluded.pairs, assets = excluded.assets,
           fetched_at = excluded.fetched_at`,
      )
      .run(profile, JSON.stringify(pairs), JSON.stringify(assets), Date.now())
  }

  instruments(profile: string): { pairs: unknown; assets: unknown; fetchedAt: number } | undefined {
    const r = this.db.prepare('SELECT * FROM instruments WHERE profile = ?').get(profile) as
      { pairs: string; assets: string; fetched_at: number } | undefined
    return r
      ? {
          pairs: JSON.parse(r.pairs) as unknown,
          assets: JSON.parse(r.assets) as unknown,
          fetchedAt: r.fetched_at,
        }
      : undefined
  }
}
