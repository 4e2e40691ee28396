import { readFileSync } from 'node:fs'
import { constants, gunzipSync } from 'node:zlib'
import {
  parseHeader,
  parseRecord,
  type RecordedFrame,
  type RecordingHeader,
} from '../../../src-domain/recording'

/**
 * A whole recording file in memory: its header and its records. A file cut short (the app died
 * while writing) reads up to its last flush: the inflate stops at the missing end instead of
 * failing, and a last line cut in half is left out.
 */
export function readRecordingFile(path: string): { header: RecordingHeader; frames: RecordedFrame[] } {
  const text = gunzipSync(readFileSync(path), { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8')
  const lines = text.split('\n')
  // what follows the last line break is a line the flush did not complete (or nothing)
  lines.pop()
  if (lines.length === 0) throw new Error(`${path}: no header (the file is empty)`)
  const header = parseHeader(lines[0]!)
  const frames = lines.slice(1).map((l, i) => parseRecord(l, i + 2))
  return { header, frames }
}
