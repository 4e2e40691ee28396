import { createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import { constants, createGzip, type Gzip } from 'node:zlib'
import { encodeHeader, encodeRecord, type RecordingHeader } from '../../../src-domain/recording'
import { recordingFileName } from './recordingFiles'

export const MiB = 1024 * 1024
/** lines are handed to zlib once this many wait (or at the timed flush) */
const DRAIN_BYTES = 64 * 1024

export interface RecordingWriterOptions {
  /** the session's folder (created); files are 0001.trec.gz, 0002.trec.gz, … in it */
  folder: string
  /** the header of each new file (its `started` is the file's own) */
  header: () => RecordingHeader
  /** a new file is due once this many uncompressed bytes went into the current one (default 64 MiB) */
  rotateRawBytes?: number
  /**
   * Lines not yet compressed, at most (default 16 MiB). Beyond it lines are dropped and counted:
   * the live path never waits for the disk.
   */
  bufferBytes?: number
  /** every this many ms what was written is flushed (Z_SYNC_FLUSH), so a crash loses at most this much */
  flushMs?: number
  /** gzip level (default 1: JSON frames still shrink ~6-8x, at a fraction of level 6's CPU) */
  level?: number
  /** after each timed flush (sizes moved) */
  onFlush?: () => void
  /** a finished file is closed on disk */
  onFileClosed?: (path: string) => void
  /** the disk refused: the writer has stopped (nothing more is written), in words */
  onError: (e: Error) => void
}

interface OpenFile {
  path: string
  gz: Gzip
  out: WriteStream
  /** written since the last flush */
  dirty: boolean
  closed: Promise<void>
}

/**
 * Streams record lines into gzip'd files of a recording session. `write` only appends the line to
 * an in-memory list (the live path's whole cost); every 64 KiB (and at each timed flush) the batch
 * goes to zlib, which compresses on libuv's thread pool and streams into the file. A bounded buffer: when zlib or the
 * disk falls behind, lines are dropped and counted, and the caller starts a new file once the
 * backlog halved (`newFileDue`), so a replay sees the gap as a file boundary and the new file
 * starts from fresh snapshots. Every file starts with its header; the caller decides when a new
 * file starts (`newFileDue` then `startNewFile`) so it can put what each file must begin with.
 */
export class RecordingWriter {
  files = 0
  /** record lines accepted (the header not counted) */
  frames = 0
  /** uncompressed bytes handed to zlib, headers included */
  bytesRaw = 0
  dropped = 0
  gaps = 0
  private readonly rotateRawBytes: number
  private readonly bufferBytes: number
  private readonly drainBytes: number
  private current: OpenFile | null = null
  private readonly unclosed = new Set<OpenFile>()
  private closedCompressed = 0
  private chunks: string[] = []
  private chunkBytes = 0
  private zlibQueued = 0
  private rawInFile = 0
  private drainQueued = false
  private inGap = false
  private failed = false
  private next = 1
  private readonly timer: NodeJS.Timeout

  /** Creates the folder and opens the first file now (throws in words when the disk refuses). */
  constructor(private readonly opts: RecordingWriterOptions) {
    this.rotateRawBytes = opts.rotateRawBytes ?? 64 * MiB
    this.bufferBytes = opts.bufferBytes ?? 16 * MiB
    this.drainBytes = Math.min(DRAIN_BYTES, this.bufferBytes / 4)
    mkdirSync(opts.folder, { recursive: true })
    this.current = this.open(true)
    this.timer = setInterval(() => this.flush(), opts.flushMs ?? 1000)
    this.timer.unref()
  }

  /** the file being written, or null once closed or failed */
  get file(): string | null {
    return this.current?.path ?? null
  }

  /** gzip bytes on disk: finished files and what the open ones have written so far */
  get bytesCompressed(): number {
    let n = this.closedCompressed
    for (const f of this.unclosed) n += f.out.bytesWritten
    return n
  }

  /** files not yet closed on disk (the open one, and finished ones still closing) */
  get openPaths(): Set<string> {
    return new Set([...this.unclosed].map((f) => f.path))
  }

  /** the current file is full, or lines were dropped and the backlog has room again */
  get newFileDue(): boolean {
    if (this.current === null) return false
    if (this.inGap) return this.backlog(this.current) < this.bufferBytes / 2
    return this.rawInFile >= this.rotateRawBytes
  }

  /**
   * One record line (the live path: an append). False when it was dropped: the writer is closed,
   * the backlog is full, or a gap is open (lines are dropped until the next file starts).
   */
  write(recvNs: bigint, frame: string): boolean {
    const f = this.current
    if (f === null) return false
    const line = encodeRecord(recvNs, frame)
    if (this.inGap || this.backlog(f) + line.length > this.bufferBytes) {
      this.dropped++
      this.inGap = true
      return false
    }
    this.chunks.push(line)
    this.chunkBytes += line.length
    this.rawInFile += line.length
    this.frames++
    // zlib takes lines in batches: a write to it costs about as much as compressing a few hundred
    // bytes, so one per frame would double the live path's cost (measured: npm run bench)
    if (this.chunkBytes >= this.drainBytes && !this.drainQueued) {
      this.drainQueued = true
      setImmediate(this.drain)
    }
    return true
  }

  /** Finish the current file (what it holds is kept) and open the next, header first. */
  startNewFile(): void {
    const old = this.current
    if (old === null) return
    this.drain()
    if (this.inGap) {
      this.gaps++
      this.inGap = false
    }
    this.finish(old)
    this.current = this.open(false)
  }

  /** Write out what is buffered, finish and close every file; resolves once they are on disk. */
  async close(): Promise<void> {
    clearInterval(this.timer)
    const f = this.current
    if (f !== null) {
      this.drain()
      this.finish(f)
      this.current = null
    }
    await Promise.all([...this.unclosed].map((u) => u.closed))
  }

  /**
   * Bytes not yet compressed: the lines waiting here, and what zlib had queued when last handed a
   * batch (read then, not per line: the stream's getter costs more than the rest of a write).
   */
  private backlog(f: OpenFile): number {
    return this.chunkBytes + (this.inGap ? f.gz.writableLength : this.zlibQueued)
  }

  private readonly drain = (): void => {
    this.drainQueued = false
    const f = this.current
    if (f === null || this.chunks.length === 0) return
    const text = this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join('')
    this.chunks = []
    this.chunkBytes = 0
    this.bytesRaw += Buffer.byteLength(text)
    f.gz.write(text)
    f.dirty = true
    this.zlibQueued = f.gz.writableLength
  }

  private flush(): void {
    const f = this.current
    if (f === null) return
    this.drain()
    this.zlibQueued = f.gz.writableLength
    if (f.dirty) {
      f.dirty = false
      f.gz.flush(constants.Z_SYNC_FLUSH)
    }
    this.opts.onFlush?.()
  }

  /**
   * The first file opens synchronously (a start the disk refuses is refused in words at once);
   * later ones open asynchronously, off the live path.
   */
  private open(first: boolean): OpenFile {
    const path = join(this.opts.folder, recordingFileName(this.next++))
    // 'wx': a recording never overwrites another
    const out = first
      ? createWriteStream(path, { fd: openSync(path, 'wx') })
      : createWriteStream(path, { flags: 'wx' })
    // 64 KiB output chunks (zlib's default is 16): fewer callbacks into the main thread per batch
    const gz = createGzip({ level: this.opts.level ?? 1, chunkSize: 64 * 1024 })
    gz.pipe(out)
    const f: OpenFile = {
      path,
      gz,
      out,
      dirty: true,
      closed: new Promise((resolve) => out.once('close', () => resolve())),
    }
    const onError = (e: Error): void => this.fail(path, e)
    gz.on('error', onError)
    out.on('error', onError)
    this.unclosed.add(f)
    void f.closed.then(() => {
      this.unclosed.delete(f)
      this.closedCompressed += out.bytesWritten
      if (!this.failed) this.opts.onFileClosed?.(path)
    })
    const header = encodeHeader(this.opts.header())
    gz.write(header)
    this.zlibQueued = gz.writableLength
    this.bytesRaw += Buffer.byteLength(header)
    this.rawInFile = 0
    this.files++
    return f
  }

  private finish(f: OpenFile): void {
    f.gz.end()
  }

  private fail(path: string, e: Error): void {
    if (this.failed) return
    this.failed = true
    clearInterval(this.timer)
    this.current = null
    this.chunks = []
    this.chunkBytes = 0
    for (const f of this.unclosed) {
      f.gz.destroy()
      f.out.destroy()
    }
    this.opts.onError(new Error(`could not write the recording file ${path}: ${e.message}`))
  }
}
