/**
 * Keys mean what the keymap says, whatever the mouse touched last. A clicked button kept focus,
 * so a later Enter or Space pressed it again: after clicking "Re-arm", Enter tripped the kill
 * switch, and the next re-armed trading. A click outside the ticket's fields left the caret in
 * the quantity, so hotkeys typed "0.01b1[[[" into it. This guard:
 *  - takes focus off whatever the mouse pressed once the click is done (fields and selects keep it);
 *  - takes focus out of a text field when the mouse goes down anywhere that is not a field;
 *  - stops Enter and Space from pressing a focused control outside a dialog (the hotkeys then
 *    handle Enter: send the ticket through its checks).
 */

/** Where typing goes: text fields, selects, editable text. Not buttons, checkboxes, tabs. */
export function isTextEntry(el: Element | null): boolean {
  if (!el) return false
  const tag = el.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if ((el as HTMLElement).isContentEditable) return true
  if (tag !== 'INPUT') return false
  const type = (el as HTMLInputElement).type
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(type)
}

/** Inside an open dialog the focused control may answer by Enter/Space as browsers do. */
function inDialog(el: Element): boolean {
  return el.closest('[role="dialog"], [role="alertdialog"], [aria-modal="true"]') !== null
}

/** A control Enter or Space would press: buttons, links, tabs, summaries, checkboxes. */
function pressable(el: Element | null): boolean {
  return el instanceof HTMLElement && !isTextEntry(el) && el !== document.body && el.matches(':focus')
}

export function installFocusGuard(win: Window = window): () => void {
  const doc = win.document
  const onPointerDown = (e: Event): void => {
    const target = e.target as Element | null
    const active = doc.activeElement
    // a press on a field or its label moves the caret there; anywhere else leaves the field
    if (!target?.closest || target.closest('input, textarea, select, label, [contenteditable="true"]')) return
    if (isTextEntry(active) && !inDialog(active!)) (active as HTMLElement).blur()
  }
  const onClick = (): void => {
    const active = doc.activeElement
    if (active instanceof HTMLElement && active !== doc.body && !isTextEntry(active) && !inDialog(active))
      active.blur()
  }
  const onChange = (e: Event): void => {
    // a chosen option is done: letters typed next are hotkeys, not a search through the options
    const el = e.target as HTMLElement | null
    if (el?.tagName === 'SELECT' && !inDialog(el)) el.blur()
  }
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Enter' && e.key !== ' ') return
    const el = e.target as Element | null
    if (!pressable(el) || inDialog(el!)) return
    // no native press; the hotkey listener still sees the key (Enter: send the ticket)
    e.preventDefault()
    ;(el as HTMLElement).blur()
  }
  doc.addEventListener('pointerdown', onPointerDown, true)
  // bubble phase on the window: React's own click handlers (at the root) have run by then
  win.addEventListener('click', onClick)
  doc.addEventListener('change', onChange, true)
  win.addEventListener('keydown', onKey, true)
  win.addEventListener('keyup', onKey, true)
  return () => {
    doc.removeEventListener('pointerdown', onPointerDown, true)
    win.removeEventListener('click', onClick)
    doc.removeEventListener('change', onChange, true)
    win.removeEventListener('keydown', onKey, true)
    win.removeEventListener('keyup', onKey, true)
  }
}
