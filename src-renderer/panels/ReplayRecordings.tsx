import { useState } from 'react'
import type { ProfilesView, RecordingView } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { profileId } from './profileId'
import { startNsOf } from './practiceModel'

type Speed = 1 | 2 | 10 | 'max'

const SPEEDS: { value: Speed; label: string }[] = [
  { value: 1, label: '1×' },
  { value: 2, label: '2×' },
  { value: 10, label: '10×' },
  { value: 'max', label: 'max' },
]

/** "1.2 MB" */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function describe(r: RecordingView): string {
  const what = [
    r.symbols.join(', ') || 'symbols unknown',
    r.started ? `from ${r.started.replace('T', ' ').slice(0, 19)} UTC` : null,
    r.venue === 'kraken' ? 'Kraken' : r.venue === 'builtin' ? 'built-in exchange' : null,
    `${r.files} file${r.files === 1 ? '' : 's'}, ${size(r.bytes)}`,
    r.where === 'shipped' ? 'shipped with Trident' : null,
  ]
  return what.filter(Boolean).join(' · ')
}

/**
 * Practice mode's entry: the recordings on this computer, each one click from a profile
 * "Replay: <name>" that replays it on the built-in exchange (from its next start, like any profile).
 */
export function ReplayRecordings({
  view,
  busy,
  act,
}: {
  view: ProfilesView
  busy: boolean
  act: (run: () => Promise<string>) => void
}) {
  const [speed, setSpeed] = useState<Speed>(10)
  const [start, setStart] = useState('')
  const make = (r: RecordingView): void =>
    act(async () => {
      const name = `Replay: ${r.name}`
      const startNs = startNsOf(start, r.started)
      const p = await getBridge().invoke('profiles.saveReplay', {
        id: profileId(`replay-${r.name}`),
        name,
        recording: r.name,
        speed,
        ...(startNs ? { startNs } : {}),
      })
      const from = startNs ? ` from ${start.trim()} UTC` : ''
      return `Saved "${p.name}"${from}: use it from the next start to practise on this recording`
    })
  return (
    <section className="replay-recordings" data-testid="replay-recordings">
      <h3>Practise on a recording</h3>
      {view.recordings.length === 0 ? (
        <p className="muted">
          No recordings yet: record a session (or use the sample shipped with Trident) to practise on it.
        </p>
      ) : (
        <>
          <label>
            Replay speed{' '}
            <select
              style={{ width: 'auto' }}
              value={String(speed)}
              onChange={(e) => setSpeed(e.target.value === 'max' ? 'max' : (Number(e.target.value) as Speed))}
              data-testid="replay-speed"
            >
              {SPEEDS.map((s) => (
                <option key={s.label} value={String(s.value)}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Start at (UTC, optional){' '}
            <input
              type="text"
              value={start}
              placeholder="first book, or 14:03:00"
              maxLength={24}
              spellCheck={false}
              onChange={(e) => setStart(e.target.value)}
              data-testid="replay-start"
            />
          </label>
          <ul className="recordings-list">
            {view.recordings.map((r) => (
              <li key={r.name} data-testid={`recording-${r.name}`}>
                <b>{r.name}</b> <span className="muted">{describe(r)}</span>{' '}
                <button disabled={busy} onClick={() => make(r)} data-testid={`recording-replay-${r.name}`}>
                  Make a replay profile
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
