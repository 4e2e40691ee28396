import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../src-main/app/TridentCore'
import type { PositionsView, AlertsView, NoticesView } from '../../../src-preload/contract/types'
import type { ServerFrame } from '../../../src-preload/contract/wire'
import { until } from '../../helpers/until'

/**
 * Alerts and position marks follow the live book in main with NO window looking at the book:
 * the session here subscribes to positions, alerts and notices only. The built-in exchange runs
 * without its synthetic market (0 messages/s), so the book moves only when this test trades.
 */
let core: TridentCore
const frames: ServerFrame[] = []
let session: ReturnType<TridentCore['attach']>
let id = 100
const SYMBOL = 'BTC/USD'

beforeAll(async () => {
  core = new TridentCore({ host: 'loopback', version: 'test', sim: { seed: 5, messagesPerSecond: 0 } })
  await core.start()
  session = core.attach({ send: (f) => frames.push(f), isCongested: () => false })
  session.receive({ k: 'sub', id: 1, topic: 'positions', params: {} })
  session.receive({ k: 'sub', id: 2, topic: 'alerts', params: {} })
  session.receive({ k: 'sub', id: 3, topic: 'notices', params: {} })
  await until(
    () => core.execution && core.fix?.state === 'online' && core.wsPrivate?.state === 'online',
    'trading links',
    20_000,
  )
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

const latest = <T>(sub: number, from: ServerFrame[] = frames): T | undefined => {
  for (let i = from.length - 1; i >= 0; i--) {
    const f = from[i]!
    if (f.k === 'topic' && f.id === sub) return f.data as T
  }
  return undefined
}

/** BTC/USD prices are whole tenths in the exchange's engine: 650005 is "65000.5". */
const text = (units: number): string => `${Math.floor(units / 10)}.${units % 10}`
const book = () => core.sim!.engine.book(SYMBOL)

/** Another account (the exchange's own taker) bids `qty` at `price` units: trades through the offers, the rest rests. */
function bidFromElsewhere(price: number, qty: bigint): void {
  core.sim!.engine.place({
    account: 'synthetic-taker',
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    limitPrice: price,
    qty,
    tif: 'GTC',
    source: { protocol: 'rest' },
  })
}

describe('the live market in main, no window on the book', () => {
  it('an alert placed away from the market fires when the market crosses it', async () => {
    const ask = book().bestAsk()!
    const at = text(ask + 10) // a whole unit above the offer: the mid is nowhere near it yet
    const r = await cmd('alerts.add', { symbol: SYMBOL, op: 'above', price: at })
    expect(r).toMatchObject({ ok: true })
    const mine = core.trading.alerts.view().alerts.find((a) => a.price === at)!
    expect(mine.triggeredAt).toBeNull()
    // the book is still where it was: nothing fires while the market stays away
    await until(() => core.wsPublic?.bookState(SYMBOL)?.status === 'live', 'main watches the book')
    expect(core.trading.alerts.view().alerts.find((a) => a.price === at)!.triggeredAt).toBeNull()

    // 5 BTC bid 2.0 above the offer: every offer up to there trades, the rest becomes the bid
    bidFromElsewhere(ask + 20, 500_000_000n)
    expect(book().bestBid()).toBe(ask + 20)
    const fired = await until(
      () => latest<AlertsView>(2)?.alerts.find((a) => a.price === at && a.triggeredAt !== null),
      'the alert fired',
      5_000,
    )
    expect(fired.triggerMid).toMatch(/^\d+\.\d\d$/)
    const said = await until(
      () => latest<NoticesView>(3)?.notices.find((n) => n.text.startsWith(`Alert: ${SYMBOL} mid`)),
      'the alert notice',
    )
    expect(said.text).toBe(`Alert: ${SYMBOL} mid ${fired.triggerMid} is at or above ${at}`)
  })

  it('a position is marked where it would close (bid for a long) and follows the book; a fresh window sees the mark at once', async () => {
    const done = await cmd('orders.place', {
      symbol: SYMBOL,
      side: 'buy',
      type: 'market',
      qty: '0.01',
      tif: 'IOC',
    })
    expect(done).toMatchObject({ ok: true, result: { clOrdId: expect.any(String) } })
    const long = await until(
      () =>
        latest<PositionsView>(1)?.positions.find(
          (p) => p.symbol === SYMBOL && p.net === '0.01000000' && p.mark !== '',
        ),
      'long 0.01, marked from the book',
    )
    const bid = book().bestBid()!
    expect(long.mark).toBe(text(bid))
    expect(long.markSource).toBe('bid')

    // the market moves up with no fill of ours: the mark and unrealised PnL follow
    const ask = book().bestAsk()!
    bidFromElsewhere(ask + 30, 500_000_000n)
    const moved = text(ask + 30)
    const now = await until(
      () => latest<PositionsView>(1)?.positions.find((p) => p.symbol === SYMBOL && p.mark === moved),
      'the mark follows the bid',
      5_000,
    )
    // 0.01 x mark - what the fills cost, worked out here from the fills themselves: qty at 8
    // decimals x price at 1, so the difference is at 9 decimals; shown truncated at 3
    const clOrdId = (done as { result: { clOrdId: string } }).result.clOrdId
    const fills = core.trading.views.view().fills.filter((f) => f.clOrdId === clOrdId)
    const units = (t: string) => BigInt(t.replace('.', ''))
    const cost = fills.reduce((sum, f) => sum + units(f.qty) * units(f.price), 0n)
    const diff = 1_000_000n * BigInt(ask + 30) - cost
    expect(diff > 0n).toBe(true)
    const milli = diff / 1_000_000n
    const expected = `${milli / 1000n}.${String(milli % 1000n).padStart(3, '0')}`
    expect(now.unrealisedPnl).toBe(expected)

    // a window that (re)opens gets the mark in its first message, without a fill or a book of its own
    const fresh: ServerFrame[] = []
    const other = core.attach({ send: (f) => fresh.push(f), isCongested: () => false })
    other.receive({ k: 'sub', id: 1, topic: 'positions', params: {} })
    const first = await until(() => latest<PositionsView>(1, fresh), 'the first positions message')
    expect(first.positions.find((p) => p.symbol === SYMBOL)?.mark).toBe(moved)
    other.close()
  })
})
