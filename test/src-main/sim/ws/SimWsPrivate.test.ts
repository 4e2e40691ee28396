import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BookEngine } from '../../../../src-main/core/book/BookEngine'
import { SimExchange, type SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { privateCall, wsSession, type Msg } from '../../../helpers/krakenTestClient'
import { until } from '../../../helpers/until'

let sim: SimExchange
let ep: SimEndpoints
let cred: { apiKey: string; apiSecret: string }

beforeAll(async () => {
  sim = new SimExchange({ seed: 11, messagesPerSecond: 0 })
  ep = await sim.start()
  cred = sim.credentials[0]!
})
afterAll(() => sim.stop())

async function token(): Promise<string> {
  const r = await privateCall(ep.rest, cred, 'GetWebSocketsToken')
  expect(r.error).toEqual([])
  expect(r.result!.expires).toBe(900)
  return r.result!.token as string
}

const exec = (type: string, orderId?: string) => (m: Msg) =>
  m.channel === 'executions' &&
  m.type === 'update' &&
  (m.data as Msg[]).some((d) => d.exec_type === type && (orderId === undefined || d.order_id === orderId))

describe('SimWsServer private (Kraken WS v2)', () => {
  it('refuses private requests without a valid token, and on the public endpoint', async () => {
    const s = await wsSession(ep.wsPrivate)
    s.send({ method: 'subscribe', params: { channel: 'executions', token: 'forged' }, req_id: 1 })
    expect(await s.next((m) => m.req_id === '1')).toMatchObject({
      success: false,
      error: 'EAPI:Invalid token',
    })
    s.send({
      method: 'add_order',
      params: {
        order_type: 'limit',
        side: 'buy',
        order_qty: '0.01',
        symbol: 'BTC/USD',
        limit_price: '30000.0',
      },
      req_id: 2,
    })
    expect(await s.next((m) => m.req_id === '2')).toMatchObject({
      success: false,
      error: 'EAPI:Invalid token',
    })
    s.close()
    const pub = await wsSession(ep.wsPublic)
    pub.send({ method: 'subscribe', params: { channel: 'executions', token: await token() }, req_id: 3 })
    expect(await pub.next((m) => m.req_id === '3')).toMatchObject({
      success: false,
      error: 'EAPI:Invalid token',
    })
    pub.close()
  })

  it('streams the order lifecycle on executions: add, amend, cancel', async () => {
    const t = await token()
    const s = await wsSession(ep.wsPrivate)
    s.send({ method: 'subscribe', params: { channel: 'executions', token: t, snap_orders: true }, req_id: 1 })
    expect(await s.next((m) => m.req_id === '1')).toMatchObject({
      success: true,
      result: { channel: 'executions', maxratecount: '125' },
    })
    await s.next((m) => m.channel === 'executions' && m.type === 'snapshot')
    s.send({
      method: 'add_order',
      params: {
        order_type: 'limit',
        side: 'buy',
        order_qty: 0.01,
        symbol: 'BTC/USD',
        limit_price: 30000.0,
        cl_ord_id: 'ws-1',
        token: t,
      },
      req_id: 2,
    })
    const ack = await s.next((m) => m.req_id === '2')
    expect(ack).toMatchObject({ method: 'add_order', success: true, result: { cl_ord_id: 'ws-1' } })
    const orderId = (ack.result as Msg).order_id as string
    await s.next(exec('pending_new', orderId))
    const neu = await s.next(exec('new', orderId))
    expect((neu.data as Msg[])[0]).toMatchObject({
      order_status: 'new',
      limit_price: '30000.0',
      order_qty: '0.01000000',
      symbol: 'BTC/USD',
    })
    s.send({
      method: 'amend_order',
      params: { order_id: orderId, limit_price: '30000.5', token: t },
      req_id: 3,
    })
    expect(await s.next((m) => m.req_id === '3')).toMatchObject({ success: true })
    expect(((await s.next(exec('amended', orderId))).data as Msg[])[0]).toMatchObject({
      limit_price: '30000.5',
      amended: true,
    })
    s.send({ method: 'cancel_order', params: { order_id: [orderId], token: t }, req_id: 4 })
    expect(await s.next((m) => m.req_id === '4')).toMatchObject({
      success: true,
      result: { order_id: orderId },
    })
    expect(((await s.next(exec('canceled', orderId))).data as Msg[])[0]).toMatchObject({
      order_status: 'canceled',
      cancel_reason: 'User requested',
    })
    s.send({ method: 'cancel_order', params: { order_id: [orderId], token: t }, req_id: 5 })
    expect(await s.next((m) => m.req_id === '5')).toMatchObject({
      success: false,
      error: 'EOrder:Invalid order',
    })
    s.close()
  })

  it('reports fills with trade and filled events, and moves balances', async () => {
    const t = await token()
    const s = await wsSession(ep.wsPrivate)
    s.send({ method: 'subscribe', params: { channel: 'executions', token: t }, req_id: 1 })
    s.send({ method: 'subscribe', params: { channel: 'balances', token: t }, req_id: 2 })
    const snap = await s.next((m) => m.channel === 'balances' && m.type === 'snapshot')
    expect((snap.data as Msg[]).find((b) => b.asset === 'USD')).toBeTruthy()
    s.send({
      method: 'add_order',
      params: { order_type: 'market', side: 'buy', order_qty: '0.02', symbol: 'BTC/USD', token: t },
      req_id: 3,
    })
    const orderId = ((await s.next((m) => m.req_id === '3')).result as Msg).order_id as string
    const trade = ((await s.next(exec('trade', orderId))).data as Msg[])[0]!
    expect(trade).toMatchObject({ liquidity_ind: 't', symbol: 'BTC/USD' })
    expect(String(trade.last_price)).toMatch(/^\d+\.\d$/)
    const filled = ((await s.next(exec('filled', orderId))).data as Msg[])[0]!
    expect(filled).toMatchObject({ order_status: 'filled', cum_qty: '0.02000000' })
    const upd = await s.next((m) => m.channel === 'balances' && m.type === 'update')
    expect((upd.data as Msg[]).map((d) => d.asset).sort()).toEqual(['BTC', 'USD'])
    s.close()
  })

  it('an order placed over WS is cancelled over REST, and one placed over REST over WS', async () => {
    const t = await token()
    const s = await wsSession(ep.wsPrivate)
    s.send({
      method: 'add_order',
      params: {
        order_type: 'limit',
        side: 'buy',
        order_qty: '0.01',
        symbol: 'ETH/USD',
        limit_price: '1000.00',
        token: t,
      },
      req_id: 1,
    })
    const wsOrder = ((await s.next((m) => m.req_id === '1')).result as Msg).order_id as string
    expect((await privateCall(ep.rest, cred, 'CancelOrder', { txid: wsOrder })).result).toMatchObject({
      count: 1,
    })
    const rest = await privateCall(ep.rest, cred, 'AddOrder', {
      pair: 'ETHUSD',
      type: 'sell',
      ordertype: 'limit',
      price: '9000.00',
      volume: '0.01',
    })
    const restOrder = (rest.result!.txid as string[])[0]!
    s.send({ method: 'cancel_order', params: { order_id: [restOrder], token: t }, req_id: 2 })
    expect(await s.next((m) => m.req_id === '2')).toMatchObject({
      success: true,
      result: { order_id: restOrder },
    })
    expect(sim.engine.orders.get(restOrder)!.status).toBe('canceled')
    s.close()
  })

  it('edit_order replaces the order under a new id', async () => {
    const t = await token()
    const s = await wsSession(ep.wsPrivate)
    s.send({
      method: 'add_order',
      params: {
        order_type: 'limit',
        side: 'sell',
        order_qty: '1.5',
        symbol: 'SOL/USD',
        limit_price: '900.00',
        token: t,
      },
      req_id: 1,
    })
    const id = ((await s.next((m) => m.req_id === '1')).result as Msg).order_id as string
    s.send({
      method: 'edit_order',
      params: { order_id: id, symbol: 'SOL/USD', limit_price: '901.00', token: t },
      req_id: 2,
    })
    const r = (await s.next((m) => m.req_id === '2')).result as Msg
    expect(r.original_order_id).toBe(id)
    expect(r.order_id).not.toBe(id)
    expect(sim.engine.orders.get(id)!.status).toBe('canceled')
    expect(sim.engine.orders.get(r.order_id as string)!.limitPrice).toBe(90100)
    sim.engine.cancel('trader', { orderId: r.order_id as string }) // leave the account as we found it
    s.close()
  })

  it('batch_add, batch_cancel, cancel_all and cancel_all_orders_after', async () => {
    const t = await token()
    const s = await wsSession(ep.wsPrivate)
    const order = (px: string) => ({ order_type: 'limit', side: 'buy', order_qty: '0.01', limit_price: px })
    s.send({
      method: 'batch_add',
      params: { symbol: 'BTC/USD', orders: [order('20000.0'), order('20000.1'), order('20000.2')], token: t },
      req_id: 1,
    })
    const added = (await s.next((m) => m.req_id === '1')).result as Msg[]
    expect(added).toHaveLength(3)
    s.send({
      method: 'batch_cancel',
      params: { orders: [added[0]!.order_id, added[1]!.order_id], token: t },
      req_id: 2,
    })
    expect(await s.next((m) => m.req_id === '2')).toMatchObject({ success: true, result: { count: '2' } })
    s.send({ method: 'cancel_all_orders_after', params: { timeout: 30, token: t }, req_id: 3 })
    const dms = (await s.next((m) => m.req_id === '3')).result as Msg
    expect(Date.parse(String(dms.triggerTime)) - Date.parse(String(dms.currentTime))).toBe(30_000)
    s.send({ method: 'cancel_all', params: { token: t }, req_id: 4 })
    expect(await s.next((m) => m.req_id === '4')).toMatchObject({ result: { count: '1' } })
    s.send({
      method: 'batch_add',
      params: { symbol: 'BTC/USD', orders: [order('20000.0')], token: t },
      req_id: 5,
    })
    expect(await s.next((m) => m.req_id === '5')).toMatchObject({
      success: false,
      error: 'EGeneral:Invalid arguments:orders',
    })
    s.close()
  })

  it('public trade, ticker and ohlc channels follow the trades; book checksums verify through a session', async () => {
    const pub = await wsSession(ep.wsPublic)
    pub.send({ method: 'subscribe', params: { channel: 'trade', symbol: ['SOL/USD'] }, req_id: 2 })
    pub.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['SOL/USD'] }, req_id: 3 })
    pub.send({
      method: 'subscribe',
      params: { channel: 'ohlc', symbol: ['SOL/USD'], interval: 5 },
      req_id: 4,
    })
    pub.send({ method: 'subscribe', params: { channel: 'book', symbol: ['SOL/USD'], depth: 10 }, req_id: 5 })
    await pub.next((m) => m.channel === 'ticker' && m.type === 'snapshot')
    await pub.next((m) => m.channel === 'book' && m.type === 'snapshot')
    for (let i = 0; i < 3000; i++) sim.step('SOL/USD')
    const trade = await pub.next((m) => m.channel === 'trade' && m.type === 'update')
    expect((trade.data as Msg[])[0]).toMatchObject({ symbol: 'SOL/USD' })
    await pub.next((m) => m.channel === 'ohlc' && m.type === 'update')
    await pub.next((m) => m.channel === 'ticker' && m.type === 'update')
    // the exchange answers in order: once a ping's pong is here, every frame sent before it is too
    pub.send({ method: 'ping', req_id: 900 })
    await pub.next((m) => m.method === 'pong' && m.req_id === '900')
    // every book message's checksum, recomputed by the app's own engine from the exact text
    const book = new BookEngine('SOL/USD', { pricePrecision: 2, qtyPrecision: 8 }, 10)
    const msgs = pub.all((m) => m.channel === 'book')
    expect(msgs.length).toBeGreaterThan(100)
    for (const m of msgs) {
      const d = (m.data as Msg[])[0]!
      const lv = (x: unknown) =>
        (x as { price: string; qty: string }[]).map((l) => ({ price: l.price, qty: l.qty }))
      if (m.type === 'snapshot') book.applySnapshot(lv(d.bids), lv(d.asks))
      else book.applyUpdate(lv(d.bids), lv(d.asks))
      expect(book.verify(Number(d.checksum))).toBe(true)
    }
    pub.close()
  })

  it('delays and reorders messages when told to (WS is not sticky)', async () => {
    const s = await wsSession(ep.wsPublic)
    await s.next((m) => m.channel === 'status')
    sim.faults.delayMessages(50, true)
    for (let i = 0; i < 30; i++) s.send({ method: 'ping', req_id: i + 1 })
    // every pong waited for (each is held up to 50 ms; a loaded machine adds its own pauses)
    await until(() => s.all((m) => m.method === 'pong').length === 30, 'all 30 pongs')
    sim.faults.delayMessages(0)
    const received = s.all((m) => m.method === 'pong').map((m) => Number(m.req_id))
    const sorted = [...received].sort((a, b) => a - b)
    expect(sorted).toEqual(Array.from({ length: 30 }, (_, i) => i + 1)) // nothing lost
    expect(received).not.toEqual(sorted) // but not in order
    s.close()
  })
})

describe('SimWsServer level3', () => {
  it('needs a token, then streams an order-by-order book whose checksums verify with queue priority', async () => {
    const { L3BookEngine } = await import('../../../../src-main/core/book/L3BookEngine')
    const s = await wsSession(ep.wsL3)
    s.send({ method: 'subscribe', params: { channel: 'level3', symbol: ['BTC/USD'] }, req_id: 1 })
    expect(await s.next((m) => m.req_id === '1')).toMatchObject({
      success: false,
      error: 'EAPI:Invalid token',
    })
    s.send({
      method: 'subscribe',
      params: { channel: 'level3', symbol: ['BTC/USD'], depth: 10, token: await token() },
      req_id: 2,
    })
    expect(await s.next((m) => m.req_id === '2')).toMatchObject({
      success: true,
      result: { channel: 'level3', depth: '10' },
    })
    await s.next((m) => m.channel === 'level3' && m.type === 'snapshot')
    for (let i = 0; i < 2000; i++) sim.step('BTC/USD')
    // and some of our own orders joining, amending (queue moves) and leaving
    const t = await token()
    const w = await wsSession(ep.wsPrivate)
    const best = sim.engine.book('BTC/USD').bestBid()!
    w.send({
      method: 'add_order',
      params: {
        order_type: 'limit',
        side: 'buy',
        order_qty: '0.01',
        symbol: 'BTC/USD',
        limit_price: (best / 10).toFixed(1),
        token: t,
      },
      req_id: 9,
    })
    const id = ((await w.next((m) => m.req_id === '9')).result as Msg).order_id as string
    w.send({ method: 'amend_order', params: { order_id: id, order_qty: '0.02', token: t }, req_id: 10 })
    await w.next((m) => m.req_id === '10')
    w.send({ method: 'cancel_order', params: { order_id: [id], token: t }, req_id: 11 })
    await w.next((m) => m.req_id === '11')
    // the level3 frames of that cancel may still be on their way: a pong on the same socket comes after them
    s.send({ method: 'ping', req_id: 901 })
    await s.next((m) => m.method === 'pong' && m.req_id === '901')
    const book = new L3BookEngine('BTC/USD', { pricePrecision: 1, qtyPrecision: 8 }, 10)
    const msgs = s.all((m) => m.channel === 'level3')
    expect(msgs.length).toBeGreaterThan(100)
    type O = { order_id: string; limit_price: string; order_qty: string; event?: 'add' | 'modify' | 'delete' }
    for (const m of msgs) {
      const d = (m.data as Msg[])[0]!
      if (m.type === 'snapshot') book.applySnapshot(d.bids as O[], d.asks as O[])
      else book.applyUpdate(d.bids as O[], d.asks as O[])
      expect(book.verify(Number(d.checksum))).toBe(true)
    }
    expect(
      msgs.some((m) =>
        ((m.data as Msg[])[0]!.bids as O[]).some((o) => o.order_id === id && o.event === 'add'),
      ),
    ).toBe(true)
    s.close()
    w.close()
  })
})

describe('executions snapshot of a part-filled open order (Kraken: an order entry, cum_qty, no trade fields)', () => {
  it('lists it with exec_type new, order_status partially_filled and what filled', async () => {
    const t = await token()
    const s = await wsSession(ep.wsPrivate)
    s.send({ method: 'subscribe', params: { channel: 'executions', token: t }, req_id: 1 })
    await s.next((m) => m.channel === 'executions' && m.type === 'snapshot')
    // a buy at the best ask for 0.01 BTC more than that level holds: it takes the level and rests
    const book = sim.engine.book('BTC/USD')
    const ask = book.bestAsk()!
    const level = book.side('sell').level(ask)!
    const held = level.orders.reduce((n, o) => n + o.qty - o.filled, 0n)
    const want = held + 1_000_000n // + 0.01 BTC in 10^-8 units
    const text = (u: bigint) => `${u / 100_000_000n}.${(u % 100_000_000n).toString().padStart(8, '0')}`
    s.send({
      method: 'add_order',
      params: {
        order_type: 'limit',
        side: 'buy',
        order_qty: text(want),
        symbol: 'BTC/USD',
        limit_price: `${Math.floor(ask / 10)}.${ask % 10}`,
        cl_ord_id: 'part-1',
        token: t,
      },
      req_id: 2,
    })
    const orderId = ((await s.next((m) => m.req_id === '2')).result as Msg).order_id as string
    await s.next(exec('trade', orderId))
    s.close()
    const o = sim.engine.orders.get(orderId)!
    expect(o.status).toBe('open')
    expect(text(o.filled)).toBe(text(held))

    const again = await wsSession(ep.wsPrivate)
    again.send({
      method: 'subscribe',
      params: { channel: 'executions', token: t, snap_orders: true },
      req_id: 1,
    })
    const snap = await again.next((m) => m.channel === 'executions' && m.type === 'snapshot')
    const entry = (snap.data as Msg[]).find((d) => d.order_id === orderId)!
    expect(entry).toMatchObject({
      exec_type: 'new',
      order_status: 'partially_filled',
      cl_ord_id: 'part-1',
      order_qty: text(want),
      cum_qty: text(held),
    })
    expect(entry.avg_price).toBe(`${Math.floor(ask / 10)}.${ask % 10}`)
    expect(
      Object.keys(entry).filter((k) => ['trade_id', 'last_qty', 'last_price', 'exec_id'].includes(k)),
    ).toEqual([])
    again.close()

    // snap_trades: its trade as Kraken sends one (the kraken-async-rs capture's members, and the
    // client order id): none of the order's terms or totals, so no client reads it as an order
    const trades = await wsSession(ep.wsPrivate)
    trades.send({
      method: 'subscribe',
      params: { channel: 'executions', token: t, snap_orders: true, snap_trades: true },
      req_id: 1,
    })
    const withTrades = await trades.next((m) => m.channel === 'executions' && m.type === 'snapshot')
    const trade = (withTrades.data as Msg[]).find((d) => d.order_id === orderId && d.exec_type === 'trade')!
    expect(Object.keys(trade).sort()).toEqual(
      [
        'cl_ord_id',
        'cost',
        'exec_id',
        'exec_type',
        'fee_usd_equiv',
        'fees',
        'last_price',
        'last_qty',
        'liquidity_ind',
        'order_id',
        'order_status',
        'order_type',
        'order_userref',
        'side',
        'symbol',
        'timestamp',
        'trade_id',
      ].sort(),
    )
    trades.close()
  })
})
