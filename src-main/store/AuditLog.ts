import { redact } from './redact'
import type { Db } from './TridentDb'

export interface AuditEntry {
  at: number
  /** which window or tool issued it, e.g. "loopback:session-3" */
  who: string
  command: string
  payload: unknown
  /** "ok" or the refusal/error the trader saw */
  outcome: string
  profile?: string
}

/** Every command a renderer sent, who sent it, when, what (secrets redacted) and what came of it. */
export class AuditLog {
  private readonly insert

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO audit (at, who, command, payload, outcome, profile) VALUES (?, ?, ?, ?, ?, ?)',
    )
  }

  record(e: AuditEntry): void {
    this.insert.run(
      e.at,
      e.who,
      e.command,
      JSON.stringify(redact(e.payload) ?? null),
      e.outcome.slice(0, 500),
      e.profile ?? null,
    )
  }

  recent(limit = 100): AuditEntry[] {
    return (
      this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit) as {
        at: number
        who: string
        command: string
        payload: string
        outcome: string
        profile: string | null
      }[]
    ).map((r) => ({
      at: r.at,
      who: r.who,
      command: r.command,
      payload: JSON.parse(r.payload) as unknown,
      outcome: r.outcome,
      ...(r.profile ? { profile: r.profile } : {}),
    }))
  }
}
