import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../../src-main/app/TridentCore'
import type { ServerFrame } from '../../../../src-preload/contract/wire'
import { until } from '../../../helpers/until'

/** Trading through the contract, as a renderer does, against the in-app built-in exchange. */
let core: TridentCore
const frames: ServerFrame[] = []
let session: ReturnType<TridentCore['attach']>
let id = 100

beforeAll(async () => {
  core = new TridentCore({ host: 'loopback', version: 'test', sim: { seed: 91, messagesPerSecond: 0 } })
  await core.start()
  session = core.attach({ send: (f) => frames.push(f), isCongested: () => false })
  session.receive({ k: 'sub', id: 1, topic: 'orders', params: {} })
  session.receive({ k: 'sub', id: 2, topic: 'positions', params: {} })
  session.receive({ k: 'sub', id: 3, topic: 'notices', params: {} })
  session.receive({ k: 'sub', id: 4, topic: 'book', params: { symbol: 'BTC/USD' } })
  // as a window without a blotter subscribes: working orders only
  session.receive({ k: 'sub', id: 5, topic: 'orders', params: { scope: 'working' } })
  await until(
    () => core.execution && core.fix?.state === 'online' && core.wsPrivate?.state === 'online',
    'trading links',
    20_000,
  )
  await until(() => core.wsPublic?.bookState('BTC/USD')?.status === 'live', 'book')
}, 30_000)
afterAll(() => core.stop())

async function cmd(name: string, payload: unknown): Promise<Extract<ServerFrame, { k: 'res' }>> {
  const my = ++id
  session.receive({ k: 'cmd', id: my, name, payload })
  return until(
    () => frames.find((f): f is Extract<ServerFrame, { k: 'res' }> => f.k === 'res' && f.id === my),
    `${name} answer`,
  )
}

const latest = <T>(sub: number): T | undefined => {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!
    if (f.k === 'topic' && f.id === sub) return f.data as T
  }
  return undefined
}

describe('TradingDesk via the contract', () => {
  it('validates payloads: money only as decimal text', async () => {
    const r = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: 0.01,
      limitPrice: '60000.0',
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'EBADREQ' } })
    expect(JSON.stringify(r)).toContain('qty')
  })

  it('places a limit order that shows as working, then cancels it', async () => {
    const bid = core.sim!.engine.book('BTC/USD').bestBid()!
    const r = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: ((bid - 10) / 10).toFixed(1),
    })
    expect(r).toMatchObject({ ok: true })
    const clOrdId = (r as { result: { clOrdId: string } }).result.clOrdId
    await until(
      () =>
        latest<{ working: { clOrdId: string; state: string }[] }>(1)?.working.some(
          (o) => o.clOrdId === clOrdId && o.state === 'open',
        ),
      'working',
    )
    expect(await cmd('orders.cancel', { clOrdId })).toMatchObject({ ok: true })
    await until(
      () =>
        latest<{ history: { clOrdId: string; state: string }[] }>(1)?.history.some(
          (o) => o.clOrdId === clOrdId && o.state === 'cancelled',
        ),
      'cancelled',
    )
  })

  it('refuses a risk breach in words, and tells the trader', async () => {
    const r = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '9',
      limitPrice: '60000.0',
    })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'EREFUSED', message: 'Quantity 9 is above your BTC/USD limit of 5' },
    })
    await until(
      () =>
        latest<{ notices: { text: string }[] }>(3)?.notices.some(
          (n) => n.text === 'Quantity 9 is above your BTC/USD limit of 5',
        ),
      'notice',
    )
  })

  it('asks for confirmation above the threshold; the confirmed order goes through and fills move the position', async () => {
    const r = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'market',
      qty: '1',
      tif: 'IOC',
    })
    expect(r).toMatchObject({
      ok: true,
      result: { confirm: expect.stringMatching(/^Buy 1 BTC worth \d+\.\d{2} USD\?$/) },
    })
    const done = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'market',
      qty: '1',
      tif: 'IOC',
      confirmed: true,
    })
    expect(done).toMatchObject({ ok: true, result: { clOrdId: expect.any(String) } })
    const pos = await until(
      () =>
        latest<{ positions: { symbol: string; net: string; avgPrice: string }[] }>(2)?.positions.find(
          (p) => p.symbol === 'BTC/USD' && p.net === '1.00000000',
        ),
      'position',
    )
    expect(pos.avgPrice).toMatch(/^\d+\.\d{3}$/)
    expect(latest<{ fills: unknown[] }>(1)!.fills.length).toBeGreaterThan(0)
    // the working-only subscription never carries fills or history, and its working orders are
    // the same as the full view's
    type V = { working: { clOrdId: string }[]; history: unknown[]; fills: unknown[] }
    await until(
      () =>
        JSON.stringify(latest<V>(5)?.working.map((o) => o.clOrdId)) ===
        JSON.stringify(latest<V>(1)?.working.map((o) => o.clOrdId)),
      'working views agree',
    )
    expect(latest<V>(5)).toMatchObject({ history: [], fills: [] })
    expect(latest<V>(1)!.history.length).toBeGreaterThan(0)
    // every fill also tells the trader in words
    const clOrdId = (done as { result: { clOrdId: string } }).result.clOrdId
    const said = await until(
      () =>
        latest<{ notices: { text: string }[] }>(3)?.notices.find((n) => n.text.includes(`order ${clOrdId},`)),
      'fill notice',
    )
    expect(said.text).toMatch(
      /^Filled: bought \d+\.\d{8} BTC\/USD at \d+\.\d \(order \d{18}, (ws|fix|rest)\)$/,
    )
  })

  it('reduce-only: only against the position, never more than it; orders that could grow it are cancelled', async () => {
    // long 1 BTC from the test above
    const refusal = async (payload: Record<string, unknown>) =>
      (
        (await cmd('orders.place', {
          symbol: 'BTC/USD',
          type: 'limit',
          reduceOnly: true,
          confirmed: true,
          ...payload,
        })) as { error?: { message: string } }
      ).error?.message
    const ask = core.sim!.engine.book('BTC/USD').bestAsk()!
    const far = `${Math.floor((ask + 5000) / 10)}.${(ask + 5000) % 10}` // rests well above the market
    expect(await refusal({ side: 'buy', qty: '0.1', limitPrice: far })).toBe(
      'Reduce-only: you are long 1.00000000 BTC/USD; only a sell reduces it',
    )
    const first = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'limit',
      qty: '0.6',
      limitPrice: far,
      reduceOnly: true,
      confirmed: true,
    })
    expect(first).toMatchObject({ ok: true, result: { state: expect.stringMatching(/pending-new|open/) } })
    expect(await refusal({ side: 'sell', qty: '0.5', limitPrice: far })).toBe(
      'Reduce-only: you are long 1.00000000 BTC/USD with 0.60000000 already working to reduce it; at most 0.40000000 more can reduce it',
    )
    const ro = (first as { result: { clOrdId: string } }).result.clOrdId
    // the flag is Trident's: Kraken's spot order carries none
    await until(() => core.tracker.get(ro)?.venueOrderId, 'acknowledged')
    expect(core.sim!.engine.orders.get(core.tracker.get(ro)!.venueOrderId!)!.reduceOnly).toBe(false)
    // the position shrinks to 0.3 by another order: the 0.6 reduce-only order could now open a short
    const sold = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'market',
      qty: '0.7',
      tif: 'IOC',
      confirmed: true,
    })
    expect(sold.ok).toBe(true)
    await until(() => core.tracker.get(ro)?.state === 'cancelled', 'reduce-only order cancelled')
    const said = await until(
      () =>
        latest<{ notices: { text: string }[] }>(3)?.notices.find((n) =>
          n.text.startsWith(`Reduce-only ${ro} cancelled`),
        ),
      'reduce-only notice',
    )
    // cancelled as soon as a fill took the position under 0.6 (the sell fills in several trades)
    expect(said.text).toMatch(
      new RegExp(
        `^Reduce-only ${ro} cancelled: the BTC/USD position is now 0\\.[0-5]\\d{7}, and it could grow it$`,
      ),
    )
    // the blotter marks it as reduce-only
    const row = await until(
      () =>
        latest<{ history: { clOrdId: string; reduceOnly?: boolean }[] }>(1)?.history.find(
          (o) => o.clOrdId === ro,
        ),
      'history row',
    )
    expect(row.reduceOnly).toBe(true)
  })

  it('risk limits set by the trader apply to the next order; bad limits are refused', async () => {
    const limits = {
      maxOrderQty: '0.02',
      maxNotional: '250000',
      priceBandPct: '5',
      maxOpenOrders: 50,
      maxPosition: '10',
      confirmAbove: '50000',
    }
    expect(await cmd('risk.setLimits', limits)).toMatchObject({
      ok: true,
      result: { defaults: { maxOrderQty: '0.02' } },
    })
    const r = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.05',
      limitPrice: '64000.0',
    })
    expect(r).toMatchObject({
      ok: false,
      error: { message: 'Quantity 0.05 is above your BTC/USD limit of 0.02' },
    })
    expect(await cmd('risk.setLimits', { ...limits, maxOrderQty: '-1' })).toMatchObject({
      ok: false,
      error: { code: 'EBADREQ' },
    })
    expect(await cmd('risk.setLimits', { ...limits, maxOrderQty: '5' })).toMatchObject({ ok: true })
  })

  it('price alerts fire once, in main, when the mid crosses them', async () => {
    const mid = core.sim!.engine.book('BTC/USD').bestBid()! / 10
    const r = await cmd('alerts.add', { symbol: 'BTC/USD', op: 'below', price: (mid + 100).toFixed(1) })
    expect(r).toMatchObject({ ok: true })
    const fired = await until(
      () => core.trading.alerts.view().alerts.find((a) => a.triggeredAt !== null),
      'alert fired',
    )
    expect(fired.op).toBe('below')
    await until(
      () =>
        latest<{ notices: { text: string }[] }>(3)?.notices.some((n) =>
          n.text.startsWith('Alert: BTC/USD mid'),
        ),
      'alert notice',
    )
    const far = await cmd('alerts.add', { symbol: 'BTC/USD', op: 'above', price: '999999.0' })
    const id = (far as { result: { alerts: { id: number; triggeredAt: number | null }[] } }).result.alerts.at(
      -1,
    )!
    expect(id.triggeredAt).toBeNull()
    expect(await cmd('alerts.remove', { id: id.id })).toMatchObject({ ok: true })
    expect(core.trading.alerts.view().alerts.some((a) => a.id === id.id)).toBe(false)
    expect(await cmd('alerts.add', { symbol: 'NOPE/USD', op: 'above', price: '1' })).toMatchObject({
      ok: false,
      error: { message: 'Unknown instrument NOPE/USD: no alert set' },
    })
    expect(await cmd('alerts.add', { symbol: 'BTC/USD', op: 'above', price: '1e5' })).toMatchObject({
      ok: false,
      error: { code: 'EBADREQ' },
    })
  })

  it('order-by-order book (level3): every resting order in queue order, mine marked, checksum-verified', async () => {
    session.receive({ k: 'sub', id: 9, topic: 'book.l3', params: { symbol: 'BTC/USD' } })
    type L3 = {
      status: string
      orderCount: number
      checksumFailures: number
      levels: { side: string; price: string; orders: { id: string; qty: string; mine: boolean }[] }[]
    }
    const first = await until(
      () => (latest<L3>(9)?.status === 'live' ? latest<L3>(9) : undefined),
      'level3 live',
      15_000,
    )
    expect(first.orderCount).toBeGreaterThan(0)
    expect(first.levels.find((l) => l.side === 'bid')!.orders[0]!.qty).toMatch(/^\d+\.\d{8}$/)
    // the sim's own book agrees on the best bid
    const bid = core.sim!.engine.book('BTC/USD').bestBid()!
    expect(first.levels.find((l) => l.side === 'bid')!.price).toBe((bid / 10).toFixed(1))
    // my order joins the back of the best bid's queue, marked as mine
    const r = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: (bid / 10).toFixed(1),
      protocol: 'ws',
    })
    expect(r).toMatchObject({ ok: true })
    const level = await until(() => {
      const l = latest<L3>(9)?.levels.find((x) => x.side === 'bid' && x.price === (bid / 10).toFixed(1))
      return l?.orders.at(-1)?.mine ? l : undefined
    }, 'my order in the level3 queue')
    expect(level.orders.at(-1)!.qty).toBe('0.01000000')
    expect(level.orders.slice(0, -1).every((o) => !o.mine)).toBe(true)
    expect(latest<L3>(9)!.checksumFailures).toBe(0)
    await cmd('orders.cancelAll', {})
    // unknown instruments are refused in words
    session.receive({ k: 'sub', id: 10, topic: 'book.l3', params: { symbol: 'NOPE/USD' } })
    const end = await until(() => frames.find((f) => f.k === 'end' && f.id === 10), 'refusal')
    expect(end).toMatchObject({ error: { message: 'Unknown instrument NOPE/USD' } })
    session.receive({ k: 'unsub', id: 9 })
  })

  it('balances follow the venue', async () => {
    const v = await until(
      () =>
        latest<{ balances: { asset: string; balance: string }[] }>(2)?.balances.find(
          (b) => b.asset === 'USD',
        ),
      'USD balance',
    )
    expect(v.balance).toMatch(/^\d+\.\d{4}$/)
  })

  it('dead-man switch: armed at Kraken, kept armed by main, fires if not re-armed', async () => {
    const asked = Date.now()
    const r = await cmd('risk.deadman', { timeoutSec: 2 })
    expect(r).toMatchObject({ ok: true, result: { deadman: { armed: true, timeoutSec: 2 } } })
    const at = (r as { result: { deadman: { triggerAt: number } } }).result.deadman.triggerAt
    // 2 s from when it was armed (however long the answer took to come back)
    expect(at).toBeGreaterThanOrEqual(asked + 2000 - 50)
    // main re-arms every timeout/4: Kraken's trigger keeps moving forward
    await until(() => (core.trading.controls.view().deadman.triggerAt ?? 0) > at, 're-armed')
    // disarm, then arm once at Kraken directly and let it fire: every order goes
    expect(await cmd('risk.deadman', { timeoutSec: 0 })).toMatchObject({
      ok: true,
      result: { deadman: { armed: false } },
    })
    const bid = core.sim!.engine.book('BTC/USD').bestBid()!
    await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: ((bid - 50) / 10).toFixed(1),
    })
    await until(() => (latest<{ working: unknown[] }>(1)?.working.length ?? 0) > 0, 'working')
    await core.execution!.cancelAllAfter(1)
    await until(() => latest<{ working: unknown[] }>(1)?.working.length === 0, 'dead-man fired')
    const last = latest<{ history: { reason?: string }[] }>(1)!.history[0]!
    expect(last.reason).toMatch(/dead man/)
  })

  it('kill switch: cancels everything, refuses new orders until re-armed', async () => {
    const bid = core.sim!.engine.book('BTC/USD').bestBid()!
    // a tick apart: the same order twice within 2 s would be asked about (duplicate guard)
    for (let i = 0; i < 2; i++)
      await cmd('orders.place', {
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'limit',
        qty: '0.01',
        limitPrice: ((bid + 200 + i) / 10).toFixed(1),
      })
    await until(() => (latest<{ working: unknown[] }>(1)?.working.length ?? 0) >= 2, 'two working')
    expect(await cmd('risk.killSwitch', { engaged: true })).toMatchObject({
      ok: true,
      result: { killed: true },
    })
    await until(() => latest<{ working: unknown[] }>(1)?.working.length === 0, 'everything cancelled')
    expect([...core.sim!.engine.openOrders('trader')]).toEqual([])
    const refused = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '60000.0',
    })
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'Trading is stopped by the kill switch. Re-arm it to trade again.' },
    })
    expect(await cmd('risk.killSwitch', { engaged: false })).toMatchObject({
      ok: true,
      result: { killed: false },
    })
  })

  it("a fill shows Kraken's fee with its asset; the filled order its average price", async () => {
    const r = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'market',
      qty: '0.001',
      tif: 'IOC',
      protocol: 'ws',
    })
    const clOrdId = (r as { result: { clOrdId: string } }).result.clOrdId
    type F = { clOrdId: string; price: string; fee?: string; feeAsset?: string }
    type O = { clOrdId: string; state: string; avgPrice?: string }
    const fill = await until(
      () => latest<{ fills: F[] }>(1)?.fills.find((f) => f.clOrdId === clOrdId),
      'the fill',
    )
    // the built-in exchange charges its taker fee in the quote asset, as Kraken does by default
    expect(fill.fee).toMatch(/^\d+\.\d+$/)
    expect(/[1-9]/.test(fill.fee!)).toBe(true)
    expect(fill.feeAsset).toBe('USD')
    const done = await until(
      () => latest<{ history: O[] }>(1)?.history.find((o) => o.clOrdId === clOrdId && o.state === 'filled'),
      'filled order',
    )
    // one fill: the average is that fill's price
    expect(done.avgPrice).toBe(fill.price)
  })
})
