import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordingHeader } from '../../../../src-domain/recording'
import { readRecordingFile } from '../../../../src-main/store/recording/readRecording'
import {
  RecordingWriter,
  type RecordingWriterOptions,
} from '../../../../src-main/store/recording/RecordingWriter'
import { until } from '../../../helpers/until'

const HEADER: RecordingHeader = {
  trident: 'recording',
  v: 1,
  venue: 'builtin',
  started: '2026-12-01T06:00:00.000Z',
  channels: ['book', 'instrument'],
  symbols: ['BTC/USD'],
  depth: 25,
}

const dirs: string[] = []
const writers: RecordingWriter[] = []
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close()))
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'trident-rec-test-'))
  dirs.push(d)
  return join(d, 'recordings', 'session-1')
}

function writer(o: Partial<RecordingWriterOptions> & { folder: string }): RecordingWriter {
  const w = new RecordingWriter({
    header: () => HEADER,
    onError: (e) => {
      throw e
    },
    ...o,
  })
  writers.push(w)
  return w
}

/** a frame whose record line is exactly 100 bytes with a 19-digit time: 19 + tab + 79 + line break */
const frame100 = (i: number) =>
  `{"channel":"book","n":${String(i).padStart(4, '0')},"pad":"${'x'.repeat(43)}"}`

describe('RecordingWriter', () => {
  it('(the test frames make 100-byte lines)', () => {
    expect(`1000000000000000001\t${frame100(1)}\n`).toHaveLength(100)
  })

  it('writes the header, then each frame with its receive time, readable as it was written', async () => {
    const dir = folder()
    const w = writer({ folder: dir })
    expect(w.write(1_764_568_800_000_000_001n, '{"channel":"book","type":"snapshot"}')).toBe(true)
    expect(w.write(1_764_568_800_000_000_002n, '{"channel":"trade",\n"type":"update"}')).toBe(true)
    await w.close()
    expect(readdirSync(dir)).toEqual(['0001.trec.gz'])
    const { header, frames } = readRecordingFile(join(dir, '0001.trec.gz'))
    expect(header).toEqual(HEADER)
    expect(frames).toEqual([
      { recvNs: 1_764_568_800_000_000_001n, frame: '{"channel":"book","type":"snapshot"}' },
      // a raw line break inside a frame becomes a space (the format's one change to a frame)
      { recvNs: 1_764_568_800_000_000_002n, frame: '{"channel":"trade", "type":"update"}' },
    ])
    expect(w.frames).toBe(2)
    expect(w.files).toBe(1)
    expect(w.dropped).toBe(0)
    // the header line (151 bytes) and two record lines of 57
    expect(w.bytesRaw).toBe(151 + 57 + 57)
    expect(w.bytesCompressed).toBeGreaterThan(0)
  })

  it('says a new file is due past the rotation size; each file starts with the header', async () => {
    const dir = folder()
    const w = writer({ folder: dir, rotateRawBytes: 250 })
    for (let i = 0; i < 2; i++) w.write(BigInt(1e18) + BigInt(i), frame100(i))
    expect(w.newFileDue).toBe(false)
    w.write(BigInt(1e18) + 2n, frame100(2))
    // 300 bytes of records in the file: past 250
    expect(w.newFileDue).toBe(true)
    w.startNewFile()
    expect(w.newFileDue).toBe(false)
    w.write(BigInt(1e18) + 3n, frame100(3))
    await w.close()
    expect(readdirSync(dir).sort()).toEqual(['0001.trec.gz', '0002.trec.gz'])
    const one = readRecordingFile(join(dir, '0001.trec.gz'))
    const two = readRecordingFile(join(dir, '0002.trec.gz'))
    expect(one.header).toEqual(HEADER)
    expect(two.header).toEqual(HEADER)
    expect(one.frames.map((f) => f.frame)).toEqual([frame100(0), frame100(1), frame100(2)])
    expect(two.frames).toEqual([{ recvNs: 1_000_000_000_000_000_003n, frame: frame100(3) }])
    expect(w.files).toBe(2)
  })

  it('drops and counts what does not fit the buffer, and the next file starts after the gap', async () => {
    const dir = folder()
    // room for under 10 lines of 100 bytes (the header waits in zlib's queue too)
    const w = writer({ folder: dir, bufferBytes: 1000 })
    // a burst within one turn of the event loop: nothing reaches zlib before it ends
    for (let i = 0; i < 50; i++) w.write(BigInt(1e18) + BigInt(i), frame100(i))
    const accepted = w.frames
    expect(accepted).toBeGreaterThan(0)
    expect(accepted).toBeLessThan(10)
    expect(w.dropped).toBe(50 - accepted)
    // while the gap is open nothing more is written, even once there is room again
    await until(() => w.newFileDue, 'the backlog to drain')
    expect(w.write(BigInt(1e18) + 50n, frame100(50))).toBe(false)
    expect(w.dropped).toBe(51 - accepted)
    w.startNewFile()
    expect(w.gaps).toBe(1)
    expect(w.write(BigInt(1e18) + 51n, frame100(51))).toBe(true)
    await w.close()
    const one = readRecordingFile(join(dir, '0001.trec.gz'))
    const two = readRecordingFile(join(dir, '0002.trec.gz'))
    // the first file holds exactly the lines accepted before the drop, in order
    expect(one.frames.map((f) => f.frame)).toEqual(Array.from({ length: accepted }, (_, i) => frame100(i)))
    expect(two.frames.map((f) => f.frame)).toEqual([frame100(51)])
  })

  it('a file still open (as after a crash) reads up to the last timed flush', async () => {
    const dir = folder()
    let flushes = 0
    const w = writer({ folder: dir, flushMs: 20, onFlush: () => flushes++ })
    w.write(1_000_000_000_000_000_001n, frame100(1))
    w.write(1_000_000_000_000_000_002n, frame100(2))
    const after = flushes
    await until(() => flushes > after + 1 && w.bytesCompressed > 0, 'a flush to reach the disk')
    // the gzip stream is not ended: no trailer, as when the app dies
    const { header, frames } = readRecordingFile(join(dir, '0001.trec.gz'))
    expect(header).toEqual(HEADER)
    expect(frames.map((f) => f.recvNs)).toEqual([1_000_000_000_000_000_001n, 1_000_000_000_000_000_002n])
  })

  it('a folder that cannot be made is refused at once, in words', () => {
    const base = mkdtempSync(join(tmpdir(), 'trident-rec-test-'))
    dirs.push(base)
    writeFileSync(join(base, 'recordings'), 'a file where the folder should be')
    expect(() => writer({ folder: join(base, 'recordings', 'session-1') })).toThrow(/ENOTDIR|EEXIST/)
  })

  it('a disk error later stops the writer and says which file, in words', async () => {
    const dir = folder()
    const errors: string[] = []
    const w = writer({ folder: dir, onError: (e) => errors.push(e.message) })
    w.write(1_000_000_000_000_000_001n, frame100(1))
    rmSync(dir, { recursive: true })
    w.startNewFile()
    await until(() => errors.length > 0, 'the error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^could not write the recording file .*session-1\/0002\.trec\.gz: ENOENT/)
    expect(w.file).toBeNull()
    expect(w.write(1_000_000_000_000_000_002n, frame100(2))).toBe(false)
    expect(existsSync(dir)).toBe(false)
  })
})
