import { useUiStore } from '../stores/uiStore'
import { killSwitch } from '../trading/actions'

/**
 * Re-arming after the kill switch always asks. Its default — Enter, Esc, or the first button —
 * keeps trading stopped: one stray Enter once re-armed trading with no question asked.
 */
export function RearmDialog() {
  const open = useUiStore((s) => s.rearm)
  if (!open) return null
  const keepStopped = (): void => useUiStore.getState().set({ rearm: false })
  const rearm = (): void => {
    useUiStore.getState().set({ rearm: false })
    void killSwitch(false)
  }
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-label="Re-arm trading"
      data-testid="rearm-dialog"
    >
      <div className="overlay-box">
        <h2>Re-arm trading?</h2>
        <p>
          The kill switch cancelled every order and stopped trading. Re-arming lets new orders through again,
          from this and every other window.
        </p>
        <div className="row">
          <button type="button" onClick={keepStopped} data-testid="rearm-no">
            Keep trading stopped <kbd>Enter</kbd> <kbd>Esc</kbd>
          </button>
          <button type="button" className="rearm" onClick={rearm} data-testid="rearm-yes">
            Re-arm trading
          </button>
        </div>
      </div>
    </div>
  )
}
