/**
 * Streams the records of a Trident recording (one file or a rotated set, in time order): gunzip,
 * split into lines, header first. A recorder that crashed leaves a gzip stream without its end
 * and often a last line cut in half: the reader keeps every whole record, drops the partial one,
 * and says in `ends` where each file stopped and why, instead of failing the whole replay.
 */
import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { constants, createGunzip } from 'node:zlib'
import {
  parseHeader,
  parseRecord,
  RecordingFormatError,
  type RecordedFrame,
  type RecordingHeader,
} from '../../../src-domain/recording'

export interface FileEnd {
  file: string
  /** whole record lines read, the header included */
  lines: number
  /** null when the file ended cleanly; else, in words, where and why it stopped */
  truncated: string | null
}

/** Records handed out per batch: a batch per await keeps the reading loop cheap. */
const BATCH = 512

export class RecordingReader {
  /** the first file's header (set once the first line is read) */
  header: RecordingHeader | null = null
  readonly ends: FileEnd[] = []

  constructor(private readonly files: readonly string[]) {
    if (files.length === 0) throw new RecordingFormatError('a replay needs at least one recording file')
  }

  /** Every record of every file, in batches, in file order. Throws for a file that is not a recording. */
  async *batches(): AsyncGenerator<RecordedFrame[]> {
    for (const file of this.files) yield* this.fileBatches(file)
  }

  private async *fileBatches(file: string): AsyncGenerator<RecordedFrame[]> {
    // Z_SYNC_FLUSH: a stream cut short (crash, full disk) gives what it holds instead of an error
    const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })
    const source = createReadStream(file)
    source.on('error', (e) => gunzip.destroy(e))
    source.pipe(gunzip)
    const decoder = new StringDecoder('utf8')
    const iterator = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    try {
      yield* this.lines(file, iterator, decoder)
    } finally {
      // a replay stopped or seeking back leaves the file mid-way: close it now, not at GC
      source.destroy()
      gunzip.destroy()
    }
  }

  private async *lines(
    file: string,
    iterator: AsyncIterator<Buffer>,
    decoder: StringDecoder,
  ): AsyncGenerator<RecordedFrame[]> {
    let failure: string | null = null
    let rest = ''
    let lines = 0
    let out: RecordedFrame[] = []
    for (;;) {
      let chunk: Buffer
      try {
        const r = await iterator.next()
        if (r.done) break
        chunk = r.value
      } catch (e) {
        failure = (e as Error).message
        break
      }
      const text = rest + decoder.write(chunk)
      let start = 0
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const line = text.slice(start, nl)
        start = nl + 1
        lines++
        if (lines === 1) {
          if (line.charCodeAt(0) !== 123) throw notRecording(file)
          const h = parseHeader(line)
          this.header ??= h
          if (h.venue !== this.header.venue)
            throw new RecordingFormatError(
              `${file}: venue ${h.venue}, but the first file's is ${this.header.venue}`,
            )
          continue
        }
        if (line === '') continue
        out.push(parseRecord(line, lines))
        if (out.length >= BATCH) {
          yield out
          out = []
        }
      }
      rest = text.slice(start)
      if (lines === 0 && rest.length > 4096) throw notRecording(file)
    }
    if (lines === 0 && failure !== null)
      throw new RecordingFormatError(`${file} is not a gzip'd recording (${failure})`)
    if (lines === 0) throw new RecordingFormatError(`${file} is empty: not a recording`)
    const partial = rest + decoder.end()
    let truncated: string | null = null
    if (failure !== null)
      truncated = `${file}: the compressed data stops being readable after line ${lines} (${failure}); the replay ends there`
    else if (partial !== '')
      truncated = `${file}: the last record (line ${lines + 1}) is cut short, as a crash leaves it; it is left out`
    this.ends.push({ file, lines, truncated })
    if (out.length) yield out
  }
}

function notRecording(file: string): RecordingFormatError {
  return new RecordingFormatError(`${file} is not a Trident recording (no JSON header line)`)
}
