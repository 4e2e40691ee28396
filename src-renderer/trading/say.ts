import { clip } from '../panels/fieldCaps'
import { useUiStore } from '../stores/uiStore'

/** Longest message the window shows: a refusal quoting a huge paste must stay one readable line. */
const MESSAGE_MAX = 300

/**
 * Say something to the trader in this window (the message strip above the status bar, always
 * shown). Refusals from main also arrive as notices; this is for what only this window knows and
 * for every command result, so nothing is refused in silence.
 */
export function say(text: string): void {
  useUiStore.getState().set({ localError: clip(text, MESSAGE_MAX) })
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
  say(`${what}: ${words}`)
}

/** A live feed main ended with an error (unknown symbol, refused topic): said, not a frozen panel. */
export function sayEnded(what: string): (e: { code: string; message: string }) => void {
  return (e) => say(`${what} stopped: ${e.message || e.code}`)
}
