import defaults from '../../resources/keymap.default.json'

/** Everything a key can do. Trading actions join this list with the order ticket. */
export const ACTIONS = {
  'help.toggle': 'Show or hide this list of keys',
  escape: 'Close the open dialog, or clear the ticket',
  'ticket.buyAtBid': 'Ticket: buy at the best bid (join the bid)',
  'ticket.buyAtAsk': 'Ticket: buy at the best ask (take it)',
  'ticket.sellAtAsk': 'Ticket: sell at the best ask (join the offer)',
  'ticket.sellAtBid': 'Ticket: sell at the best bid (hit it)',
  'ticket.qty1': 'Ticket: quantity preset 1',
  'ticket.qty2': 'Ticket: quantity preset 2',
  'ticket.qty3': 'Ticket: quantity preset 3',
  'ticket.qty4': 'Ticket: quantity preset 4',
  'ticket.priceUp': 'Ticket: price up one tick',
  'ticket.priceDown': 'Ticket: price down one tick',
  'ticket.send': 'Send the order the ticket shows',
  'orders.amendLastUp': 'Move my last working order up one tick',
  'orders.amendLastDown': 'Move my last working order down one tick',
  'orders.cancelLast': 'Cancel my last working order',
  'orders.cancelSymbol': 'Cancel all my orders on this instrument',
  'orders.killSwitch': 'Kill switch: cancel everything everywhere and stop trading',
  'ladder.recentre': 'Centre the ladder on the market',
  'ladder.scrollUp': 'Scroll the ladder up one tick',
  'ladder.scrollDown': 'Scroll the ladder down one tick',
  'ladder.pageUp': 'Scroll the ladder up one page',
  'ladder.pageDown': 'Scroll the ladder down one page',
} as const

export type Action = keyof typeof ACTIONS
export type Keymap = Record<Action, string[]>

export const DEFAULT_KEYMAP: Keymap = defaults as Keymap

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

/** Chords bound to more than one action: shown to the trader, never silently resolved. */
export function findConflicts(keymap: Keymap): { chord: string; actions: Action[] }[] {
  const byChord = new Map<string, Action[]>()
  for (const [action, chords] of Object.entries(keymap) as [Action, string[]][]) {
    for (const c of chords) byChord.set(c, [...(byChord.get(c) ?? []), action])
  }
  return [...byChord].filter(([, a]) => a.length > 1).map(([chord, actions]) => ({ chord, actions }))
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
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}
