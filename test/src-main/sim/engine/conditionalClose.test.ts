import { describe, expect, it } from 'vitest'
import { MatchingEngine } from '../../../../src-main/sim/engine/MatchingEngine'
import type { EngineEvent, NewOrder } from '../../../../src-main/sim/engine/types'
import { SIM_INSTRUMENTS } from '../../../../src-main/sim/instruments'

/**
 * Conditional close (OTO) in the built-in exchange's engine: the close order a primary carries
 * (WS v2 add_order `conditional: {order_type, limit_price, trigger_price}`) is placed once the
 * primary is done, opposite side, for what executed, and is independent from then on.
 * BTC/USD prices in tenths (65000.0 -> 650000), quantities in 1e-8.
 */
function setup() {
  let r = 0
  const engine = new MatchingEngine(SIM_INSTRUMENTS, {
    now: () => 1_700_000_000_000,
    random: () => ((r = (r * 9301 + 49297) % 233280), r / 233280),
  })
  for (const a of ['alice', 'bob']) {
    engine.accounts.deposit(a, 'ZUSD', '1000000')
    engine.accounts.deposit(a, 'XXBT', '100')
  }
  const events: EngineEvent[] = []
  engine.onEvents((e) => events.push(...e))
  const order = (o: Partial<NewOrder> & Pick<NewOrder, 'account' | 'side'>) =>
    engine.place({
      symbol: 'BTC/USD',
      type: 'limit',
      qty: 100_000_000n,
      tif: 'GTC',
      source: { protocol: 'ws' },
      ...o,
    })
  const aliceOpen = () =>
    [...engine.openOrders('alice')].map((o) => [
      o.side,
      o.type,
      o.qty,
      o.limitPrice,
      o.triggerPrice,
      o.untriggered,
    ])
  return { engine, events, order, aliceOpen }
}

describe('conditional close (OTO), built-in exchange', () => {
  it('placed when the primary has filled (not at a partial fill), opposite side, its quantity', () => {
    const { order, aliceOpen, events } = setup()
    const primary = order({
      account: 'alice',
      side: 'buy',
      limitPrice: 650000,
      conditional: { type: 'stop-loss', triggerPrice: 640000 },
    })
    order({ account: 'bob', side: 'sell', limitPrice: 650000, qty: 40_000_000n, tif: 'IOC' })
    expect(aliceOpen()).toEqual([['buy', 'limit', 100_000_000n, 650000, undefined, false]])
    events.length = 0
    order({ account: 'bob', side: 'sell', limitPrice: 650000, qty: 60_000_000n, tif: 'IOC' })
    expect(primary.status).toBe('closed')
    expect(aliceOpen()).toEqual([['sell', 'stop-loss', 100_000_000n, undefined, 640000, true]])
    // the primary's fill is told before the close order appears
    const alice = events.filter((e) => e.kind === 'order' && e.order.account === 'alice')
    expect(alice.map((e) => (e.kind === 'order' ? `${e.exec} ${e.order.type}` : ''))).toEqual([
      'trade limit',
      'filled limit',
      'pending_new stop-loss',
      'new stop-loss',
    ])
  })

  it('a primary cancelled after a partial fill places the close for what executed; unfilled, none', () => {
    const { engine, order, aliceOpen } = setup()
    const a = order({
      account: 'alice',
      side: 'buy',
      limitPrice: 650000,
      conditional: { type: 'limit', limitPrice: 660000 },
    })
    order({ account: 'bob', side: 'sell', limitPrice: 650000, qty: 30_000_000n, tif: 'IOC' })
    engine.cancel('alice', { orderId: a.id })
    expect(aliceOpen()).toEqual([['sell', 'limit', 30_000_000n, 660000, undefined, false]])
    const b = order({
      account: 'alice',
      side: 'buy',
      limitPrice: 649000,
      conditional: { type: 'limit', limitPrice: 660000 },
    })
    engine.cancel('alice', { orderId: b.id })
    expect(aliceOpen()).toEqual([['sell', 'limit', 30_000_000n, 660000, undefined, false]])
  })

  it('a conditional close that could never be placed is refused with the primary, nothing changed', () => {
    const { order, aliceOpen } = setup()
    expect(() =>
      order({ account: 'alice', side: 'buy', limitPrice: 650000, conditional: { type: 'stop-loss' } }),
    ).toThrow('EGeneral:Invalid arguments:price')
    expect(() =>
      order({
        account: 'alice',
        side: 'buy',
        limitPrice: 650000,
        conditional: { type: 'stop-loss-limit', triggerPrice: 640000, limitPrice: 639995.5 },
      }),
    ).toThrow('EOrder:Tick size check failed')
    expect(() =>
      order({ account: 'alice', side: 'buy', limitPrice: 650000, conditional: { type: 'market' } }),
    ).toThrow('EGeneral:Invalid arguments:conditional order_type')
    expect(aliceOpen()).toEqual([])
  })
})
