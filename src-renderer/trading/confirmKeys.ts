/**
 * Which keys answer "yes" to main's question. A duplicate question exists because the key that
 * sent the order was pressed again (Enter held, Enter twice): if Enter also answered it, the same
 * burst would send the order twice. So a duplicate wants a click or Y, a key never used to send;
 * an order above the value threshold keeps Enter, as before.
 */
export type ConfirmWhy = readonly ('value' | 'duplicate')[]

/** The key shown on the yes button of a duplicate question. */
export const DUPLICATE_YES_KEY = 'Y'

/** Enter answers yes only when the question is not about a repeated order. */
export function enterConfirms(why: ConfirmWhy): boolean {
  return !why.includes('duplicate')
}

/** Y (either case, no modifier) answers yes to a duplicate question; nothing else does. */
export function isDuplicateYes(
  why: ConfirmWhy,
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>,
): boolean {
  return (
    why.includes('duplicate') &&
    !e.ctrlKey &&
    !e.altKey &&
    !e.metaKey &&
    e.key.toUpperCase() === DUPLICATE_YES_KEY
  )
}
