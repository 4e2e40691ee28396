import { describe, expect, it } from 'vitest'
import { InstrumentRegistry } from '../../../../src-main/core/instruments/InstrumentRegistry'
import type { OrderGateway } from '../../../../src-main/core/orders/OrderGateway'
import { OrderRouter } from '../../../../src-main/core/orders/OrderRouter'
import { OrderRefused, type PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import { RateGovernor } from '../../../../src-main/core/risk/RateGovernor'
import { OrderService } from '../../../../src-main/features/orders/OrderService'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

/** The order service with a pair state and an engine state the test sets; every call is logged. */
function service(pair: string, engine: { now?: string }) {
  const log: string[] = []
  const gw = (protocol: 'rest' | 'ws' | 'fix'): OrderGateway => ({
    protocol,
    up: () => protocol === 'ws',
    session: () => null,
    place: (p) => {
      log.push(`${protocol}.place ${p.req.type}`)
      return Promise.resolve({ orderId: 'O-1' })
    },
    amend: () => {
      log.push(`${protocol}.amend`)
      return Promise.resolve()
    },
    cancel: () => {
      log.push(`${protocol}.cancel`)
      return Promise.resolve()
    },
    cancelAll: () => Promise.resolve('all cancelled'),
  })
  const btc = { ...conformanceRegistry.resolve('BTC/USD'), status: pair }
  const tracker = new OrderTracker()
  const s = new OrderService({
    registry: () => new InstrumentRegistry([btc]),
    tracker,
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', () => 1_700_000_000_000),
    gateways: { rest: gw('rest'), ws: gw('ws'), fix: gw('fix') },
    journal: { order: (o) => log.push(`journal ${o.state}`), event: () => undefined },
    engineStatus: () => engine.now,
    now: () => 1_700_000_000_000,
  })
  return { s, log, tracker }
}

const limit: PlaceRequest = {
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '0.01',
  limitPrice: '30010.0',
  tif: 'GTC',
}
const market: PlaceRequest = { symbol: 'BTC/USD', side: 'buy', type: 'market', qty: '0.01', tif: 'IOC' }

describe('OrderService refuses what Kraken would refuse in a restricted mode, before anything is journaled', () => {
  it('a market order on a limit-only pair: refused in words, nothing journaled or sent; a limit goes', async () => {
    const { s, log, tracker } = service('limit_only', {})
    await expect(s.place(market)).rejects.toThrow(
      new OrderRefused('BTC/USD is in limit-only mode at Kraken: only limit orders are accepted'),
    )
    expect(log).toEqual([])
    expect(tracker.all()).toHaveLength(0)
    await s.place(limit)
    expect(log).toEqual(['journal pending-new', 'ws.place limit', 'journal open'])
  })

  it('engine in cancel-only: no new order and no amend; the cancel of a working order still goes', async () => {
    const engine: { now?: string } = { now: 'online' }
    const { s, log } = service('online', engine)
    const o = await s.place(limit)
    engine.now = 'cancel_only'
    await expect(s.place(limit)).rejects.toThrow(
      "Kraken's trading engine is in cancel-only mode: new orders are not accepted",
    )
    await expect(s.amend(o.clOrdId, { limitPrice: '30000.0' })).rejects.toThrow('cancel-only mode')
    await s.cancel(o.clOrdId)
    expect(log.filter((l) => l.startsWith('ws.'))).toEqual(['ws.place limit', 'ws.cancel'])
  })

  it('engine in maintenance: a cancel is refused in words rather than sent to fail', async () => {
    const engine: { now?: string } = {}
    const { s, log } = service('online', engine)
    const o = await s.place(limit)
    engine.now = 'maintenance'
    await expect(s.cancel(o.clOrdId)).rejects.toThrow(
      "Kraken's trading engine is in maintenance: orders cannot be cancelled until it is back",
    )
    expect(log.filter((l) => l.startsWith('ws.'))).toEqual(['ws.place limit'])
  })
})
