import type { CommandRequest } from '../../../src-preload/contract/contract'
import type { ProfileView } from '../../../src-preload/contract/types'
import type { ReplaySpec } from '../../../src-domain/profiles'
import { RefusedError } from '../../ipc/StreamHub'
import type { SettingsRepo } from '../../store/SettingsRepo'
import type { FoundRecording } from './recordings'

const KEY = 'profiles.replay'

export interface ReplayProfileRecord {
  id: string
  name: string
  recording: string
  startNs?: string
  speed?: ReplaySpec['speed']
}

/**
 * Replay profiles (practice mode, issue 19): no endpoints and no keys, only which recording the
 * built-in exchange replays, from when and how fast. Kept as one settings document: they have
 * nothing of the credential profiles' table (endpoints, fingerprints) to store.
 */
export class ReplayProfiles {
  constructor(
    private readonly settings: SettingsRepo,
    private readonly recordings: () => FoundRecording[],
  ) {}

  all(): ReplayProfileRecord[] {
    return Object.values(this.settings.get<Record<string, ReplayProfileRecord>>(KEY) ?? {})
  }

  get(id: string): ReplayProfileRecord | undefined {
    return this.settings.get<Record<string, ReplayProfileRecord>>(KEY)?.[id]
  }

  view(r: ReplayProfileRecord): ProfileView {
    const found = this.recordings().some((x) => x.name === r.recording)
    return {
      id: r.id,
      name: r.name,
      kind: 'replay',
      endpoints: null,
      tier: 'intermediate',
      keyFingerprint: null,
      fixFingerprint: null,
      status: found
        ? { ok: true, detail: `Replays ${r.recording}: no keys needed`, at: 0 }
        : { ok: false, detail: `The recording "${r.recording}" is no longer on this computer`, at: 0 },
      replay: {
        recording: r.recording,
        ...(r.startNs !== undefined ? { startNs: r.startNs } : {}),
        ...(r.speed !== undefined ? { speed: r.speed } : {}),
      },
    }
  }

  save(req: CommandRequest<'profiles.saveReplay'>): ReplayProfileRecord {
    const rec = this.recordings().find((x) => x.name === req.recording)
    if (!rec) throw new RefusedError(`No recording "${req.recording}" on this computer`)
    const record: ReplayProfileRecord = { id: req.id, name: req.name, recording: rec.name }
    if (req.startNs !== undefined) record.startNs = req.startNs
    if (req.speed !== undefined) record.speed = req.speed
    this.settings.set(KEY, {
      ...this.settings.get<Record<string, ReplayProfileRecord>>(KEY),
      [req.id]: record,
    })
    return record
  }

  delete(id: string): void {
    const all = { ...this.settings.get<Record<string, ReplayProfileRecord>>(KEY) }
    delete all[id]
    this.settings.set(KEY, all)
  }

  /** What the venue session replays for this profile; null when its recording is gone. */
  spec(id: string): ReplaySpec | null {
    const r = this.get(id)
    const rec = r && this.recordings().find((x) => x.name === r.recording)
    if (!r || !rec) return null
    return {
      recording: rec.name,
      files: rec.paths,
      ...(r.startNs !== undefined ? { startNs: r.startNs } : {}),
      ...(r.speed !== undefined ? { speed: r.speed } : {}),
    }
  }
}
