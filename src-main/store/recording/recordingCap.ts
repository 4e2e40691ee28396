import { readdir, rmdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { RECORDING_EXT } from './recordingFiles'

interface Found {
  path: string
  size: number
  mtimeMs: number
}

/** Every recording file under the recordings folder: in session folders, or lone files beside them. */
async function recordingFiles(root: string): Promise<Found[]> {
  const found: Found[] = []
  const add = async (path: string): Promise<void> => {
    const s = await stat(path).catch(() => null)
    if (s?.isFile()) found.push({ path, size: s.size, mtimeMs: s.mtimeMs })
  }
  for (const e of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    const full = join(root, e.name)
    if (e.isFile() && e.name.endsWith(RECORDING_EXT)) await add(full)
    else if (e.isDirectory())
      for (const f of await readdir(full).catch(() => []))
        if (f.endsWith(RECORDING_EXT)) await add(join(full, f))
  }
  return found
}

/**
 * Keep all recordings in the data folder within `capBytes`: delete the oldest finished files
 * (oldest last write first; a session's files by number) until the rest fit, never one still
 * open (`keep`). A session folder left empty goes too. Returns the files deleted.
 */
export async function enforceRecordingCap(
  root: string,
  capBytes: number,
  keep: ReadonlySet<string>,
): Promise<string[]> {
  const files = await recordingFiles(root)
  let total = files.reduce((s, f) => s + f.size, 0)
  if (total <= capBytes) return []
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path))
  const deleted: string[] = []
  for (const f of files) {
    if (total <= capBytes) break
    if (keep.has(f.path)) continue
    await unlink(f.path)
    total -= f.size
    deleted.push(f.path)
  }
  for (const e of await readdir(root, { withFileTypes: true }))
    // rmdir removes only empty folders: one with files left (or another's) stays
    if (e.isDirectory()) await rmdir(join(root, e.name)).catch(() => undefined)
  return deleted
}
