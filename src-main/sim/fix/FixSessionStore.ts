import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What a FIX session must remember across reconnects (and, with a directory, across restarts). */
export interface FixSessionState {
  nextIn: number
  nextOut: number
  /** outgoing application messages by sequence number: type, body fields, original sending time */
  sent: Record<number, { type: string; body: [number, string][]; sendingTime: string }>
}

const KEEP = 10_000

/** Sequence numbers and the resend store of each FIX session, optionally persisted as JSON files. */
export class FixSessionStore {
  private readonly states = new Map<string, FixSessionState>()

  constructor(private readonly dir?: string) {
    if (dir) mkdirSync(dir, { recursive: true })
  }

  private file(id: string): string {
    return join(this.dir!, `${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`)
  }

  get(id: string): FixSessionState {
    let s = this.states.get(id)
    if (s) return s
    if (this.dir && existsSync(this.file(id)))
      s = JSON.parse(readFileSync(this.file(id), 'utf8')) as FixSessionState
    s ??= { nextIn: 1, nextOut: 1, sent: {} }
    this.states.set(id, s)
    return s
  }

  reset(id: string): void {
    this.states.set(id, { nextIn: 1, nextOut: 1, sent: {} })
    this.save(id)
  }

  recordSent(id: string, seq: number, type: string, body: [number, string][], sendingTime: string): void {
    const s = this.get(id)
    s.sent[seq] = { type, body, sendingTime }
    delete s.sent[seq - KEEP]
  }

  save(id: string): void {
    if (!this.dir) return
    const tmp = this.file(id) + '.tmp'
    writeFileSync(tmp, JSON.stringify(this.get(id)))
    renameSync(tmp, this.file(id))
  }
}
