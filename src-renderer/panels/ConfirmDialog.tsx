import { useEffect } from 'react'
import { useUiStore } from '../stores/uiStore'
import { useFlattenAllStore } from '../stores/bracketsStore'
import { confirmFlattenAll, confirmPending } from '../trading/actions'
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
  if (!confirm) return <FlattenAllDialog />
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

/**
 * Flatten everything (its hotkey): the orders it will send, one line each; Enter or Send sends
 * them, Esc cancels. While it is open every other key is held back (Ctrl+K, the kill switch, excepted).
 */
function FlattenAllDialog() {
  const pending = useFlattenAllStore((s) => s.pending)
  useEffect(() => {
    if (!pending) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey && e.key.toLowerCase() === 'k') return
      e.stopImmediatePropagation()
      if (e.repeat) return
      if (e.key === 'Enter' || e.key === 'Escape') {
        e.preventDefault()
        void confirmFlattenAll(e.key === 'Enter')
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [pending])
  if (!pending) return null
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-label="Flatten everything"
      data-testid="flatten-all-dialog"
    >
      <div className="overlay-box">
        <h2>Flatten everything?</h2>
        <ul data-testid="flatten-all-orders">
          {pending.map((p) => (
            <li key={p.order.symbol}>{p.text}</li>
          ))}
        </ul>
        <div className="row">
          <button
            type="button"
            className="send sell"
            onClick={() => void confirmFlattenAll(true)}
            data-testid="flatten-all-yes"
          >
            Send {pending.length === 1 ? 'it' : `all ${pending.length}`} <kbd>Enter</kbd>
          </button>
          <button type="button" onClick={() => void confirmFlattenAll(false)} data-testid="flatten-all-no">
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
