import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimExchange, SimEndpoints } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'
import { usd } from '../derivatives/helpers'
import { reply, startSim, token, wsSession, type Msg, type Session } from './uwsHelpers'

let sim: SimExchange
let ep: SimEndpoints
let s: Session
let tok: string
let id = 100

beforeAll(async () => {
  ;({ sim, ep } = await startSim({ derivatives: { fundingIntervalMs: 400 } }))
  tok = await token(sim, ep)
  s = await wsSession(ep.uwsPrivate)
  for (const channel of ['executions', 'positions', 'margin', 'ledgers', 'preferences']) {
    const params: Record<string, unknown> = { channel, token: tok }
    if (!['ledgers', 'preferences'].includes(channel)) params.asset_class = 'derivatives'
    s.send({ method: 'subscribe', params, req_id: ++id })
    expect(await s.next(reply(id))).toMatchObject({ success: true, result: { channel } })
  }
})
afterAll(async () => {
  s.close()
  await sim.stop()
})

async function call(method: string, params: Record<string, unknown>): Promise<Msg> {
  s.send({ method, params: { asset_class: 'derivatives', token: tok, ...params }, req_id: ++id })
  return s.next(reply(id))
}

/** set_preference with max_leverage as a JSON number token (or null) */
async function setLeverage(symbol: string, lev: string | null): Promise<Msg> {
  s.sendText(
    `{"method":"set_preference","params":{"asset_class":"derivatives","leverage_mode":{"symbol":"${symbol}","max_leverage":${lev ?? 'null'}},"token":"${tok}"},"req_id":${++id}}`,
  )
  return s.next(reply(id))
}

const lastOf = (pred: (m: Msg) => boolean): Msg | undefined => s.all(pred).at(-1)
const margin = (): Msg => lastOf((m) => m.channel === 'margin')!.data as Msg
const futures = (m: Msg): Msg[] => (m.data as Msg).futures as Msg[]

describe('derivatives over the Unified WebSocket (real sockets)', () => {
  it('snapshots: margin at the start collateral, preferences cross, positions empty', async () => {
    const m = await s.next((x) => x.channel === 'margin')
    expect(m).toMatchObject({ type: 'multi_collateral' })
    expect(m.data).toMatchObject({
      currency: 'USD',
      balance_value: '10000',
      portfolio_value: '10000',
      initial_margin: '0',
      maintenance_margin: '0',
      available_margin: '10000',
      margin_equity: '10000',
    })
    expect((await s.next((x) => x.channel === 'positions')).data).toEqual({ futures: [], options: [] })
    expect((await s.next((x) => x.channel === 'preferences')).data).toEqual({
      futures_permission: 'enabled',
      leverage_preferences: [
        { symbol: 'PF_XBTUSD', max_leverage: null },
        { symbol: 'PF_ETHUSD', max_leverage: null },
      ],
    })
  })

  it('set_preference 5x, then a leveraged long with add_order: executions new → trade → filled, position, margin', async () => {
    expect(await setLeverage('PF_XBTUSD', '5')).toMatchObject({
      success: true,
      result: { leverage_mode: { symbol: 'PF_XBTUSD', max_leverage: '5' } },
    })
    const pref = await s.next((x) => x.channel === 'preferences' && x.type === 'update')
    expect((pref.data as Msg).leverage_preferences).toContainEqual({ symbol: 'PF_XBTUSD', max_leverage: '5' })
    // 20x is past the 5x preference's reach: notional 0.5 BTC × ~65,000 / 5 = 6,500 fits 10,000; 1 BTC does not
    const big = await call('add_order', {
      order_type: 'market',
      side: 'buy',
      symbol: 'PF_XBTUSD',
      order_qty: '1',
    })
    expect(big.success).toBe(false)
    expect(big.error).toMatch(/^EOrder:Insufficient margin \(with 5x leverage set for PF_XBTUSD/)
    const r = await call('add_order', {
      order_type: 'market',
      side: 'buy',
      symbol: 'PF_XBTUSD',
      order_qty: '0.5',
      cl_ord_id: '9f1b1a43-4c53-4a5e-9a34-1b0b3b1d2c01',
    })
    expect(r).toMatchObject({ success: true, result: { cl_ord_id: '9f1b1a43-4c53-4a5e-9a34-1b0b3b1d2c01' } })
    const orderId = (r.result as Msg).order_id as string
    expect(orderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const filled = await s.next(
      (m) => m.channel === 'executions' && (m.data as Msg[]).some((d) => d.exec_type === 'filled'),
    )
    const execs = s
      .all((m) => m.channel === 'executions' && m.type === 'update')
      .flatMap((m) => m.data as Msg[])
      .filter((d) => d.order_id === orderId)
    expect(execs.map((d) => d.exec_type)).not.toContain('pending_new')
    expect(execs[0]).toMatchObject({
      exec_type: 'new',
      order_status: 'new',
      asset_class: 'derivatives',
      reduce_only: false,
    })
    expect(execs.at(-1)).toMatchObject({ exec_type: 'filled', order_status: 'filled', cum_qty: '0.5000' })
    const trades = execs.filter((d) => d.exec_type === 'trade')
    expect(trades.length).toBeGreaterThan(0)
    expect(trades[0]).toMatchObject({ liquidity_ind: 't', fees: [{ asset: 'USD' }] })
    expect(filled).toBeDefined()
    const pos = await until(
      () =>
        s
          .all((m) => m.channel === 'positions' && m.type === 'update')
          .find((m) => futures(m)[0]?.size === '0.5000'),
      'a position of 0.5',
    )
    expect(futures(pos)[0]).toMatchObject({ symbol: 'PF_XBTUSD', size: '0.5000' })
    // the exchange's mark now (seeded books, still market): IM at 5x = 0.5 × 65,020 / 5 = 6,502;
    // MM = 1 % of the notional 32,510 = 325.1
    expect(sim.derivatives.marks().get('PF_XBTUSD')).toBe(65020n)
    await until(() => margin().initial_margin === '6502', 'margin with the 5x initial margin')
    expect(margin().maintenance_margin).toBe('325.1')
  })

  it('a new executions subscription with snap_trades carries the fills: what a client back from a cut learns', async () => {
    const fills = s
      .all((m) => m.channel === 'executions' && m.type === 'update')
      .flatMap((m) => m.data as Msg[])
      .filter((e) => e.exec_type === 'trade')
    expect(fills.length).toBeGreaterThan(0)
    const again = await wsSession(ep.uwsPrivate)
    try {
      again.send({
        method: 'subscribe',
        params: { channel: 'executions', asset_class: 'derivatives', snap_trades: true, token: tok },
        req_id: 1,
      })
      const snap = await again.next((m) => m.channel === 'executions' && m.type === 'snapshot')
      const trades = (snap.data as Msg[]).filter((e) => e.exec_type === 'trade')
      // every fill so far (fewer than 50), with the trade ids the updates carried, in order
      expect(trades.map((e) => e.trade_id)).toEqual(fills.map((e) => e.trade_id))
      expect(trades.map((e) => e.last_qty)).toEqual(fills.map((e) => e.last_qty))
    } finally {
      again.close()
    }
  })

  it('funding settles each interval: a ledger entry and a lower balance in margin', async () => {
    // index 60,000; the book mid is ~65,000, so the premium is clamped to 0.5 %: mark 60,300.
    // Rate = premium / index / 8 = 0.0625 % (under the 0.1 % cap): the long pays 0.5 × 60,300 × 0.000625 = 18.84375 a period
    sim.derivatives.setIndexOverride('PF_XBTUSD', 60000n)
    expect(sim.derivatives.marks().get('PF_XBTUSD')).toBe(60300n)
    const seen = s.all((m) => m.channel === 'ledgers').length
    const entry = await until(() => {
      const all = s.all((m) => m.channel === 'ledgers').slice(seen)
      const funding = all.flatMap((m) => m.data as Msg[]).filter((d) => d.type === 'funding')
      // the first period after the change is partly at the old prices; the second is whole
      return funding.length >= 2 ? funding[1] : undefined
    }, 'two funding settlements')
    expect(entry).toMatchObject({
      type: 'funding',
      asset: 'USD',
      asset_class: 'derivatives',
      symbol: 'PF_XBTUSD',
      amount: '-18.84375',
      fee: '0',
    })
    // margin (at most one clock update a second) shows a balance with that settlement in it: the
    // long keeps paying, so at or below the entry's balance
    await until(
      () => usd(margin().balance_value as string) <= usd(entry.balance as string),
      'margin showing the settled balance',
    )
  })

  it('index down: margin falls, then the position is liquidated (size 0, balance ≥ 0)', async () => {
    const before = Number(margin().margin_equity)
    sim.derivatives.setIndexOverride('PF_XBTUSD', 55000n)
    await until(() => Number(margin().margin_equity) < before - 2000, 'margin equity falling with the mark')
    sim.derivatives.setIndexOverride('PF_XBTUSD', 40000n)
    const liq = await until(
      () =>
        s
          .all((m) => m.channel === 'executions')
          .flatMap((m) => m.data as Msg[])
          .find((d) => d.liquidated === true && d.exec_type === 'trade'),
      'a liquidation fill',
    )
    expect(liq).toMatchObject({ side: 'sell', order_type: 'limit', time_in_force: 'IOC', reduce_only: true })
    await until(
      () =>
        s
          .all((m) => m.channel === 'positions' && m.type === 'update')
          .some((m) => futures(m)[0]?.size === '0.0000'),
      'the position reported closed with size 0',
    )
    expect(sim.derivatives.account('trader').sizeOf('PF_XBTUSD')).toBe(0n)
    expect(sim.derivatives.account('trader').balance >= 0n).toBe(true)
    await until(() => margin().initial_margin === '0', 'margin without a position')
    expect(Number(margin().balance_value)).toBeGreaterThanOrEqual(0)
    sim.derivatives.setIndexOverride('PF_XBTUSD', null)
  })

  it('reduce-only: a sell larger than the long closes it and never flips it; with no position it is refused', async () => {
    expect(await setLeverage('PF_XBTUSD', null)).toMatchObject({
      success: true,
    })
    expect(
      await call('add_order', { order_type: 'market', side: 'buy', symbol: 'PF_XBTUSD', order_qty: '0.1' }),
    ).toMatchObject({ success: true })
    expect(sim.derivatives.account('trader').sizeOf('PF_XBTUSD')).toBe(1000n)
    const r = await call('add_order', {
      order_type: 'market',
      side: 'sell',
      symbol: 'PF_XBTUSD',
      order_qty: '0.3',
      reduce_only: true,
    })
    expect(r.success).toBe(true)
    const oid = (r.result as Msg).order_id
    const done = await until(
      () =>
        s
          .all((m) => m.channel === 'executions')
          .flatMap((m) => m.data as Msg[])
          .find((d) => d.order_id === oid && d.exec_type === 'filled'),
      'the reduce-only order filled',
    )
    expect(done).toMatchObject({ order_qty: '0.1000', cum_qty: '0.1000', reduce_only: true })
    expect(sim.derivatives.account('trader').sizeOf('PF_XBTUSD')).toBe(0n)
    const again = await call('add_order', {
      order_type: 'market',
      side: 'sell',
      symbol: 'PF_XBTUSD',
      order_qty: '0.1',
      reduce_only: true,
    })
    expect(again).toMatchObject({
      success: false,
      error: 'EOrder:Reduce only:No position exists (reduce-only: no open PF_XBTUSD position to reduce)',
    })
  })
})
