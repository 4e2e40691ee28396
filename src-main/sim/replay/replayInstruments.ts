/**
 * What a replay needs to know before the exchange is built: the recording's header and the
 * instruments of its symbols. A recording of the built-in exchange trades its instruments (one
 * made while it replayed a live pair carries that pair's instrument frame, which is used); a
 * live Kraken recording brings its own in recorded `instrument` frames (precisions, tick size,
 * minimums), looked for near the start of the first file. A symbol without one is refused, in
 * words, rather than replayed at guessed precisions.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { constants, gunzipSync } from 'node:zlib'
import { parseHeader, RecordingFormatError, type RecordingHeader } from '../../../src-domain/recording'
import { SIM_ASSETS, SIM_INSTRUMENTS, type SimInstrument } from '../instruments'
import { readRecordedFrame, type InstrumentPair } from './recordedFrames'

/** how much of the first file's start is searched for instrument frames (compressed bytes) */
const PROBE_BYTES = 2 * 1024 * 1024

export interface ReplayPlan {
  header: RecordingHeader
  /** every instrument the exchange lists: its own, with the recording's replacing same-named ones */
  instruments: SimInstrument[]
  /** the recorded symbols that will be replayed */
  symbols: string[]
  /** recorded symbols that cannot be, and why */
  refused: { symbol: string; why: string }[]
}

export function planReplay(files: readonly string[]): ReplayPlan {
  if (files.length === 0) throw new RecordingFormatError('a replay needs at least one recording file')
  const text = probeText(files[0]!)
  const lines = text.split('\n')
  if (!lines[0]?.startsWith('{')) throw new RecordingFormatError(`${files[0]} is not a Trident recording`)
  const header = parseHeader(lines[0])
  const recorded = new Map<string, InstrumentPair>()
  for (const line of lines.slice(1)) {
    if (!line.includes('"channel":"instrument"')) continue
    const frame = line.slice(line.indexOf('\t') + 1)
    for (const e of readRecordedFrame(frame) ?? [])
      if (e.kind === 'instrument') for (const p of e.pairs) recorded.set(p.symbol, p)
  }
  const byName = new Map(SIM_INSTRUMENTS.map((i) => [i.symbol, i]))
  const symbols: string[] = []
  const refused: ReplayPlan['refused'] = []
  for (const s of header.symbols) {
    const pair = recorded.get(s)
    if (header.venue === 'kraken') {
      if (!pair) {
        refused.push({
          symbol: s,
          why: `${s}: the recording has no instrument frame for it, so its precisions are unknown`,
        })
        continue
      }
      byName.set(s, fromPair(pair, byName.get(s)))
    } else if (pair && !byName.has(s)) {
      // recorded on the built-in exchange while it replayed a live pair: its recorded instrument
      byName.set(s, fromPair(pair, undefined))
    } else if (!byName.has(s)) {
      refused.push({ symbol: s, why: `${s}: not an instrument of the built-in exchange` })
      continue
    }
    symbols.push(s)
  }
  if (symbols.length === 0)
    throw new RecordingFormatError(
      `nothing to replay: ${refused.map((r) => r.why).join('; ') || 'no symbols'}`,
    )
  return { header, instruments: [...byName.values()], symbols, refused }
}

function probeText(file: string): string {
  const buf = Buffer.alloc(PROBE_BYTES)
  const fd = openSync(file, 'r')
  let n: number
  try {
    n = readSync(fd, buf, 0, PROBE_BYTES, 0)
  } finally {
    closeSync(fd)
  }
  try {
    const text = gunzipSync(buf.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8')
    // the last line may be cut by the probe's end
    const cut = text.lastIndexOf('\n')
    return cut >= 0 ? text.slice(0, cut) : text
  } catch (e) {
    throw new RecordingFormatError(`${file} is not a gzip'd Trident recording (${(e as Error).message})`)
  }
}

const restAsset = (ws: string): string => SIM_ASSETS.find((a) => a.ws === ws)?.rest ?? ws

/** A recorded Kraken pair as the exchange's instrument (names kept from ours when it has the pair). */
function fromPair(p: InstrumentPair, ours: SimInstrument | undefined): SimInstrument {
  const base = restAsset(p.base)
  const quote = restAsset(p.quote)
  return {
    symbol: p.symbol,
    restPair: ours?.restPair ?? base + quote,
    altname: ours?.altname ?? p.base + p.quote,
    wsnameV1: ours?.wsnameV1 ?? p.symbol,
    base,
    quote,
    pricePrecision: p.pricePrecision,
    qtyPrecision: p.qtyPrecision,
    costPrecision: p.costPrecision,
    tickSize: p.tickSize,
    qtyIncrement: p.qtyIncrement,
    ordermin: p.qtyMin,
    costmin: p.costMin,
    referencePrice: ours?.referencePrice ?? '1',
  }
}
