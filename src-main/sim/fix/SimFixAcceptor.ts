import { FixListener } from './FixListener'
import { unitsToDecimal } from '../decimal'
import { ASSET_DECIMALS, type EngineEvent, type ExecType, type Fill, type SimOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { fixTime, type Field } from './fixCodec'
import { FixConnection } from './FixConnection'
import { storeOffline } from './fixResend'
import { LogonNonces } from './fixTradingLogon'
import type { FixVenue, SimFixDeps } from './fixVenue'
import { fixSymbol, ORD_TYPE_CODE, TIF_CODE } from './krakenFixDialect'

export type { SimFixDeps } from './fixVenue'
export { FIX_MD_COMP, FIX_TRADING_COMP, fixLogonPassword, fixSymbol } from './krakenFixDialect'

/**
 * FIX 4.4 acceptor of the built-in exchange, on 127.0.0.1 only. Trading sessions log on with
 * Kraken's signed Logon; market-data sessions by SenderCompID. Sequence numbers and sent
 * application messages persist per session (optionally on disk), so resends work across
 * reconnects and restarts. Execution reports for a session's orders that happen while it is
 * offline are stored and sequenced, and reach the client through its ResendRequest. Session rules:
 * FixSessionLayer; one connection's trading: FixConnection; market data: FixMarketData.
 */
export class SimFixAcceptor implements FixVenue<FixConnection> {
  private readonly listener = new FixListener((socket) => new FixConnection(this, socket))
  /** active connection per session id */
  readonly active = new Map<string, FixConnection>()
  private readonly nonces: LogonNonces
  readonly now: () => number
  readonly bySymbol = new Map<string, SimInstrument>()
  /** FIX ClOrdID to report for an order's next ER (set by cancel/replace requests) */
  readonly reportClOrdId = new Map<string, { clOrdId: string; origClOrdId?: string }>()
  private readonly unsubscribe: () => void

  constructor(readonly deps: SimFixDeps) {
    this.now = deps.now ?? Date.now
    this.nonces = new LogonNonces(this.now)
    for (const i of deps.instruments.values()) this.bySymbol.set(fixSymbol(i), i)
    this.unsubscribe = deps.engine.onEvents((events) => this.onEngineEvents(events))
  }

  start(port = 0): Promise<{ host: '127.0.0.1'; port: number }> {
    return this.listener.start(port)
  }

  get port(): number {
    return this.listener.port
  }

  async stop(): Promise<void> {
    this.unsubscribe()
    await this.listener.stop()
  }

  readonly faults = {
    /** cut every FIX connection abruptly (cancel-on-disconnect applies) */
    dropConnections: (): void => {
      this.listener.dropAll()
    },
  }

  /** Nonce must be within 5 s of our clock and strictly increasing per key. */
  checkNonce(apiKey: string, nonceText: string | undefined): string | null {
    return this.nonces.check(apiKey, nonceText)
  }

  private onEngineEvents(events: EngineEvent[]): void {
    for (const e of events) {
      if (e.kind !== 'order' || e.order.source.protocol !== 'fix' || !e.order.source.session) continue
      const sessionId = e.order.source.session
      const conn = this.active.get(sessionId)
      const er = this.executionReport(e.exec, e.order, e.fill)
      if (!er) continue
      if (conn?.live) conn.sendApp('8', er)
      else storeOffline(this.deps.store, sessionId, '8', er, fixTime(this.now()))
    }
  }

  /** FIX ExecutionReport body for an engine event, or null when FIX reports nothing for it. */
  executionReport(exec: ExecType | 'status', o: SimOrder, fill?: Fill): Field[] | null {
    const codes: Partial<Record<ExecType | 'status', string>> = {
      pending_new: 'A',
      new: '0',
      trade: 'F',
      canceled: '4',
      expired: 'C',
      amended: '5',
      restated: 'D',
      status: 'I',
    }
    const execType = codes[exec]
    if (!execType) return null // filled is reported by the last trade's ER; iceberg refills are silent
    const inst = this.deps.instruments.get(o.symbol)!
    const ordStatus =
      exec === 'pending_new'
        ? 'A'
        : o.status === 'canceled'
          ? '4'
          : o.status === 'expired'
            ? 'C'
            : o.status === 'closed'
              ? '2'
              : o.filled > 0n
                ? '1'
                : '0'
    const report = this.reportClOrdId.get(o.id)
    if (report && (exec === 'canceled' || exec === 'amended')) this.reportClOrdId.delete(o.id)
    const q = (v: bigint) => unitsToDecimal(v, inst.qtyPrecision)
    const px = (v: number) => unitsToDecimal(v, inst.pricePrecision)
    const scale = 10n ** BigInt(ASSET_DECIMALS - inst.qtyPrecision - inst.pricePrecision)
    const avg = o.filled > 0n ? Number(o.cost / scale / o.filled) : 0
    const f: Field[] = [
      [37, o.id],
      [11, report?.clOrdId ?? o.clOrdId ?? o.id],
    ]
    if (report?.origClOrdId) f.push([41, report.origClOrdId])
    f.push(
      [
        17,
        fill
          ? `${fill.tradeId}-${o.side === 'buy' ? 'B' : 'S'}`
          : `${o.id}-${exec}-${o.filled}-${this.now()}`,
      ],
      [150, execType],
      [39, ordStatus],
      [55, fixSymbol(inst)],
      [54, o.side === 'buy' ? '1' : '2'],
      [38, q(o.qty)],
      [40, ORD_TYPE_CODE[o.type]],
    )
    if (o.limitPrice !== undefined) f.push([44, px(o.limitPrice)])
    if (o.triggerPrice !== undefined) f.push([99, px(o.triggerPrice)])
    if (o.displayQty !== undefined) f.push([1138, q(o.displayQty)])
    f.push(
      [59, TIF_CODE[o.tif]!],
      [14, q(o.filled)],
      [151, q(o.status === 'open' || o.status === 'pending' ? o.qty - o.filled : 0n)],
      [6, px(avg)],
    )
    if (fill)
      f.push(
        [31, px(fill.price)],
        [32, q(fill.qty)],
        [527, String(fill.tradeSeq)],
        [851, fill.maker ? '1' : '2'],
      )
    if (o.reason && (exec === 'canceled' || exec === 'expired')) f.push([58, o.reason])
    f.push([60, fixTime(fill?.time ?? this.now())])
    return f
  }
}
