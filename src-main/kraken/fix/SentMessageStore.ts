import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface SentRecord {
  seq: number
  msgType: string
  /** ms since epoch of the original send (OrigSendingTime on resend) */
  time: number
  /** the application object as given to jspurefix (no header) */
  obj: Record<string, unknown>
}

/**
 * Application messages we sent, by sequence number, appended to a JSON-lines file so a resend
 * after a restart still has the orders (jspurefix's own resender reads an in-memory store the
 * session never fills, and would gap-fill over them: an order silently lost).
 */
export class SentMessageStore {
  private readonly records = new Map<number, SentRecord>()

  constructor(private readonly file: string | null) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue
        try {
          const r = JSON.parse(line) as SentRecord
          this.records.set(r.seq, r)
        } catch {
          // a torn last line after a crash: everything before it is intact
        }
      }
    }
  }

  add(r: SentRecord): void {
    this.records.set(r.seq, r)
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true })
      appendFileSync(this.file, JSON.stringify(r) + '\n')
    }
  }

  all(): SentRecord[] {
    return [...this.records.values()].sort((a, b) => a.seq - b.seq)
  }

  /** Sequence numbers reset (new FIX day or explicit reset): forget everything. */
  clear(): void {
    this.records.clear()
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true })
      appendFileSync(this.file, '')
    }
  }
}
