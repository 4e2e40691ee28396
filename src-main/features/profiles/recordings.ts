import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { constants, gunzipSync } from 'node:zlib'
import { parseHeader, type RecordingHeader } from '../../../src-domain/recording'
import type { RecordingView } from '../../../src-preload/contract/types'

const EXT = '.trec.gz'

export interface FoundRecording extends RecordingView {
  /** absolute paths, in time order (a rotated recording's files sort by name) */
  paths: string[]
}

/**
 * The recordings a replay profile can replay: under `<dataDir>/recordings/` (what the recorder
 * writes: a folder of rotated files is one recording, a lone file is one too) and the ones shipped
 * in the app's `resources/recordings/`. Recorded ones come first; a name shadows a shipped one.
 */
export function findRecordings(dataDir: string | null, shippedDir: string | null): FoundRecording[] {
  return listRecordings(dataDir, shippedDir).map(({ name, where, paths }) => {
    const header = readHeader(paths[0]!)
    return {
      name,
      where,
      files: paths.length,
      bytes: paths.reduce((s, p) => s + statSync(p).size, 0),
      symbols: header?.symbols ?? [],
      started: header?.started ?? null,
      venue: header?.venue ?? null,
      paths,
    }
  })
}

/**
 * The recordings by name and files only, nothing read of them (cheap: the recorder's size cap
 * asks at every file it closes which files the replay profiles use).
 */
export function listRecordings(
  dataDir: string | null,
  shippedDir: string | null,
): { name: string; where: FoundRecording['where']; paths: string[] }[] {
  const out: { name: string; where: FoundRecording['where']; paths: string[] }[] = []
  const seen = new Set<string>()
  for (const [dir, where] of [
    [dataDir ? join(dataDir, 'recordings') : null, 'recorded'],
    [shippedDir, 'shipped'],
  ] as const) {
    if (!dir || !existsSync(dir)) continue
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(dir, entry.name)
      let paths: string[] = []
      if (entry.isDirectory())
        paths = readdirSync(full)
          .filter((f) => f.endsWith(EXT))
          .sort()
          .map((f) => join(full, f))
      else if (entry.isFile() && entry.name.endsWith(EXT)) paths = [full]
      if (!paths.length) continue
      const name = entry.isDirectory() ? entry.name : basename(entry.name, EXT)
      if (seen.has(name)) continue
      seen.add(name)
      out.push({ name, where, paths })
    }
  }
  return out
}

/** The first line of a gzip'd recording, from its first 64 KiB only (a recording can be large). */
export function readHeader(path: string): RecordingHeader | null {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(64 * 1024)
    const n = readSync(fd, buf, 0, buf.length, 0)
    // a sync flush inflates what the prefix holds instead of failing on the missing end
    const text = gunzipSync(buf.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8')
    const nl = text.indexOf('\n')
    return parseHeader(nl < 0 ? text : text.slice(0, nl))
  } catch {
    return null
  } finally {
    closeSync(fd)
  }
}

/** The app's resources/recordings: beside a packaged app's resources, or in the checkout above the code. */
export function shippedRecordingsDir(): string | null {
  const res = (process as { resourcesPath?: string }).resourcesPath
  const candidates = res ? [join(res, 'recordings')] : []
  // built code sits in out/main (or out/main/chunks); sources in src-main/features/profiles
  for (const up of ['..', '../..', '../../..', '../../../..'])
    candidates.push(join(__dirname, up, 'resources', 'recordings'))
  return candidates.find((d) => existsSync(d)) ?? null
}
