import { createHash, createHmac } from 'node:crypto'
import type { NewOrder, OrderType } from '../engine/types'
import type { SimInstrument } from '../instruments'

/** Kraken's FIX dialect as the built-in exchange speaks it (Unified FIX docs, docs.kraken.com/api/docs/fix-api). */
export const FIX_TRADING_COMP = 'KRAKEN-TRD'
export const FIX_MD_COMP = 'KRAKEN-MD'

/** Kraken's logon password: base64(HMAC-SHA512(base64decode(secret), SHA256(MessageInput + Nonce))). */
export function fixLogonPassword(
  seq: string,
  sender: string,
  target: string,
  apiKey: string,
  nonce: string,
  secretB64: string,
): string {
  const input = `35=A\x0134=${seq}\x0149=${sender}\x0156=${target}\x01553=${apiKey}\x01`
  const digest = createHash('sha256')
    .update(input + nonce)
    .digest()
  return createHmac('sha512', Buffer.from(secretB64, 'base64')).update(digest).digest('base64')
}

export const ORD_TYPES: Record<string, OrderType> = {
  '1': 'market',
  '2': 'limit',
  '3': 'stop-loss',
  '4': 'stop-loss-limit',
  R: 'take-profit',
  T: 'take-profit-limit',
  U: 'trailing-stop',
}
export const ORD_TYPE_CODE = Object.fromEntries(Object.entries(ORD_TYPES).map(([k, v]) => [v, k])) as Record<
  OrderType,
  string
>
ORD_TYPE_CODE.iceberg = '2'
export const TIF: Record<string, NewOrder['tif']> = { '1': 'GTC', '3': 'IOC', '4': 'FOK', '6': 'GTD' }
export const TIF_CODE: Record<string, string> = { GTC: '1', IOC: '3', FOK: '4', GTD: '6' }

export class FixRequestError extends Error {
  constructor(
    readonly kind: 'reject' | 'business',
    message: string,
    readonly tag?: number,
    readonly reason = 0,
  ) {
    super(message)
  }
}

export function fixSymbol(i: SimInstrument): string {
  // Kraken's FIX symbols follow its InstrumentList; the simulator uses the XBT/USD style there.
  return i.wsnameV1
}

/** Names for Kraken's reject text, "Missing Mandatory Field: Side (54)" (reject-session_level-fix example). */
export const FIELD_NAMES: Record<number, string> = {
  11: 'ClOrdID',
  37: 'OrderID',
  38: 'OrderQty',
  40: 'OrdType',
  41: 'OrigClOrdID',
  44: 'Price',
  54: 'Side',
  55: 'Symbol',
  59: 'TimeInForce',
  60: 'TransactTime',
  99: 'StopPx',
  126: 'ExpireTime',
  146: 'NoRelatedSym',
  262: 'MDReqID',
  263: 'SubscriptionRequestType',
  530: 'MassCancelRequestType',
}
