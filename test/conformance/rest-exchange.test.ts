import { isLosslessNumber, parse } from 'lossless-json'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimExchange } from '../../src-main/sim/SimExchange'
import { nextNonce, sign } from '../helpers/krakenTestClient'
import { corpusMessage } from './corpus'

/**
 * The built-in exchange's REST answers, over a real HTTP socket, held against what Kraken really
 * sends (recorded replies and Kraken's own doc examples in the conformance corpus). Shapes are
 * compared as keys + JSON types; values where the exchange's answer is deterministic.
 */

type Json = Record<string, unknown>
type Reply = { status: number; text: string; body: Json }

let sim: SimExchange
let base: string
let cred: { apiKey: string; apiSecret: string }

beforeAll(async () => {
  sim = new SimExchange({ seed: 11, messagesPerSecond: 0, tier: 'pro', accounts: [{ name: 'conf' }] })
  base = (await sim.start()).rest
  cred = sim.credentials[0]!
})
afterAll(() => sim.stop())

/** numbers stay LosslessNumber (exact digits, and their JSON type stays visible to shape()) */
const parseText = (t: string): Json => parse(t) as Json

async function pub(method: string, query: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${base}/0/public/${method}?${new URLSearchParams(query)}`)
  const text = await res.text()
  return { status: res.status, text, body: parseText(text) }
}

async function priv(
  method: string,
  params: Record<string, unknown> = {},
  how: { json?: boolean; apiKey?: string; sign?: string; nonce?: string | null; headerNonce?: string } = {},
): Promise<Reply> {
  const path = `/0/private/${method}`
  const nonce = how.headerNonce ?? (how.nonce === undefined ? nextNonce() : how.nonce)
  const all = nonce === null || how.headerNonce ? params : { nonce, ...params }
  const body = how.json ? JSON.stringify(all) : new URLSearchParams(all as Record<string, string>).toString()
  const res = await fetch(base + path, {
    method: 'POST',
    headers: {
      'API-Key': how.apiKey ?? cred.apiKey,
      'API-Sign': how.sign ?? sign(path, nonce ?? '', body, cred.apiSecret),
      'Content-Type': how.json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...(how.headerNonce ? { 'API-Nonce': how.headerNonce } : {}),
    },
    body,
  })
  const text = await res.text()
  return { status: res.status, text, body: parseText(text) }
}

const result = (r: Reply): Json => {
  expect(r.body.error).toEqual([])
  return r.body.result as Json
}
const errorOf = (r: Reply): unknown => r.body.error

/**
 * keys -> JSON type, recursively. An array whose elements all have one shape (a list) is that
 * shape once; a mixed array (a Kraken tuple such as a Depth row [price, volume, time]) keeps
 * each position's type.
 */
type Shape = string | { [k: string]: Shape } | Shape[]
function shape(v: unknown): Shape {
  if (v === null) return 'null'
  if (isLosslessNumber(v)) return 'number'
  if (Array.isArray(v)) {
    const each = v.map(shape)
    const one = each.every((x) => JSON.stringify(x) === JSON.stringify(each[0]))
    return one ? each.slice(0, 1) : each
  }
  if (typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Json)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, shape(x)]),
    )
  return typeof v
}

/** the recorded message's `result` */
const recorded = (id: string): Json => parseText(corpusMessage(id).text).result as Json
/** the one entry of a map keyed by Kraken ids (orders, trades) */
const firstOf = (m: unknown): Json => Object.values(m as Json)[0] as Json

const Z5 = '0.00000' // XBT/USD cost_decimals 5: how Kraken writes a zero money/price field there

describe('REST conformance: public endpoints', () => {
  it('AssetPairs entry has the keys and types of Kraken’s, with the pair’s names and precisions', async () => {
    const mine = result(await pub('AssetPairs', { pair: 'XBTUSD' })).XXBTZUSD as Json
    // BTC/USD is a margin pair on Kraken and in the built-in exchange: leverage levels and
    // position limits included, nothing of Kraken's recorded entry is left out
    const theirs = { ...(recorded('rest.AssetPairs.kraken-net-1').XXBTZUSD as Json) }
    expect(shape(mine)).toEqual(shape(theirs))
    for (const k of [
      'altname',
      'wsname',
      'base',
      'quote',
      'lot',
      'pair_decimals',
      'lot_decimals',
      'tick_size',
    ])
      expect(String(mine[k]), k).toBe(String(theirs[k]))
  })

  it('Assets entry has Kraken’s keys (collateral_value included)', async () => {
    const mine = result(await pub('Assets')).XXBT as Json
    expect(shape(mine)).toEqual(shape(recorded('rest.Assets.kraken-net-1').XXBT))
    expect(mine.altname).toBe('XBT')
  })

  it('public methods only by GET: a POST gets EGeneral:Unknown method (Kraken since Jan 2024), and private ones only by POST', async () => {
    const expected = parseText(corpusMessage('rest.error.issue-public-by-post').text)
    const post = await fetch(`${base}/0/public/Time`, { method: 'POST' })
    expect(parseText(await post.text())).toEqual(expected)
    // by the same routing (verb + path), a GET on a private method is no method either
    const get = await fetch(`${base}/0/private/Balance`)
    expect(parseText(await get.text())).toEqual(expected)
  })

  it('Ticker and Depth: Kraken’s arrays (prices/volumes as strings, counts and times as numbers)', async () => {
    const t = result(await pub('Ticker', { pair: 'XBTUSD' })).XXBTZUSD
    expect(shape(t)).toEqual(shape(recorded('rest.Ticker.api-specs-1').XXBTZUSD))
    const d = result(await pub('Depth', { pair: 'XBTUSD', count: '2' })).XXBTZUSD
    expect(shape(d)).toEqual(shape(recorded('rest.Depth.api-specs-1').XXBTZUSD))
  })

  it('Trades and OHLC rows: Kraken’s tuples (trade_id appended as Kraken does now), cursors typed as Kraken’s', async () => {
    for (let i = 0; i < 2000; i++) sim.step('BTC/USD')
    const t = result(await pub('Trades', { pair: 'XBTUSD' }))
    const theirs = recorded('rest.Trades.api-specs-1')
    const row = (t.XXBTZUSD as unknown[][]).at(-1)!
    expect(shape(row.slice(0, 6))).toEqual(shape((theirs.XXBTZUSD as unknown[][])[0]))
    expect(shape(row[6])).toBe('number') // trade_id, added to Kraken's rows after this example
    expect(shape(t.last)).toBe(shape(theirs.last)) // a nanosecond cursor as a string
    const o = result(await pub('OHLC', { pair: 'XBTUSD', interval: '1' }))
    const oTheirs = recorded('rest.OHLC.api-specs-1')
    expect(shape((o.XXBTZUSD as unknown[][]).at(-1))).toEqual(shape((oTheirs.XXBTZUSD as unknown[][])[0]))
    expect(shape(o.last)).toBe(shape(oTheirs.last))
  })

  it('Time: unixtime number and rfc1123 written as Kraken writes it ("Wed,  9 Jan 19 01:50:54 +0000")', async () => {
    const mine = result(await pub('Time'))
    const theirs = recorded('rest.Time.api-specs-1')
    expect(shape(mine)).toEqual(shape(theirs))
    const rfc =
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [ \d]\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d \+0000$/
    expect(theirs.rfc1123).toMatch(rfc)
    expect(mine.rfc1123).toMatch(rfc)
  })

  it('unknown method and unknown pair answer with an error-only envelope and Kraken’s text', async () => {
    const m = await pub('NoSuchThing')
    expect(m.body).toEqual({ error: ['EGeneral:Unknown method'] })
    const p = await pub('Ticker', { pair: 'NOPENOPE' })
    expect(p.status).toBe(200)
    expect(p.body).toEqual(parseText(corpusMessage('rest.error.docs-unknown-asset-pair').text))
  })
})

describe('REST conformance: balances', () => {
  it('Balance: asset -> decimal string (ZUSD with 4 decimals as in Kraken’s example)', async () => {
    const mine = result(await priv('Balance'))
    const theirs = recorded('rest.Balance.api-specs-1')
    expect(shape(mine.ZUSD)).toBe(shape(theirs.ZUSD))
    expect(mine.ZUSD).toMatch(/^\d+\.\d{4}$/)
  })

  it('BalanceEx: the keys Kraken documents, amounts as strings', async () => {
    const mine = result(await priv('BalanceEx'))
    const theirs = recorded('rest.BalanceEx.kraken-net-1')
    expect(Object.keys(mine.ZUSD as Json).sort()).toEqual(Object.keys(theirs.ZUSD as Json).sort())
    expect(shape(mine.ZUSD)).toEqual({ balance: 'string', hold_trade: 'string' })
  })
})

describe('REST conformance: orders', () => {
  let openTxid = ''

  it('AddOrder: {descr:{order}, txid:[...]}, the order text as Kraken writes it', async () => {
    const r = result(
      await priv('AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '1000.0',
        volume: '1.25',
      }),
    )
    expect(shape(r)).toEqual(shape({ descr: { order: '' }, txid: [''] }))
    expect(shape(r)).toEqual(shape(recorded('rest.AddOrder.ccxt-1')))
    expect((r.descr as Json).order).toBe('buy 1.25000000 XBTUSD @ limit 1000.0')
    openTxid = (r.txid as string[])[0]!
  })

  it('OpenOrders: the order object has Kraken’s keys, types and zero formatting', async () => {
    const mine = (result(await priv('OpenOrders')).open as Json)[openTxid] as Json
    const theirs = { ...firstOf(recorded('rest.OpenOrders.kraken-net-1').open) }
    delete theirs.trades // only with trades=true / after a fill
    theirs.refid = null // the doc example's "None" is a docs artefact; Kraken sends null
    const { reason, ...rest } = mine
    expect(reason).toBeNull() // Kraken's live replies carry reason: null on open orders (ccxt recording)
    expect(shape(rest)).toEqual(shape(theirs))
    expect(mine).toMatchObject({
      refid: null,
      status: 'open',
      descr: {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '1000.0',
        price2: '0',
        leverage: 'none',
        order: 'buy 1.25000000 XBTUSD @ limit 1000.0',
        close: '',
      },
      vol: '1.25000000',
      vol_exec: '0.00000000',
      cost: Z5,
      fee: Z5,
      price: Z5,
      stopprice: Z5,
      limitprice: Z5,
      misc: '',
      oflags: 'fciq',
    })
    expect(String(mine.userref)).toBe('0')
    expect(String(mine.starttm)).toBe('0')
  })

  it('a post-only order says oflags "post,fciq" (post first), as Kraken does', async () => {
    const r = result(
      await priv('AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '1001.0',
        volume: '0.01',
        oflags: 'post',
      }),
    )
    const txid = (r.txid as string[])[0]!
    const q = result(await priv('QueryOrders', { txid }))
    expect((q[txid] as Json).oflags).toBe(
      (firstOf(recorded('rest.QueryOrders.ccxt-1')) as Json).oflags, // "post,fciq"
    )
    result(await priv('CancelOrder', { txid }))
  })

  it('an untriggered take-profit: descr.order says "take profit", descr.price is the trigger, stopprice stays 0', async () => {
    const r = result(
      await priv('AddOrder', {
        pair: 'XBTUSD',
        type: 'sell',
        ordertype: 'take-profit',
        price: '900000.0',
        volume: '0.10',
      }),
    )
    expect((r.descr as Json).order).toBe('sell 0.10000000 XBTUSD @ take profit 900000.0')
    const txid = (r.txid as string[])[0]!
    const mine = (result(await priv('OpenOrders')).open as Json)[txid] as Json
    const theirs = firstOf(recorded('rest.OpenOrders.ccxt-1').open) as Json
    expect((theirs.descr as Json).order).toBe('sell 0.10000000 LTCUSDT @ take profit 120.00000')
    expect(mine.descr).toMatchObject({ ordertype: 'take-profit', price: '900000.0', price2: '0' })
    expect(mine.stopprice).toBe(Z5)
    expect(mine.limitprice).toBe(Z5)
    result(await priv('CancelOrder', { txid }))
  })

  it('CancelOrder: {count} only, as every recorded reply', async () => {
    const r = result(await priv('CancelOrder', { txid: openTxid }))
    expect(r).toEqual(recorded('rest.CancelOrder.api-specs-1'))
  })

  it('ClosedOrders and QueryOrders: a cancelled order as Kraken shows it', async () => {
    const closed = result(await priv('ClosedOrders'))
    expect(shape(closed.count)).toBe('number')
    const mine = (closed.closed as Json)[openTxid] as Json
    const theirs = firstOf(recorded('rest.ClosedOrders.api-specs-1').closed)
    expect(shape(mine)).toEqual(shape(theirs))
    expect(mine).toMatchObject({ status: 'canceled', reason: 'User requested', cost: Z5, price: Z5 })
    const q = result(await priv('QueryOrders', { txid: openTxid }))
    const qTheirs = recorded('rest.QueryOrders.api-specs-1')['OQB6D2-O5QMF-QBBAWZ']
    expect(shape(q[openTxid])).toEqual(shape(qTheirs))
  })

  it('a filled market order and its trade: QueryOrders and TradesHistory shapes', async () => {
    const r = result(
      await priv('AddOrder', { pair: 'XXBTZUSD', type: 'sell', ordertype: 'market', volume: '0.25' }),
    )
    expect((r.descr as Json).order).toBe('sell 0.25000000 XBTUSD @ market')
    const txid = (r.txid as string[])[0]!
    const q = result(await priv('QueryOrders', { txid, trades: 'true' }))[txid] as Json
    const theirs = firstOf(recorded('rest.QueryOrders.kraken-net-1'))
    expect(shape(q)).toEqual(shape({ ...theirs, refid: null }))
    expect(q).toMatchObject({ status: 'closed', vol_exec: '0.25000000', stopprice: Z5, limitprice: Z5 })
    expect(q.descr).toMatchObject({ ordertype: 'market', price: '0', price2: '0' })
    const hist = result(await priv('TradesHistory'))
    const trade = Object.values(hist.trades as Json).find((t) => (t as Json).ordertxid === txid) as Json
    const tTheirs = firstOf(recorded('rest.TradesHistory.kraken-net-1').trades)
    expect(shape(trade)).toEqual(shape(tTheirs))
    expect(trade.pair).toBe('XXBTZUSD')
  })

  it('AddOrderBatch: per-entry scalar txid and descr.order', async () => {
    const r = result(
      await priv(
        'AddOrderBatch',
        {
          pair: 'XBTUSD',
          orders: [
            { ordertype: 'limit', type: 'buy', price: '1002.0', volume: '0.80300000' },
            { ordertype: 'limit', type: 'buy', price: '1003.0', volume: '0.105' },
          ],
        },
        { json: true },
      ),
    )
    const theirs = recorded('rest.AddOrderBatch.api-specs-1')
    const entries = r.orders as Json[]
    expect(shape(entries[1])).toEqual(shape((theirs.orders as Json[])[1]))
    expect((entries[0]!.descr as Json).order).toBe('buy 0.80300000 XBTUSD @ limit 1002.0')
    expect(typeof entries[0]!.txid).toBe('string')
  })

  it('EditOrder: Kraken’s keys including price2', async () => {
    const add = result(
      await priv('AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '1004.0',
        volume: '0.01',
      }),
    )
    const txid = (add.txid as string[])[0]!
    const r = result(await priv('EditOrder', { pair: 'XBTUSD', txid, price: '1005.0', volume: '0.02' }))
    expect(Object.keys(r).sort()).toEqual(Object.keys(recorded('rest.EditOrder.api-specs-1')).sort())
    expect(r).toMatchObject({
      status: 'ok',
      originaltxid: txid,
      volume: '0.02000000',
      price: '1005.0',
      price2: '0',
      descr: { order: 'buy 0.02000000 XBTUSD @ limit 1005.0' },
    })
    expect(shape(r.orders_cancelled)).toBe('number')
    expect(String(r.orders_cancelled)).toBe('1')
  })

  it('AmendOrder {amend_id} and GetWebSocketsToken {token, expires: 900}, as Kraken documents them', async () => {
    // docs.kraken.com REST reference: AmendOrder "will return the unique Kraken amend identifier";
    // GetWebSocketsToken result {token: string, expires: integer (900)}
    const add = result(
      await priv('AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '1006.0',
        volume: '0.01',
      }),
    )
    const txid = (add.txid as string[])[0]!
    const a = result(await priv('AmendOrder', { txid, limit_price: '1007.0' }))
    expect(shape(a)).toEqual({ amend_id: 'string' })
    const w = result(await priv('GetWebSocketsToken'))
    expect(shape(w)).toEqual({ expires: 'number', token: 'string' })
    expect(String(w.expires)).toBe('900')
  })

  it('CancelAll: {count}', async () => {
    const r = result(await priv('CancelAll'))
    expect(shape(r)).toEqual(shape(recorded('rest.CancelAll.kraken-net-1')))
  })

  it('CancelAllOrdersAfter: RFC3339 times without fractional seconds, as Kraken’s example', async () => {
    const r = result(await priv('CancelAllOrdersAfter', { timeout: '60' }))
    const theirs = recorded('rest.CancelAllOrdersAfter.kraken-net-1')
    expect(shape(r)).toEqual(shape(theirs))
    const rfc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
    expect(theirs.currentTime).toMatch(rfc)
    expect(r.currentTime).toMatch(rfc)
    expect(r.triggerTime).toMatch(rfc)
    expect(Date.parse(r.triggerTime as string) - Date.parse(r.currentTime as string)).toBe(60_000)
    result(await priv('CancelAllOrdersAfter', { timeout: '0' }))
  })
})

describe('REST conformance: refusals with Kraken’s exact texts', () => {
  const add = (p: Record<string, string>) =>
    priv('AddOrder', {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '1000.0',
      volume: '0.01',
      ...p,
    })

  it('auth: unknown key, bad signature, missing or repeated nonce (error-only envelope)', async () => {
    const env = (id: string) => parseText(corpusMessage(id).text)
    expect((await priv('Balance', {}, { apiKey: 'nope' })).body).toEqual(env('rest.error.docs-invalid-key'))
    expect((await priv('Balance', {}, { sign: 'AAAA' })).body).toEqual(
      env('rest.error.docs-invalid-signature'),
    )
    expect((await priv('Balance', {}, { nonce: null })).body).toEqual(env('rest.error.docs-invalid-nonce'))
    expect((await priv('Balance', {}, { nonce: '1' })).body).toEqual(env('rest.error.docs-invalid-nonce'))
  })

  it("the nonce may come in an API-Nonce header instead of the body (Kraken's Go SDK, request version 1)", async () => {
    // krakenfx/api-go pkg/spot/restbase.go: version 1 puts the nonce in API-Nonce and signs
    // path + SHA256(nonce + body) exactly as the body form does
    const r = await priv('Balance', {}, { json: true, headerNonce: nextNonce() })
    expect(r.body.error).toEqual([])
    const again = await priv('Balance', {}, { json: true, headerNonce: '1' })
    expect(again.body.error).toEqual(['EAPI:Invalid nonce'])
  })

  it('order arguments: ordertype, type, volume, pair, minimum', async () => {
    expect(errorOf(await add({ ordertype: 'moon' }))).toEqual(
      parseText(corpusMessage('rest.error.issue-ordertype').text).error,
    )
    expect(errorOf(await add({ type: 'hold' }))).toEqual(['EGeneral:Invalid arguments:type'])
    expect(errorOf(await add({ volume: 'lots' }))).toEqual(
      parseText(corpusMessage('rest.error.issue-volume').text).error,
    )
    expect(errorOf(await add({ pair: 'XBTUSDX' }))).toEqual(['EQuery:Unknown asset pair'])
    expect(errorOf(await add({ volume: '0.00001' }))).toEqual(
      parseText(corpusMessage('rest.error.docs-order-minimum').text).error,
    )
  })

  it('prices: too many decimals names the pair Kraken’s way; unparseable prices are EOrder:Invalid price', async () => {
    // recorded: "EOrder:Invalid price:XXBTZEUR price can only be specified up to 1 decimals."
    expect(errorOf(await add({ pair: 'XXBTZUSD', price: '1000.05' }))).toEqual([
      'EOrder:Invalid price:XXBTZUSD price can only be specified up to 1 decimals.',
    ])
    expect(errorOf(await add({ price: 'abc' }))).toEqual(['EOrder:Invalid price:Invalid price argument'])
    expect(errorOf(await add({ ordertype: 'stop-loss-limit', price: '900.0', price2: 'x' }))).toEqual(
      parseText(corpusMessage('rest.error.issue-invalid-price2').text).error,
    )
  })

  it('JSON bodies are accepted with decimal strings, as Kraken documents', async () => {
    const r = result(
      await priv(
        'AddOrder',
        { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01', validate: true },
        { json: true },
      ),
    )
    expect(r).toEqual({ descr: { order: 'buy 0.01000000 XBTUSD @ limit 1000.0' } })
  })
})
