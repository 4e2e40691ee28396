import type * as nodeFs from 'node:fs'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { SendLog } from '../../../src-main/store/SendLog'

// the OS takes only part of a write now and then: each first write here is cut to 7 bytes
const short = vi.hoisted(() => ({ on: false }))
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof nodeFs>()
  const writeSync = ((fd: number, data: string | Buffer, ...rest: unknown[]): number => {
    if (short.on && typeof data === 'string') return fs.writeSync(fd, Buffer.from(data), 0, 7)
    return (fs.writeSync as (...a: unknown[]) => number)(fd, data, ...rest)
  }) as typeof fs.writeSync
  return { ...fs, default: { ...fs, writeSync }, writeSync }
})

describe('SendLog: a write the OS takes only part of', () => {
  it('writes the rest, so the line is whole on disk before the send', () => {
    const d = mkdtempSync(join(tmpdir(), 'trident-sendlog-short-'))
    const file = join(d, 'trident.db.sendlog')
    const log = SendLog.open(file, () => undefined)
    short.on = true
    log.append('{"k":"fix-clear","p":"sim","s":"TRIDENT-KRAKEN-TRD"}', () => undefined)
    log.append('{"k":"fix-clear","p":"sim","s":"TRIDENT_DRV-KRAKEN-DRV-TRD"}', () => undefined)
    short.on = false
    expect(readFileSync(file, 'utf8')).toBe(
      '{"k":"fix-clear","p":"sim","s":"TRIDENT-KRAKEN-TRD"}\n' +
        '{"k":"fix-clear","p":"sim","s":"TRIDENT_DRV-KRAKEN-DRV-TRD"}\n',
    )
    // and the next start reads both records
    expect(SendLog.open(file, () => undefined).records()).toEqual([
      { k: 'fix-clear', p: 'sim', s: 'TRIDENT-KRAKEN-TRD' },
      { k: 'fix-clear', p: 'sim', s: 'TRIDENT_DRV-KRAKEN-DRV-TRD' },
    ])
  })
})
