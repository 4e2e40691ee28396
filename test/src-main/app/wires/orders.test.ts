import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { OrdersView, PlaceResult, PositionsView } from '../../../../src-preload/contract/types'
import {
  btcPrice,
  linksOnline,
  missingFrom,
  openWindow,
  placeElsewhere,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/**
 * The order path through the contract: each command's answer, and its effect on the orders topic
 * in both of its scopes ("all" for the blotter, "working" for the ladder) and on positions.
 */
export const covers: Covers = {
  commands: ['orders.place', 'orders.amend', 'orders.cancel', 'orders.cancelAll'],
  topics: ['orders', 'positions'],
}

const SYMBOL = 'BTC/USD'
const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let all: number
let working: number
let positions: number

beforeAll(async () => {
  core = await startCore(18)
  w = openWindow(core, exercised)
  await linksOnline(w)
  all = w.sub('orders', { scope: 'all' })
  working = w.sub('orders', { scope: 'working' })
  positions = w.sub('positions', {})
}, 30_000)
afterAll(() => core.stop())

const book = () => core.sim!.engine.book(SYMBOL)
const seen = (sub: number) => w.messages(sub).length

/**
 * A buy resting well under the bid (`below` tenths: inside the 5% band, far from filling); each
 * at its own price, or main would ask whether the same order was meant twice.
 */
async function restingBuy(qty: string, below: number): Promise<{ clOrdId: string; price: string }> {
  const price = btcPrice(book().bestBid()! - below)
  const r = await w.ok<PlaceResult>('orders.place', {
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    qty,
    limitPrice: price,
  })
  if (!('clOrdId' in r)) throw new Error(`asked to confirm: ${r.confirm}`)
  return { clOrdId: r.clOrdId, price }
}

describe('orders wires', () => {
  it('orders (both scopes) and positions: a first message each, nothing yet', async () => {
    const empty = { working: [], history: [], fills: [] }
    expect(await w.next<OrdersView>(all, 0, () => true, 'the first orders (all) message')).toEqual(empty)
    expect(await w.next<OrdersView>(working, 0, () => true, 'the first orders (working) message')).toEqual(
      empty,
    )
    const p = await w.next<PositionsView>(positions, 0, () => true, 'the first positions message')
    expect(p.positions).toEqual([])
  })

  it('orders.place answers with the order, and both scopes of the orders topic show it working', async () => {
    const [a, k] = [seen(all), seen(working)]
    const { clOrdId, price } = await restingBuy('0.01', 200)
    const isOpen = (v: OrdersView) => v.working.some((o) => o.clOrdId === clOrdId && o.state === 'open')
    const inAll = await w.next<OrdersView>(all, a, isOpen, 'the order working (all)')
    expect(inAll.working[0]).toMatchObject({
      clOrdId,
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      limitPrice: price,
      state: 'open',
      filledQty: '0.00000000',
    })
    const inWorking = await w.next<OrdersView>(working, k, isOpen, 'the order working (working)')
    expect(inWorking.working.map((o) => o.clOrdId)).toEqual([clOrdId])
    expect(inWorking.history).toEqual([])
  })

  it('orders.amend answers ok, and both scopes show the new price', async () => {
    const clOrdId = w.messages<OrdersView>(all).at(-1)!.working[0]!.clOrdId
    const [a, k] = [seen(all), seen(working)]
    const price = btcPrice(book().bestBid()! - 300)
    expect(await w.ok('orders.amend', { clOrdId, limitPrice: price })).toEqual({ ok: true })
    const moved = (v: OrdersView) => v.working.some((o) => o.clOrdId === clOrdId && o.limitPrice === price)
    await w.next<OrdersView>(all, a, moved, 'the amended price (all)')
    await w.next<OrdersView>(working, k, moved, 'the amended price (working)')
  })

  it('orders.cancel answers ok: the order leaves working and, in "all", goes to history', async () => {
    const clOrdId = w.messages<OrdersView>(all).at(-1)!.working[0]!.clOrdId
    const [a, k] = [seen(all), seen(working)]
    expect(await w.ok('orders.cancel', { clOrdId })).toEqual({ ok: true })
    const done = await w.next<OrdersView>(
      all,
      a,
      (v) => v.history.some((o) => o.clOrdId === clOrdId && o.state === 'cancelled'),
      'the cancelled order in history (all)',
    )
    expect(done.working).toEqual([])
    const gone = await w.next<OrdersView>(working, k, (v) => v.working.length === 0, 'no working order left')
    expect(gone).toEqual({ working: [], history: [], fills: [] })
  })

  it('orders.cancelAll answers with the count cancelled, and nothing is left working', async () => {
    const one = await restingBuy('0.01', 400)
    const two = await restingBuy('0.02', 500)
    const both = (v: OrdersView) => v.working.length === 2
    await w.next<OrdersView>(working, 0, both, 'two orders working')
    const [a, k] = [seen(all), seen(working)]
    expect(await w.ok('orders.cancelAll', { symbol: SYMBOL })).toEqual({ count: 2 })
    const done = await w.next<OrdersView>(
      all,
      a,
      (v) => v.working.length === 0 && v.history.filter((o) => o.state === 'cancelled').length === 3,
      'both cancelled (all)',
    )
    expect(done.history.map((o) => o.clOrdId)).toEqual(expect.arrayContaining([one.clOrdId, two.clOrdId]))
    await w.next<OrdersView>(working, k, (v) => v.working.length === 0, 'none working (working)')
  })

  it('a fill shows in "all" (not in "working") and moves the position on the positions topic', async () => {
    const [a, p] = [seen(all), seen(positions)]
    const r = await w.ok<PlaceResult>('orders.place', {
      symbol: SYMBOL,
      side: 'buy',
      type: 'market',
      qty: '0.01',
      tif: 'IOC',
    })
    const clOrdId = (r as { clOrdId: string }).clOrdId
    const filled = await w.next<OrdersView>(
      all,
      a,
      (v) => v.history.some((o) => o.clOrdId === clOrdId && o.state === 'filled'),
      'the market order filled (all)',
    )
    expect(filled.fills.filter((f) => f.clOrdId === clOrdId).length).toBeGreaterThan(0)
    expect(w.messages<OrdersView>(working).every((v) => v.fills.length === 0 && v.history.length === 0)).toBe(
      true,
    )
    const long = await w.next<PositionsView>(
      positions,
      p,
      (v) => v.positions.some((x) => x.symbol === SYMBOL && x.net === '0.01000000'),
      'long 0.01 on the positions topic',
    )
    expect(long.positions.find((x) => x.symbol === SYMBOL)?.avgPrice).toMatch(/^\d+\.\d+$/)
    // main now follows the book for the position: the mark arrives where a long closes, the bid
    const marked = await w.next<PositionsView>(
      positions,
      p,
      (v) => v.positions.some((x) => x.symbol === SYMBOL && x.mark !== ''),
      'the position marked from the book',
    )
    expect(marked.positions.find((x) => x.symbol === SYMBOL)).toMatchObject({
      net: '0.01000000',
      mark: btcPrice(book().bestBid()!),
      markSource: 'bid',
    })
  })

  it('positions: the mark follows the book with no window showing it', async () => {
    expect(w.subscribed).not.toContain('book')
    const p = seen(positions)
    // another account bids 3.0 above the offer: the bid (where a long closes) moves up there
    const ask = book().bestAsk()!
    placeElsewhere(core, { symbol: SYMBOL, side: 'buy', price: ask + 30, qty: 500_000_000n })
    const moved = await w.next<PositionsView>(
      positions,
      p,
      (v) => v.positions.some((x) => x.symbol === SYMBOL && x.mark === btcPrice(ask + 30)),
      'the mark at the new bid',
      5_000,
    )
    expect(moved.positions.find((x) => x.symbol === SYMBOL)?.markSource).toBe('bid')

    // again: the first move could also be seen by the one check main makes when it starts
    // following the book; this one only through its book-change wire
    const p2 = seen(positions)
    const ask2 = book().bestAsk()!
    placeElsewhere(core, { symbol: SYMBOL, side: 'buy', price: ask2 + 30, qty: 500_000_000n })
    await w.next<PositionsView>(
      positions,
      p2,
      (v) => v.positions.some((x) => x.symbol === SYMBOL && x.mark === btcPrice(ask2 + 30)),
      'the mark at the next bid',
      5_000,
    )
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
