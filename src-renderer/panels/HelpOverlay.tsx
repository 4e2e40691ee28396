import { useEffect, useState } from 'react'
import { getBridge } from '../bridge'
import { ACTIONS, chordOf, findConflicts, type Action } from '../hotkeys/keymap'
import { useKeymapStore } from '../stores/keymapStore'

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock'])

/**
 * The keymap as the trader sees it, and where they change it: "Change", then press the new key.
 * A key already bound to another action is refused here (and again by main), never silently taken.
 */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { keymap, custom } = useKeymapStore()
  const [capturing, setCapturing] = useState<Action | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const conflicts = findConflicts(keymap)

  useEffect(() => {
    if (!capturing) return
    document.body.dataset.keyCapture = '1'
    const onKey = (e: KeyboardEvent): void => {
      if (MODIFIERS.has(e.key)) return
      e.preventDefault()
      e.stopPropagation()
      setCapturing(null)
      if (e.key === 'Escape') return // Esc cancels the change; it stays bound to closing things
      const chord = chordOf(e)
      const owner = (Object.keys(keymap) as Action[]).find(
        (a) => a !== capturing && keymap[a].includes(chord),
      )
      if (owner) {
        setProblem(`${chord} already does "${ACTIONS[owner]}". Change that first, or pick another key.`)
        return
      }
      getBridge()
        .invoke('keymap.set', { bindings: { ...keymap, [capturing]: [chord] } })
        .then(() => setProblem(null))
        .catch((err: unknown) => setProblem((err as Error).message))
    }
    window.addEventListener('keydown', onKey, true)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      delete document.body.dataset.keyCapture
    }
  }, [capturing, keymap])

  const reset = (): void => {
    getBridge()
      .invoke('keymap.reset', {})
      .then(() => setProblem(null))
      .catch((err: unknown) => setProblem((err as Error).message))
  }

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      data-testid="help-overlay"
    >
      <div className="overlay-box">
        <h2>Keyboard shortcuts {custom && <span className="muted">(customised)</span>}</h2>
        <table>
          <tbody>
            {(Object.keys(ACTIONS) as Action[]).map((a) => (
              <tr key={a} data-testid={`keys-${a}`}>
                <td className="keys">
                  {capturing === a ? (
                    <span className="warn">press a key… (Esc: keep)</span>
                  ) : (
                    keymap[a].map((k) => <kbd key={k}>{k}</kbd>)
                  )}
                </td>
                <td>{ACTIONS[a]}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setCapturing(a)}
                    data-testid={`rebind-${a}`}
                  >
                    Change
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {problem && (
          <p className="warn" role="alert" data-testid="keymap-problem">
            {problem}
          </p>
        )}
        {conflicts.length > 0 && (
          <p className="warn">
            Conflicting keys: {conflicts.map((c) => `${c.chord} (${c.actions.join(', ')})`).join('; ')}
          </p>
        )}
        <p className="muted" data-testid="enter-rule">
          Enter always means one thing: send what the ticket shows, through the same checks as its button —
          or, with a question on screen, answer it. A clicked button never keeps the keys; click any empty
          space to leave a field. Re-arming after the kill switch always asks (Enter keeps trading stopped).
          Sending the same order again moments later asks too, and Enter does not answer that question: click
          Send again or press Y.
        </p>
        <p className="muted">Your keys are saved in main and apply to every window.</p>
        <button type="button" onClick={reset} disabled={!custom} data-testid="keymap-reset">
          Reset to defaults
        </button>{' '}
        <button type="button" onClick={onClose}>
          Close (Esc)
        </button>
      </div>
    </div>
  )
}
