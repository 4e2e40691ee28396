import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parse as parseLossless } from 'lossless-json'
import { formatAsset } from '../engine/Accounts'
import type { MatchingEngine } from '../engine/MatchingEngine'
import { KrakenError, type NewOrder } from '../engine/types'
import { ASSET_BY_REST, SIM_ASSETS, type SimInstrument } from '../instruments'
import { tradingCost, type SimRateLimits } from '../limits/RateLimits'
import { OHLC_INTERVALS, type MarketData } from '../market/MarketData'
import { unitsToDecimal } from '../decimal'
import {
  openOrderOrThrow,
  parseAmendment,
  parseBool,
  parseClOrdId,
  parseOffset,
  parseOrderType,
  parsePrice,
  parseQty,
  parseStp,
  parseTif,
  parseUserref,
  text,
} from '../requests'
import { krakenSignature, signatureMatches, type KeyStore, type TokenStore } from './auth'
import { krakenRfc1123, rfc3339Seconds } from './krakenTime'
import { describeOrder, restOrderInfo } from './orderView'
import { checkRestPrice } from './priceChecks'

const MAX_BODY = 64 * 1024

type Params = Record<string, unknown>

export interface SimRestDeps {
  engine: MatchingEngine
  market: MarketData
  limits: SimRateLimits
  instruments: Map<string, SimInstrument>
  keys: KeyStore
  tokens: TokenStore
}

/**
 * Kraken Spot REST of the built-in exchange: `/0/public/*` and `/0/private/*`, the
 * `{error: [], result}` envelope (HTTP 200 even for errors, as Kraken), API-Key/API-Sign
 * verification with strictly increasing nonces, the REST call counter and the trading counter.
 */
export class SimRestServer {
  private readonly pairLookup = new Map<string, SimInstrument>()

  constructor(private readonly deps: SimRestDeps) {
    for (const i of deps.instruments.values()) {
      for (const name of [i.restPair, i.altname, i.wsnameV1, i.symbol]) this.pairLookup.set(name, i)
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim')
    const m = /^\/0\/(public|private)\/([A-Za-z]+)$/.exec(url.pathname)
    if (!m) return this.send(res, 404, { error: ['EGeneral:Unknown method'] })
    const [, scope, method] = m as unknown as [string, 'public' | 'private', string]
    // Kraken routes on verb + path: since Jan 2024 a POST to a public method answers
    // EGeneral:Unknown method (recorded, corpus rest.error.issue-public-by-post); a GET on a
    // private method is treated the same way
    const verb = req.method ?? 'GET'
    if (
      (scope === 'public' && verb !== 'GET' && verb !== 'HEAD') ||
      (scope === 'private' && verb !== 'POST')
    ) {
      req.resume()
      return this.send(res, 200, { error: ['EGeneral:Unknown method'] })
    }
    let body: string
    try {
      body = await readBody(req)
    } catch {
      res.setHeader('connection', 'close')
      return this.send(res, 413, { error: ['EGeneral:Invalid arguments:request too large'] })
    }
    try {
      const params = this.params(req, url, body)
      const result =
        scope === 'public'
          ? this.public(method, params)
          : this.private(method, params, url.pathname, body, req)
      this.send(res, 200, { error: [], result })
    } catch (e) {
      if (e instanceof KrakenError) return this.send(res, 200, { error: [e.krakenMessage] })
      this.send(res, 500, { error: ['EGeneral:Internal error'] })
    }
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  private params(req: IncomingMessage, url: URL, body: string): Params {
    const out: Params = Object.fromEntries(url.searchParams)
    if (!body) return out
    const type = String(req.headers['content-type'] ?? '')
    if (type.includes('application/json')) {
      let v: unknown
      try {
        v = parseLossless(body, null, (s: string) => s)
      } catch {
        // Kraken documents this one error for a payload that is "malformed, incorrect or ambiguous"
        throw new KrakenError('EGeneral:Invalid arguments')
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new KrakenError('EGeneral:Invalid arguments')
      return { ...out, ...(v as Params) }
    }
    // form bodies may carry bracketed keys: close[ordertype], orders[0][price]
    for (const [k, v] of new URLSearchParams(body)) out[k] = v
    return out
  }

  private pair(p: Params, field = 'pair'): SimInstrument {
    const name = text(p[field])
    const inst = name ? this.pairLookup.get(name) : undefined
    if (!inst) throw new KrakenError('EQuery:Unknown asset pair')
    return inst
  }

  private pairs(p: Params): SimInstrument[] {
    const names = text(p.pair)
    if (!names) return [...this.deps.instruments.values()]
    return names.split(',').map((n) => {
      const i = this.pairLookup.get(n.trim())
      if (!i) throw new KrakenError('EQuery:Unknown asset pair')
      return i
    })
  }

  // ------------------------------------------------------------------ public

  private public(method: string, p: Params): unknown {
    const { engine, market } = this.deps
    switch (method) {
      case 'Time': {
        const now = Date.now()
        return { unixtime: Math.floor(now / 1000), rfc1123: krakenRfc1123(now) }
      }
      case 'SystemStatus':
        return { status: 'online', timestamp: new Date().toISOString() }
      case 'Assets':
        return Object.fromEntries(
          SIM_ASSETS.map((a) => [
            a.rest,
            {
              aclass: 'currency',
              altname: a.altname,
              decimals: a.decimals,
              display_decimals: a.displayDecimals,
              // Kraken lists it on every spot asset it can use as margin collateral (doc example: 1)
              collateral_value: 1,
              status: 'enabled',
            },
          ]),
        )
      case 'AssetPairs':
        return Object.fromEntries(this.pairs(p).map((i) => [i.restPair, assetPair(i)]))
      case 'Ticker':
        return Object.fromEntries(this.pairs(p).map((i) => [i.restPair, this.ticker(i)]))
      case 'Depth': {
        const i = this.pair(p)
        const count = Math.min(500, Math.max(1, Number(text(p.count) ?? 100) || 100))
        const book = engine.book(i.symbol)
        const ts = Math.floor(Date.now() / 1000)
        const side = (s: 'bid' | 'ask') =>
          book
            .topL2(s, count)
            .map(([px, q]) => [unitsToDecimal(px, i.pricePrecision), unitsToDecimal(q, i.qtyPrecision), ts])
        return { [i.restPair]: { asks: side('ask'), bids: side('bid') } }
      }
      case 'Trades': {
        const i = this.pair(p)
        const trades = market.recentTrades(i.symbol)
        const since = BigInt(text(p.since) ?? '0')
        const rows = trades
          .filter((t) => BigInt(t.time) * 1_000_000n > since)
          .slice(-Math.min(1000, Number(text(p.count) ?? 1000) || 1000))
          .map((t) => [
            unitsToDecimal(t.price, i.pricePrecision),
            unitsToDecimal(t.qty, i.qtyPrecision),
            t.time / 1000,
            t.side === 'buy' ? 'b' : 's',
            t.ordType === 'market' ? 'm' : 'l',
            '',
            t.seq,
          ])
        const last = trades.at(-1)
        return { [i.restPair]: rows, last: String(BigInt(last?.time ?? 0) * 1_000_000n) }
      }
      case 'OHLC': {
        const i = this.pair(p)
        const interval = Number(text(p.interval) ?? 1)
        if (!(OHLC_INTERVALS as readonly number[]).includes(interval))
          throw new KrakenError('EGeneral:Invalid arguments:interval')
        const since = Number(text(p.since) ?? 0)
        const candles = market.ohlc(i.symbol, interval).filter((c) => c.start >= since)
        const px = (v: number) => unitsToDecimal(v, i.pricePrecision)
        return {
          [i.restPair]: candles.map((c) => [
            c.start,
            px(c.open),
            px(c.high),
            px(c.low),
            px(c.close),
            px(c.volume > 0n ? Number(c.pq / c.volume) : c.close),
            unitsToDecimal(c.volume, i.qtyPrecision),
            c.count,
          ]),
          last: candles.at(-1)?.start ?? 0,
        }
      }
      default:
        throw new KrakenError('EGeneral:Unknown method')
    }
  }

  private ticker(i: SimInstrument): unknown {
    const book = this.deps.engine.book(i.symbol)
    const [bid] = book.topL2('bid', 1)
    const [ask] = book.topL2('ask', 1)
    const s = this.deps.market.dayStats(i.symbol)
    const px = (v: number) => unitsToDecimal(v, i.pricePrecision)
    const q = (v: bigint) => unitsToDecimal(v, i.qtyPrecision)
    const last = this.deps.engine.last(i.symbol) ?? bid?.[0] ?? 0
    const lastTrade = this.deps.market.recentTrades(i.symbol).at(-1)
    const vol = q(s?.volume ?? 0n)
    const vwap = px(s && s.volume > 0n ? Number(s.pq / s.volume) : last)
    const whole = (v: bigint) => (v / 10n ** BigInt(i.qtyPrecision)).toString()
    return {
      a: [px(ask?.[0] ?? 0), whole(ask?.[1] ?? 0n), q(ask?.[1] ?? 0n)],
      b: [px(bid?.[0] ?? 0), whole(bid?.[1] ?? 0n), q(bid?.[1] ?? 0n)],
      c: [px(last), q(lastTrade?.qty ?? 0n)],
      v: [vol, vol],
      p: [vwap, vwap],
      t: [s?.count ?? 0, s?.count ?? 0],
      l: [px(s ? s.low : last), px(s ? s.low : last)],
      h: [px(s ? s.high : last), px(s ? s.high : last)],
      o: px(s?.open ?? last),
    }
  }

  // ------------------------------------------------------------------ private

  private authenticate(p: Params, path: string, body: string, req: IncomingMessage): string {
    const apiKey = req.headers['api-key']
    const sign = req.headers['api-sign']
    const cred = typeof apiKey === 'string' ? this.deps.keys.get(apiKey) : undefined
    if (!cred) throw new KrakenError('EAPI:Invalid key')
    // the nonce goes in the body; Kraken's own Go SDK can also send it in an API-Nonce header
    // ("version 1", krakenfx/api-go restbase.go), signed the same way
    const headerNonce = req.headers['api-nonce']
    const nonceText = text(p.nonce) ?? (typeof headerNonce === 'string' ? headerNonce : undefined)
    if (typeof sign !== 'string' || nonceText === undefined || !/^\d{1,20}$/.test(nonceText)) {
      throw new KrakenError(nonceText === undefined ? 'EAPI:Invalid nonce' : 'EAPI:Invalid signature')
    }
    if (!signatureMatches(sign, krakenSignature(path, nonceText, body, cred.apiSecret))) {
      throw new KrakenError('EAPI:Invalid signature')
    }
    const nonce = BigInt(nonceText)
    if (nonce <= cred.lastNonce) throw new KrakenError('EAPI:Invalid nonce')
    cred.lastNonce = nonce
    return cred.account
  }

  private private(method: string, p: Params, path: string, body: string, req: IncomingMessage): unknown {
    const account = this.authenticate(p, path, body, req)
    const { engine, limits } = this.deps
    limits.chargeRest(account, method)
    switch (method) {
      case 'Balance':
        return Object.fromEntries(
          engine.accounts
            .assets(account)
            .map(([a, v]) => [a, formatAsset(v, ASSET_BY_REST.get(a)?.decimals ?? 8)]),
        )
      case 'BalanceEx':
        return Object.fromEntries(
          engine.accounts.assets(account).map(([a, v]) => {
            const d = ASSET_BY_REST.get(a)?.decimals ?? 8
            return [
              a,
              { balance: formatAsset(v, d), hold_trade: formatAsset(engine.accounts.held(account, a), d) },
            ]
          }),
        )
      case 'OpenOrders': {
        const cl = text(p.cl_ord_id)
        const ur = text(p.userref)
        const open = [...engine.openOrders(account)].filter(
          (o) => (cl === undefined || o.clOrdId === cl) && (ur === undefined || String(o.userref) === ur),
        )
        return {
          open: Object.fromEntries(
            open.map((o) => [
              o.id,
              restOrderInfo(o, this.deps.instruments.get(o.symbol)!, parseBool(p.trades)),
            ]),
          ),
        }
      }
      case 'ClosedOrders': {
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
            page.map((o) => [
              o.id,
              restOrderInfo(o, this.deps.instruments.get(o.symbol)!, parseBool(p.trades)),
            ]),
          ),
          count: closed.length,
        }
      }
      case 'QueryOrders': {
        const ids = (text(p.txid) ?? '').split(',').filter(Boolean)
        if (ids.length === 0 || ids.length > 50) throw new KrakenError('EGeneral:Invalid arguments:txid')
        const out: Record<string, unknown> = {}
        for (const id of ids) {
          const o = engine.orders.get(id)
          if (o && o.account === account)
            out[id] = restOrderInfo(o, this.deps.instruments.get(o.symbol)!, parseBool(p.trades))
        }
        return out
      }
      case 'TradesHistory': {
        const fills = engine.fillLog.of(account).reverse()
        const ofs = Number(text(p.ofs) ?? 0) || 0
        const trades: Record<string, unknown> = {}
        for (const f of fills.slice(ofs, ofs + 50)) {
          const i = this.deps.instruments.get(f.symbol)!
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
            margin: formatAsset(0n, i.costPrecision),
            misc: '',
            trade_id: f.tradeSeq,
            maker: f.maker,
          }
        }
        return { trades, count: fills.length }
      }
      case 'AddOrder': {
        const inst = this.pair(p)
        limits.chargeTrading(account, inst.symbol, tradingCost.add())
        const req = this.orderRequest(account, p, inst)
        const o = engine.place(req)
        const descr = { order: describeOrder(o, inst) }
        return req.validateOnly ? { descr } : { descr, txid: [o.id] }
      }
      case 'AddOrderBatch': {
        const inst = this.pair(p)
        const orders = Array.isArray(p.orders) ? (p.orders as Params[]) : formOrders(p)
        if (orders.length < 2 || orders.length > 15)
          throw new KrakenError('EGeneral:Invalid arguments:orders')
        limits.chargeTrading(account, inst.symbol, tradingCost.batchAdd(orders.length))
        const reqs = orders.map((o) => this.orderRequest(account, { ...o, pair: inst.restPair }, inst))
        for (const r of reqs) {
          try {
            engine.place({ ...r, validateOnly: true })
          } catch (e) {
            if (!(e instanceof KrakenError) || e.krakenMessage !== 'EOrder:Insufficient funds') throw e
          }
        }
        return {
          orders: reqs.map((r) => {
            try {
              const o = engine.place(r)
              return { descr: { order: describeOrder(o, inst) }, txid: o.id }
            } catch (e) {
              return { error: (e as Error).message }
            }
          }),
        }
      }
      case 'AmendOrder': {
        const ref = this.ref(p)
        const o = openOrderOrThrow(engine, account, ref)
        limits.chargeTrading(account, o.symbol, tradingCost.amend(Date.now() - o.lastChangedAt))
        engine.amend(account, ref, parseAmendment(p, this.deps.instruments.get(o.symbol)!))
        return { amend_id: engine.newId('T') }
      }
      case 'EditOrder': {
        const ref = this.ref(p)
        const o = openOrderOrThrow(engine, account, ref)
        const inst = this.deps.instruments.get(o.symbol)!
        limits.chargeTrading(account, o.symbol, tradingCost.edit(Date.now() - o.lastChangedAt))
        const a: Parameters<MatchingEngine['edit']>[2] = {}
        if (p.volume !== undefined) a.qty = parseQty(p.volume, inst, 'volume')
        checkRestPrice(p.price, inst, 'price')
        if (p.price !== undefined) a.limitPrice = parsePrice(p.price, inst, 'price')
        const { original, replacement } = engine.edit(account, ref, a)
        return {
          descr: { order: describeOrder(replacement, inst) },
          txid: replacement.id,
          originaltxid: original.id,
          volume: unitsToDecimal(replacement.qty, inst.qtyPrecision),
          price:
            replacement.limitPrice !== undefined
              ? unitsToDecimal(replacement.limitPrice, inst.pricePrecision)
              : '0',
          // EditOrder only replaces plain limit orders, so there is no second price to echo
          price2: '0',
          orders_cancelled: 1,
          status: 'ok',
        }
      }
      case 'CancelOrder': {
        const ref = this.ref(p)
        const targets = engine.find(account, ref).filter((o) => o.status === 'open')
        for (const t of targets)
          limits.chargeTrading(account, t.symbol, tradingCost.cancel(Date.now() - t.lastChangedAt))
        // Kraken's replies carry only the count ("pending" is documented as "if set" and no
        // recorded reply has it); the sim cancels synchronously, so nothing is ever pending
        return { count: engine.cancel(account, ref).length }
      }
      case 'CancelOrderBatch': {
        const ids = [
          ...(Array.isArray(p.orders) ? p.orders : []),
          ...(Array.isArray(p.cl_ord_ids) ? p.cl_ord_ids : []),
        ].map(String)
        if (ids.length === 0 || ids.length > 50) throw new KrakenError('EGeneral:Invalid arguments:orders')
        let count = 0
        for (const id of ids) {
          const ref =
            Array.isArray(p.cl_ord_ids) && (p.cl_ord_ids as unknown[]).includes(id)
              ? { clOrdId: id }
              : { orderId: id }
          const targets = engine.find(account, ref).filter((o) => o.status === 'open')
          for (const t of targets)
            limits.chargeTrading(account, t.symbol, tradingCost.cancel(Date.now() - t.lastChangedAt), true)
          if (targets.length) count += engine.cancel(account, ref).length
        }
        return { count }
      }
      case 'CancelAll':
        return { count: engine.cancelAll(account).length }
      case 'CancelAllOrdersAfter': {
        const timeout = Number(text(p.timeout))
        if (!Number.isInteger(timeout) || timeout < 0 || timeout >= 86400)
          throw new KrakenError('EGeneral:Invalid arguments:timeout')
        const r = engine.cancelAllAfter(account, timeout)
        return {
          currentTime: rfc3339Seconds(r.currentTime),
          triggerTime: r.triggerTime ? rfc3339Seconds(r.triggerTime) : '0',
        }
      }
      case 'GetWebSocketsToken':
        return this.deps.tokens.issue(account, randomBytes(24).toString('base64'))
      default:
        throw new KrakenError('EGeneral:Unknown method')
    }
  }

  private ref(p: Params): { orderId?: string; clOrdId?: string; userref?: number } {
    const cl = text(p.cl_ord_id)
    if (cl !== undefined) return { clOrdId: cl }
    const tx = text(p.txid)
    if (tx === undefined) throw new KrakenError('EGeneral:Invalid arguments:txid')
    // txid may be an order id or a userref
    return /^-?\d+$/.test(tx) ? { userref: Number(tx) } : { orderId: tx }
  }

  private orderRequest(account: string, p: Params, inst: SimInstrument): NewOrder {
    const type = parseOrderType(p.ordertype)
    checkRestPrice(p.price, inst, 'price')
    checkRestPrice(p.price2, inst, 'price2')
    const side = text(p.type)
    if (side !== 'buy' && side !== 'sell') throw new KrakenError('EGeneral:Invalid arguments:type')
    const req: NewOrder = {
      account,
      symbol: inst.symbol,
      side,
      type,
      qty: parseQty(p.volume, inst, 'volume'),
      tif: parseTif(p.timeinforce),
      source: { protocol: 'rest' },
    }
    // REST: price = limit price for limit/iceberg, trigger price for triggered types; price2 = limit leg
    if (p.price !== undefined) {
      if (type === 'limit' || type === 'iceberg') req.limitPrice = parsePrice(p.price, inst, 'price')
      else if (type === 'trailing-stop') req.triggerPrice = parseOffset(p.price, inst, 'price')
      else if (type !== 'market') req.triggerPrice = parsePrice(p.price, inst, 'price')
    }
    if (p.price2 !== undefined) req.limitPrice = parsePrice(p.price2, inst, 'price2')
    if (p.displayvol !== undefined) req.displayQty = parseQty(p.displayvol, inst, 'displayvol')
    const oflags = (text(p.oflags) ?? '').split(',').filter(Boolean)
    for (const f of oflags)
      if (!['post', 'fcib', 'fciq', 'nompp', 'viqc'].includes(f))
        throw new KrakenError('EGeneral:Invalid arguments:oflags')
    if (oflags.includes('post')) req.postOnly = true
    if (p.expiretm !== undefined) {
      const t = text(p.expiretm)!
      const secs = t.startsWith('+') ? Date.now() / 1000 + Number(t.slice(1)) : Number(t)
      if (!Number.isFinite(secs)) throw new KrakenError('EGeneral:Invalid arguments:expiretm')
      req.expireAt = Math.round(secs * 1000)
    }
    if (p.reduce_only !== undefined) req.reduceOnly = parseBool(p.reduce_only)
    const cl = parseClOrdId(p.cl_ord_id)
    if (cl !== undefined) req.clOrdId = cl
    const ur = parseUserref(p.userref)
    if (ur !== undefined) req.userref = ur
    if (cl !== undefined && ur !== undefined)
      throw new KrakenError('EGeneral:Invalid arguments:cl_ord_id and userref are exclusive')
    const stp = parseStp(p.stptype)
    if (stp !== undefined) req.stp = stp
    if (parseBool(p.validate)) req.validateOnly = true
    return req
  }
}

function assetPair(i: SimInstrument): unknown {
  return {
    altname: i.altname,
    wsname: i.wsnameV1,
    aclass_base: 'currency',
    base: i.base,
    aclass_quote: 'currency',
    quote: i.quote,
    lot: 'unit',
    cost_decimals: i.costPrecision,
    pair_decimals: i.pricePrecision,
    lot_decimals: i.qtyPrecision,
    lot_multiplier: 1,
    leverage_buy: [],
    leverage_sell: [],
    fees: [
      [0, 0.26],
      [50000, 0.24],
    ],
    fees_maker: [
      [0, 0.16],
      [50000, 0.14],
    ],
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: i.ordermin,
    costmin: i.costmin,
    tick_size: i.tickSize,
    status: 'online',
  }
}

/** orders[0][ordertype]=limit&orders[0][price]=... (form-encoded AddOrderBatch) */
function formOrders(p: Params): Params[] {
  const out: Params[] = []
  for (const [k, v] of Object.entries(p)) {
    const m = /^orders\[(\d+)\]\[([a-z_0-9]+)\]$/.exec(k)
    if (!m) continue
    const i = Number(m[1])
    out[i] ??= {}
    out[i]![m[2]!] = v
  }
  return out.filter(Boolean)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        // stop keeping it, but drain it so the client still reads our answer
        chunks.length = 0
        reject(new Error('too large'))
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
