import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { unitsToDecimal } from '../decimal'
import type { MatchingEngine } from '../engine/MatchingEngine'
import {
  ASSET_DECIMALS,
  KrakenError,
  type EngineEvent,
  type ExecType,
  type Fill,
  type NewOrder,
  type OrderType,
  type SimOrder,
} from '../engine/types'
import type { SimInstrument } from '../instruments'
import { tradingCost, type SimRateLimits } from '../limits/RateLimits'
import type { KeyStore } from '../rest/auth'
import { decimalToUnits } from '../decimal'
import { parseClOrdId } from '../requests'
import { bookChecksum } from '../ws/wsv2Format'
import type { FixMessage } from './fixCodec'
import { encode, fixTime, FixFramingError, FixParser, parseFixTime, type Field } from './fixCodec'
import type { FixSessionStore } from './FixSessionStore'

export const FIX_TRADING_COMP = 'KRAKEN-TRD'
export const FIX_MD_COMP = 'KRAKEN-MD'

export interface SimFixDeps {
  engine: MatchingEngine
  keys: KeyStore
  limits: SimRateLimits
  instruments: Map<string, SimInstrument>
  store: FixSessionStore
  now?: () => number
}

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

const ORD_TYPES: Record<string, OrderType> = {
  '1': 'market',
  '2': 'limit',
  '3': 'stop-loss',
  '4': 'stop-loss-limit',
  R: 'take-profit',
  T: 'take-profit-limit',
  U: 'trailing-stop',
}
const ORD_TYPE_CODE = Object.fromEntries(Object.entries(ORD_TYPES).map(([k, v]) => [v, k])) as Record<
  OrderType,
  string
>
ORD_TYPE_CODE.iceberg = '2'
const TIF: Record<string, NewOrder['tif']> = { '1': 'GTC', '3': 'IOC', '4': 'FOK', '6': 'GTD' }
const TIF_CODE: Record<string, string> = { GTC: '1', IOC: '3', FOK: '4', GTD: '6' }

class FixRequestError extends Error {
  constructor(
    readonly kind: 'reject' | 'business',
    message: string,
    readonly tag?: number,
    readonly reason = 0,
  ) {
    super(message)
  }
}

/**
 * FIX 4.4 acceptor of the built-in exchange, on 127.0.0.1 only. Trading sessions log on with
 * Kraken's signed Logon; market-data sessions by SenderCompID. Sequence numbers and sent
 * application messages persist per session (optionally on disk), so resends work across
 * reconnects and restarts. Execution reports for a session's orders that happen while it is
 * offline are stored and sequenced, and reach the client through its ResendRequest.
 */
export class SimFixAcceptor {
  private server: Server | null = null
  private readonly conns = new Set<FixConnection>()
  /** active connection per session id */
  readonly active = new Map<string, FixConnection>()
  private readonly lastNonce = new Map<string, bigint>()
  readonly now: () => number
  readonly bySymbol = new Map<string, SimInstrument>()
  /** FIX ClOrdID to report for an order's next ER (set by cancel/replace requests) */
  readonly reportClOrdId = new Map<string, { clOrdId: string; origClOrdId?: string }>()
  port = 0
  private readonly unsubscribe: () => void

  constructor(readonly deps: SimFixDeps) {
    this.now = deps.now ?? Date.now
    for (const i of deps.instruments.values()) this.bySymbol.set(fixSymbol(i), i)
    this.unsubscribe = deps.engine.onEvents((events) => this.onEngineEvents(events))
  }

  async start(port = 0): Promise<{ host: '127.0.0.1'; port: number }> {
    const server = createServer((socket) => {
      const c = new FixConnection(this, socket)
      this.conns.add(c)
      socket.on('close', () => this.conns.delete(c))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    this.server = server
    this.port = (server.address() as AddressInfo).port
    return { host: '127.0.0.1', port: this.port }
  }

  async stop(): Promise<void> {
    this.unsubscribe()
    for (const c of this.conns) c.destroy()
    const s = this.server
    this.server = null
    if (s) await new Promise<void>((r) => s.close(() => r()))
  }

  readonly faults = {
    /** cut every FIX connection abruptly (cancel-on-disconnect applies) */
    dropConnections: (): void => {
      for (const c of this.conns) c.destroy()
    },
  }

  /** Nonce must be within 5 s of our clock and strictly increasing per key. */
  checkNonce(apiKey: string, nonceText: string | undefined): string | null {
    if (!nonceText || !/^\d{1,19}$/.test(nonceText)) return 'Invalid nonce (5025)'
    const n = BigInt(nonceText)
    if (Math.abs(Number(n) - this.now()) > 5000) return 'Nonce (5025) not within 5 seconds of server time'
    if (n <= (this.lastNonce.get(apiKey) ?? 0n)) return 'Nonce (5025) must increase'
    this.lastNonce.set(apiKey, n)
    return null
  }

  private onEngineEvents(events: EngineEvent[]): void {
    for (const e of events) {
      if (e.kind !== 'order' || e.order.source.protocol !== 'fix' || !e.order.source.session) continue
      const sessionId = e.order.source.session
      const conn = this.active.get(sessionId)
      const er = this.executionReport(e.exec, e.order, e.fill)
      if (!er) continue
      if (conn) conn.sendApp('8', er)
      else this.storeOffline(sessionId, '8', er)
    }
  }

  /** Sequence and store a message for an offline session; its next logon learns of it by the gap. */
  storeOffline(sessionId: string, type: string, body: Field[]): void {
    const st = this.deps.store.get(sessionId)
    const seq = st.nextOut++
    this.deps.store.recordSent(sessionId, seq, type, body, fixTime(this.now()))
    this.deps.store.save(sessionId)
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

export function fixSymbol(i: SimInstrument): string {
  // Kraken's FIX symbols follow its InstrumentList; the simulator uses the XBT/USD style there.
  return i.wsnameV1
}

class FixConnection {
  private readonly parser = new FixParser()
  private state: 'logon' | 'active' | 'closed' = 'logon'
  private sessionId = ''
  private sender = ''
  private target = ''
  private account: string | null = null
  private cod = true
  private heartbeatMs = 30_000
  private lastIn = Date.now()
  private lastOut = Date.now()
  private testRequestAt = 0
  private queue: FixMessage[] = []
  private resendPending = false
  private timer: NodeJS.Timeout | null = null
  private cleanLogout = false
  /** MarketDataRequest subscriptions: reqId -> symbol, depth and last sent levels */
  private readonly md = new Map<
    string,
    { inst: SimInstrument; depth: number; bids: Map<number, bigint>; asks: Map<number, bigint> }
  >()
  private unsubscribeEngine: (() => void) | null = null

  constructor(
    private readonly acceptor: SimFixAcceptor,
    private readonly socket: Socket,
  ) {
    socket.setEncoding('latin1')
    socket.setNoDelay(true)
    socket.on('data', (chunk: string) => this.onData(chunk))
    socket.on('close', () => this.onClosed())
    socket.on('error', () => socket.destroy())
    // a connection that never logs on is dropped
    this.timer = setInterval(() => this.onTimer(), 1000)
    this.timer.unref()
  }

  private get deps() {
    return this.acceptor.deps
  }

  destroy(): void {
    this.socket.destroy()
  }

  private onData(chunk: string): void {
    this.lastIn = Date.now()
    this.testRequestAt = 0
    let msgs: FixMessage[]
    try {
      msgs = this.parser.push(chunk)
    } catch (e) {
      const reason = e instanceof FixFramingError ? e.message : 'garbled message'
      if (this.state === 'active') this.sendAdmin('5', [[58, reason]])
      this.socket.end()
      this.socket.destroySoon()
      return
    }
    for (const m of msgs) {
      if (this.state === 'closed') return
      try {
        if (this.state === 'logon') this.onLogon(m)
        else this.onSequenced(m)
      } catch (e) {
        this.sendAdmin('5', [[58, `Internal error: ${(e as Error).message}`]])
        this.socket.end()
      }
    }
  }

  private logoutAndClose(reason: string): void {
    this.sendRaw('5', [[58, reason]], this.sender || 'UNKNOWN', this.state === 'active')
    this.state = 'closed'
    this.socket.end()
  }

  // ------------------------------------------------------------------ logon

  private onLogon(m: FixMessage): void {
    if (m.type !== 'A') return this.logoutAndClose('First message must be Logon (35=A)')
    this.sender = m.get(49) ?? ''
    this.target = m.get(56) ?? ''
    if (!this.sender) return this.logoutAndClose('Missing SenderCompID (49)')
    if (this.target !== FIX_TRADING_COMP && this.target !== FIX_MD_COMP)
      return this.logoutAndClose(`Unknown TargetCompID ${this.target}`)
    const hb = Number(m.get(108))
    if (!Number.isInteger(hb) || hb < 1 || hb > 300) return this.logoutAndClose('Invalid HeartBtInt (108)')
    if (this.target === FIX_TRADING_COMP) {
      const apiKey = m.get(553)
      const cred = apiKey ? this.deps.keys.get(apiKey) : undefined
      if (!cred || !apiKey) return this.logoutAndClose('Invalid key (553)')
      const expected = fixLogonPassword(
        m.get(34) ?? '',
        this.sender,
        this.target,
        apiKey,
        m.get(5025) ?? '',
        cred.apiSecret,
      )
      const given = Buffer.from(m.get(554) ?? '')
      if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
        return this.logoutAndClose('Invalid signature (554)')
      const nonceError = this.acceptor.checkNonce(apiKey, m.get(5025))
      if (nonceError) return this.logoutAndClose(nonceError)
      this.account = cred.account
      this.cod = m.get(8674) !== '1'
    }
    this.sessionId = `FIX.4.4:${this.sender}->${this.target}`
    if (this.acceptor.active.has(this.sessionId)) return this.logoutAndClose('Session already logged on')
    const reset = m.get(141) === 'Y'
    if (reset) this.deps.store.reset(this.sessionId)
    const st = this.deps.store.get(this.sessionId)
    if (m.seq < st.nextIn)
      return this.logoutAndClose(`MsgSeqNum too low, expecting ${st.nextIn} but received ${m.seq}`)
    this.heartbeatMs = hb * 1000
    this.state = 'active'
    this.acceptor.active.set(this.sessionId, this)
    const reply: Field[] = [
      [98, '0'],
      [108, String(hb)],
    ]
    if (reset) reply.push([141, 'Y'])
    this.sendAdmin('A', reply)
    if (m.seq > st.nextIn) {
      this.requestResend(st.nextIn)
    } else {
      st.nextIn = m.seq + 1
      this.deps.store.save(this.sessionId)
    }
  }

  // ------------------------------------------------------------------ sequencing

  private requestResend(from: number): void {
    this.resendPending = true
    this.sendAdmin('2', [
      [7, String(from)],
      [16, '0'],
    ])
  }

  private onSequenced(m: FixMessage): void {
    const st = this.deps.store.get(this.sessionId)
    if (m.type === '2') this.onResendRequest(m) // answer at once, even mid-gap, so both sides can recover
    if (m.type === '4') {
      const newSeq = Number(m.get(36))
      if (!Number.isInteger(newSeq)) return this.reject(m, 'NewSeqNo (36) missing', 36, 1)
      if (m.get(123) === 'Y' && m.seq > st.nextIn) {
        this.queue.push(m)
        return
      }
      if (newSeq > st.nextIn || m.get(123) !== 'Y') st.nextIn = newSeq
      this.deps.store.save(this.sessionId)
      this.drain()
      return
    }
    if (m.seq > st.nextIn) {
      this.queue.push(m)
      if (!this.resendPending) this.requestResend(st.nextIn)
      return
    }
    if (m.seq < st.nextIn) {
      if (m.get(43) === 'Y') return // a duplicate we already processed
      return this.logoutAndClose(`MsgSeqNum too low, expecting ${st.nextIn} but received ${m.seq}`)
    }
    st.nextIn++
    this.deps.store.save(this.sessionId)
    this.process(m)
    this.drain()
  }

  private drain(): void {
    const st = this.deps.store.get(this.sessionId)
    for (;;) {
      this.queue = this.queue.filter(
        (q) => q.seq >= st.nextIn || (q.type === '4' && Number(q.get(36)) > st.nextIn),
      )
      this.queue.sort((a, b) => a.seq - b.seq)
      const next = this.queue.find((q) => q.seq === st.nextIn)
      if (!next) break
      this.queue.splice(this.queue.indexOf(next), 1)
      if (next.type === '4') st.nextIn = Math.max(st.nextIn, Number(next.get(36)))
      else {
        st.nextIn++
        this.process(next)
      }
    }
    this.deps.store.save(this.sessionId)
    if (this.queue.length === 0) this.resendPending = false
  }

  private onResendRequest(m: FixMessage): void {
    const st = this.deps.store.get(this.sessionId)
    const begin = Number(m.get(7))
    let end = Number(m.get(16))
    if (!Number.isInteger(begin) || begin < 1) return
    if (!end || end >= st.nextOut) end = st.nextOut - 1
    let gapStart: number | null = null
    const flushGap = (upTo: number): void => {
      if (gapStart === null) return
      this.sendRaw(
        '4',
        [
          [123, 'Y'],
          [36, String(upTo)],
        ],
        this.sender,
        false,
        gapStart,
      )
      gapStart = null
    }
    for (let seq = begin; seq <= end; seq++) {
      const rec = st.sent[seq]
      if (!rec) {
        gapStart ??= seq
        continue
      }
      flushGap(seq)
      this.sendRaw(rec.type, rec.body, this.sender, false, seq, rec.sendingTime)
    }
    flushGap(end + 1)
  }

  // ------------------------------------------------------------------ sending

  /** Send with the next sequence number; application messages are stored for resend. */
  sendApp(type: string, body: Field[]): void {
    this.sendRaw(type, body, this.sender, true)
  }

  private sendAdmin(type: string, body: Field[]): void {
    this.sendRaw(type, body, this.sender, true)
  }

  private sendRaw(
    type: string,
    body: Field[],
    target: string,
    sequenced: boolean,
    resendSeq?: number,
    origTime?: string,
  ): void {
    if (this.socket.destroyed || !this.socket.writable) return
    const own = this.target || FIX_TRADING_COMP
    let seq: number
    const now = fixTime(this.acceptor.now())
    if (resendSeq !== undefined) seq = resendSeq
    else if (this.sessionId && sequenced) {
      const st = this.deps.store.get(this.sessionId)
      seq = st.nextOut++
      if (type !== '0' && type !== '1' && type !== '2' && type !== '4' && type !== '5' && type !== 'A') {
        this.deps.store.recordSent(this.sessionId, seq, type, body, now)
      }
      this.deps.store.save(this.sessionId)
    } else seq = 1
    const header: Field[] = [
      [49, own],
      [56, target],
      [34, String(seq)],
    ]
    if (resendSeq !== undefined) header.push([43, 'Y'])
    header.push([52, now])
    if (origTime) header.push([122, origTime])
    this.socket.write(encode(type, header, body), 'latin1')
    this.lastOut = Date.now()
  }

  private reject(m: FixMessage, text: string, tag?: number, reason = 0): void {
    const body: Field[] = [[45, String(m.seq)]]
    if (tag !== undefined) body.push([371, String(tag)])
    body.push([372, m.type], [373, String(reason)], [58, text])
    this.sendAdmin('3', body)
  }

  private businessReject(m: FixMessage, text: string, reason: number): void {
    const body: Field[] = [
      [45, String(m.seq)],
      [372, m.type],
    ]
    const cl = m.get(11)
    if (cl) body.push([379, cl])
    body.push([380, String(reason)], [58, `${Math.floor(this.acceptor.now() / 1000)} : ${text}`])
    this.sendApp('j', body)
  }

  // ------------------------------------------------------------------ timers and close

  private onTimer(): void {
    const now = Date.now()
    if (this.state === 'logon') {
      if (now - this.lastIn > 10_000) this.socket.destroy()
      return
    }
    if (this.state !== 'active') return
    if (now - this.lastOut >= this.heartbeatMs) this.sendAdmin('0', [])
    const silent = now - this.lastIn
    if (silent > this.heartbeatMs * 1.2 && this.testRequestAt === 0) {
      this.testRequestAt = now
      this.sendAdmin('1', [[112, `TEST-${now}`]])
    } else if (this.testRequestAt && now - this.testRequestAt > this.heartbeatMs) {
      // no answer to our TestRequest: the peer is gone
      this.socket.destroy()
    }
  }

  private onClosed(): void {
    if (this.timer) clearInterval(this.timer)
    this.unsubscribeEngine?.()
    const wasActive = this.state === 'active'
    this.state = 'closed'
    if (this.sessionId && this.acceptor.active.get(this.sessionId) === this) {
      this.acceptor.active.delete(this.sessionId)
      this.deps.store.save(this.sessionId)
    }
    // Abnormal disconnection without Logout triggers cancel-on-disconnect (unless 8674=1).
    if (wasActive && !this.cleanLogout && this.cod && this.account) {
      this.deps.engine.cancelOnDisconnect(this.account, this.sessionId)
    }
  }

  // ------------------------------------------------------------------ application

  private process(m: FixMessage): void {
    switch (m.type) {
      case '0':
      case '2':
      case '4':
        return
      case '1':
        this.sendAdmin('0', [[112, m.get(112) ?? '']])
        return
      case '5':
        this.cleanLogout = true
        this.sendAdmin('5', [])
        this.socket.end()
        return
      case 'A':
        return this.reject(m, 'Logon when already logged on', undefined, 0)
    }
    try {
      if (this.target === FIX_MD_COMP && !['V', 'x', 'g'].includes(m.type)) {
        throw new FixRequestError(
          'business',
          'Market data session: trading messages go to KRAKEN-TRD',
          undefined,
          4,
        )
      }
      switch (m.type) {
        case 'D':
          return this.newOrder(m)
        case 'F':
          return this.cancel(m)
        case 'G':
          return this.replace(m)
        case 'H':
          return this.status(m)
        case 'q':
          return this.massCancel(m)
        case 'V':
          return this.marketData(m)
        case 'x':
          return this.instrumentList(m)
        case 'g':
          this.sendApp('h', [
            [335, m.get(335) ?? ''],
            [340, '2'],
          ])
          return
        default:
          throw new FixRequestError('business', `Unsupported message type ${m.type}`, undefined, 3)
      }
    } catch (e) {
      if (e instanceof FixRequestError) {
        if (e.kind === 'reject') this.reject(m, e.message, e.tag, 1)
        else this.businessReject(m, e.message, e.reason)
      } else if (e instanceof KrakenError) {
        const reason =
          e.krakenMessage === 'EQuery:Unknown asset pair'
            ? 2
            : e.krakenMessage === 'EOrder:Unknown order'
              ? 1
              : 0
        this.businessReject(m, e.krakenMessage, reason)
      } else throw e
    }
  }

  private required(m: FixMessage, ...tags: number[]): void {
    for (const t of tags)
      if (m.get(t) === undefined || m.get(t) === '')
        throw new FixRequestError('reject', `Required tag missing: ${t}`, t)
  }

  private inst(m: FixMessage): SimInstrument {
    const i = this.acceptor.bySymbol.get(m.get(55) ?? '')
    if (!i) throw new KrakenError('EQuery:Unknown asset pair')
    return i
  }

  private qty(m: FixMessage, tag: number, i: SimInstrument): bigint {
    const u = decimalToUnits(m.get(tag) ?? '', i.qtyPrecision)
    if (u === null || u <= 0n)
      throw new FixRequestError('reject', `Incorrect data format for value: ${tag}`, tag, 6)
    return u
  }

  private price(m: FixMessage, tag: number, i: SimInstrument): number {
    const u = decimalToUnits(m.get(tag) ?? '', i.pricePrecision)
    if (u === null)
      throw new KrakenError(
        `EOrder:Invalid price:${i.altname} price can only be specified up to ${i.pricePrecision} decimals.`,
      )
    return Number(u)
  }

  private newOrder(m: FixMessage): void {
    this.required(m, 11, 55, 54, 38, 40, 60)
    const i = this.inst(m)
    const side = m.get(54) === '1' ? 'buy' : m.get(54) === '2' ? 'sell' : null
    if (!side)
      throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 54', 54, 5)
    let type = ORD_TYPES[m.get(40)!]
    if (!type)
      throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 40', 40, 5)
    if (type === 'limit' && m.get(1138) !== undefined) type = 'iceberg'
    const tif = TIF[m.get(59) ?? '1']
    if (!tif) throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 59', 59, 5)
    const clOrdId = parseClOrdId(m.get(11))
    const req: NewOrder = {
      account: this.account!,
      symbol: i.symbol,
      side,
      type,
      qty: this.qty(m, 38, i),
      tif,
      source: { protocol: 'fix', session: this.sessionId },
    }
    if (clOrdId !== undefined) req.clOrdId = clOrdId
    if (m.get(44) !== undefined) req.limitPrice = this.price(m, 44, i)
    if (m.get(99) !== undefined) req.triggerPrice = this.price(m, 99, i)
    if (m.get(1138) !== undefined) req.displayQty = this.qty(m, 1138, i)
    if (tif === 'GTD') {
      const t = parseFixTime(m.get(126))
      if (t === null) throw new FixRequestError('reject', 'Conditionally required tag missing: 126', 126, 1)
      req.expireAt = t
    }
    const inst = (m.get(18) ?? '').split(' ')
    if (inst.includes('P')) req.postOnly = true
    if (inst.includes('E')) req.reduceOnly = true
    const stp = m.get(7928)
    if (stp !== undefined)
      req.stp = stp === '0' ? 'cancel-both' : stp === '2' ? 'cancel-oldest' : 'cancel-newest'
    this.deps.limits.chargeTrading(this.account!, i.symbol, tradingCost.add())
    this.deps.engine.place(req) // ERs follow from the engine's events
  }

  /** The open order a F/G/H names: OrderID (37) wins over OrigClOrdID (41). */
  private target_(m: FixMessage): SimOrder | undefined {
    const id = m.get(37)
    const orig = m.get(41) ?? m.get(11)
    const found = id
      ? this.deps.engine.find(this.account!, { orderId: id })
      : this.deps.engine.find(this.account!, { clOrdId: orig! })
    return found.find((o) => o.status === 'open') ?? found[0]
  }

  private cancel(m: FixMessage): void {
    this.required(m, 11, 54, 55)
    if (m.get(37) === undefined && m.get(41) === undefined)
      throw new FixRequestError('reject', 'Required tag missing: 41', 41)
    const o = this.target_(m)
    // Kraken: a FIX cancel reaches only orders placed on this FIX session.
    if (!o || o.status !== 'open' || o.source.session !== this.sessionId)
      throw new KrakenError('EOrder:Unknown order')
    this.deps.limits.chargeTrading(this.account!, o.symbol, tradingCost.cancel(Date.now() - o.lastChangedAt))
    this.acceptor.reportClOrdId.set(o.id, {
      clOrdId: m.get(11)!,
      origClOrdId: m.get(41) ?? o.clOrdId ?? o.id,
    })
    this.deps.engine.cancel(this.account!, { orderId: o.id }, { fixSession: this.sessionId })
  }

  private replace(m: FixMessage): void {
    this.required(m, 11, 54, 55)
    const o = this.target_(m)
    if (!o || o.status !== 'open' || o.source.session !== this.sessionId)
      throw new KrakenError('EOrder:Unknown order')
    const i = this.deps.instruments.get(o.symbol)!
    this.deps.limits.chargeTrading(this.account!, o.symbol, tradingCost.amend(Date.now() - o.lastChangedAt))
    const a: Parameters<MatchingEngine['amend']>[2] = {}
    if (m.get(38) !== undefined) a.qty = this.qty(m, 38, i)
    if (m.get(44) !== undefined) a.limitPrice = this.price(m, 44, i)
    if (m.get(99) !== undefined) a.triggerPrice = this.price(m, 99, i)
    if (m.get(1138) !== undefined) a.displayQty = this.qty(m, 1138, i)
    if ((m.get(18) ?? '').split(' ').includes('P')) a.postOnly = true
    this.acceptor.reportClOrdId.set(o.id, {
      clOrdId: m.get(11)!,
      origClOrdId: m.get(41) ?? o.clOrdId ?? o.id,
    })
    try {
      this.deps.engine.amend(this.account!, { orderId: o.id }, a)
    } catch (e) {
      this.acceptor.reportClOrdId.delete(o.id)
      throw e
    }
  }

  private status(m: FixMessage): void {
    const o = this.target_(m)
    if (!o) throw new KrakenError('EOrder:Unknown order')
    this.sendApp('8', this.acceptor.executionReport('status', o)!)
  }

  private massCancel(m: FixMessage): void {
    this.required(m, 11, 530)
    const type = m.get(530)
    let filter: { symbol?: string; fixSession?: string }
    if (type === '1') filter = { symbol: this.inst(m).symbol }
    else if (type === '6') filter = { fixSession: this.sessionId }
    else if (type === '7') filter = {}
    else throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 530', 530, 5)
    const done = this.deps.engine.cancelAll(this.account!, filter)
    // orders of other sessions or protocols get their ER here; this session's come from engine events
    for (const o of done)
      if (o.source.session !== this.sessionId)
        this.sendApp('8', this.acceptor.executionReport('canceled', o)!)
    this.sendApp('r', [
      [11, m.get(11)!],
      [530, type],
      [531, type],
      [533, String(done.length)],
    ])
  }

  private instrumentList(m: FixMessage): void {
    const entries: Field[] = []
    for (const i of this.deps.instruments.values()) {
      entries.push(
        [55, fixSymbol(i)],
        [2349, String(i.pricePrecision)],
        [5010, String(i.qtyPrecision)],
        [5022, i.tickSize],
        [5011, i.ordermin],
        [5013, i.costmin],
        [5032, '1'],
      )
    }
    this.sendApp('y', [
      [320, m.get(320) ?? ''],
      [560, '0'],
      [146, String(this.deps.instruments.size)],
      ...entries,
    ])
  }

  // ------------------------------------------------------------------ market data

  private marketData(m: FixMessage): void {
    this.required(m, 262, 263)
    const reqId = m.get(262)!
    const type = m.get(263)
    if (type === '2') {
      this.md.delete(reqId)
      return
    }
    const depthText = m.get(264) ?? '0'
    const depth = depthText === '0' ? 1000 : Number(depthText)
    if (!Number.isInteger(depth) || depth < 1)
      throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 264', 264, 5)
    const syms = m.group(146, 55).map((g) => g.get(55) ?? '')
    if (syms.length === 0) throw new FixRequestError('reject', 'Required tag missing: 146', 146)
    for (const s of syms) {
      const inst = this.acceptor.bySymbol.get(s)
      if (!inst) {
        this.sendApp('Y', [
          [262, reqId],
          [281, '0'],
          [58, `Unknown symbol ${s}`],
        ])
        return
      }
      const book = this.deps.engine.book(inst.symbol)
      const bids = book.topL2('bid', depth)
      const asks = book.topL2('ask', depth)
      const entries: Field[] = []
      for (const [p, q] of bids)
        entries.push(
          [269, '0'],
          [270, unitsToDecimal(p, inst.pricePrecision)],
          [271, unitsToDecimal(q, inst.qtyPrecision)],
        )
      for (const [p, q] of asks)
        entries.push(
          [269, '1'],
          [270, unitsToDecimal(p, inst.pricePrecision)],
          [271, unitsToDecimal(q, inst.qtyPrecision)],
        )
      this.sendApp('W', [
        [262, reqId],
        [55, s],
        [5041, String(bookChecksum(bids, asks))],
        [268, String(bids.length + asks.length)],
        ...entries,
      ])
      if (type === '1')
        this.md.set(`${reqId}:${s}`, { inst, depth, bids: new Map(bids), asks: new Map(asks) })
    }
    if (type === '1' && !this.unsubscribeEngine) {
      this.unsubscribeEngine = this.deps.engine.onEvents((ev) => this.onMarketEvents(ev))
    }
  }

  private onMarketEvents(events: EngineEvent[]): void {
    if (this.state !== 'active') return
    const symbols = new Set<string>()
    for (const e of events) if (e.kind === 'book') symbols.add(e.symbol)
    for (const [key, sub] of this.md) {
      if (!symbols.has(sub.inst.symbol)) continue
      const book = this.deps.engine.book(sub.inst.symbol)
      const bids = book.topL2('bid', sub.depth)
      const asks = book.topL2('ask', sub.depth)
      const entries: Field[] = []
      const diff = (
        before: Map<number, bigint>,
        after: [number, bigint][],
        side: '0' | '1',
        has: (p: number) => boolean,
      ) => {
        const seen = new Set<number>()
        for (const [p, q] of after) {
          seen.add(p)
          const prev = before.get(p)
          if (prev === q) continue
          entries.push(
            [279, prev === undefined ? '0' : '1'],
            [269, side],
            [55, fixSymbol(sub.inst)],
            [270, unitsToDecimal(p, sub.inst.pricePrecision)],
            [271, unitsToDecimal(q, sub.inst.qtyPrecision)],
          )
        }
        for (const p of before.keys()) {
          if (!seen.has(p) && !has(p))
            entries.push(
              [279, '2'],
              [269, side],
              [55, fixSymbol(sub.inst)],
              [270, unitsToDecimal(p, sub.inst.pricePrecision)],
            )
        }
      }
      diff(sub.bids, bids, '0', (p) => book.hasL2('bid', p))
      diff(sub.asks, asks, '1', (p) => book.hasL2('ask', p))
      if (entries.length === 0) continue
      sub.bids = new Map(bids)
      sub.asks = new Map(asks)
      const count = entries.filter(([t]) => t === 279).length
      this.sendApp('X', [
        [262, key.split(':')[0]!],
        [5041, String(bookChecksum(bids, asks))],
        [268, String(count)],
        ...entries,
      ])
    }
  }
}
