import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { LatencyView, PlaceResult } from '../../../../src-preload/contract/types'
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
 * The latency topic: when main handed each order's bytes to the venue's WS or FIX socket, so a window
 * can show its trader keypress-to-wire figures without any bench probe switched on.
 */
export const covers: Covers = { commands: [], topics: ['latency'] }

const SYMBOL = 'BTC/USD'
const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window

beforeAll(async () => {
  core = await startCore(31)
  w = openWindow(core, exercised)
  await linksOnline(w)
}, 30_000)
afterAll(() => core.stop())

const now = () => performance.timeOrigin + performance.now()

/** Place a resting buy over `protocol`; the latency message that lists it, and when it was sent and answered. */
async function placeAndSee(protocol: 'ws' | 'fix', sub: number, ticksBelow: number) {
  const before = now()
  const placed = await w.ok<PlaceResult>('orders.place', {
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    qty: '0.01',
    limitPrice: btcPrice(core.sim!.engine.book(SYMBOL).bestBid()! - ticksBelow),
    protocol,
  })
  const answered = now()
  if (!('clOrdId' in placed)) throw new Error('the order asked for a confirmation')
  const view = await w.next<LatencyView>(
    sub,
    1,
    (v) => v.sent.some((s) => s.clOrdId === placed.clOrdId),
    `a latency message with the ${protocol} order sent`,
    5_000,
  )
  return { clOrdId: placed.clOrdId, view, before, answered }
}

describe('latency wires', () => {
  it('a first message with no order sent, then one with the WS order sent, stamped while it was placed', async () => {
    const sub = w.sub('latency', {})
    const first = await w.next<LatencyView>(sub, 0, () => true, 'the first latency message')
    expect(first).toEqual({ sent: [] })
    const { view, before, answered } = await placeAndSee('ws', sub, 200)
    expect(view.sent).toHaveLength(1)
    const { sentAt } = view.sent[0]!
    // handed to the socket while the command ran: after it was sent, before its answer came back
    expect(sentAt).toBeGreaterThan(before)
    expect(sentAt).toBeLessThan(answered)
  })

  it('a FIX order is stamped too, after the WS one', async () => {
    const sub = w.sub('latency', {})
    await w.next<LatencyView>(sub, 0, () => true, 'the first latency message')
    const { clOrdId, view, before, answered } = await placeAndSee('fix', sub, 300)
    // the WS order of the test before, then this one: oldest first
    expect(view.sent).toHaveLength(2)
    expect(view.sent[1]!.clOrdId).toBe(clOrdId)
    expect(view.sent[1]!.sentAt).toBeGreaterThan(before)
    expect(view.sent[1]!.sentAt).toBeLessThan(answered)
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
