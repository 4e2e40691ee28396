/**
 * The WS v2 private feeds of the built-in exchange: `executions` (open orders and recent trades as
 * a snapshot, then one update per engine order event, with a per-connection sequence) and
 * `balances` (snapshot, then updates for the assets an engine call moved).
 */
import type { EngineEvent } from '../engine/types'
import { ASSET_BY_REST } from '../instruments'
import { parseBool } from '../requests'
import { assetAmount, executionData, toJson, wireTime } from './wsv2Format'
import type { Conn, Json, WsSession } from './wsSession'

type OrderEvent = Extract<EngineEvent, { kind: 'order' }>

export class WsPrivateFeeds {
  constructor(private readonly session: WsSession) {}

  /** `executions` or `balances`, for the account the caller authenticated. */
  subscribe(conn: Conn, req: Json, params: Json, timeIn: string, account: string): void {
    const channel = params.channel
    conn.subscribedAny = true
    if (channel === 'executions') {
      conn.executions = true
      this.session.reply(conn, req, timeIn, {
        success: true,
        result: { channel, snapshot: true, maxratecount: this.session.deps.limits.tradingThreshold },
      })
      if (params.snap_orders !== false && params.snapshot !== false)
        this.executionsSnapshot(conn, account, parseBool(params.snap_trades))
    } else {
      conn.balances = true
      this.session.reply(conn, req, timeIn, { success: true, result: { channel, snapshot: true } })
      if (params.snapshot !== false) this.balancesSnapshot(conn, account)
    }
  }

  unsubscribe(conn: Conn, req: Json, channel: 'executions' | 'balances', timeIn: string): void {
    if (channel === 'executions') conn.executions = false
    else conn.balances = false
    this.session.reply(conn, req, timeIn, { success: true, result: { channel } })
  }

  private executionsSnapshot(conn: Conn, account: string, withTrades: boolean): void {
    const { engine, instruments } = this.session.deps
    const data: unknown[] = []
    for (const o of engine.openOrders(account)) {
      // as Kraken: an open order is an order entry (exec_type new) whatever has filled; a part
      // fill shows in order_status partially_filled and cum_qty, never as a trade without a trade
      data.push(executionData('new', o, instruments.get(o.symbol)!, undefined, { snapshot: true }))
    }
    if (withTrades) {
      const fills = engine.fillLog.of(account).slice(-50)
      for (const f of fills) {
        const o = engine.orders.get(f.orderId)
        if (o) data.push(snapshotTrade(executionData('trade', o, instruments.get(o.symbol)!, f)))
      }
    }
    this.session.send(
      conn,
      toJson({ channel: 'executions', type: 'snapshot', data, sequence: ++conn.executionSeq }),
    )
  }

  private balancesSnapshot(conn: Conn, account: string): void {
    const data = this.session.deps.engine.accounts.assets(account).map(([asset, amount]) => {
      const a = ASSET_BY_REST.get(asset)
      return {
        asset: a?.ws ?? asset,
        asset_class: 'currency',
        balance: assetAmount(amount, asset),
        wallets: [{ type: 'spot', id: 'main', balance: assetAmount(amount, asset) }],
      }
    })
    this.session.send(conn, toJson({ channel: 'balances', type: 'snapshot', data, sequence: 1 }))
  }

  /** One engine order event: an executions update to each subscriber of its account. */
  publishExecution(e: OrderEvent): void {
    for (const c of this.session.conns) {
      if (!c.executions || c.account !== e.order.account) continue
      const data = executionData(e.exec, e.order, this.session.deps.instruments.get(e.order.symbol)!, e.fill)
      this.session.send(
        c,
        toJson({ channel: 'executions', type: 'update', data: [data], sequence: ++c.executionSeq }),
      )
    }
  }

  /** After an engine call: the new balance of each asset it moved, per account. */
  publishBalances(moved: Map<string, Set<string>>): void {
    const { engine } = this.session.deps
    for (const [account, assets] of moved) {
      for (const c of this.session.conns) {
        if (!c.balances || c.account !== account) continue
        const data = [...assets].map((asset) => ({
          asset: ASSET_BY_REST.get(asset)?.ws ?? asset,
          asset_class: 'currency',
          balance: assetAmount(engine.accounts.balance(account, asset), asset),
          type: 'trade',
          category: 'trade',
          wallet_type: 'spot',
          wallet_id: 'main',
          timestamp: wireTime(),
        }))
        this.session.send(c, toJson({ channel: 'balances', type: 'update', data }))
      }
    }
  }
}

/**
 * A `snap_trades` entry as Kraken sends one: the trade and its order's id, status and type, but
 * none of the order's own terms or running totals (no order_qty, limit_price, cum_qty: the
 * kraken-async-rs capture in test/conformance). A client must not read it as an open order.
 */
function snapshotTrade(d: Record<string, unknown>): Record<string, unknown> {
  for (const k of NOT_IN_SNAPSHOT_TRADES) delete d[k]
  return d
}

const NOT_IN_SNAPSHOT_TRADES = [
  'order_qty',
  'limit_price',
  'time_in_force',
  'triggers',
  'display_qty',
  'post_only',
  'cum_qty',
  'cum_cost',
  'avg_price',
  'margin',
  'reduce_only',
] as const
