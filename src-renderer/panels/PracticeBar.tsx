import { useEffect, useState } from 'react'
import type { ReplayView } from '../../src-preload/contract/replay'
import { getBridge } from '../bridge'
import { useUiStore } from '../stores/uiStore'
import { useHotkeys } from '../hotkeys/useHotkeys'
import { clockWords, resultWords, seekNs, speedWords } from './practiceModel'

type Speed = 1 | 2 | 10 | 'max'
const SPEEDS: Speed[] = [1, 2, 10, 'max']

/** Unmistakable: practice must never be taken for live trading (nor live for practice). */
const BAR = {
  background: 'repeating-linear-gradient(135deg, #4a2d00 0 14px, #3a2300 14px 28px)',
  color: '#ffd24a',
  borderBottom: '2px solid #ffb000',
  padding: '4px 12px',
  display: 'flex',
  flexWrap: 'wrap' as const,
  alignItems: 'center',
  gap: '10px',
  fontWeight: 600,
}

/**
 * The practice bar, shown only on a replay profile: what is replayed, the replay clock and speed,
 * pause/resume, seek, the recording's gaps, and the session result (PnL, fills, max drawdown),
 * in full once the recording has ended.
 */
export function PracticeBar() {
  const [view, setView] = useState<ReplayView | null>(null)
  const [seek, setSeek] = useState<number | null>(null)
  useEffect(() => getBridge().subscribe('replay', {}, setView), [])
  // practice by keys too: P pauses or resumes, > and < step the speed; each says why when it cannot
  useHotkeys({
    'practice.pause': () => practiceKey(view, (v) => ({ kind: v.paused ? 'resume' : 'pause' })),
    'practice.faster': () => practiceKey(view, (v) => stepSpeed(v.speed, 1)),
    'practice.slower': () => practiceKey(view, (v) => stepSpeed(v.speed, -1)),
  })
  if (!view?.replay) return null

  const control = (c: Parameters<typeof send>[0]): void => void send(c)
  const results = resultWords(view)
  return (
    <div role="status" aria-label="Practice mode" data-testid="practice-bar" style={BAR}>
      <span data-testid="practice-title">
        PRACTICE · replay of {view.recording} ·{' '}
        <span data-testid="practice-clock">{clockWords(view.clockIso)}</span> ·{' '}
        <span data-testid="practice-speed">{speedWords(view.speed)}</span> ·{' '}
        {view.ended ? 'ENDED' : view.paused ? 'paused' : '▶'}
      </span>
      <button
        type="button"
        disabled={view.ended}
        onClick={() => control({ kind: view.paused ? 'resume' : 'pause' })}
        title={view.paused ? 'Resume the replay' : 'Pause the replay'}
        data-testid="practice-pause"
      >
        {view.paused ? '▶' : '❚❚'}
      </button>
      {SPEEDS.map((s) => (
        <button
          key={String(s)}
          type="button"
          aria-pressed={view.speed === s}
          onClick={() => control({ kind: 'speed', speed: s })}
          data-testid={`practice-speed-${s}`}
          style={view.speed === s ? { background: '#ffb000', color: '#000' } : undefined}
        >
          {speedWords(s)}
        </button>
      ))}
      <input
        type="range"
        min={0}
        max={1000}
        value={seek ?? Math.round(view.progress * 1000)}
        onChange={(e) => setSeek(Number(e.target.value))}
        onPointerUp={() => {
          if (seek !== null) control({ kind: 'seek', ns: seekNs(view, seek) })
          setSeek(null)
        }}
        onKeyUp={() => {
          if (seek !== null) control({ kind: 'seek', ns: seekNs(view, seek) })
          setSeek(null)
        }}
        aria-label="Seek in the recording"
        data-testid="practice-seek"
      />
      <span data-testid="practice-fills">
        {view.fills} fill{view.fills === 1 ? '' : 's'}
      </span>
      <span data-testid="practice-result" style={view.ended ? { fontSize: '1.1em' } : { fontWeight: 400 }}>
        {view.ended ? 'Session result: ' : ''}
        {results.join(' · ')}
      </span>
      {view.gaps.length > 0 && (
        <span data-testid="practice-gaps" style={{ color: '#ff8a80' }}>
          {view.gaps.length} gap{view.gaps.length === 1 ? '' : 's'} in the recording:{' '}
          {view.gaps.slice(-3).join('; ')}
        </span>
      )}
    </div>
  )
}

type Replaying = Extract<ReplayView, { replay: true }>
type Control = Parameters<typeof send>[0]

/** The next speed up (+1) or down (-1) of 1×, 2×, 10×, max; null at either end. */
function stepSpeed(speed: Replaying['speed'], by: 1 | -1): Control | null {
  const next = SPEEDS[SPEEDS.indexOf(speed) + by]
  return next === undefined ? null : { kind: 'speed', speed: next }
}

/** A practice key: sent when it can act, said in words when it cannot. */
function practiceKey(view: ReplayView | null, what: (v: Replaying) => Control | null): void {
  const say = (text: string): void => useUiStore.getState().set({ localError: text })
  if (!view?.replay) return say('Practice keys work on a replay profile (Profiles ▸ Practise on a recording)')
  if (view.ended) return say('The replay has ended')
  const c = what(view)
  if (c === null) return say(`The replay is already at ${speedWords(view.speed)}`)
  void send(c)
}

async function send(
  c: { kind: 'pause' } | { kind: 'resume' } | { kind: 'speed'; speed: Speed } | { kind: 'seek'; ns: string },
): Promise<void> {
  try {
    await getBridge().invoke('replay.control', c)
  } catch (e) {
    useUiStore.getState().set({ localError: (e as Error).message })
  }
}
