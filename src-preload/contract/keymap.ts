import defaults from '../../resources/keymap.default.json'

/*
 * The keymap's vocabulary, shared by main (which validates and stores the trader's keymap) and
 * the renderer (which dispatches key presses). Pure: no I/O.
 */

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
  'ticket.flatten':
    'Ticket: load the order that closes my position here — spot: a limit at the touch; derivatives: a reduce-only market order for the whole size (Enter sends it)',
  'ticket.reverse':
    'Ticket: load the order that reverses my position here (other side, twice the net), at the touch (Enter sends it)',
  'ticket.exitsNext': 'Ticket: choose the next exit template (none, then each saved one); sends nothing',
  'ticket.send': 'Send the order the ticket shows',
  'orders.amendLastUp': 'Move my last working order up one tick',
  'orders.amendLastDown': 'Move my last working order down one tick',
  'orders.cancelLast': 'Cancel my last working order',
  'orders.cancelSymbol': 'Cancel all my orders on this instrument',
  'orders.flattenAll': 'Flatten everything: list the orders that close every position, to confirm',
  'orders.killSwitch': 'Kill switch: cancel everything everywhere and stop trading',
  'ladder.recentre': 'Centre the ladder on the market',
  'ladder.scrollUp': 'Scroll the ladder up one tick',
  'ladder.scrollDown': 'Scroll the ladder down one tick',
  'ladder.pageUp': 'Scroll the ladder up one page',
  'ladder.pageDown': 'Scroll the ladder down one page',
  'workspace.menu': 'Open or close the workspace menu (save, load, add a panel, new window)',
  'workspace.popOut': 'Pop the active panel out into a window of its own',
  'workspace.linkNext': 'Move the active panel to the next link group (red, green, blue, yellow, none)',
  'notices.log': 'Open or close the notices log',
  'practice.pause': 'Practice (replay profile): pause or resume the replay',
  'practice.faster': 'Practice (replay profile): replay faster (1×, 2×, 10×, max)',
  'practice.slower': 'Practice (replay profile): replay slower',
} as const

export type Action = keyof typeof ACTIONS
export type Keymap = Record<Action, string[]>

export const DEFAULT_KEYMAP: Keymap = defaults as Keymap

/** Chords bound to more than one action: shown to the trader, never silently resolved. */
export function findConflicts(keymap: Keymap): { chord: string; actions: Action[] }[] {
  const byChord = new Map<string, Action[]>()
  for (const [action, chords] of Object.entries(keymap) as [Action, string[]][]) {
    for (const c of chords) byChord.set(c, [...(byChord.get(c) ?? []), action])
  }
  return [...byChord].filter(([, a]) => a.length > 1).map(([chord, actions]) => ({ chord, actions }))
}

/** Why a keymap cannot be used, in words; null when it can. */
export function keymapProblem(keymap: Record<string, unknown>): string | null {
  for (const a of Object.keys(keymap)) if (!(a in ACTIONS)) return `Unknown action "${a}"`
  for (const a of Object.keys(ACTIONS)) {
    const chords = keymap[a]
    if (!Array.isArray(chords) || chords.some((c) => typeof c !== 'string' || c.length === 0))
      return `No keys given for "${a}"`
  }
  const c = findConflicts(keymap as Keymap)
  if (c.length > 0)
    return `Key ${c[0]!.chord} is bound to more than one action: ${c[0]!.actions.map((x) => ACTIONS[x]).join(' / ')}`
  return null
}
