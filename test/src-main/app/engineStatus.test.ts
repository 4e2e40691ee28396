import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../src-main/app/TridentCore'
import type { NoticesView, OrdersView, PlaceResult } from '../../../src-preload/contract/types'
import { btcPrice, linksOnline, openWindow, startCore, type Window } from './wires/wireClient'

/**
 * Kraken's engine state over real sockets: the built-in exchange says it on the WS status channel
 * (and enforces it); the trader hears it as a pinned notice, new orders are refused in words
 * before they are sent, and cancels still go.
 */
const SYMBOL = 'BTC/USD'
let core: TridentCore
let w: Window
let notices: number
let working: number

beforeAll(async () => {
  core = await startCore(23)
  w = openWindow(core)
  await linksOnline(w)
  notices = w.sub('notices', {})
  working = w.sub('orders', { scope: 'working' })
}, 30_000)
afterAll(() => core.stop())

const bid = () => core.sim!.engine.book(SYMBOL).bestBid()!
/** a buy resting `below` tenths under the bid (a different price each time: the same order again would ask to confirm) */
const restingBuy = (below: number) => ({
  symbol: SYMBOL,
  side: 'buy',
  type: 'limit',
  qty: '0.01',
  limitPrice: btcPrice(bid() - below),
  protocol: 'ws',
})
const venueOpen = () => [...core.sim!.engine.openOrders('trader')].length
const said = (text: string) => (v: NoticesView) => v.notices.some((n) => n.text === text)

describe("Kraken's engine state", () => {
  it('cancel-only: pinned in words, a new order refused before it is sent, a cancel still goes; online again: orders go', async () => {
    const placed = await w.ok<PlaceResult>('orders.place', restingBuy(50))
    if (!('clOrdId' in placed)) throw new Error(`asked to confirm: ${placed.confirm}`)
    await w.next<OrdersView>(
      working,
      0,
      (v) => v.working.some((o) => o.state === 'open'),
      'the order working',
    )
    expect(venueOpen()).toBe(1)

    core.sim!.faults.systemStatus('cancel_only')
    const n = await w.next<NoticesView>(
      notices,
      0,
      said(
        'Kraken is in cancel-only mode: new orders are refused; working orders can be cancelled; nothing matches',
      ),
      'the cancel-only notice',
    )
    expect(n.notices.find((x) => x.text.startsWith('Kraken is in cancel-only'))!.level).toBe('warn')

    const refused = await w.cmd('orders.place', restingBuy(60))
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'EREFUSED',
        message: "Kraken's trading engine is in cancel-only mode: new orders are not accepted",
      },
    })
    expect(venueOpen()).toBe(1)

    expect(await w.ok('orders.cancel', { clOrdId: placed.clOrdId })).toEqual({ ok: true })
    await w.next<OrdersView>(working, 0, (v) => v.working.length === 0, 'nothing working')
    expect(venueOpen()).toBe(0)

    core.sim!.faults.systemStatus('online')
    await w.next<NoticesView>(
      notices,
      0,
      said('Kraken is online again: orders are accepted'),
      'the online notice',
    )
    await w.ok<PlaceResult>('orders.place', restingBuy(70))
    expect(venueOpen()).toBe(1)
  })
})
