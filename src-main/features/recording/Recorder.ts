import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import type { VenueKind } from '../../../src-domain/links'
import type { RecordingChannel, RecordingHeader } from '../../../src-domain/recording'
import type { RecordableChannel, RecorderView } from '../../../src-preload/contract/recording'
import { RefusedError } from '../../ipc/StreamHub'
import type { KrakenWsPrivateClient } from '../../kraken/ws/KrakenWsPrivateClient'
import type { KrakenWsPublicClient } from '../../kraken/ws/KrakenWsPublicClient'
import { receiveNs } from '../../kraken/ws/KrakenWsPublicConnection'
import { enforceRecordingCap } from '../../store/recording/recordingCap'
import { defaultSessionName, recordingsRoot } from '../../store/recording/recordingFiles'
import { MiB, RecordingWriter } from '../../store/recording/RecordingWriter'
import { isSnapshot, symbolOf } from './frameFields'

/** the level3 depth Level3Books subscribes (a resnapshot asks for the same) */
const LEVEL3_DEPTH = 10

/** What the recorder needs of the venue session (VenueSession has it). */
export interface RecorderSession {
  wsPublic: KrakenWsPublicClient
  trading: { wsL3: KrakenWsPrivateClient | null }
  profile: { kind: VenueKind }
}

type Held = { release: () => void }

interface Route {
  prefix: string
  channel: string
  /** the symbols recorded on this channel; null: every frame (the instrument channel) */
  symbols: Set<string> | null
}

const routeOf = (channel: string, symbols: Set<string> | null): Route => ({
  prefix: `{"channel":"${channel}"`,
  channel,
  symbols,
})

export interface RecorderDeps {
  /** the app's data folder; null: in memory (tests, a throwaway session): nothing can be recorded */
  dataDir: string | null
  session: () => RecorderSession | null
  /** the existing feeds, so a recorded instrument stays subscribed with no window showing it */
  books: { acquire(symbol: string): Held }
  tape: { acquire(channel: 'trade' | 'ohlc', symbol: string, interval?: number): Held }
  level3: { acquire(symbol: string): Held; latest(symbol: string): unknown }
  publish: () => void
  log: (msg: string) => void
  /** total size of all recordings in the data folder (default 2 GiB) */
  capBytes?: number
  /** files the size cap never deletes: the recordings replay profiles practise on */
  keep?: () => ReadonlySet<string>
  rotateRawBytes?: number
  /** the writer's backlog bound (default 16 MiB) */
  bufferBytes?: number
}

interface Running {
  writer: RecordingWriter
  feed: KrakenWsPublicClient
  l3: KrakenWsPrivateClient | null
  held: Held[]
  /** what is recorded, by the frame's first bytes (`{"channel":"book"`): no parse, no slice */
  routes: Route[]
  books: string[]
  l3Books: string[]
  /** books (and level3 books) of the current file still waiting for their snapshot */
  awaitBook: Set<string>
  awaitL3: Set<string>
}

const OFF: RecorderView = {
  state: 'off',
  name: null,
  folder: null,
  symbols: [],
  channels: [],
  files: 0,
  file: null,
  bytesRaw: 0,
  bytesCompressed: 0,
  frames: 0,
  dropped: 0,
  gaps: 0,
  capBytes: 0,
  rotateRawBytes: 0,
  deletedFiles: 0,
  capWarning: null,
  error: null,
  startedAt: null,
}

/** "2 GiB", "50 kB": a cap as a trader reads it */
function sizeWords(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${+(bytes / (1024 * MiB)).toFixed(1)} GiB`
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`
  return `${Math.round(bytes / 1000)} kB`
}

/**
 * Records the raw WS v2 frames of chosen channels and instruments to files (issue 19): taps the
 * public client (and the level3 one), keeps what it records subscribed through the app's own
 * feeds, and makes every file start from the instrument snapshot and a fresh book snapshot, so
 * each file replays on its own (the cap may delete the ones before it).
 */
export class Recorder {
  private running: Running | null = null
  private view: RecorderView
  private capChain: Promise<unknown> = Promise.resolve()
  private readonly capBytes: number

  constructor(private readonly d: RecorderDeps) {
    this.capBytes = d.capBytes ?? 2048 * MiB
    this.view = { ...OFF, capBytes: this.capBytes }
  }

  latest(): RecorderView {
    const r = this.running
    if (r === null) return this.view
    const w = r.writer
    return {
      ...this.view,
      files: w.files,
      file: w.file,
      bytesRaw: w.bytesRaw,
      bytesCompressed: w.bytesCompressed,
      frames: w.frames,
      dropped: w.dropped,
      gaps: w.gaps,
    }
  }

  start(p: { symbols: string[]; channels: RecordableChannel[]; name?: string }): RecorderView {
    if (this.running) throw new RefusedError(`Already recording "${this.view.name}": stop it first`)
    if (this.d.dataDir === null)
      throw new RefusedError('Recording needs a data folder, and this session keeps nothing on disk')
    const session = this.d.session()
    if (session === null) throw new RefusedError('Not connected yet: recording starts once market data is')
    const feed = session.wsPublic
    const symbols = [...new Set(p.symbols)]
    const channels = [...new Set(p.channels)]
    const known = feed.symbols
    if (known.length === 0)
      throw new RefusedError('The venue has not sent its instrument list yet: try again in a moment')
    const unknown = symbols.filter((s) => !known.includes(s))
    if (unknown.length)
      throw new RefusedError(`Unknown instrument ${unknown.join(', ')}: the venue does not list it`)
    const l3 = session.trading.wsL3
    if (channels.includes('level3') && l3 === null)
      throw new RefusedError('The level3 channel needs API keys: Kraken serves it to signed-in accounts only')
    const now = new Date()
    const name = p.name ?? defaultSessionName(now, symbols)
    const root = recordingsRoot(this.d.dataDir)
    const folder = join(root, name)
    if (existsSync(folder))
      throw new RefusedError(`A recording named "${name}" exists already: choose another name`)

    const held: Held[] = []
    const books = channels.includes('book') ? symbols : []
    const l3Books = channels.includes('level3') ? symbols : []
    // books someone watches already get no snapshot from our subscription: they are asked for one
    const watchedBooks = books.filter((s) => feed.bookState(s) !== undefined)
    const watchedL3 = l3Books.filter((s) => this.d.level3.latest(s) !== undefined)
    try {
      for (const s of symbols) {
        if (channels.includes('book')) held.push(this.d.books.acquire(s))
        if (channels.includes('trade')) held.push(this.d.tape.acquire('trade', s))
        if (channels.includes('ohlc')) held.push(this.d.tape.acquire('ohlc', s, 1))
        if (channels.includes('level3')) held.push(this.d.level3.acquire(s))
        // no window follows tickers: the recorder watches them itself
        if (channels.includes('ticker')) held.push({ release: feed.watch('ticker', s, () => undefined) })
      }
    } catch (e) {
      for (const h of held) h.release()
      throw e
    }
    const recorded: RecordingChannel[] = [...channels, 'instrument']
    const header = (): RecordingHeader => ({
      trident: 'recording',
      v: 1,
      venue: session.profile.kind === 'simulator' ? 'builtin' : 'kraken',
      started: new Date().toISOString(),
      channels: recorded,
      symbols,
      ...(books.length ? { depth: feed.bookDepth } : {}),
    })
    let writer: RecordingWriter
    try {
      writer = new RecordingWriter({
        folder,
        header,
        rotateRawBytes: this.d.rotateRawBytes,
        bufferBytes: this.d.bufferBytes,
        onFlush: () => this.d.publish(),
        onFileClosed: () => this.enforceCap(),
        onError: (e) => this.failed(e),
      })
    } catch (e) {
      for (const h of held) h.release()
      const why = `Could not start recording in ${folder}: ${(e as Error).message}`
      this.view = { ...OFF, capBytes: this.capBytes, state: 'error', error: why }
      this.d.publish()
      throw new RefusedError(why)
    }
    // book first: most frames are book frames
    const routes = [...channels]
      .sort((a, b) => Number(b === 'book') - Number(a === 'book'))
      .map((c) => routeOf(c, new Set(symbols)))
    routes.push(routeOf('instrument', null))
    // heartbeats too (not a market channel, not in the header's list): Kraken sends one a second,
    // so a replay tells a quiet market from a recording that stopped (a silence over 60 s is a gap)
    routes.push(routeOf('heartbeat', null))
    const r: Running = {
      writer,
      feed,
      l3: l3Books.length ? l3 : null,
      held,
      routes,
      books,
      l3Books,
      awaitBook: new Set(books),
      awaitL3: new Set(l3Books),
    }
    this.running = r
    this.view = {
      ...OFF,
      state: 'recording',
      name,
      folder,
      symbols,
      channels: recorded,
      capBytes: this.capBytes,
      rotateRawBytes: this.d.rotateRawBytes ?? 64 * MiB,
      startedAt: now.getTime(),
    }
    this.preamble(r, receiveNs())
    feed.frameObserver = this.onFrame
    if (r.l3) r.l3.frameObserver = this.onFrame
    for (const s of watchedBooks) feed.resnapshotBook(s)
    for (const s of watchedL3) this.resyncL3(r, s)
    this.enforceCap()
    this.d.publish()
    return this.latest()
  }

  async stop(): Promise<RecorderView> {
    const r = this.running
    if (r === null) return this.latest()
    const last = this.latest()
    this.detach(r)
    await r.writer.close()
    this.view = { ...last, state: 'off', file: null, bytesCompressed: r.writer.bytesCompressed }
    this.enforceCap()
    this.d.publish()
    return this.view
  }

  /**
   * Every frame of the tapped links (the live path): read its channel and symbol without
   * parsing, and append the ones recorded. Never throws into the client.
   */
  private readonly onFrame = (text: string, recvNs: bigint): void => {
    const r = this.running
    if (r === null) return
    let route: Route | undefined
    for (const x of r.routes)
      if (text.startsWith(x.prefix)) {
        route = x
        break
      }
    if (route === undefined) return
    if (route.symbols !== null) {
      const symbol = symbolOf(text)
      if (symbol === null || !route.symbols.has(symbol)) return
      if (r.writer.newFileDue) this.nextFile(r, recvNs)
      const channel = route.channel
      const awaiting = channel === 'book' ? r.awaitBook : channel === 'level3' ? r.awaitL3 : null
      // a file's book starts at its snapshot: updates before it could not be applied by a replay
      if (awaiting !== null && awaiting.size > 0 && awaiting.has(symbol)) {
        if (!isSnapshot(text, channel)) return
        awaiting.delete(symbol)
      }
    } else if (r.writer.newFileDue) this.nextFile(r, recvNs)
    r.writer.write(recvNs, text)
  }

  /**
   * A new file (rotation, or after a gap): instrument snapshot first, then fresh book snapshots.
   * Opened by a frame already stamped `at`: the preamble takes that time, not "now", or the
   * frame written after it would go back in time.
   */
  private nextFile(r: Running, at: bigint): void {
    r.writer.startNewFile()
    this.preamble(r, at)
    r.awaitBook = new Set(r.books)
    r.awaitL3 = new Set(r.l3Books)
    for (const s of r.books) r.feed.resnapshotBook(s)
    for (const s of r.l3Books) this.resyncL3(r, s)
    this.d.publish()
  }

  /** The instrument snapshot the client received at connect, stamped `at`: a replay needs the precisions. */
  private preamble(r: Running, at: bigint): void {
    const inst = r.feed.instrumentSnapshotFrame
    if (inst !== null) r.writer.write(at, inst)
  }

  private resyncL3(r: Running, symbol: string): void {
    r.l3?.resyncLevel3(symbol, LEVEL3_DEPTH).catch((e: unknown) => {
      this.d.log(`recording: level3 ${symbol} snapshot: ${(e as Error).message}`)
    })
  }

  private detach(r: Running): void {
    this.running = null
    if (r.feed.frameObserver === this.onFrame) r.feed.frameObserver = null
    if (r.l3 && r.l3.frameObserver === this.onFrame) r.l3.frameObserver = null
    for (const h of r.held) h.release()
  }

  private failed(e: Error): void {
    const r = this.running
    if (r === null) return
    const last = this.latest()
    this.detach(r)
    this.view = { ...last, state: 'error', file: null, error: `Recording stopped: ${e.message}` }
    this.d.log(`recording: ${e.message}`)
    this.d.publish()
  }

  /** One at a time, off the live path; the open file and a replay profile's recording are never deleted. */
  private enforceCap(): void {
    const dataDir = this.d.dataDir
    if (dataDir === null) return
    this.capChain = this.capChain
      .then(() =>
        enforceRecordingCap(
          recordingsRoot(dataDir),
          this.capBytes,
          new Set([...(this.running?.writer.openPaths ?? []), ...(this.d.keep?.() ?? [])]),
        ),
      )
      .then((deleted) => {
        if (deleted.length === 0) return
        this.view = { ...this.view, deletedFiles: this.view.deletedFiles + deleted.length }
        // the recording being made lost its earlier files: said, not only counted
        const folder = this.running ? this.view.folder : null
        const own = folder ? deleted.filter((f) => f.startsWith(folder + sep)).length : 0
        if (own > 0)
          this.view = {
            ...this.view,
            capWarning: `The ${sizeWords(this.capBytes)} size cap deleted ${own} earlier file(s) of this recording: the recordings your replay profiles practise on fill it (delete the ones you no longer use)`,
          }
        this.d.log(`recording: the size cap deleted ${deleted.length} old file(s)`)
        this.d.publish()
      })
      .catch((e: unknown) => this.d.log(`recording: size cap: ${(e as Error).message}`))
  }
}
