/**
 * Every text field has a length cap, and anything a trader typed is clipped before it is echoed
 * (ladder header, send button, messages): a 1,000,000-character paste once froze the window for
 * 13 s and was repeated across the ladder header.
 */

/** Longest number text a ticket field takes: more digits than any Kraken price or quantity has. */
export const NUMBER_FIELD_MAX = 24
/** Longest free text (names, filters, keys). */
export const TEXT_FIELD_MAX = 80

/** What a number field keeps of what was typed or pasted: no spaces, at most NUMBER_FIELD_MAX characters. */
export function capNumberText(text: string): string {
  return text.replace(/\s+/g, '').slice(0, NUMBER_FIELD_MAX)
}

/** What a free-text field keeps: at most TEXT_FIELD_MAX characters. */
export function capText(text: string): string {
  return text.slice(0, TEXT_FIELD_MAX)
}

/** Echo a trader's text in a label or message: at most `max` characters, an ellipsis when cut. */
export function clip(text: string, max = NUMBER_FIELD_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
