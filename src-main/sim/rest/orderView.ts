import { formatAsset } from '../engine/Accounts'
import type { SimOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { unitsToDecimal } from '../decimal'

/**
 * How Kraken's REST shows an order (OpenOrders / ClosedOrders / QueryOrders) and describes it
 * (`descr.order`), as in its recorded replies and doc examples (test/conformance/corpus/rest/h2-*):
 *  - zero prices and money are written with the pair's cost decimals ("0.00000" on XBT/USD),
 *    non-zero prices with the pair's price decimals ("30010.0");
 *  - `stopprice`/`limitprice` stay zero until a triggered order has fired (ccxt's live capture of
 *    an open take-profit shows "0.000000" there, with the trigger in `descr.price`);
 *  - `oflags` lists "post" before the implicit fee flag ("post,fciq");
 *  - the order text uses words, not the ordertype token: "@ take profit 120.0",
 *    "@ stop loss 22000.0 -> limit 21000.0".
 */

const TRIGGERED = new Set([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
])

/** the words Kraken's order text uses for each order type */
const WORDS: Record<string, string> = {
  'stop-loss': 'stop loss',
  'take-profit': 'take profit',
  'stop-loss-limit': 'stop loss',
  'take-profit-limit': 'take profit',
}

export function describeOrder(o: SimOrder, i: SimInstrument): string {
  const v = unitsToDecimal(o.qty, i.qtyPrecision)
  const px = (p: number | undefined) => (p === undefined ? '' : unitsToDecimal(p, i.pricePrecision))
  const head = `${o.side} ${v} ${i.altname} @`
  // a margin order's text ends "with 2:1 leverage" (Kraken's AddOrder example)
  const text = plainDescription(o, head, px)
  return o.leverage === undefined ? text : `${text} with ${o.leverage}:1 leverage`
}

function plainDescription(o: SimOrder, head: string, px: (p: number | undefined) => string): string {
  switch (o.type) {
    case 'market':
      return `${head} market`
    case 'limit':
      return `${head} limit ${px(o.limitPrice)}`
    case 'iceberg':
      // no recorded iceberg reply in the corpus: kept as the type token
      return `${head} iceberg ${px(o.limitPrice)}`
    case 'trailing-stop':
      return `${head} trailing stop +${px(o.triggerPrice)}`
    default: {
      const limit =
        o.type.endsWith('-limit') && o.limitPrice !== undefined ? ` -> limit ${px(o.limitPrice)}` : ''
      return `${head} ${WORDS[o.type] ?? o.type} ${px(o.triggerPrice)}${limit}`
    }
  }
}

export function restOrderInfo(o: SimOrder, i: SimInstrument, withTrades: boolean): Record<string, unknown> {
  const zero = formatAsset(0n, i.costPrecision)
  const px = (v: number | undefined) =>
    v === undefined || v === 0 ? zero : unitsToDecimal(v, i.pricePrecision)
  const avg =
    o.filled > 0n ? Number(o.cost / 10n ** BigInt(18 - i.qtyPrecision - i.pricePrecision) / o.filled) : 0
  const misc = [o.filled > 0n && o.filled < o.qty ? 'partial' : '', o.amended ? 'amended' : '']
    .filter(Boolean)
    .join(',')
  const triggered = TRIGGERED.has(o.type)
  const fired = triggered && !o.untriggered
  const descrPrice = o.type === 'limit' || o.type === 'iceberg' ? o.limitPrice : o.triggerPrice
  const info: Record<string, unknown> = {
    refid: null,
    userref: o.userref ?? 0,
    cl_ord_id: o.clOrdId,
    status: o.status,
    reason: o.reason ?? null,
    opentm: o.openedAt / 1000,
    closetm: o.closedAt !== undefined ? o.closedAt / 1000 : undefined,
    starttm: 0,
    expiretm: o.expireAt !== undefined ? o.expireAt / 1000 : 0,
    descr: {
      pair: i.altname,
      type: o.side,
      ordertype: o.type,
      // descr prices are written as given ("0" when absent), not with the money zero
      price: descrPrice !== undefined ? unitsToDecimal(descrPrice, i.pricePrecision) : '0',
      price2:
        o.type.endsWith('-limit') && o.limitPrice !== undefined
          ? unitsToDecimal(o.limitPrice, i.pricePrecision)
          : '0',
      // "none" for a cash order, "5:1" for a margin one (Kraken.Net's OpenOrders fixture)
      leverage: o.leverage === undefined ? 'none' : `${o.leverage}:1`,
      order: describeOrder(o, i),
      close: '',
    },
    vol: unitsToDecimal(o.qty, i.qtyPrecision),
    vol_exec: unitsToDecimal(o.filled, i.qtyPrecision),
    cost: formatAsset(o.cost, i.costPrecision),
    fee: formatAsset(o.fee, i.costPrecision),
    price: px(avg),
    stopprice: fired ? px(o.triggerPrice) : zero,
    limitprice: fired && o.type.endsWith('-limit') ? px(o.limitPrice) : zero,
    misc,
    oflags: o.postOnly ? 'post,fciq' : 'fciq',
  }
  // Kraken adds the trigger reference on triggered order types (doc examples: "trigger": "index")
  if (triggered) info.trigger = 'last'
  if (withTrades) info.trades = o.trades
  return info
}
