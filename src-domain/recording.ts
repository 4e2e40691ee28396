/**
 * Trident recording, version 1: what the recorder writes and the replay reads, shared here so the
 * app (which records) and the built-in exchange (which replays) agree without importing each other.
 *
 * A recording file is gzip'd UTF-8 text, one record per line:
 * - line 1, the header: a JSON object (`RecordingHeader`);
 * - every other line: `<receive time, integer nanoseconds since the Unix epoch>\t<frame>`, where the
 *   frame is the WS v2 text frame exactly as it arrived. Kraken's frames are single-line JSON; a
 *   JSON text can only hold a raw line break as whitespace (never inside a string), so a frame
 *   that had one is stored with it turned into a space, which changes no value.
 *
 * Receive times are kept as decimal text (a bigint when read): nanoseconds since the epoch do not
 * fit a double exactly, and replays and exports (Tardis wants microseconds) must not round them.
 */

export const RECORDING_CHANNELS = ['book', 'level3', 'trade', 'ticker', 'ohlc', 'instrument'] as const
export type RecordingChannel = (typeof RECORDING_CHANNELS)[number]

export interface RecordingHeader {
  trident: 'recording'
  v: 1
  /** which venue the frames came from: the built-in exchange or live Kraken */
  venue: 'builtin' | 'kraken'
  /** when the file was opened, ISO 8601 UTC */
  started: string
  channels: RecordingChannel[]
  /** WS v2 symbols, e.g. BTC/USD */
  symbols: string[]
  /** the book depth subscribed, when book is recorded (checksums cover the top 10 whatever it is) */
  depth?: number
}

export interface RecordedFrame {
  recvNs: bigint
  frame: string
}

export class RecordingFormatError extends Error {
  override name = 'RecordingFormatError'
}

export function encodeHeader(h: RecordingHeader): string {
  return JSON.stringify(h) + '\n'
}

export function parseHeader(line: string): RecordingHeader {
  let h: unknown
  try {
    h = JSON.parse(line)
  } catch {
    throw new RecordingFormatError('not a Trident recording: the first line is not a JSON header')
  }
  const o = h as Partial<RecordingHeader> | null
  if (o === null || typeof o !== 'object' || o.trident !== 'recording')
    throw new RecordingFormatError('not a Trident recording: the header does not say "recording"')
  if (o.v !== 1)
    throw new RecordingFormatError(`recording version ${String(o.v)} is not one this build reads (1)`)
  if (o.venue !== 'builtin' && o.venue !== 'kraken')
    throw new RecordingFormatError(`recording header: unknown venue ${JSON.stringify(o.venue)}`)
  if (!Array.isArray(o.channels) || !o.channels.every((c) => RECORDING_CHANNELS.includes(c)))
    throw new RecordingFormatError('recording header: channels must be a list of known channels')
  if (!Array.isArray(o.symbols) || !o.symbols.every((s) => typeof s === 'string'))
    throw new RecordingFormatError('recording header: symbols must be a list of text')
  if (typeof o.started !== 'string' || Number.isNaN(Date.parse(o.started)))
    throw new RecordingFormatError('recording header: started must be an ISO time')
  return o as RecordingHeader
}

const LINE_BREAK = /[\r\n]/g

export function encodeRecord(recvNs: bigint, frame: string): string {
  if (recvNs < 0n) throw new RecordingFormatError('receive time before 1970')
  const flat = frame.indexOf('\n') >= 0 || frame.indexOf('\r') >= 0 ? frame.replace(LINE_BREAK, ' ') : frame
  return `${recvNs}\t${flat}\n`
}

/** One record line (without its line break); `lineNo` only makes the error say where. */
export function parseRecord(line: string, lineNo: number): RecordedFrame {
  const tab = line.indexOf('\t')
  const time = tab < 0 ? '' : line.slice(0, tab)
  if (!/^\d{1,20}$/.test(time))
    throw new RecordingFormatError(
      `recording line ${lineNo}: expected "<nanoseconds>\\t<frame>", got ${JSON.stringify(line.slice(0, 40))}`,
    )
  return { recvNs: BigInt(time), frame: line.slice(tab + 1) }
}
