/**
 * Test-side helpers, independent of the code under test: expected money is written as decimal
 * text and turned into units of 10^-18 USD here, so a wrong scale in the model cannot hide itself.
 */
export function usd(text: string): bigint {
  const neg = text.startsWith('-')
  const [i, f = ''] = (neg ? text.slice(1) : text).split('.')
  const v = BigInt(i!) * 10n ** 18n + BigInt((f + '0'.repeat(18)).slice(0, 18))
  return neg ? -v : v
}

/** PF_XBTUSD quantities are units of 0.0001 BTC; prices whole dollars (tick 1). */
export const btc = (text: string): bigint => BigInt(Math.round(Number(text) * 10_000))
/** PF_ETHUSD quantities are units of 0.001 ETH; prices units of 0.1 USD (tick 0.1). */
export const eth = (text: string): bigint => BigInt(Math.round(Number(text) * 1_000))

export const XBT = 'PF_XBTUSD'
export const ETH = 'PF_ETHUSD'

export const marks = (entries: Record<string, bigint>): ReadonlyMap<string, bigint> =>
  new Map(Object.entries(entries))
