/**
 * The number tokens that follow the given keys in a JSON text, exactly as written ("0.10000000"
 * stays "0.10000000"), found by a plain scan of the text rather than by any JSON parser, so a
 * test can compare what Trident parsed against what the venue actually sent.
 */
export function numberTokens(text: string, keys: readonly string[]): string[] {
  const out: string[] = []
  const re = new RegExp(`"(${keys.join('|')})"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, 'g')
  for (const m of text.matchAll(re)) out.push(m[2]!)
  return out
}
