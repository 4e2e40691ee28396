import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { enforceRecordingCap } from '../../../../src-main/store/recording/recordingCap'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A recordings folder with files of these sizes, last written at these times (s since epoch). */
function recordings(files: Record<string, [bytes: number, mtime: number]>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'trident-cap-test-')), 'recordings')
  dirs.push(root)
  for (const [rel, [bytes, mtime]] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(join(p, '..'), { recursive: true })
    writeFileSync(p, Buffer.alloc(bytes))
    utimesSync(p, mtime, mtime)
  }
  return root
}

describe('the recordings size cap', () => {
  it('deletes the oldest finished files until the rest fit, and the session folders left empty', async () => {
    const root = recordings({
      'monday/0001.trec.gz': [400, 1000],
      'monday/0002.trec.gz': [400, 1100],
      'tuesday/0001.trec.gz': [400, 2000],
      'tuesday/0002.trec.gz': [400, 2100],
      'notes.txt': [5000, 500],
    })
    // 1,600 bytes of recordings, cap 700: three files must go (the note is not a recording)
    const deleted = await enforceRecordingCap(root, 700, new Set())
    expect(deleted).toEqual([
      join(root, 'monday/0001.trec.gz'),
      join(root, 'monday/0002.trec.gz'),
      join(root, 'tuesday/0001.trec.gz'),
    ])
    expect(existsSync(join(root, 'monday'))).toBe(false)
    expect(readdirSync(join(root, 'tuesday'))).toEqual(['0002.trec.gz'])
    expect(existsSync(join(root, 'notes.txt'))).toBe(true)
  })

  it('never deletes a file still open, even the oldest', async () => {
    const root = recordings({
      'now/0001.trec.gz': [400, 1000],
      'old/0001.trec.gz': [400, 2000],
      'old/0002.trec.gz': [400, 3000],
    })
    const open = join(root, 'now/0001.trec.gz')
    expect(await enforceRecordingCap(root, 500, new Set([open]))).toEqual([
      join(root, 'old/0001.trec.gz'),
      join(root, 'old/0002.trec.gz'),
    ])
    expect(existsSync(open)).toBe(true)
  })

  it('within the cap nothing is touched; no recordings folder is no error', async () => {
    const root = recordings({ 'a/0001.trec.gz': [400, 1000] })
    expect(await enforceRecordingCap(root, 400, new Set())).toEqual([])
    expect(await enforceRecordingCap(join(root, 'missing'), 0, new Set())).toEqual([])
  })
})
