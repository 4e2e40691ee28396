import {
  ACTIONS as CONTRACT_ACTIONS,
  DEFAULT_KEYMAP,
  findConflicts,
  type Action,
  type Keymap,
} from '../../src-preload/contract/keymap'

export { DEFAULT_KEYMAP, findConflicts, type Action, type Keymap }

/** What each key does, as the help lists it: the contract's words. */
export const ACTIONS: Record<Action, string> = CONTRACT_ACTIONS
/**
 * Canonical name of a key press: modifiers Ctrl/Alt/Meta, then the key. For printable keys the
 * character already says whether Shift was held ('?' vs '/', 'C' vs 'c'), so Shift is named only
 * for non-printable keys (Shift+ArrowUp).
 */
export function chordOf(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>,
): string {
  const mods: string[] = []
  if (e.ctrlKey) mods.push('Ctrl')
  if (e.altKey) mods.push('Alt')
  if (e.metaKey) mods.push('Meta')
  const printable = e.key.length === 1
  if (e.shiftKey && !printable) mods.push('Shift')
  return [...mods, e.key === ' ' ? 'Space' : e.key].join('+')
}

export function actionFor(keymap: Keymap, chord: string): Action | null {
  for (const [action, chords] of Object.entries(keymap) as [Action, string[]][]) {
    if (chords.includes(chord)) return action
  }
  return null
}

/** Typing in a field must never fire a hotkey (a trader typing "c" in a quantity box must not re-centre, let alone trade). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false
  const el = target as HTMLElement
  const tag = el.tagName
  // a checkbox or radio takes no typing: keys pressed after ticking one are hotkeys
  if (tag === 'INPUT' && NOT_TYPED.has((el as HTMLInputElement).type)) return false
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}

const NOT_TYPED = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'range',
  'color',
  'file',
  'image',
])
