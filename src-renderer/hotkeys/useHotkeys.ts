import { useEffect, useRef } from 'react'
import { useKeymapStore } from '../stores/keymapStore'
import { installInputClock } from '../stores/latencySamples'
import { actionFor, chordOf, isTypingTarget, type Action } from './keymap'

/** One window-level key listener dispatching actions from the trader's keymap (kept in main) to the given handlers. */
export function useHotkeys(handlers: Partial<Record<Action, () => void>>): void {
  const ref = useRef(handlers)
  useEffect(() => {
    ref.current = handlers
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // while the trader is choosing a new key for an action, that key press is not an action
      if (e.isComposing || isTypingTarget(e.target) || document.body.dataset.keyCapture) return
      const chord = chordOf(e)
      // Inside a dialog, Enter on a focused button answers with that button (the browser presses
      // it). Everywhere else the focus guard stops the press, and Enter means one thing: the ticket.
      const el = e.target as HTMLElement | null
      if (
        chord === 'Enter' &&
        el?.closest?.('[role="dialog"], [role="alertdialog"]') &&
        el.tagName === 'BUTTON'
      )
        return
      const action = actionFor(useKeymapStore.getState().keymap, chord)
      const handler = action ? ref.current[action] : undefined
      if (!handler) return
      e.preventDefault()
      handler()
    }
    window.addEventListener('keydown', onKey)
    // the latency HUD times an order from the key or click that sent it
    const stopClock = installInputClock()
    return () => {
      window.removeEventListener('keydown', onKey)
      stopClock()
    }
  }, [])
}
