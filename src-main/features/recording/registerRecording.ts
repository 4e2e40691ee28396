import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import { Recorder, type RecorderDeps, type RecorderSession } from './Recorder'

/** What the recorder takes of the app's feature context (FeatureContext has it). */
export interface RecordingContext {
  dataDir: string | null
  session: () => RecorderSession | null
  log: (msg: string) => void
  /** files the size cap never deletes (the replay profiles' recordings) */
  keep?: () => ReadonlySet<string>
}

/** Recording raw frames to files: `recording.start`, `recording.stop` and the `recording` topic. */
export function registerRecording(
  hub: StreamHub,
  c: RecordingContext,
  feeds: Pick<RecorderDeps, 'books' | 'tape' | 'level3'>,
): Recorder {
  const recorder = new Recorder({
    ...feeds,
    dataDir: c.dataDir,
    session: c.session,
    log: c.log,
    ...(c.keep ? { keep: c.keep } : {}),
    publish: () => hub.publish('recording', 'all'),
  })
  hub.command('recording.start', (p) => recorder.start(p))
  hub.command('recording.stop', () => recorder.stop())
  hub.topic(
    'recording',
    sharedTopic(() => recorder.latest()),
  )
  return recorder
}
