import { parse } from 'lossless-json'

/**
 * Parse a Kraken WS v2 frame keeping every JSON number as its exact source text.
 * `JSON.parse` would turn `0.10000000` into `0.1` (and large values into exponent form), which
 * breaks the book checksum and rounds money; here numbers stay strings end to end.
 */
export function parseLossless(text: string): unknown {
  return parse(text, null, (digits: string) => digits)
}
