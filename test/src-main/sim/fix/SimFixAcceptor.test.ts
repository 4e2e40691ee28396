import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BookEngine } from '../../../../src-main/core/book/BookEngine'
import { fixLogonPassword } from '../../../../src-main/sim/fix/SimFixAcceptor'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { FixTestClient, krakenPassword } from '../../../helpers/fixTestClient'
import { privateCall, wsSession, type Msg } from '../../../helpers/krakenTestClient'
import { until } from '../../../helpers/until'

let sim: SimExchange
let ep: SimEndpoints
let cred: { apiKey: string; apiSecret: string }
let n = 0
const comp = () => `CLIENT${++n}`

beforeAll(async () => {
  sim = new SimExchange({ seed: 21, messagesPerSecond: 0 })
  ep = await sim.start()
  cred = sim.credentials[0]!
})
afterAll(() => sim.stop())

async function loggedOn(
  opts: Parameters<FixTestClient['logon']>[1] = {},
  sender = comp(),
): Promise<FixTestClient> {
  const c = await FixTestClient.connect(ep.fix.port, sender)
  c.logon(cred, opts)
  await c.next((m) => m.type === 'A')
  return c
}

const limitOrder = (clOrdId: string, px = '30000.0', qty = '0.01', side = '1'): [number, string][] => [
  [11, clOrdId],
  [55, 'XBT/USD'],
  [54, side],
  [38, qty],
  [40, '2'],
  [44, px],
  [59, '1'],
  [60, '20260101-00:00:00.000'],
]

describe('SimFixAcceptor: logon', () => {
  it("computes Kraken's password the same way as an independent implementation", () => {
    const a = fixLogonPassword('1', 'ME', 'KRAKEN-TRD', 'key', '1688736075072', cred.apiSecret)
    expect(a).toBe(krakenPassword(1, 'ME', 'KRAKEN-TRD', 'key', '1688736075072', cred.apiSecret))
  })

  it('accepts a correctly signed Logon and refuses bad signatures, keys and stale nonces', async () => {
    const ok = await loggedOn()
    ok.close()
    const bad = await FixTestClient.connect(ep.fix.port, comp())
    bad.logon(cred, { badSignature: true })
    expect((await bad.next((m) => m.type === '5')).get(58)).toBe('Invalid signature (554)')
    await bad.waitClosed()
    const stale = await FixTestClient.connect(ep.fix.port, comp())
    stale.logon(cred, { nonce: String(Date.now() - 60_000) })
    expect((await stale.next((m) => m.type === '5')).get(58)).toMatch(/within 5 seconds/)
    const wrongKey = await FixTestClient.connect(ep.fix.port, comp())
    wrongKey.logon({ apiKey: 'nope', apiSecret: cred.apiSecret })
    expect((await wrongKey.next((m) => m.type === '5')).get(58)).toBe('Invalid key (553)')
    const notLogon = await FixTestClient.connect(ep.fix.port, comp())
    notLogon.send('0', [])
    expect((await notLogon.next((m) => m.type === '5')).get(58)).toMatch(/First message must be Logon/)
  })

  it('answers TestRequest with a Heartbeat carrying its id', async () => {
    const c = await loggedOn()
    c.send('1', [[112, 'ping-7']])
    expect((await c.next((m) => m.type === '0')).get(112)).toBe('ping-7')
    c.close()
  })
})

describe('SimFixAcceptor: orders', () => {
  it('places a limit order: ExecutionReports pending-new then new, with exact decimals', async () => {
    const c = await loggedOn()
    c.send('D', limitOrder('1001'))
    const pending = await c.next((m) => m.type === '8' && m.get(150) === 'A')
    const neu = await c.next((m) => m.type === '8' && m.get(150) === '0')
    expect(pending.get(11)).toBe('1001')
    expect(neu.get(37)).toMatch(/^O/)
    expect(neu.get(44)).toBe('30000.0')
    expect(neu.get(38)).toBe('0.01000000')
    expect(neu.get(55)).toBe('XBT/USD')
    c.close()
  })

  it('rejects a missing required tag with 35=3 and business failures with 35=j', async () => {
    const c = await loggedOn()
    c.send(
      'D',
      limitOrder('1002').filter(([t]) => t !== 38),
    )
    const rej = await c.next((m) => m.type === '3')
    expect([rej.get(371), rej.get(373)]).toEqual(['38', '1'])
    c.send('D', limitOrder('1003', '30000.0', '100'))
    const bmr = await c.next((m) => m.type === 'j')
    expect(bmr.get(379)).toBe('1003')
    expect(bmr.get(58)).toMatch(/^\d+ : EOrder:Insufficient funds$/)
    c.send('D', [...limitOrder('1004').filter(([t]) => t !== 55), [55, 'BTC/USD']])
    expect((await c.next((m) => m.type === 'j' && m.get(379) === '1004')).get(380)).toBe('2')
    c.close()
  })

  it('an order placed via FIX is cancelled via WS, and the FIX session hears of it', async () => {
    const c = await loggedOn()
    c.send('D', limitOrder('2001'))
    const orderId = (await c.next((m) => m.type === '8' && m.get(150) === '0')).get(37)!
    const token = (await privateCall(ep.rest, cred, 'GetWebSocketsToken')).result!.token as string
    const ws = await wsSession(ep.wsPrivate)
    ws.send({ method: 'cancel_order', params: { order_id: [orderId], token }, req_id: 1 })
    expect(await ws.next((m: Msg) => m.req_id === '1')).toMatchObject({ success: true })
    const er = await c.next((m) => m.type === '8' && m.get(150) === '4')
    expect([er.get(37), er.get(39)]).toEqual([orderId, '4'])
    ws.close()
    c.close()
  })

  it('a REST cancel hits a FIX order', async () => {
    const c = await loggedOn()
    c.send('D', limitOrder('3001'))
    const orderId = (await c.next((m) => m.type === '8' && m.get(150) === '0')).get(37)!
    // the REST reply's shape is the REST tests' business; here: it cancelled one order
    expect((await privateCall(ep.rest, cred, 'CancelOrder', { txid: orderId })).result).toMatchObject({
      count: 1,
    })
    expect((await c.next((m) => m.type === '8' && m.get(150) === '4')).get(37)).toBe(orderId)
    c.close()
  })

  it('a FIX single cancel of a WS order is rejected; a FIX mass cancel reaches it', async () => {
    const token = (await privateCall(ep.rest, cred, 'GetWebSocketsToken')).result!.token as string
    const ws = await wsSession(ep.wsPrivate)
    ws.send({
      method: 'add_order',
      params: {
        order_type: 'limit',
        side: 'buy',
        order_qty: '0.01',
        symbol: 'BTC/USD',
        limit_price: '25000.0',
        token,
      },
      req_id: 1,
    })
    const wsOrder = ((await ws.next((m: Msg) => m.req_id === '1')).result as Msg).order_id as string
    const c = await loggedOn()
    c.send('F', [
      [11, 'c-1'],
      [37, wsOrder],
      [41, 'whatever'],
      [54, '1'],
      [55, 'XBT/USD'],
      [60, '20260101-00:00:00.000'],
    ])
    const rej = await c.next((m) => m.type === 'j')
    expect([rej.get(379), rej.get(380)]).toEqual(['c-1', '1'])
    expect(rej.get(58)).toMatch(/EOrder:Unknown order/)
    expect(sim.engine.orders.get(wsOrder)!.status).toBe('open')
    // a FIX order on another session is out of reach too
    const other = await loggedOn()
    other.send('D', limitOrder('4001', '25000.0'))
    const otherId = (await other.next((m) => m.type === '8' && m.get(150) === '0')).get(37)!
    c.send('F', [
      [11, 'c-2'],
      [37, otherId],
      [54, '1'],
      [55, 'XBT/USD'],
      [60, '20260101-00:00:00.000'],
    ])
    expect((await c.next((m) => m.type === 'j' && m.get(379) === 'c-2')).get(380)).toBe('1')
    // own session: works, ER echoes both ClOrdIDs
    other.send('F', [
      [11, 'c-3'],
      [41, '4001'],
      [54, '1'],
      [55, 'XBT/USD'],
      [60, '20260101-00:00:00.000'],
    ])
    const cxl = await other.next((m) => m.type === '8' && m.get(150) === '4')
    expect([cxl.get(11), cxl.get(41), cxl.get(37)]).toEqual(['c-3', '4001', otherId])
    // mass cancel of all account orders reaches the WS order
    c.send('q', [
      [11, 'mass-1'],
      [530, '7'],
      [60, '20260101-00:00:00.000'],
    ])
    const report = await c.next((m) => m.type === 'r')
    expect(Number(report.get(533))).toBeGreaterThanOrEqual(1)
    expect((await c.next((m) => m.type === '8' && m.get(37) === wsOrder)).get(150)).toBe('4')
    expect(sim.engine.orders.get(wsOrder)!.status).toBe('canceled')
    ws.close()
    c.close()
    other.close()
  })

  it("is as strict as Kraken's docs on D/F/G required tags: an amend without TimeInForce (59) is a 35=3", async () => {
    const c = await loggedOn()
    c.send('D', limitOrder('5101'))
    const id = (await c.next((m) => m.type === '8' && m.get(150) === '0' && m.get(11) === '5101')).get(37)!
    const amend: [number, string][] = [
      [11, '5102'],
      [41, '5101'],
      [37, id],
      [54, '1'],
      [55, 'XBT/USD'],
      [38, '0.02'],
      [44, '30000.5'],
      [40, '2'],
      [60, '20260101-00:00:00.000'],
    ]
    // ocrr-fix marks 59 required; reject-session_level-fix words it "Missing Mandatory Field: Side (54)"
    const g = c.send('G', amend)
    const rej = await c.next((m) => m.type === '3')
    expect([rej.get(45), rej.get(371), rej.get(372), rej.get(373), rej.get(58)]).toEqual([
      String(g),
      '59',
      'G',
      '1',
      'Missing Mandatory Field: TimeInForce (59)',
    ])
    const g2 = c.send('G', amend.filter(([t]) => t !== 37).concat([[59, '1']]))
    const rej2 = await c.next((m) => m.type === '3')
    expect([rej2.get(45), rej2.get(371), rej2.get(58)]).toEqual([
      String(g2),
      '37',
      'Missing Mandatory Field: OrderID (37)',
    ])
    const d = c.send(
      'D',
      limitOrder('5103').filter(([t]) => t !== 59),
    )
    const rej3 = await c.next((m) => m.type === '3')
    expect([rej3.get(45), rej3.get(371), rej3.get(372)]).toEqual([String(d), '59', 'D'])
    const f = c.send('F', [
      [11, '5104'],
      [41, '5101'],
      [54, '1'],
      [55, 'XBT/USD'],
    ])
    const rej4 = await c.next((m) => m.type === '3')
    expect([rej4.get(45), rej4.get(371), rej4.get(58)]).toEqual([
      String(f),
      '60',
      'Missing Mandatory Field: TransactTime (60)',
    ])
    expect(sim.engine.orders.get(id)!.qty).toBe(1_000_000n) // untouched: 0.01
    c.close()
  })

  it('amends with OrderCancelReplaceRequest (35=G), keeping the order id', async () => {
    const c = await loggedOn()
    c.send('D', limitOrder('5001'))
    const id = (await c.next((m) => m.type === '8' && m.get(150) === '0')).get(37)!
    c.send('G', [
      [11, '5002'],
      [41, '5001'],
      [37, id],
      [54, '1'],
      [55, 'XBT/USD'],
      [38, '0.02'],
      [44, '30000.5'],
      [40, '2'],
      [59, '1'],
      [60, '20260101-00:00:00.000'],
    ])
    const er = await c.next((m) => m.type === '8' && m.get(150) === '5')
    expect([er.get(37), er.get(11), er.get(41), er.get(44), er.get(38)]).toEqual([
      id,
      '5002',
      '5001',
      '30000.5',
      '0.02000000',
    ])
    c.send('H', [
      [37, id],
      [11, '5002'],
      [54, '1'],
      [55, 'XBT/USD'],
    ])
    expect((await c.next((m) => m.type === '8' && m.get(150) === 'I')).get(39)).toBe('0')
    c.close()
  })

  it('fills report LastPx/LastQty and cumulative quantities', async () => {
    const c = await loggedOn()
    c.send('D', [
      [11, '6001'],
      [55, 'XBT/USD'],
      [54, '1'],
      [38, '0.02'],
      [40, '1'],
      [59, '3'],
      [60, '20260101-00:00:00.000'],
    ])
    const fill = await c.next((m) => m.type === '8' && m.get(150) === 'F' && m.get(39) === '2')
    expect(fill.get(14)).toBe('0.02000000')
    expect(fill.get(151)).toBe('0.00000000')
    expect(fill.get(31)).toMatch(/^\d+\.\d$/)
    c.close()
  })
})

describe('SimFixAcceptor: session recovery', () => {
  it('cancel-on-disconnect: an abrupt drop cancels the session orders; 8674=1 and a clean Logout do not', async () => {
    const a = await loggedOn()
    a.send('D', limitOrder('7001', '20000.0'))
    const id = (await a.next((m) => m.type === '8' && m.get(150) === '0')).get(37)!
    a.close() // no Logout
    // the acceptor acts when its socket sees the close: waited for, not slept on
    await until(() => sim.engine.orders.get(id)?.status === 'canceled', 'cancel on disconnect')
    expect(sim.engine.orders.get(id)!).toMatchObject({ status: 'canceled', reason: 'Cancel on disconnect' })

    const b = await loggedOn({ cod: false })
    b.send('D', limitOrder('7002', '20000.0'))
    const id2 = (await b.next((m) => m.type === '8' && m.get(150) === '0')).get(37)!
    b.close()
    await new Promise((r) => setTimeout(r, 100))
    expect(sim.engine.orders.get(id2)!.status).toBe('open')

    const c = await loggedOn()
    c.send('D', limitOrder('7003', '20000.0'))
    const id3 = (await c.next((m) => m.type === '8' && m.get(150) === '0')).get(37)!
    c.send('5', [])
    await c.next((m) => m.type === '5')
    await c.waitClosed()
    expect(sim.engine.orders.get(id3)!.status).toBe('open')
  })

  it('keeps sequence numbers across reconnects and resends what happened while offline (43=Y, 122)', async () => {
    const sender = comp()
    const a = await loggedOn({ cod: false }, sender)
    a.send('D', limitOrder('8001', '20000.0'))
    const id = (await a.next((m) => m.type === '8' && m.get(150) === '0')).get(37)!
    const lastSeen = Math.max(...a.messages.map((m) => m.seq))
    a.send('5', [])
    const mySeq = a.seq
    await a.next((m) => m.type === '5')
    await a.waitClosed()
    // while the session is offline, its order is cancelled over REST
    await privateCall(ep.rest, cred, 'CancelOrder', { txid: id })
    const b = await FixTestClient.connect(ep.fix.port, sender)
    b.seq = mySeq
    b.logon(cred)
    const logon = await b.next((m) => m.type === 'A')
    expect(logon.seq).toBeGreaterThan(lastSeen + 2) // logout + the stored ER came before it
    b.send('2', [
      [7, String(lastSeen + 1)],
      [16, '0'],
    ])
    const resent = await b.next((m) => m.type === '8' && m.get(43) === 'Y')
    expect([resent.get(37), resent.get(150)]).toEqual([id, '4'])
    expect(resent.get(122)).toMatch(/^\d{8}-/)
    // admin messages in the range come back as one SequenceReset-GapFill
    expect((await b.next((m) => m.type === '4')).get(123)).toBe('Y')
    b.close()
  })

  it('asks for a resend when the client skips sequence numbers, and processes in order after the gap fill', async () => {
    const c = await loggedOn()
    const skipped = c.seq
    c.send('D', limitOrder('9002', '20000.0'), { seq: skipped + 1 }) // seq skipped is missing
    c.seq = skipped + 2
    const rr = await c.next((m) => m.type === '2')
    expect([rr.get(7), rr.get(16)]).toEqual([String(skipped), '0'])
    expect(c.messages.some((m) => m.type === '8' && m.get(11) === '9002')).toBe(false) // held back
    c.send('D', limitOrder('9001', '20000.0'), { seq: skipped, possDup: true })
    const first = await c.next((m) => m.type === '8' && m.get(150) === '0')
    const second = await c.next((m) => m.type === '8' && m.get(150) === '0')
    expect([first.get(11), second.get(11)]).toEqual(['9001', '9002'])
    c.close()
  })

  it('sequence numbers survive an acceptor restart, and an exchange restart with a store directory', async () => {
    const sender = comp()
    const a = await loggedOn({ cod: false }, sender)
    a.send('0', [])
    const mySeq = a.seq
    await sim.faults.restartFix()
    await a.waitClosed()
    const b = await FixTestClient.connect(ep.fix.port, sender)
    b.seq = mySeq
    b.logon(cred)
    expect((await b.next((m) => m.type === 'A')).seq).toBeGreaterThan(1)
    b.close()

    const dir = mkdtempSync(join(tmpdir(), 'trident-fixstore-'))
    const s1 = new SimExchange({
      seed: 1,
      messagesPerSecond: 0,
      fixStoreDir: dir,
      accounts: [{ name: 't', apiKey: 'k1', apiSecret: cred.apiSecret }],
    })
    const e1 = await s1.start()
    const c1 = await FixTestClient.connect(e1.fix.port, 'PERSIST')
    c1.logon({ apiKey: 'k1', apiSecret: cred.apiSecret })
    await c1.next((m) => m.type === 'A')
    c1.send('0', [])
    c1.send('1', [[112, 'sync']]) // a round trip, so the exchange has processed everything
    const hb = await c1.next((m) => m.type === '0' && m.get(112) === 'sync')
    const seqAfter = c1.seq
    await s1.stop()
    const s2 = new SimExchange({
      seed: 1,
      messagesPerSecond: 0,
      fixStoreDir: dir,
      accounts: [{ name: 't', apiKey: 'k1', apiSecret: cred.apiSecret }],
    })
    const e2 = await s2.start()
    const low = await FixTestClient.connect(e2.fix.port, 'PERSIST')
    low.logon({ apiKey: 'k1', apiSecret: cred.apiSecret }) // seq 1: too low now
    expect((await low.next((m) => m.type === '5')).get(58)).toBe(
      `MsgSeqNum too low, expecting ${seqAfter} but received 1`,
    )
    const c2 = await FixTestClient.connect(e2.fix.port, 'PERSIST')
    c2.seq = seqAfter
    c2.logon({ apiKey: 'k1', apiSecret: cred.apiSecret })
    // the exchange continues its own numbering too (the refused logon's Logout was unsequenced)
    expect((await c2.next((m) => m.type === 'A')).seq).toBe(hb.seq + 1)
    c2.close()
    await s2.stop()
  })
})

describe('SimFixAcceptor: reference and market data', () => {
  it('lists instruments with FIX symbols and precisions (35=x -> 35=y)', async () => {
    const c = await loggedOn()
    c.send('x', [
      [320, 'il-1'],
      [559, '4'],
    ])
    const y = await c.next((m) => m.type === 'y')
    expect(y.all(55)).toContain('XBT/USD')
    expect(y.all(2349)[y.all(55).indexOf('XBT/USD')]).toBe('1')
    c.close()
  })

  it('serves a market-data snapshot and incremental refreshes with a verifiable checksum (KRAKEN-MD)', async () => {
    const c = await FixTestClient.connect(ep.fix.port, comp(), 'KRAKEN-MD')
    c.logon(null)
    await c.next((m) => m.type === 'A')
    c.send('V', [
      [262, 'md-1'],
      [263, '1'],
      [264, '10'],
      [265, '1'],
      [267, '2'],
      [269, '0'],
      [269, '1'],
      [146, '1'],
      [55, 'XBT/USD'],
    ])
    const w = await c.next((m) => m.type === 'W')
    const sides = w.all(269)
    const prices = w.all(270)
    const sizes = w.all(271)
    const book = new BookEngine('BTC/USD', { pricePrecision: 1, qtyPrecision: 8 }, 10)
    const lv = (side: string) =>
      sides
        .map((s, i) => [s, prices[i]!, sizes[i]!] as const)
        .filter(([s]) => s === side)
        .map(([, price, qty]) => ({ price, qty }))
    book.applySnapshot(lv('0'), lv('1'))
    expect(book.verify(Number(w.get(5041)))).toBe(true)
    for (let i = 0; i < 200; i++) sim.step('BTC/USD')
    const x = await c.next((m) => m.type === 'X')
    expect(x.all(279).length).toBeGreaterThan(0)
    // the layout of Kraken's mdsfr-fix / mdir-fix examples (corpus fix/h3-docs-kraken-com--md*):
    // 55 before 262 and 268, entries 269 278 270 271 273 (X: 279 first), 5041 last
    const body = (m: typeof w) =>
      m.raw
        .split('\x01')
        .map((f) => Number(f.split('=')[0]))
        .filter((t) => ![8, 9, 35, 49, 56, 34, 52, 10, 0].includes(t))
    expect(body(w).slice(0, 4)).toEqual([55, 262, 268, 269])
    expect(body(w).slice(3, 8)).toEqual([269, 278, 270, 271, 273])
    expect(body(w).at(-1)).toBe(5041)
    expect(w.get(278)).toMatch(/^[BO]\d+\.\d$/)
    expect(w.get(273)).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/)
    expect(body(x).slice(0, 3)).toEqual([55, 262, 268])
    expect(body(x).slice(3, 9)).toEqual([279, 269, 278, 270, 271, 273])
    expect(body(x).at(-1)).toBe(5041)
    // trading messages are refused on a market-data session
    c.send('D', limitOrder('md-order'))
    expect((await c.next((m) => m.type === 'j')).get(380)).toBe('4')
    c.close()
  })
})

describe('trading counter shared by REST, WS and FIX', () => {
  it('REST adds and WS cancels fill the pair counter; the FIX cancel that would pass 60 is refused', async () => {
    const s = new SimExchange({ seed: 2, messagesPerSecond: 0, tier: 'starter' })
    const e = await s.start()
    const k = s.credentials[0]!
    const token = (await privateCall(e.rest, k, 'GetWebSocketsToken')).result!.token as string
    const ws = await wsSession(e.wsPrivate)
    // the counters' clock stands still (no decay): the refusal below is about the count, and must
    // not depend on how fast a loaded machine gets through 13 round trips (Starter decays 1/s)
    const frozen = Date.now()
    Object.defineProperty(s.limits, 'now', { value: () => frozen })
    for (let i = 0; i < 6; i++) {
      const add = await privateCall(e.rest, k, 'AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '20000.0',
        volume: '0.001',
      })
      const txid = (add.result!.txid as string[])[0]!
      ws.send({ method: 'cancel_order', params: { order_id: [txid], token }, req_id: 100 + i })
      expect(await ws.next((m: Msg) => m.req_id === String(100 + i))).toMatchObject({ success: true })
    }
    // 6 * (1 + 8) = 54 (docs: guides/spot-ratelimits; a cancel of an order under 5 s old costs 8)
    expect(s.limits.tradingLevel('trader', 'BTC/USD')).toBe(54)
    const c = await FixTestClient.connect(e.fix.port, 'SHARED')
    c.logon(k)
    await c.next((m) => m.type === 'A')
    c.send('D', limitOrder('s-1', '20000.0', '0.001'))
    await c.next((m) => m.type === '8' && m.get(150) === '0') // 55: still under 60
    c.send('F', [
      [11, 's-2'],
      [41, 's-1'],
      [54, '1'],
      [55, 'XBT/USD'],
      [60, '20260101-00:00:00.000'],
    ])
    expect((await c.next((m) => m.type === 'j')).get(58)).toMatch(/EOrder:Rate limit exceeded$/)
    c.close()
    ws.close()
    await s.stop()
  })
})
