import { useEffect, useRef } from 'react'
import { actionFor, chordOf, DEFAULT_KEYMAP, isTypingTarget, type Action } from './keymap'

/** One window-level key listener dispatching actions from the keymap to the given handlers. */
export function useHotkeys(handlers: Partial<Record<Action, () => void>>): void {
  const ref = useRef(handlers)
  useEffect(() => {
    ref.current = handlers
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.isComposing || isTypingTarget(e.target)) return
      const chord = chordOf(e)
      // Enter on a focused button presses that button; it must not also send the ticket
      if (chord === 'Enter' && (e.target as HTMLElement | null)?.tagName === 'BUTTON') return
      const action = actionFor(DEFAULT_KEYMAP, chord)
      const handler = action ? ref.current[action] : undefined
      if (!handler) return
      e.preventDefault()
      handler()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
