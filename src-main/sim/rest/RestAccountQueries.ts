/**
 * Kraken Spot REST private queries of the built-in exchange: Balance, BalanceEx, OpenOrders,
 * ClosedOrders, QueryOrders, TradesHistory — one account's view, in Kraken's result shapes.
 */
import { unitsToDecimal } from '../decimal'
import { formatAsset } from '../engine/Accounts'
import { KrakenError } from '../engine/types'
import { ASSET_BY_REST } from '../instruments'
import { parseBool, text } from '../requests'
import { restOrderInfo } from './orderView'
import type { Params, PrivateHandler, SimRestDeps } from './restDeps'

export function accountQueries(deps: SimRestDeps): Map<string, PrivateHandler> {
  const { engine, instruments } = deps
  return new Map<string, PrivateHandler>([
    [
      'Balance',
      (account) =>
        Object.fromEntries(
          engine.accounts
            .assets(account)
            .map(([a, v]) => [a, formatAsset(v, ASSET_BY_REST.get(a)?.decimals ?? 8)]),
        ),
    ],
    [
      'BalanceEx',
      (account) =>
        Object.fromEntries(
          engine.accounts.assets(account).map(([a, v]) => {
            const d = ASSET_BY_REST.get(a)?.decimals ?? 8
            return [
              a,
              { balance: formatAsset(v, d), hold_trade: formatAsset(engine.accounts.held(account, a), d) },
            ]
          }),
        ),
    ],
    [
      'OpenOrders',
      (account, p) => {
        const cl = text(p.cl_ord_id)
        const ur = text(p.userref)
        const open = [...engine.openOrders(account)].filter(
          (o) => (cl === undefined || o.clOrdId === cl) && (ur === undefined || String(o.userref) === ur),
        )
        return {
          open: Object.fromEntries(
            open.map((o) => [o.id, restOrderInfo(o, instruments.get(o.symbol)!, parseBool(p.trades))]),
          ),
        }
      },
    ],
    [
      'ClosedOrders',
      (account, p) => {
        const cl = text(p.cl_ord_id)
        const closed = [...engine.orders.values()]
          .filter(
            (o) =>
              o.account === account &&
              o.status !== 'open' &&
              o.status !== 'pending' &&
              (cl === undefined || o.clOrdId === cl),
          )
          .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
        const ofs = Number(text(p.ofs) ?? 0) || 0
        const page = closed.slice(ofs, ofs + 50)
        return {
          closed: Object.fromEntries(
            page.map((o) => [o.id, restOrderInfo(o, instruments.get(o.symbol)!, parseBool(p.trades))]),
          ),
          count: closed.length,
        }
      },
    ],
    [
      'QueryOrders',
      (account, p) => {
        const ids = (text(p.txid) ?? '').split(',').filter(Boolean)
        if (ids.length === 0 || ids.length > 50) throw new KrakenError('EGeneral:Invalid arguments:txid')
        const out: Record<string, unknown> = {}
        for (const id of ids) {
          const o = engine.orders.get(id)
          if (o && o.account === account)
            out[id] = restOrderInfo(o, instruments.get(o.symbol)!, parseBool(p.trades))
        }
        return out
      },
    ],
    ['TradesHistory', (account, p) => tradesHistory(deps, account, p)],
  ])
}

function tradesHistory(deps: SimRestDeps, account: string, p: Params): unknown {
  const fills = deps.engine.fillLog.of(account).reverse()
  const ofs = Number(text(p.ofs) ?? 0) || 0
  const trades: Record<string, unknown> = {}
  for (const f of fills.slice(ofs, ofs + 50)) {
    const i = deps.instruments.get(f.symbol)!
    trades[f.tradeId] = {
      ordertxid: f.orderId,
      postxid: f.tradeId,
      pair: i.restPair,
      time: f.time / 1000,
      type: f.side,
      ordertype: f.ordType,
      price: unitsToDecimal(f.price, i.pricePrecision),
      cost: formatAsset(f.cost, i.costPrecision),
      fee: formatAsset(f.fee, i.costPrecision),
      vol: unitsToDecimal(f.qty, i.qtyPrecision),
      // a margin fill's initial margin: its cost over the order's leverage (0 for cash)
      margin: formatAsset(f.leverage ? f.cost / BigInt(f.leverage) : 0n, i.costPrecision),
      misc: '',
      trade_id: f.tradeSeq,
      maker: f.maker,
    }
  }
  return { trades, count: fills.length }
}
