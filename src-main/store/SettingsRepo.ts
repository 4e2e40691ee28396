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
    this.upsertJson('settings', 'key', 'value', key, value)
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key)
  }

  saveWorkspace(name: string, layout: unknown): void {
    this.upsertJson('workspaces', 'name', 'layout', name, layout)
  }

  /** One JSON document by key, replaced whole (table and column names are ours, never input). */
  private upsertJson(
    table: 'settings' | 'workspaces',
    keyColumn: string,
    valueColumn: string,
    key: string,
    value: unknown,
  ): void {
    this.db
      .prepare(
        `INSERT INTO ${table} (${keyColumn}, ${valueColumn}, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (${keyColumn}) DO UPDATE SET ${valueColumn} = excluded.${valueColumn}, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), Date.now())
  }

  workspace(name: string): unknown {
    const r = this.db.prepare('SELECT layout FROM workspaces WHERE name = ?').get(name) as
      { layout: string } | undefined
    return r ? (JSON.parse(r.layout) as unknown) : undefined
  }

  /** true when a workspace of that name existed */
  deleteWorkspace(name: string): boolean {
    return this.db.prepare('DELETE FROM workspaces WHERE name = ?').run(name).changes > 0
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
