/*
 * What the recorder reads of a frame to choose it, without parsing it: the recorder sits on the
 * book path, and a JSON parse per frame would cost as much again as the book itself. Kraken's WS v2
 * (and the built-in exchange) write data frames compact, channel first:
 *   {"channel":"book","type":"update","data":[{"symbol":"BTC/USD",…
 * Acks and pongs ({"method":…}) and anything written otherwise are not market data to record.
 */

const CHANNEL = '{"channel":"'
const SYMBOL = '"symbol":"'
const SNAPSHOT = '"type":"snapshot"'

/** The first symbol the frame's data names (Kraken sends one instrument per data frame). */
export function symbolOf(text: string): string | null {
  const at = text.indexOf(SYMBOL)
  if (at < 0) return null
  const from = at + SYMBOL.length
  const end = text.indexOf('"', from)
  return end < 0 ? null : text.slice(from, end)
}

/** A snapshot: the type follows the channel (`{"channel":"book","type":"snapshot",…`). */
export function isSnapshot(text: string, channel: string): boolean {
  return text.startsWith(SNAPSHOT, CHANNEL.length + channel.length + 2)
}
