import { useEffect, useRef } from 'react'
import { useKeymapStore } from '../stores/keymapStore'
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
      // Enter on a focused button presses that button; it must not also send the ticket
      if (chord === 'Enter' && (e.target as HTMLElement | null)?.tagName === 'BUTTON') return
      const action = actionFor(useKeymapStore.getState().keymap, chord)
      const handler = action ? ref.current[action] : undefined
      if (!handler) return
      e.preventDefault()
      handler()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
