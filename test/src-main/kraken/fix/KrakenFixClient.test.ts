import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecodedFix } from '../../../../src-main/kraken/fix/fixFields'
import {
  KrakenFixClient,
  type FixNewOrder,
  type KrakenFixOptions,
} from '../../../../src-main/kraken/fix/KrakenFixClient'
import { redactLogon } from '../../../../src-main/kraken/fix/KrakenFixSession'
import { FixSessionJournal } from '../../../../src-main/store/FixSessionJournal'
import { openDb } from '../../../../src-main/store/TridentDb'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'

let sim: SimExchange
let ep: SimEndpoints
let cred: { apiKey: string; apiSecret: string }
let n = 0
const clients: KrakenFixClient[] = []

beforeAll(async () => {
  sim = new SimExchange({ seed: 41, messagesPerSecond: 0 })
  ep = await sim.start()
  cred = sim.credentials[0]!
})
afterAll(async () => {
  for (const c of clients) await c.stop()
  await sim.stop()
})

async function client(over: Partial<KrakenFixOptions> = {}, sender = `TRIDENT${++n}`) {
  const msgs: DecodedFix[] = []
  const logs: string[] = []
  const c = new KrakenFixClient({
    host: '127.0.0.1',
    port: ep.fix.port,
    senderCompId: sender,
    credentials: cred,
    dataDir: over.dataDir ?? mkdtempSync(join(tmpdir(), 'trident-fix-')),
    // a restart (same dataDir) finds what was sent in the journal database
    ...(over.dataDir
      ? { sentStore: new FixSessionJournal(openDb(join(over.dataDir, 'journal.db')), 'test', sender) }
      : {}),
    onMessage: (m) => msgs.push(m),
    log: (l) => logs.push(l),
    random: () => 0,
    ...over,
  })
  clients.push(c)
  await c.start()
  await until(() => c.state === 'online', 'FIX logon')
  return {
    c,
    msgs,
    logs,
    er: (pred: (m: DecodedFix) => boolean) =>
      until(() => msgs.find((m) => m.type === '8' && pred(m)), 'execution report'),
  }
}

let cl = 100000
const nextCl = () => String(Date.now() * 1000 + ++cl).slice(-18)

describe('KrakenFixClient (jspurefix) against the built-in exchange', () => {
  it('stopped while it connects: the connect ends before stop() returns, and never reads the closed journal', async () => {
    // Trident quits (or a test ends) while FIX is still connecting: the session the connect then
    // built read the journal after the app had closed it ('The database connection is not open',
    // an unhandled rejection seen in LoopbackHost.test), and would have logged on after the stop
    const dataDir = mkdtempSync(join(tmpdir(), 'trident-fix-stop-'))
    const db = openDb(join(dataDir, 'journal.db'))
    const states: string[] = []
    const c = new KrakenFixClient({
      host: '127.0.0.1',
      port: ep.fix.port,
      senderCompId: `STOPPED${++n}`,
      credentials: cred,
      dataDir,
      sentStore: new FixSessionJournal(db, 'test', `STOPPED${n}`),
      random: () => 0,
      onState: (s) => states.push(s),
    })
    await c.start()
    await c.stop()
    db.close()
    expect(c.state).toBe('offline')
    expect(states).not.toContain('online')
  })

  it('a socket error after the session ended is logged, never thrown (the venue resetting as Trident quits)', async () => {
    const { c, logs } = await client()
    // the session's receiver (jspurefix's parser): it re-emits its socket's errors
    const session = (c as unknown as { session: { transport: { receiver: NodeJS.EventEmitter } } }).session
    const rx = session.transport.receiver
    await c.stop()
    // jspurefix took its own listeners off when the session ended; the socket may still reset
    expect(() => rx.emit('error', new Error('read ECONNRESET'))).not.toThrow()
    expect(logs).toContain('fix transport: read ECONNRESET')
  })

  it('places every order type with exact decimals, and cancels, replaces and mass-cancels', async () => {
    const { c, er, msgs } = await client()
    const orders: FixNewOrder[] = [
      {
        clOrdId: nextCl(),
        symbol: 'XBT/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.01000000',
        limitPrice: '30000.0',
        tif: 'GTC',
      },
      {
        clOrdId: nextCl(),
        symbol: 'XBT/USD',
        side: 'buy',
        type: 'iceberg',
        qty: '0.15',
        limitPrice: '30000.0',
        displayQty: '0.01',
        tif: 'GTC',
      },
      {
        clOrdId: nextCl(),
        symbol: 'XBT/USD',
        side: 'sell',
        type: 'stop-loss',
        qty: '0.01',
        triggerPrice: '30000.0',
        tif: 'GTC',
      },
      {
        clOrdId: nextCl(),
        symbol: 'XBT/USD',
        side: 'sell',
        type: 'stop-loss-limit',
        qty: '0.01',
        triggerPrice: '30000.0',
        limitPrice: '29900.0',
        tif: 'GTC',
      },
      {
        clOrdId: nextCl(),
        symbol: 'XBT/USD',
        side: 'sell',
        type: 'take-profit',
        qty: '0.01',
        triggerPrice: '90000.0',
        tif: 'GTC',
      },
      {
        clOrdId: nextCl(),
        symbol: 'XBT/USD',
        side: 'sell',
        type: 'take-profit-limit',
        qty: '0.01',
        triggerPrice: '90000.0',
        limitPrice: '89900.0',
        tif: 'GTC',
      },
      {
        clOrdId: nextCl(),
        symbol: 'XBT/USD',
        side: 'sell',
        type: 'trailing-stop',
        qty: '0.01',
        triggerPrice: '500.0',
        tif: 'GTC',
      },
      {
        clOrdId: nextCl(),
        symbol: 'XBT/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.01',
        limitPrice: '30000.0',
        tif: 'GTD',
        expireAt: Date.now() + 3_600_000,
        postOnly: true,
      },
      { clOrdId: nextCl(), symbol: 'XBT/USD', side: 'buy', type: 'market', qty: '0.01', tif: 'IOC' },
    ]
    for (const o of orders) c.newOrder(o)
    for (const o of orders.slice(0, -1)) {
      const r = await er((m) => m.get(11) === o.clOrdId && m.get(150) === '0')
      const sim_ = sim.engine.orders.get(r.get(37)!)!
      expect(sim_.type, o.type).toBe(o.type)
      expect(sim_.source).toMatchObject({ protocol: 'fix' })
    }
    const fill = await er((m) => m.get(11) === orders.at(-1)!.clOrdId && m.get(39) === '2')
    expect(fill.get(14)).toBe('0.01000000')
    expect(sim.engine.orders.get(fill.get(37)!)!.qty).toBe(1_000_000n) // 0.01 BTC exactly
    // cancel the first, replace the second, mass-cancel the rest of this session
    const first = await er((m) => m.get(11) === orders[0]!.clOrdId && m.get(150) === '0')
    const cxl = nextCl()
    c.cancel({
      clOrdId: cxl,
      origClOrdId: orders[0]!.clOrdId,
      orderId: first.get(37)!,
      symbol: 'XBT/USD',
      side: 'buy',
    })
    expect((await er((m) => m.get(11) === cxl)).get(150)).toBe('4')
    const rep = nextCl()
    c.replace({
      clOrdId: rep,
      origClOrdId: orders[1]!.clOrdId,
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'iceberg',
      qty: '0.3',
      limitPrice: '30000.5',
      displayQty: '0.02',
    })
    const replaced = await er((m) => m.get(11) === rep)
    expect([replaced.get(150), replaced.get(38), replaced.get(44)]).toEqual(['5', '0.30000000', '30000.5'])
    c.massCancel(nextCl(), { kind: 'session' })
    await until(() => msgs.find((m) => m.type === 'r'), 'mass cancel report')
    const open = [...sim.engine.openOrders('trader')].filter((o) =>
      o.source.session?.includes(`TRIDENT${n}->`),
    )
    expect(open).toEqual([])
  })

  it("learns the venue's FIX symbols from InstrumentList (35=x -> 35=y)", async () => {
    const { c, msgs } = await client()
    c.requestInstruments('il-1')
    const y = await until(() => msgs.find((m) => m.type === 'y'), 'instrument list')
    expect(y.all(55)).toEqual(expect.arrayContaining(['XBT/USD', 'ETH/USD', 'XRP/USD', 'XBT/EUR']))
    expect(y.all(2349)[y.all(55).indexOf('XBT/USD')]).toBe('1')
    expect(c.state).toBe('online') // custom tags in the group did not upset the session
  })

  it('puts the sub-account on orders as NoAllocs(78)=1 / AllocAccount(79)', async () => {
    const { c, er, logs } = await client({ subAccount: 'desk-7' })
    const clOrdId = nextCl()
    c.newOrder({
      clOrdId,
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '20000.0',
      tif: 'GTC',
    })
    await er((m) => m.get(11) === clOrdId)
    const sent = logs.find(
      (l) => l.startsWith('tx ') && l.includes('|35=D|') && l.includes(`|11=${clOrdId}|`),
    )!
    expect(sent).toMatch(/\|78=1\|79=desk-7\|/)
  })

  it('streams FIX market data: a W snapshot and X refreshes whose 5041 checksums verify', async () => {
    const { BookEngine } = await import('../../../../src-main/core/book/BookEngine')
    const { c, msgs } = await client({ targetCompId: 'KRAKEN-MD', credentials: null })
    c.marketData('md-1', ['XBT/USD'], 10)
    const w = await until(() => msgs.find((m) => m.type === 'W'), 'snapshot')
    const book = new BookEngine('BTC/USD', { pricePrecision: 1, qtyPrecision: 8 }, 10)
    const levels = (m: typeof w, side: string) => {
      const types = m.all(269)
      const px = m.all(270)
      const sz = m.all(271)
      return types
        .map((t, i) => [t, px[i]!, sz[i]!] as const)
        .filter(([t]) => t === side)
        .map(([, price, qty]) => ({ price, qty }))
    }
    book.applySnapshot(levels(w, '0'), levels(w, '1'))
    expect(book.verify(Number(w.get(5041)))).toBe(true)
    for (let i = 0; i < 300; i++) sim.step('BTC/USD')
    await until(() => msgs.filter((m) => m.type === 'X').length >= 5, 'refreshes')
    for (const x of msgs.filter((m) => m.type === 'X')) {
      // 279 action: 0 new, 1 change, 2 delete; every entry carries 271, a delete's size is not a
      // level (Kraken's mdir-fix: 0 when it left the book, its size when it left the depth)
      const act = x.all(279)
      const types = x.all(269)
      const px = x.all(270)
      const bids: { price: string; qty: string }[] = []
      const asks: { price: string; qty: string }[] = []
      const sizes = x.all(271)
      act.forEach((a, i) => {
        const qty = a === '2' ? '0' : sizes[i]!
        ;(types[i] === '0' ? bids : asks).push({ price: px[i]!, qty })
      })
      book.applyUpdate(bids, asks)
      expect(book.verify(Number(x.get(5041)))).toBe(true)
    }
  })

  it('resends an order the venue asks for again (43=Y), instead of gap-filling over it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trident-fix-resend-'))
    const sender = `RESEND${++n}`
    const a = await client({ dataDir, cancelOnDisconnect: false }, sender)
    const clOrdId = nextCl()
    const seq = a.c.newOrder({
      clOrdId,
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '25000.0',
      tif: 'GTC',
    })
    const first = await a.er((m) => m.get(11) === clOrdId && m.get(150) === '0')
    await a.c.stop()
    // The venue "lost" the order: it never happened there, and it expects our seq again.
    sim.engine.cancel('trader', { orderId: first.get(37)! })
    sim.fix!.deps.store.get(`FIX.4.4:${sender}->KRAKEN-TRD`).nextIn = seq
    const b = await client({ dataDir, cancelOnDisconnect: false }, sender) // a restart: new client, same data
    const again = await b.er((m) => m.get(11) === clOrdId && m.get(150) === '0')
    expect(again.get(37)).not.toBe(first.get(37)) // a new order at the venue: the resend reached it
    expect(sim.engine.orders.get(again.get(37)!)!.limitPrice).toBe(250000)
    expect(
      b.logs.some(
        (l) =>
          l.startsWith('tx ') &&
          l.includes('|35=D|') &&
          l.includes('|43=Y|') &&
          l.includes(`|11=${clOrdId}|`),
      ),
    ).toBe(true)
    expect(
      b.logs.some(
        (l) =>
          l.startsWith('tx ') && l.includes('|35=4|') && l.includes('|123=Y|') && l.includes(`|34=${seq}|`),
      ),
    ).toBe(false)
  })

  it('recovers a gap the venue opened while it was away: ResendRequest, resent ER and GapFill (43=Y, 122) accepted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trident-fix-gap-'))
    const sender = `GAP${++n}`
    const a = await client({ dataDir, cancelOnDisconnect: false }, sender)
    const clOrdId = nextCl()
    a.c.newOrder({
      clOrdId,
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '21000.0',
      tif: 'GTC',
    })
    const id = (await a.er((m) => m.get(11) === clOrdId && m.get(150) === '0')).get(37)!
    await a.c.stop()
    sim.engine.cancel('trader', { orderId: id }) // stored and sequenced for the offline session
    const b = await client({ dataDir, cancelOnDisconnect: false }, sender)
    const cancelled = await b.er((m) => m.get(37) === id && m.get(150) === '4')
    expect(cancelled.get(43)).toBe('Y')
    expect(cancelled.get(122)).toMatch(/^\d{8}-\d\d:\d\d:\d\d\.\d{3}$/)
    expect(b.logs.some((l) => l.startsWith('tx ') && l.includes('|35=2|'))).toBe(true)
    await until(
      () => b.logs.find((l) => l.startsWith('rx ') && l.includes('|35=4|') && l.includes('|123=Y|')),
      'GapFill over the admin messages',
    ).then((l) => expect(l).toMatch(/\|43=Y\|.*\|122=\d{8}-/))
    expect(b.c.state).toBe('online')
  })

  it('keeps sequence numbers across a restart of the client (no ResetSeqNumFlag)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trident-fix-seq-'))
    const sender = `SEQ${++n}`
    const a = await client({ dataDir }, sender)
    a.c.newOrder({
      clOrdId: nextCl(),
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '20000.0',
      tif: 'GTC',
    })
    await a.er(() => true)
    const out = a.c.seqNums!.nextOut
    await a.c.stop()
    const b = await client({ dataDir }, sender)
    expect(b.c.seqNums!.nextOut).toBeGreaterThan(out)
    expect(b.logs.some((l) => l.includes('|141=Y|'))).toBe(false)
  })

  it('cancel-on-disconnect: a dropped session loses its orders at the venue, then reconnects by itself', async () => {
    const a = await client({ cancelOnDisconnect: true })
    const clOrdId = nextCl()
    a.c.newOrder({
      clOrdId,
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '20000.0',
      tif: 'GTC',
    })
    const id = (await a.er((m) => m.get(11) === clOrdId && m.get(150) === '0')).get(37)!
    sim.faults.dropFixConnections()
    await until(() => sim.engine.orders.get(id)!.status === 'canceled', 'COD')
    expect(sim.engine.orders.get(id)!.reason).toBe('Cancel on disconnect')
    await until(() => a.c.reconnects >= 1 && a.c.state === 'online', 'reconnect')
  })

  it('refused logon (wrong secret) is reported, not a hang; keys never reach the log', async () => {
    const logs: string[] = []
    const states: string[] = []
    const bad = new KrakenFixClient({
      host: '127.0.0.1',
      port: ep.fix.port,
      senderCompId: `BAD${++n}`,
      credentials: { apiKey: cred.apiKey, apiSecret: Buffer.from('wrong secret').toString('base64') },
      dataDir: mkdtempSync(join(tmpdir(), 'trident-fix-bad-')),
      log: (l) => logs.push(l),
      onState: (s) => states.push(s),
      random: () => 0,
    })
    clients.push(bad)
    await bad.start()
    await until(() => logs.some((l) => l.includes('Invalid signature (554)')), 'logout reason')
    expect(bad.state).not.toBe('online')
    await bad.stop()
    const all = logs.join('\n')
    expect(all).not.toContain(cred.apiKey)
    expect(all).not.toContain(cred.apiSecret)
    expect(all).toMatch(/553=<redacted>/)
    expect(redactLogon('8=FIX.4.4|553=KEY|554=PWD|10=1|')).toBe(
      '8=FIX.4.4|553=<redacted>|554=<redacted>|10=1|',
    )
  })
})
