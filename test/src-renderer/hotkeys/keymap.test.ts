import { describe, expect, it } from 'vitest'
import {
  actionFor,
  chordOf,
  DEFAULT_KEYMAP,
  findConflicts,
  isTypingTarget,
  ACTIONS,
} from '../../../src-renderer/hotkeys/keymap'

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey', boolean>> = {},
) => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
})

describe('keymap', () => {
  it('names chords canonically', () => {
    expect(chordOf(key('?', { shiftKey: true }))).toBe('?')
    expect(chordOf(key('C', { shiftKey: true }))).toBe('C')
    expect(chordOf(key('ArrowUp', { shiftKey: true }))).toBe('Shift+ArrowUp')
    expect(chordOf(key('k', { ctrlKey: true, altKey: true }))).toBe('Ctrl+Alt+k')
    expect(chordOf(key(' '))).toBe('Space')
  })
  it('default keymap binds every action and has no conflicts', () => {
    expect(Object.keys(DEFAULT_KEYMAP).sort()).toEqual(Object.keys(ACTIONS).sort())
    expect(findConflicts(DEFAULT_KEYMAP)).toEqual([])
    expect(actionFor(DEFAULT_KEYMAP, '?')).toBe('help.toggle')
    expect(actionFor(DEFAULT_KEYMAP, 'q')).toBeNull()
    // the notices log is a key like any other (it was a listener of its own, out of the keymap)
    expect(actionFor(DEFAULT_KEYMAP, 'Alt+n')).toBe('notices.log')
    expect(ACTIONS['notices.log']).toBe('Open or close the notices log')
    // the flatten key's help says what it does on a derivatives contract (issue 17)
    expect(ACTIONS['ticket.flatten']).toBe(
      'Ticket: load the order that closes my position here — spot: a limit at the touch; derivatives: a reduce-only market order for the whole size (Enter sends it)',
    )
  })
  it('detects conflicts', () => {
    const km = { ...DEFAULT_KEYMAP, 'ladder.recentre': ['?'] }
    expect(findConflicts(km)).toEqual([{ chord: '?', actions: ['help.toggle', 'ladder.recentre'] }])
    expect(actionFor(DEFAULT_KEYMAP, 'Ctrl+k')).toBe('orders.killSwitch')
    expect(actionFor(DEFAULT_KEYMAP, 'B')).toBe('ticket.buyAtAsk')
    // issue 18's keys: they fill the ticket or open the confirm dialog, never send
    expect(actionFor(DEFAULT_KEYMAP, 'e')).toBe('ticket.exitsNext')
    expect(actionFor(DEFAULT_KEYMAP, 'r')).toBe('ticket.reverse')
    expect(actionFor(DEFAULT_KEYMAP, 'F')).toBe('orders.flattenAll')
  })
  it('treats fields as typing targets so hotkeys never fire while typing', () => {
    expect(isTypingTarget({ tagName: 'INPUT', isContentEditable: false } as unknown as EventTarget)).toBe(
      true,
    )
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true)
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: false } as unknown as EventTarget)).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })
  it('a ticked checkbox takes no typing: the next key is a hotkey', () => {
    const input = (type: string) =>
      ({ tagName: 'INPUT', type, isContentEditable: false }) as unknown as EventTarget
    expect(isTypingTarget(input('checkbox'))).toBe(false)
    expect(isTypingTarget(input('radio'))).toBe(false)
    expect(isTypingTarget(input('text'))).toBe(true)
    expect(isTypingTarget({ tagName: 'SELECT', isContentEditable: false } as unknown as EventTarget)).toBe(
      true,
    )
  })
})
