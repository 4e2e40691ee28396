import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { OrdersView, PlaceResult, RiskView } from '../../../../src-preload/contract/types'
import {
  btcPrice,
  linksOnline,
  missingFrom,
  openWindow,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/**
 * Risk through the contract: each command's answer, its effect on the risk topic, and what it
 * does to the next order (refused in words, or cancelled).
 */
export const covers: Covers = {
  commands: ['risk.setLimits', 'risk.deadman', 'risk.killSwitch'],
  topics: ['risk'],
}

const SYMBOL = 'BTC/USD'
const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let risk: number
let orders: number

beforeAll(async () => {
  core = await startCore(19)
  w = openWindow(core, exercised)
  await linksOnline(w)
  risk = w.sub('risk', {})
  orders = w.sub('orders', { scope: 'working' })
}, 30_000)
afterAll(() => core.stop())

const book = () => core.sim!.engine.book(SYMBOL)
const seen = (sub: number) => w.messages(sub).length
/** a limit buy resting `below` tenths under the bid */
const buy = (qty: string, below: number) => ({
  symbol: SYMBOL,
  side: 'buy',
  type: 'limit',
  qty,
  limitPrice: btcPrice(book().bestBid()! - below),
})

describe('risk wires', () => {
  it('risk: a first message, the default limits, not killed, dead-man off', async () => {
    const first = await w.next<RiskView>(risk, 0, () => true, 'the first risk message')
    expect(first).toEqual({
      killed: false,
      killedAt: null,
      defaults: {
        maxOrderQty: '5',
        maxNotional: '250000',
        priceBandPct: '5',
        maxOpenOrders: 50,
        maxPosition: '10',
        confirmAbove: '50000',
        duplicateWindowMs: 2000,
      },
      deadman: { armed: false, timeoutSec: 0, triggerAt: null },
    })
  })

  it('risk.setLimits answers with the limits, the risk topic shows them, and the next order obeys them', async () => {
    const s = seen(risk)
    const limits = {
      maxOrderQty: '0.5',
      maxNotional: '100000',
      priceBandPct: '3',
      maxOpenOrders: 7,
      maxPosition: '2',
      confirmAbove: '40000',
      duplicateWindowMs: 0,
    }
    const answer = await w.ok<RiskView>('risk.setLimits', limits)
    expect(answer.defaults).toEqual(limits)
    const shown = await w.next<RiskView>(risk, s, (v) => v.defaults.maxOrderQty === '0.5', 'the new limits')
    expect(shown.defaults).toEqual(limits)
    const refused = await w.cmd('orders.place', buy('1', 200))
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'EREFUSED', message: `Quantity 1 is above your ${SYMBOL} limit of 0.5` },
    })
  })

  it('risk.deadman arms and disarms, in its answer and on the risk topic', async () => {
    const s = seen(risk)
    const armed = await w.ok<RiskView>('risk.deadman', { timeoutSec: 60 })
    expect(armed.deadman).toMatchObject({ armed: true, timeoutSec: 60 })
    // the exchange answered with when it would cancel everything: about a minute from now
    expect(armed.deadman.triggerAt! - Date.now()).toBeGreaterThan(50_000)
    await w.next<RiskView>(risk, s, (v) => v.deadman.armed && v.deadman.timeoutSec === 60, 'armed (topic)')
    const s2 = seen(risk)
    const off = await w.ok<RiskView>('risk.deadman', { timeoutSec: 0 })
    expect(off.deadman).toMatchObject({ armed: false, timeoutSec: 0 })
    await w.next<RiskView>(
      risk,
      s2,
      (v) => !v.deadman.armed && v.deadman.timeoutSec === 0,
      'disarmed (topic)',
    )
  })

  /**
   * Kraken (and the built-in exchange) answer triggerTime "0" once disarmed; Date.parse reads that
   * as 2000-01-01, and a disarmed switch showed a trigger time (this test failed until d9c00ce).
   */
  it('a disarmed dead-man switch has no trigger time', async () => {
    const off = await w.ok<RiskView>('risk.deadman', { timeoutSec: 0 })
    expect(off.deadman).toEqual({ armed: false, timeoutSec: 0, triggerAt: null })
  })

  it('risk.killSwitch cancels the working order, refuses the next in words, and re-arms', async () => {
    const placed = await w.ok<PlaceResult>('orders.place', buy('0.01', 200))
    const clOrdId = (placed as { clOrdId: string }).clOrdId
    await w.next<OrdersView>(
      orders,
      0,
      (v) => v.working.some((o) => o.clOrdId === clOrdId),
      'the order works',
    )
    const [r, o] = [seen(risk), seen(orders)]

    const killed = await w.ok<RiskView>('risk.killSwitch', { engaged: true })
    expect(killed.killed).toBe(true)
    await w.next<RiskView>(risk, r, (v) => v.killed && v.killedAt !== null, 'killed (topic)')
    await w.next<OrdersView>(
      orders,
      o,
      (v) => v.working.length === 0,
      'the order cancelled by the kill switch',
    )
    expect(await w.cmd('orders.place', buy('0.01', 300))).toMatchObject({
      ok: false,
      error: {
        code: 'EREFUSED',
        message: 'Trading is stopped by the kill switch. Re-arm it to trade again.',
      },
    })

    const r2 = seen(risk)
    const rearmed = await w.ok<RiskView>('risk.killSwitch', { engaged: false })
    expect(rearmed).toMatchObject({ killed: false, killedAt: null })
    await w.next<RiskView>(risk, r2, (v) => !v.killed, 're-armed (topic)')
    expect(await w.ok<PlaceResult>('orders.place', buy('0.01', 300))).toMatchObject({
      clOrdId: expect.any(String),
    })
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
