import { useUiStore } from '../stores/uiStore'
import { confirmPending } from '../trading/actions'

/** Above the confirmation threshold main asks first; Enter confirms, Esc cancels. */
export function ConfirmDialog() {
  const confirm = useUiStore((s) => s.confirm)
  if (!confirm) return null
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-label="Confirm order"
      data-testid="confirm-dialog"
    >
      <div className="overlay-box">
        <h2>Confirm order</h2>
        <p>{confirm.text}</p>
        <div className="row">
          <button
            type="button"
            className="send buy"
            onClick={() => void confirmPending(true)}
            data-testid="confirm-yes"
          >
            Send <kbd>Enter</kbd>
          </button>
          <button type="button" onClick={() => void confirmPending(false)}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
