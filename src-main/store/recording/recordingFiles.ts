import { join } from 'node:path'

/**
 * Where recordings live, and what their files are called:
 *   <data folder>/recordings/<session name>/0001.trec.gz, 0002.trec.gz, …
 * `.trec.gz` = a Trident recording (format in src-domain/recording.ts), gzip'd. Numbers are
 * zero-padded so the files of a session sort by name in time order (the replay relies on it).
 */
export const RECORDING_EXT = '.trec.gz'
export const RECORDINGS_FOLDER = 'recordings'

export function recordingsRoot(dataDir: string): string {
  return join(dataDir, RECORDINGS_FOLDER)
}

export function recordingFileName(n: number): string {
  return `${String(n).padStart(4, '0')}${RECORDING_EXT}`
}

/** A default session name: when it started (UTC, to the second) and what it records, e.g. 20261201-061502-BTC-USD. */
export function defaultSessionName(at: Date, symbols: readonly string[]): string {
  const t = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  const what = symbols.slice(0, 3).join('_').replace(/\//g, '-')
  return symbols.length > 3 ? `${t}-${what}_and_${symbols.length - 3}_more` : `${t}-${what}`
}
