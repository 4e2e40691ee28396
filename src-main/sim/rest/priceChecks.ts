import { KrakenError } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { text } from '../requests'

/**
 * REST's own wording for bad prices, checked before the shared parsers (src-main/sim/requests.ts,
 * shared with WS and FIX, words them as WS does). Recorded REST replies:
 *  - "EOrder:Invalid price:XXBTZEUR price can only be specified up to 1 decimals." — the pair is
 *    named by Kraken's pair key (bewagner/kraken_api_dca#1);
 *  - "EOrder:Invalid price:Invalid secondary price argument" for an unreadable price2
 *    (freqtrade/freqtrade#4151), and "Invalid price argument" for price (askmike/gekko#1966).
 */
export function checkRestPrice(v: unknown, inst: SimInstrument, field: 'price' | 'price2'): void {
  if (v === undefined) return
  const t = text(v)
  // a trailing-stop offset is "+<price>"; the sign is checked by the shared parser
  const digits = t?.startsWith('+') ? t.slice(1) : t
  if (digits === undefined || !/^\d+(\.\d+)?$/.test(digits)) {
    throw new KrakenError(
      field === 'price'
        ? 'EOrder:Invalid price:Invalid price argument'
        : 'EOrder:Invalid price:Invalid secondary price argument',
    )
  }
  const decimals = (digits.split('.')[1] ?? '').replace(/0+$/, '').length
  if (decimals > inst.pricePrecision) {
    throw new KrakenError(
      `EOrder:Invalid price:${inst.restPair} price can only be specified up to ${inst.pricePrecision} decimals.`,
    )
  }
}
