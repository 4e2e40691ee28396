import type { Notice } from '../../src-preload/contract/types'
import { clip } from '../panels/fieldCaps'
import { addLocalNotice } from '../stores/tradingStore'
import { useUiStore } from '../stores/uiStore'

/** Longest message the window shows: a refusal quoting a huge paste must stay one readable line. */
const MESSAGE_MAX = 300

/**
 * What a message is: a refusal (the ticket's check, a key with nothing to act on, a command that
 * failed) is pinned in the notices like main's refusals; a note only joins the log; what main
 * has already put in the notices itself ('main-said') is shown here and not logged twice.
 */
export type SayAs = { kind: 'refusal' | 'note'; level?: Notice['level'] } | { kind: 'main-said' }

const REFUSAL: SayAs = { kind: 'refusal' }

/**
 * Say something to the trader in this window (the message strip above the status bar, always
 * shown) and keep it in the notices log. Refusals from main also arrive as notices; this is for
 * what only this window knows and for every command result, so nothing is refused in silence.
 */
export function say(text: string, as: SayAs = REFUSAL): void {
  const shown = clip(text, MESSAGE_MAX)
  useUiStore.getState().set({ localError: shown })
  if (as.kind === 'main-said') return
  const refusal = as.kind === 'refusal'
  addLocalNotice(shown, {
    level: as.level ?? (refusal ? 'warn' : 'info'),
    kind: as.kind,
    pinned: refusal,
  })
}

/** Technical codes a trader should not have to decode. */
const CODE_WORDS: Record<string, string> = {
  EBADREQ: 'Trident core refused the request as malformed',
  EDISCONNECTED: 'the link to Trident core is down',
  ETIMEOUT: 'Trident core did not answer in time',
}

/** A command that failed (rejected promise), whatever the error: said with what it was for. */
export function sayFailure(e: unknown, what = 'Not done'): void {
  const err = e as { code?: unknown; message?: unknown } | null
  const message = typeof err?.message === 'string' && err.message !== '' ? err.message : String(e)
  const code = typeof err?.code === 'string' ? err.code : null
  const words = code && CODE_WORDS[code] ? `${CODE_WORDS[code]} (${message})` : message
  // EREFUSED is main's refusal, which main has already pinned as a notice of its own: not logged
  // twice. Anything else (a lost link, a malformed request) only this window knows.
  say(`${what}: ${words}`, code === 'EREFUSED' ? { kind: 'main-said' } : { kind: 'refusal', level: 'error' })
}

/** A live feed main ended with an error (unknown symbol, refused topic): said, not a frozen panel. */
export function sayEnded(what: string): (e: { code: string; message: string }) => void {
  return (e) => say(`${what} stopped: ${e.message || e.code}`, { kind: 'refusal', level: 'error' })
}
