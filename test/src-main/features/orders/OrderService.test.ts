import { describe, expect, it } from 'vitest'
import { OrderRouter } from '../../../../src-main/core/orders/OrderRouter'
import { OrderTracker, type TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { RateGovernor } from '../../../../src-main/core/risk/RateGovernor'
import type { OrderGateway } from '../../../../src-main/core/orders/OrderGateway'
import { OrderService } from '../../../../src-main/features/orders/OrderService'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

/** A gateway that records what it was asked, in the shared call log, and answers as told. */
function gateway(protocol: 'rest' | 'ws' | 'fix', log: string[], up = true): OrderGateway {
  return {
    protocol,
    up: () => up,
    session: () => (protocol === 'fix' && up ? 'FIX-1' : null),
    place: (p) => {
      log.push(`${protocol}.place ${p.clOrdId} ${p.inst.id} ${p.req.qty}`)
      return Promise.resolve(protocol === 'fix' ? {} : { orderId: `O-${protocol}` })
    },
    amend: (o, _i, c, id) => {
      log.push(`${protocol}.amend ${o.clOrdId} ${id} ${JSON.stringify(c)}`)
      return Promise.resolve()
    },
    cancel: (o, _i, id) => {
      log.push(`${protocol}.cancel ${o.clOrdId} ${id}`)
      return Promise.resolve()
    },
    cancelAll: () => Promise.resolve(`${protocol}: all cancelled`),
  }
}

function service(
  links: { ws?: boolean; fix?: boolean } = {},
  tier: 'starter' | 'intermediate' = 'intermediate',
  views: (o: TrackedOrder) => void = () => {},
) {
  const log: string[] = []
  const notices: string[] = []
  const tracker = new OrderTracker()
  let t = 1_700_000_000_000
  const gateways = {
    rest: gateway('rest', log),
    ws: gateway('ws', log, links.ws ?? true),
    fix: gateway('fix', log, links.fix ?? false),
  }
  const s = new OrderService({
    registry: () => conformanceRegistry,
    tracker,
    router: new OrderRouter(),
    governor: new RateGovernor(tier, () => t),
    gateways,
    journal: {
      order: (o) => log.push(`journal.order ${o.clOrdId} ${o.state}`),
      event: (_r, e, changed) => log.push(`journal.event ${e.kind} ${changed}`),
    },
    onOrder: (o: TrackedOrder) => {
      log.push(`onOrder ${o.state}`)
      views(o)
    },
    onNew: (o: TrackedOrder) => log.push(`onNew ${o.state}`),
    onNotice: (n) => notices.push(n),
    now: () => t,
  })
  return { s, log, notices, tracker, gateways, tick: (ms: number) => (t += ms) }
}

const buy: PlaceRequest = {
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '0.01',
  limitPrice: '30010.0',
  tif: 'GTC',
}

describe('OrderService: one place for an order', () => {
  it('journals the order and lets its claimant take it before the gateway sends it; the views hear after the send; then applies the venue id it answered', async () => {
    const { s, log, tracker } = service()
    const o = await s.place(buy)
    expect(o.clOrdId).toBe('170000000000000000')
    expect(log).toEqual([
      'journal.order 170000000000000000 pending-new',
      'onNew pending-new',
      'ws.place 170000000000000000 BTC/USD 0.01',
      // issue 20: the views' work is not the order's wait
      'onOrder pending-new',
      'journal.event accepted true',
      // every change is on disk before anyone is told, not only the first
      'journal.order 170000000000000000 open',
      'onOrder open',
    ])
    expect(tracker.get(o.clOrdId)).toMatchObject({ state: 'open', venueOrderId: 'O-ws', protocol: 'ws' })
  })

  it("a view that fails once the bytes have left loses nothing: the venue's answer is applied, the failure said", async () => {
    const { s, tracker, notices } = service({}, 'intermediate', (o) => {
      if (o.state === 'pending-new') throw new Error('the blotter broke')
    })
    const o = await s.place(buy)
    expect(tracker.get(o.clOrdId)).toMatchObject({ state: 'open', venueOrderId: 'O-ws' })
    expect(notices).toEqual([
      '170000000000000000 was sent, but the views could not show it: the blotter broke',
    ])
  })

  it('client order ids are 18 digits and increase within one millisecond', () => {
    const { s } = service()
    expect([s.newClOrdId(), s.newClOrdId(), s.newClOrdId()]).toEqual([
      '170000000000000000',
      '170000000000000001',
      '170000000000000002',
    ])
  })

  it('runs its checks in order, each refusing in words, and nothing is journaled or sent', async () => {
    // unknown instrument comes first, even for an order that is malformed as well
    const { s, log } = service({ ws: false })
    await expect(s.place({ ...buy, symbol: 'NOPE/USD', qty: '-1' })).rejects.toThrow(
      'Unknown instrument NOPE/USD',
    )
    // then the instrument's rules, before the router is asked
    await expect(s.place({ ...buy, protocol: 'ws', qty: '0.00001' })).rejects.toThrow(
      'Quantity 0.00001 is below the BTC/USD minimum of 0.0001',
    )
    // then the route (WS forced, not up)
    await expect(s.place({ ...buy, protocol: 'ws' })).rejects.toThrow('WebSocket is not connected')
    expect(log).toEqual([])
  })

  it('the rate budget is the last check: a route refused spends nothing from it', async () => {
    const { s, log } = service({ ws: false }, 'starter')
    // starter tier: Kraken's trading counter holds 60 and an add costs 1, so 100 spent would trip it
    for (let i = 0; i < 100; i++)
      await expect(s.place({ ...buy, protocol: 'ws' })).rejects.toThrow('not connected')
    await s.place(buy)
    expect(log.filter((l) => l.includes('.place'))).toEqual(['rest.place 170000000000000000 BTC/USD 0.01'])
  })

  it('refuses with the governor words when the pair counter would trip Kraken', async () => {
    const { s } = service({}, 'starter')
    let refused: Error | null = null
    for (let i = 0; i < 200 && !refused; i++)
      await s.place(buy).catch((e: Error) => {
        refused = e
      })
    expect(refused).not.toBeNull()
    expect(refused!.name).toBe('OrderRefused')
    expect(refused!.message).toMatch(/BTC\/USD/)
  })

  it("a normal order or amend stops 10 points short of Kraken's counter limit; a cancel and the bracket desk's protective legs and shrinks go on", async () => {
    const { s, tick } = service({}, 'starter') // 60, one point of margin: normal requests up to 49
    const first = await s.place(buy)
    tick(15_000) // the counter is back at 0; amending the first now costs 1 point, cancelling it 4
    const young = []
    for (let i = 0; i < 49; i++) young.push(await s.place(buy))
    const kept =
      "Kraken's trading counter to 50.0 of 60, into the last 10 kept for cancels and protective orders; wait 1.0 s"
    await expect(s.place(buy)).rejects.toThrow(`add on BTC/USD would take ${kept}`)
    await expect(s.amend(first.clOrdId, { limitPrice: '30000.0' })).rejects.toThrow(
      `amend on BTC/USD would take ${kept}`,
    )
    await expect(s.amend(first.clOrdId, { qty: '0.02' })).rejects.toThrow(
      `amend on BTC/USD would take ${kept}`,
    )
    // a trader's own shrink is a normal amend (the order's size may be one the venue has not
    // confirmed yet); the desk says which of its amends are protective
    await expect(s.amend(first.clOrdId, { qty: '0.005' })).rejects.toThrow(
      `amend on BTC/USD would take ${kept}`,
    )
    await s.amendProtective(first.clOrdId, { qty: '0.005' }) // 50
    await s.place({ ...buy, protective: true }) // 51
    await s.cancel(first.clOrdId) // 55
    // Kraken's own limit holds for every request: a young order's cancel (8) waits
    await expect(s.cancel(young[0]!.clOrdId)).rejects.toThrow(
      "cancel on BTC/USD would take Kraken's trading counter to 63.0 of 60; wait 4.0 s",
    )
  })

  it('a place the venue refused is rejected with its words (prefix removed); an unknown outcome is said, not rejected', async () => {
    const { s, tracker, notices, gateways: gws } = service()
    gws.ws.place = () => Promise.reject(new Error('add_order: EOrder:Insufficient funds'))
    const a = await s.place(buy)
    expect(tracker.get(a.clOrdId)).toMatchObject({ state: 'rejected', reason: 'EOrder:Insufficient funds' })
    gws.ws.place = () => Promise.reject(new Error('no answer within 5000 ms: outcome unknown'))
    const b = await s.place(buy)
    expect(tracker.get(b.clOrdId)!.state).toBe('pending-new')
    expect(notices).toEqual([`${b.clOrdId}: no answer within 5000 ms: outcome unknown`])
  })
})

describe('OrderService: what the gateways report', () => {
  it('a FIX report names the amend request: applied to the order it amends', async () => {
    const { s, log, tracker, tick } = service({ ws: false, fix: true })
    const o = await s.place(buy) // over FIX: the venue id comes in a report
    expect(o.fixSession).toBe('FIX-1')
    s.onReport({
      kind: 'report',
      ref: { clOrdId: o.clOrdId, orderId: 'OFIX-1', protocol: 'fix', at: 1 },
      events: [{ kind: 'accepted', orderId: 'OFIX-1' }],
      request: true,
    })
    tick(1)
    await s.amend(o.clOrdId, { limitPrice: '30000.0' })
    const amendLine = log.find((l) => l.startsWith('fix.amend'))!
    const requestId = amendLine.split(' ')[2]!
    // the second id minted (the order's was the first), a millisecond later
    expect(requestId).toBe('170000000000100001')
    s.onReport({
      kind: 'report',
      ref: { clOrdId: requestId, orderId: 'OFIX-1', protocol: 'fix', at: 2 },
      events: [{ kind: 'amended', limitPrice: '30000.0' }],
      origClOrdId: o.clOrdId,
      request: true,
    })
    expect(tracker.get(o.clOrdId)).toMatchObject({ limitPrice: '30000.0', venueOrderId: 'OFIX-1' })
  })

  it('a refused place rejects the order; a refused amend or cancel is said in words for its order', async () => {
    const { s, tracker, notices } = service({ ws: false, fix: true })
    const o = await s.place(buy)
    await s.cancel(o.clOrdId)
    s.onReport({
      kind: 'refused',
      protocol: 'fix',
      action: 'cancel',
      requestId: '170000000000000001',
      text: 'Unknown order',
    })
    s.onReport({
      kind: 'refused',
      protocol: 'fix',
      action: 'place',
      requestId: o.clOrdId,
      text: 'EOrder:Insufficient funds',
    })
    expect(notices).toEqual([`FIX refused a cancel for ${o.clOrdId}: Unknown order`])
    expect(tracker.get(o.clOrdId)).toMatchObject({ state: 'rejected', reason: 'EOrder:Insufficient funds' })
  })

  it('a snapshot adopts an order it does not know (never applies it); its snapshot trades are inside cum_qty', () => {
    const { s, tracker } = service()
    const ref = { orderId: 'OSNAP-1', protocol: 'ws' as const, at: 5 }
    s.onReport({
      kind: 'report',
      ref,
      snapshot: true,
      events: [{ kind: 'open' }],
      adoptable: {
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'limit',
        qty: '0.5',
        filledQty: '0.2',
        limitPrice: '31000.0',
        tif: 'GTC',
        postOnly: false,
        state: 'partially-filled',
      },
    })
    const fill = { kind: 'fill' as const, tradeId: 'BTC/USD:7', qty: '0.2', price: '31000.0' }
    s.onReport({ kind: 'report', ref, snapshot: true, events: [fill] })
    const o = tracker.get('venue:OSNAP-1')!
    expect(o).toMatchObject({ state: 'partially-filled', filledQty: '0.20000000', venueOrderId: 'OSNAP-1' })
    expect(o.fills.map((f) => [f.tradeId, f.beforeAdoption])).toEqual([['BTC/USD:7', true]])
  })

  it('cancelEverything asks every protocol that is up and says what each answered', async () => {
    const { s } = service({ fix: true })
    expect(await s.cancelEverything()).toEqual([
      'ws: all cancelled',
      'fix: all cancelled',
      'rest: all cancelled',
    ])
  })
})

describe('OrderService: memory over a trading day', () => {
  it("keeps FIX request ids only for the orders the tracker keeps; a late report for a forgotten order's request changes nothing", async () => {
    const log: string[] = []
    const tracker = new OrderTracker(2) // keeps the 2 newest finished orders
    let t = 1_700_000_000_000
    const s = new OrderService({
      registry: () => conformanceRegistry,
      tracker,
      router: new OrderRouter(),
      governor: new RateGovernor('intermediate', () => t),
      gateways: { rest: gateway('rest', log), ws: gateway('ws', log, false), fix: gateway('fix', log) },
      now: () => t,
    })
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      t += 1000
      const o = await s.place({ ...buy, limitPrice: `3001${i}.0` })
      await s.cancel(o.clOrdId) // a FIX cancel mints a request id
      const requestId = log.at(-1)!.split(' ')[2]!
      ids.push(requestId)
      s.onReport({
        kind: 'report',
        ref: { clOrdId: requestId, orderId: `OFIX-${i}`, protocol: 'fix', at: t },
        events: [{ kind: 'cancelled' }],
        origClOrdId: o.clOrdId,
        request: true,
      })
    }
    expect(tracker.all().map((o) => o.state)).toEqual(['cancelled', 'cancelled'])
    expect(s.requestIdsKept).toBe(2)
    // the first order's cancel answered again, late: its order is gone and nothing is made of it
    s.onReport({
      kind: 'report',
      ref: { clOrdId: ids[0]!, orderId: 'OFIX-0', protocol: 'fix', at: t },
      events: [{ kind: 'cancelled' }],
      request: true,
    })
    expect(tracker.all()).toHaveLength(2)
  })
})
