import { closeSync, ftruncateSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs'
import type { SentRecord } from '../core/fix/SentMessageStore'
import type { TrackedOrder } from '../core/orders/OrderTracker'
import type { Db } from './TridentDb'

/**
 * What must be on disk before bytes leave for the venue: a new order (of profile p), or a FIX
 * message with the numbers it leaves (of session s), or a FIX sequence reset.
 */
export type SendLogRecord =
  | { k: 'order'; p: string; o: Omit<TrackedOrder, 'fills'> }
  | { k: 'fix'; p: string; s: string; r: SentRecord; n: number; l: number }
  | { k: 'fix-clear'; p: string; s: string }

/** Above this the log is emptied, once every record in it is in SQLite. */
const TRUNCATE_AT = 4 * 1024 * 1024

/**
 * The journal's write-ahead file for the order path (issue 20). An order, and a FIX message with
 * the sequence number it takes, must be on disk before their bytes leave; a SQLite commit costs
 * ~145 µs on a CPU that has idled since the last order, one line appended to this file about half
 * of that (~72 µs, `npm run bench -- --order-path`). So the line is written before the send and the same record is committed to
 * SQLite right after it (a microtask: before any I/O callback, so no reply or resend request can
 * find it missing). Durability is the same as the WAL database's with synchronous=NORMAL: both
 * are in the OS page cache when the call returns, so both survive a crash of the app, neither a
 * power cut. A record whose commit did not run (a crash in between) is committed at the next
 * start (`openStore`), before anything reads the journal.
 */
export class SendLog {
  private size: number
  /** commits scheduled and not yet run */
  private pending = 0
  /** a commit failed: its record is only here until the next start, so the file is kept */
  private failed = false
  private closed = false

  private constructor(
    private readonly fd: number,
    private readonly say: (line: string) => void,
  ) {
    this.size = fstatSync(fd).size
  }

  static open(file: string, say: (line: string) => void): SendLog {
    return new SendLog(openSync(file, 'a+'), say)
  }

  /**
   * Every whole record in the file, oldest first. A last line cut short (a power cut mid-write)
   * is left out and said: its send cannot have started, as the write comes first.
   */
  records(): SendLogRecord[] {
    const text = readFileSync(this.fd, 'utf8')
    const out: SendLogRecord[] = []
    const lines = text.split('\n')
    lines.forEach((line, i) => {
      if (line === '') return
      try {
        out.push(JSON.parse(line) as SendLogRecord)
      } catch {
        this.say(`journal: send log line ${i + 1} is cut short and was left out (${line.length} bytes)`)
      }
    })
    return out
  }

  /**
   * Write the record (returns once it is in the OS's hands), then commit it to SQLite right after.
   * A string is the record already written as JSON text (one line).
   */
  append(record: SendLogRecord | string, commit: () => void): void {
    // a closed file's descriptor may already be another file's: refuse in words instead
    if (this.closed) throw new Error('The order journal is closed: nothing can be sent now')
    const line = `${typeof record === 'string' ? record : JSON.stringify(record)}\n`
    const written = writeSync(this.fd, line)
    // the OS may take part of a write (interrupted, the disk nearly full): the rest follows, or
    // the write throws and the order is not sent. A cut line would be dropped at the next start.
    const bytes = Buffer.byteLength(line)
    if (written < bytes) this.writeRest(Buffer.from(line), written)
    this.size += bytes
    this.pending++
    queueMicrotask(() => {
      try {
        commit()
      } catch (e) {
        this.failed = true
        this.say(
          `journal: could not commit a send log record to the database (${(e as Error).message}); ` +
            'the send log keeps it and the next start commits it',
        )
      } finally {
        this.pending--
        if (this.pending === 0 && !this.failed && this.size > TRUNCATE_AT) this.truncate()
      }
    })
  }

  private writeRest(bytes: Buffer, from: number): void {
    for (let at = from; at < bytes.length;) at += writeSync(this.fd, bytes, at)
  }

  /** Some record in the file is not in SQLite (a replay could not commit it): never empty it. */
  keep(): void {
    this.failed = true
  }

  /** Everything in the file is in SQLite: start it again empty. */
  truncate(): void {
    ftruncateSync(this.fd, 0)
    this.size = 0
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
  }
}

/** The send log of each open journal database (none for an in-memory one). */
const logs = new WeakMap<Db, SendLog>()

export function sendLogOf(db: Db): SendLog | null {
  return logs.get(db) ?? null
}

export function attachSendLog(db: Db, log: SendLog): void {
  logs.set(db, log)
}
