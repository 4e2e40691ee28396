import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TradingDesk } from '../../../../src-main/features/trading/TradingDesk'
import { TridentCore } from '../../../../src-main/app/TridentCore'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import type { NoticesView } from '../../../../src-preload/contract/types'
import type { ServerFrame } from '../../../../src-preload/contract/wire'
import { until } from '../../../helpers/until'

const BTC = { id: 'BTC/USD', base: 'BTC', quote: 'USD', qtyPrecision: 8, pricePrecision: 1 } as Instrument

describe('notices: what the trader must see is never pushed out', () => {
  it('a refusal stays pinned through 600 fill notices; the log keeps the last 500; dismissing unpins it', async () => {
    const t = new TradingDesk({
      execution: () => null,
      instrument: (s) => (s === 'BTC/USD' ? BTC : null),
      tracker: new OrderTracker(),
      mid: () => '65000.0',
      publish: () => {},
    })
    await expect(
      t.commands.place({ symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '9', limitPrice: '65000.0' }),
    ).rejects.toThrow('Quantity 9 is above your BTC/USD limit of 5')
    for (let i = 0; i < 600; i++)
      t.notices.notice('info', `Filled: bought 0.001 BTC/USD at 65000.${i % 10}`, 'fill')
    const all = t.notices.view().notices
    expect(all).toHaveLength(500)
    const pinned = all.filter((n) => n.pinned)
    expect(pinned.map((n) => [n.kind, n.level, n.text])).toEqual([
      ['refusal', 'warn', 'Quantity 9 is above your BTC/USD limit of 5'],
    ])
    // the oldest fills went first: the refusal is the log's oldest line, then fill 102 onwards
    expect(all[0]!.text).toBe('Quantity 9 is above your BTC/USD limit of 5')
    expect(all.filter((n) => n.kind === 'fill')).toHaveLength(499)
    t.notices.dismiss([pinned[0]!.id])
    expect(t.notices.view().notices.filter((n) => n.pinned)).toEqual([])
    expect(t.notices.view().notices[0]!.text).toBe('Quantity 9 is above your BTC/USD limit of 5')
  })
})

/** Against the built-in exchange, its synthetic market still (0 messages/s). */
describe('venue cancels the trader did not ask for are said, with the reason', () => {
  let core: TridentCore
  const frames: ServerFrame[] = []
  let session: ReturnType<TridentCore['attach']>
  let id = 100
  beforeAll(async () => {
    core = new TridentCore({ host: 'loopback', version: 'test', sim: { seed: 3, messagesPerSecond: 0 } })
    await core.start()
    session = core.attach({ send: (f) => frames.push(f), isCongested: () => false })
    session.receive({ k: 'sub', id: 1, topic: 'notices', params: {} })
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
  const notices = () => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i]!
      if (f.k === 'topic' && f.id === 1) return (f.data as NoticesView).notices
    }
    return []
  }

  it('self-trade prevention: the buy that would meet my own offer is cancelled, and said', async () => {
    const book = core.sim!.engine.book('BTC/USD')
    const bid = book.bestBid()!
    expect(book.bestAsk()! - bid).toBeGreaterThanOrEqual(2) // room for an offer inside the spread
    const p = `${Math.floor((bid + 1) / 10)}.${(bid + 1) % 10}`
    const order = { symbol: 'BTC/USD', type: 'limit', qty: '0.01', limitPrice: p, protocol: 'ws' }
    expect(await cmd('orders.place', { ...order, side: 'sell' })).toMatchObject({ ok: true })
    await until(() => core.tracker.working().some((o) => o.side === 'sell' && o.state === 'open'), 'my offer')
    expect(await cmd('orders.place', { ...order, side: 'buy' })).toMatchObject({ ok: true })
    const said = await until(
      () => notices().find((n) => n.kind === 'venue-cancel'),
      'the self-trade cancel said',
    )
    expect(said).toMatchObject({
      level: 'error',
      pinned: true,
      text: `Buy 0.01 BTC/USD @ ${p} cancelled: self-trade prevention — it would have traded against your own order`,
    })
    // my own cancel of the offer is not a surprise: the blotter shows it, no notice
    const offer = core.tracker.working().find((o) => o.side === 'sell')!
    expect(await cmd('orders.cancel', { clOrdId: offer.clOrdId })).toMatchObject({ ok: true })
    await until(() => core.tracker.get(offer.clOrdId)?.state === 'cancelled', 'offer cancelled')
    expect(notices().filter((n) => n.kind === 'venue-cancel')).toHaveLength(1)
  })

  it('a post-only order that would cross is cancelled by the venue, and said', async () => {
    const ask = core.sim!.engine.book('BTC/USD').bestAsk()!
    const p = `${Math.floor(ask / 10)}.${ask % 10}`
    const r = await cmd('orders.place', {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: p,
      postOnly: true,
      protocol: 'ws',
    })
    expect(r.ok).toBe(true)
    const said = await until(
      () => notices().find((n) => n.text.startsWith(`Buy 0.01 BTC/USD @ ${p} `)),
      'the post-only cancel said',
    )
    expect(said).toMatchObject({
      level: 'error',
      kind: 'venue-cancel',
      pinned: true,
      text: `Buy 0.01 BTC/USD @ ${p} cancelled: post-only — at that price it would have taken liquidity (crossed the book)`,
    })
  })
})
