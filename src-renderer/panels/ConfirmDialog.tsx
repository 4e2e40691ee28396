import { useEffect } from 'react'
import { useUiStore } from '../stores/uiStore'
import { confirmPending } from '../trading/actions'
import { DUPLICATE_YES_KEY, enterConfirms, isDuplicateYes, type ConfirmWhy } from '../trading/confirmKeys'

const NO_REASON: ConfirmWhy = []

/**
 * Main asks first above the confirmation threshold, or when the same order comes again moments
 * later. Esc cancels. Enter confirms a value question; a duplicate one wants a click or Y, since
 * it was Enter, pressed again, that made the duplicate.
 */
export function ConfirmDialog() {
  const confirm = useUiStore((s) => s.confirm)
  const why = confirm?.why ?? NO_REASON
  const enter = enterConfirms(why)
  useEffect(() => {
    if (!confirm || enter) return
    // capture phase: Y answers the question before any hotkey sees it (the trader may bind y)
    const onKey = (e: KeyboardEvent): void => {
      if (e.repeat || !isDuplicateYes(why, e)) return
      e.preventDefault()
      e.stopImmediatePropagation()
      void confirmPending(true)
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [confirm, enter, why])
  if (!confirm) return null
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-label="Confirm order"
      data-testid="confirm-dialog"
      data-why={why.join(' ')}
    >
      <div className="overlay-box">
        <h2>{enter ? 'Confirm order' : 'Send the same order again?'}</h2>
        <p>{confirm.text}</p>
        {!enter && (
          <p className="muted" data-testid="confirm-hint">
            Enter does not answer this: click Send again or press {DUPLICATE_YES_KEY}; Esc cancels.
          </p>
        )}
        <div className="row">
          <button
            type="button"
            className="send buy"
            onClick={() => void confirmPending(true)}
            data-testid="confirm-yes"
          >
            {enter ? 'Send' : 'Send again'} <kbd>{enter ? 'Enter' : DUPLICATE_YES_KEY}</kbd>
          </button>
          <button type="button" onClick={() => void confirmPending(false)} data-testid="confirm-no">
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
