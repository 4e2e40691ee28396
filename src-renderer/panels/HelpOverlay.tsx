import { ACTIONS, DEFAULT_KEYMAP, findConflicts, type Action } from '../hotkeys/keymap'

/** The keymap as the trader sees it, with any conflicting bindings called out. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const conflicts = findConflicts(DEFAULT_KEYMAP)
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      data-testid="help-overlay"
    >
      <div className="overlay-box">
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {(Object.keys(ACTIONS) as Action[]).map((a) => (
              <tr key={a}>
                <td className="keys">
                  {DEFAULT_KEYMAP[a].map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{ACTIONS[a]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {conflicts.length > 0 && (
          <p className="warn">
            Conflicting keys: {conflicts.map((c) => `${c.chord} (${c.actions.join(', ')})`).join('; ')}
          </p>
        )}
        <button type="button" onClick={onClose}>
          Close (Esc)
        </button>
      </div>
    </div>
  )
}
