/** Kraken's REST time texts, as its replies write them. */

/** CancelAllOrdersAfter's RFC3339 times carry whole seconds: "2023-03-24T17:41:56Z" */
export function rfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Time's rfc1123 as Kraken writes it (its doc example "Wed,  9 Jan 19 01:50:54 +0000"): the day
 * padded with a space, a two-digit year and "+0000" — not JavaScript's toUTCString().
 */
export function krakenRfc1123(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  const day = String(d.getUTCDate()).padStart(2, ' ')
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  return `${DAYS[d.getUTCDay()]}, ${day} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCFullYear() % 100)} ${time} +0000`
}
