import { describe, expect, it } from 'vitest'
import type { OrderGateway } from '../../../../src-main/core/orders/OrderGateway'
import { OrderRouter } from '../../../../src-main/core/orders/OrderRouter'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { RateGovernor } from '../../../../src-main/core/risk/RateGovernor'
import { OrderService, type DerivativesGateways } from '../../../../src-main/features/orders/OrderService'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'
import { PF_XBTUSD as PERP } from '../../../helpers/contracts'

const registry = conformanceRegistry.withContracts([PERP])

function gateway(name: string, protocol: 'rest' | 'ws' | 'fix', log: string[], up = true): OrderGateway {
  return {
    protocol,
    up: () => up,
    place: (p) => {
      log.push(`${name}.place ${p.inst.id} ${p.req.qty} reduceOnly=${p.req.reduceOnly ?? false}`)
      return Promise.resolve({ orderId: `${name}-1` })
    },
    amend: (o) => {
      log.push(`${name}.amend ${o.symbol}`)
      return Promise.resolve()
    },
    cancel: (o) => {
      log.push(`${name}.cancel ${o.symbol}`)
      return Promise.resolve()
    },
    cancelAll: () => Promise.resolve(`${name}: 2 cancelled`),
    cancelAllAfter: (s) => {
      log.push(`${name}.cancelAllAfter ${s}`)
      return Promise.resolve(1_700_000_060_000)
    },
  }
}

function service(derivatives: DerivativesGateways | null) {
  const log: string[] = []
  const s = new OrderService({
    registry: () => registry,
    tracker: new OrderTracker(),
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', () => 1_700_000_000_000),
    gateways: { rest: gateway('spot-rest', 'rest', log), ws: gateway('spot-ws', 'ws', log) },
    derivatives: () => derivatives,
    now: () => 1_700_000_000_000,
  })
  return { s, log }
}

const long: PlaceRequest = {
  symbol: 'PF_XBTUSD',
  side: 'buy',
  type: 'limit',
  qty: '0.5',
  limitPrice: '60000',
  tif: 'GTC',
}

describe('OrderService: derivatives contracts go to their own endpoint', () => {
  it('a perpetual goes to the derivatives WS gateway, a spot pair to the spot one', async () => {
    const log: string[] = []
    const { s } = service({ ws: gateway('uws', 'ws', log) })
    // a perpetual, one order each
    const perp = await s.place({ ...long, reduceOnly: true })
    expect(log).toEqual(['uws.place PF_XBTUSD 0.5 reduceOnly=true'])
    expect(perp).toMatchObject({ state: 'open', venueOrderId: 'uws-1', reduceOnly: true, protocol: 'ws' })
    // derivatives order ids are UUIDs (Kraken's derivatives ids are)
    expect(perp.clOrdId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/)
    await s.cancel(perp.clOrdId)
    expect(log.at(-1)).toBe('uws.cancel PF_XBTUSD')
    const spot = service({ ws: gateway('uws', 'ws', log) })
    await spot.s.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '30010.0',
      tif: 'GTC',
    })
    expect(spot.log).toEqual(['spot-ws.place BTC/USD 0.01 reduceOnly=false'])
    expect(log).toHaveLength(2)
  })

  it('with no derivatives endpoint up a perpetual is refused in words, never sent over the spot links', async () => {
    const { s, log } = service(null)
    await expect(s.place(long)).rejects.toThrow('No connection to the venue is up')
    const down = service({ ws: gateway('uws', 'ws', [], false) })
    await expect(down.s.place(long)).rejects.toThrow('No connection to the venue is up')
    expect(log).toEqual([])
  })

  it('the kill switch and the dead-man switch reach the derivatives endpoint too', async () => {
    const log: string[] = []
    const { s } = service({ ws: gateway('uws', 'ws', log) })
    expect(await s.cancelEverything()).toEqual([
      'spot-ws: 2 cancelled',
      'spot-rest: 2 cancelled',
      'Derivatives uws: 2 cancelled',
    ])
    await s.cancelAllAfter(60)
    expect(log).toEqual(['uws.cancelAllAfter 60'])
  })

  it('contract rules: whole steps, no iceberg, no per-order leverage, trigger signal only on trigger orders', async () => {
    const { s } = service({ ws: gateway('uws', 'ws', []) })
    await expect(s.place({ ...long, qty: '0.00005' })).rejects.toThrow(
      'Quantity 0.00005 is not valid for PF_XBTUSD: at most 4 decimals',
    )
    await expect(s.place({ ...long, type: 'iceberg', displayQty: '0.1' })).rejects.toThrow(
      'Kraken does not take iceberg orders on PF_XBTUSD',
    )
    await expect(s.place({ ...long, leverage: '5' })).rejects.toThrow(
      "PF_XBTUSD takes its leverage from the market's preference",
    )
    await expect(s.place({ ...long, triggerSignal: 'index' })).rejects.toThrow(
      'A trigger signal applies to trigger orders only',
    )
    await expect(
      s.place({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'stop-loss',
        qty: '0.01',
        triggerPrice: '30000.0',
        tif: 'GTC',
        triggerSignal: 'index',
      }),
    ).rejects.toThrow('A trigger signal applies to derivatives orders; BTC/USD is spot')
  })
})

describe('OrderService: spot margin goes over REST, the one wire that carries the leverage level', () => {
  it('a 3× order goes to REST even when WebSocket is up; forcing WebSocket is refused in words', async () => {
    const { s, log } = service(null)
    const margin: PlaceRequest = {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '30010.0',
      tif: 'GTC',
    }
    const o = await s.place({ ...margin, leverage: '3' })
    expect(log).toEqual(['spot-rest.place BTC/USD 0.01 reduceOnly=false'])
    expect(o).toMatchObject({ protocol: 'rest', leverage: '3' })
    await expect(s.place({ ...margin, leverage: '3', protocol: 'ws' })).rejects.toThrow(
      "A 3× margin order goes over REST: Kraken's WebSocket cannot carry the leverage level",
    )
    // a cash order still goes over WebSocket
    await s.place({ ...margin, limitPrice: '30011.0' })
    expect(log.at(-1)).toBe('spot-ws.place BTC/USD 0.01 reduceOnly=false')
  })
})

describe('OrderService: a derivatives order placed over FIX is amended over the Unified WS', () => {
  it("Kraken's FIX has no derivatives amend yet: the amend goes over WebSocket, and forcing FIX is refused in words", async () => {
    const log: string[] = []
    const fix = { ...gateway('drv-fix', 'fix', log), session: () => 'DRV-1' }
    const { s } = service({ ws: gateway('uws', 'ws', log), fix })
    const o = await s.place({ ...long, protocol: 'fix' })
    expect(log).toEqual(['drv-fix.place PF_XBTUSD 0.5 reduceOnly=false'])
    await s.amend(o.clOrdId, { limitPrice: '60001' })
    expect(log.at(-1)).toBe('uws.amend PF_XBTUSD')
    await expect(s.amend(o.clOrdId, { limitPrice: '60002' }, 'fix')).rejects.toThrow(
      `Kraken's FIX does not amend derivatives orders yet; amend ${o.clOrdId} over WebSocket`,
    )
  })
})

describe('OrderService: derivatives orders spend the derivatives budget, not a spot pair counter', () => {
  it("500 points per 10 s, 10 an order (Kraken's published derivatives budget): the 47th order at once waits, a protective one and a cancel do not", async () => {
    const { s } = service({ ws: gateway('uws', 'ws', []) })
    const placed = []
    for (let i = 0; i < 46; i++) placed.push(await s.place({ ...long, limitPrice: String(60000 - i) }))
    // 460 spent; 470 would pass 500 - 1 (margin) - 30 (kept for cancels and protective orders)
    await expect(s.place({ ...long, limitPrice: '59000' })).rejects.toThrow(
      "add on derivatives would take Kraken's derivatives budget to 470.0 of 500, into the last 30 kept for cancels and protective orders; wait 0.0 s",
    )
    await s.place({ ...long, limitPrice: '59000', protective: true }) // 470
    await s.cancel(placed[0]!.clOrdId) // 480
    await s.place({ ...long, limitPrice: '58999', protective: true }) // 490
    await expect(s.place({ ...long, limitPrice: '58998', protective: true })).rejects.toThrow(
      "add on derivatives would take Kraken's derivatives budget to 500.0 of 500; wait 0.0 s",
    )
    // a spot pair's counter is untouched by them
    await s.place({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '30010.0',
      tif: 'GTC',
    })
  })
})

describe('OrderService: a contract the registry does not list yet is still a contract', () => {
  it('after a restart, before the Unified WS listed its contracts, a cancel goes to the derivatives endpoint', async () => {
    const log: string[] = []
    const tracker = new OrderTracker()
    const s = new OrderService({
      registry: () => conformanceRegistry, // spot pairs only: the contracts have not arrived
      tracker,
      router: new OrderRouter(),
      governor: new RateGovernor('intermediate', () => 1_700_000_000_000),
      gateways: { rest: gateway('spot-rest', 'rest', log), ws: gateway('spot-ws', 'ws', log) },
      derivatives: () => ({ ws: gateway('uws', 'ws', log) }),
      now: () => 1_700_000_000_000,
    })
    tracker.submit(
      {
        clOrdId: '01a231d3-1830-7000-8ba2-7087386de044',
        symbol: 'PF_XBTUSD',
        side: 'buy',
        type: 'limit',
        qty: '0.1',
        limitPrice: '60000',
        tif: 'GTC',
        protocol: 'ws',
        qtyPrecision: 4,
        pricePrecision: 0,
      },
      1,
    )
    await s.cancel('01a231d3-1830-7000-8ba2-7087386de044')
    expect(log).toEqual(['uws.cancel PF_XBTUSD'])
  })
})

describe('OrderService: the dead-man switch on the derivatives endpoint', () => {
  it('a derivatives switch that cannot be set is said once, in words; the spot answer still comes back', async () => {
    const notices: string[] = []
    const log: string[] = []
    let up = false
    const uws = { ...gateway('uws', 'ws', log), up: () => up }
    const s = new OrderService({
      registry: () => registry,
      tracker: new OrderTracker(),
      router: new OrderRouter(),
      governor: new RateGovernor('intermediate', () => 1_700_000_000_000),
      gateways: { rest: gateway('spot-rest', 'rest', log), ws: gateway('spot-ws', 'ws', log) },
      derivatives: () => ({ ws: uws }),
      onNotice: (t) => notices.push(t),
      now: () => 1_700_000_000_000,
    })
    expect(await s.cancelAllAfter(60)).toBe(1_700_000_060_000)
    expect(await s.cancelAllAfter(60)).toBe(1_700_000_060_000)
    expect(notices).toEqual(['Derivatives dead-man switch not armed: the Unified WebSocket is down'])
    up = true
    await s.cancelAllAfter(60)
    expect(log).toEqual([
      'spot-ws.cancelAllAfter 60',
      'spot-ws.cancelAllAfter 60',
      'spot-ws.cancelAllAfter 60',
      'uws.cancelAllAfter 60',
    ])
    // a refusal on the derivatives side is said; the spot switch is still armed and answered
    uws.cancelAllAfter = () => Promise.reject(new Error('cancel_all_orders_after: Internal error'))
    expect(await s.cancelAllAfter(60)).toBe(1_700_000_060_000)
    expect(notices.at(-1)).toBe(
      'Derivatives dead-man switch not armed: cancel_all_orders_after: Internal error',
    )
  })
})
