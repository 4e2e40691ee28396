import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Strictly increasing nonces for one API key, surviving restarts: the last nonce is kept in a
 * file so a restarted app never reuses or goes below it (Kraken rejects a nonce not above the
 * last it accepted, forever). Microsecond scale, so bursts within one millisecond still increase.
 */
export class NonceSource {
  private last: bigint

  constructor(
    private readonly file: string | null,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.last = 0n
    if (file) {
      try {
        this.last = BigInt(readFileSync(file, 'utf8').trim())
      } catch {
        // first run for this key
      }
    }
  }

  next(): string {
    const candidate = BigInt(this.nowMs()) * 1000n
    this.last = candidate > this.last ? candidate : this.last + 1n
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true })
      const tmp = `${this.file}.tmp`
      writeFileSync(tmp, this.last.toString())
      renameSync(tmp, this.file)
    }
    return this.last.toString()
  }
}
