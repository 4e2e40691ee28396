import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RecordingReader } from '../../../../src-main/sim/replay/RecordingReader'
import { writeRecording } from './replayKit'

const dir = mkdtempSync(join(tmpdir(), 'trident-reader-'))

async function readAll(files: string[]): Promise<{ r: RecordingReader; frames: [string, string][] }> {
  const r = new RecordingReader(files)
  const frames: [string, string][] = []
  for await (const b of r.batches()) for (const f of b) frames.push([f.recvNs.toString(), f.frame])
  return { r, frames }
}

const lines = (n: number): [bigint, string][] =>
  Array.from({ length: n }, (_, i) => [
    1_764_568_800_000_000_000n + BigInt(i) * 1000n,
    `{"channel":"heartbeat","n":${i}}`,
  ])

describe('RecordingReader', () => {
  it('reads the header and every record of rotated files, in order', async () => {
    const a = join(dir, 'a.trec.gz')
    const b = join(dir, 'b.trec.gz')
    writeRecording(a, lines(3))
    writeRecording(b, [[1_764_568_801_000_000_000n, '{"channel":"heartbeat"}']])
    const { r, frames } = await readAll([a, b])
    expect(r.header?.venue).toBe('builtin')
    expect(frames).toEqual([
      ['1764568800000000000', '{"channel":"heartbeat","n":0}'],
      ['1764568800000001000', '{"channel":"heartbeat","n":1}'],
      ['1764568800000002000', '{"channel":"heartbeat","n":2}'],
      ['1764568801000000000', '{"channel":"heartbeat"}'],
    ])
    expect(r.ends).toEqual([
      { file: a, lines: 4, truncated: null },
      { file: b, lines: 2, truncated: null },
    ])
  })

  it('a file cut short by a crash: keeps every whole record and says where it ended', async () => {
    const full = join(dir, 'full.trec.gz')
    const gz = writeRecording(full, lines(2000))
    const cut = join(dir, 'cut.trec.gz')
    // no gzip trailer and the deflate stream stops mid-block, as a killed recorder leaves it
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)))
    const { r, frames } = await readAll([cut])
    expect(frames.length).toBeGreaterThan(100)
    expect(frames.length).toBeLessThan(2000)
    // the records read are the first ones, whole and in order
    frames.forEach(([, f], i) => expect(f).toBe(`{"channel":"heartbeat","n":${i}}`))
    expect(r.ends[0]!.lines).toBe(frames.length + 1)
    expect(r.ends[0]!.truncated).toBe(
      `${cut}: the last record (line ${frames.length + 2}) is cut short, as a crash leaves it; it is left out`,
    )
  })

  it('refuses a file that is not a recording, in words', async () => {
    const plain = join(dir, 'plain.txt')
    writeFileSync(plain, 'hello\n')
    await expect(readAll([plain])).rejects.toThrow(`${plain} is not a gzip'd recording`)
    const other = join(dir, 'other.gz')
    writeFileSync(other, (await import('node:zlib')).gzipSync('{"some":"json"}\n1\tx\n'))
    await expect(readAll([other])).rejects.toThrow(
      'not a Trident recording: the header does not say "recording"',
    )
  })
})
