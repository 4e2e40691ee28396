import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VenueProfile } from '../../../src-main/app/TridentCore'
import { NOT_SENT } from '../../../src-main/features/orders/VenueExecution'
import type { NewOrder } from '../../../src-main/sim/engine/types'
import { SimExchange, type SimEndpoints } from '../../../src-main/sim/SimExchange'
import type { OrderView } from '../../../src-preload/contract/types'
import { coreChildren } from '../../helpers/coreChildProcess'
import { journalOrdersOnDisk, sendLogOrders } from '../../helpers/journalOnDisk'
import { simVenueProfile } from '../../helpers/simProfile'
import { until } from '../../helpers/until'

/**
 * kill -9 at several points of an order's life, over all three protocols, against the built-in
 * exchange running in this (the test's) process; the app core runs in a child process that is
 * killed with SIGKILL and started again on the same data folder. After every restart the journal
 * is reconciled with the venue; at the end every order and fill appears exactly once, in the
 * state the venue has.
 */
let sim: SimExchange
let ep: SimEndpoints
let dataDir: string
let profile: VenueProfile

const children = coreChildren(() => ({ dataDir, profile }))
const startChild = children.start

/**
 * One instrument per protocol, so each of our bids is the only bid of its book and another
 * account's sell reaches exactly that order (price priority would otherwise pick the highest).
 */
const SYMBOL = { ws: 'BTC/USD', fix: 'ETH/USD', rest: 'SOL/USD' } as const
type Proto = keyof typeof SYMBOL
const bidTicks: Record<string, number> = {}
const pp = (symbol: string) => sim.engine.instrument(symbol).pricePrecision
/** a price `below` ticks under the book's original best bid, as decimal text (the sim counts in ticks) */
const price = (symbol: string, below: number) => {
  const t = bidTicks[symbol]! - below
  const scale = 10 ** pp(symbol)
  return `${Math.floor(t / scale)}.${String(t % scale).padStart(pp(symbol), '0')}`
}
const order = (protocol: Proto, below: number) => ({
  symbol: SYMBOL[protocol],
  side: 'buy',
  type: 'limit',
  qty: '0.20000000',
  limitPrice: price(SYMBOL[protocol], below),
  protocol,
  confirmed: true,
})

/** Another account sells `qty` (units of 1e-8) into our bids on the protocol's instrument (IOC). */
function hit(protocol: Proto, below: number, qty: bigint): void {
  const symbol = SYMBOL[protocol]
  sim.engine.place({
    account: 'hitter',
    symbol,
    side: 'sell',
    type: 'limit',
    limitPrice: bidTicks[symbol]! - below,
    qty,
    tif: 'IOC',
    source: { protocol: 'rest' },
  })
}

const venueOrder = (clOrdId: string) =>
  [...sim.engine.orders.values()].find((o) => o.account === 'trader' && o.clOrdId === clOrdId)
const journalOrders = () => journalOrdersOnDisk(dataDir)

beforeAll(async () => {
  sim = new SimExchange({ seed: 17, messagesPerSecond: 0 })
  sim.addAccount({ name: 'hitter', balances: { XXBT: '10', XETH: '100', SOL: '1000', ZUSD: '1000000' } })
  ep = await sim.start()
  // only our bids on these books (the market is still: no new ones arrive)
  for (const symbol of Object.values(SYMBOL)) {
    bidTicks[symbol] = sim.engine.book(symbol).bestBid()!
    for (const o of [...sim.engine.orders.values()])
      if (o.symbol === symbol && o.side === 'buy' && o.status === 'open')
        sim.engine.cancel(o.account, { orderId: o.id })
  }
  dataDir = mkdtempSync(join(tmpdir(), 'trident-crash-'))
  profile = simVenueProfile(sim, ep, dataDir, 'CRASHTEST')
})

afterAll(async () => {
  children.killAll()
  await sim.stop()
})

describe('crash recovery (kill -9) against the built-in exchange', () => {
  it('every order and fill appears exactly once, in the venue state, after kills at every point', async () => {
    // 1. after partial fills: one resting order per protocol, each half filled, then kill -9
    let c = await startChild()
    const placed: Record<string, string> = {}
    for (const [p, below] of [
      ['ws', 40],
      ['fix', 50],
      ['rest', 60],
    ] as const) {
      const r = await c.cmd('orders.place', order(p, below))
      expect(r.ok, JSON.stringify(r)).toBe(true)
      placed[p] = r.result!.clOrdId
    }
    await until(
      async () => (await c.view()).orders.working.every((o) => o.state === 'open'),
      'all open',
      10_000,
    )
    for (const p of ['ws', 'fix', 'rest'] as const) hit(p, { ws: 40, fix: 50, rest: 60 }[p], 10_000_000n)
    await until(
      async () => (await c.view()).orders.working.filter((o) => o.filledQty === '0.10000000').length === 3,
      'three partial fills seen',
      10_000,
    )
    await c.kill()
    // while Trident is down: more fills on the WS and REST orders; the FIX order was cancelled
    // by cancel-on-disconnect, and the venue stored that ExecutionReport for replay
    hit('ws', 40, 5_000_000n)
    hit('rest', 60, 5_000_000n)
    // the exchange acts when its FIX socket sees the close, which may come after the child's exit
    await until(() => venueOrder(placed.fix!)?.status === 'canceled', 'cancel-on-disconnect at the exchange')

    // 2. before send: journaled, then killed before any byte left
    c = await startChild({ TRIDENT_TEST_CRASH_AT: 'before-send' })
    c.fire('orders.place', order('ws', 70))
    await until(() => c.exited, 'child killed itself before sending', 15_000)
    const unsent = journalOrders().filter((o) => !Object.values(placed).includes(o.cl_ord_id))
    expect(unsent).toHaveLength(1)
    expect(unsent[0]!.state).toBe('pending-new') // on disk before it was sent
    // in the send log, its commit to the database never ran: the next start commits it
    expect(sendLogOrders(dataDir)).toBe(1)
    const unsentId = unsent[0]!.cl_ord_id
    expect(venueOrder(unsentId)).toBeUndefined()

    // 3. after send, before the acknowledgement: the venue kills the app as the order arrives
    const inFlight: Record<string, string> = {}
    const place = sim.engine.place.bind(sim.engine)
    for (const [p, below] of [
      ['ws', 80],
      ['fix', 90],
      ['rest', 100],
    ] as const) {
      c = await startChild()
      if (p === 'ws') {
        // the first start after the before-send kill resolved that order and told the trader
        const { notices } = await c.view()
        expect(notices.notices.some((n) => n.text.includes('never sent') && n.text.includes(unsentId))).toBe(
          true,
        )
      }
      const victim = c
      let armed = true
      sim.engine.place = (req: NewOrder) => {
        if (armed && req.account === 'trader') {
          armed = false
          victim.proc.kill('SIGKILL') // dead before the venue answers
          inFlight[p] = req.clOrdId!
        }
        return place(req)
      }
      victim.fire('orders.place', order(p, below))
      await until(() => victim.exited, `killed while the ${p} order was in flight`, 15_000)
      sim.engine.place = place
      expect(venueOrder(inFlight[p]!), p).toBeDefined()
    }
    expect(venueOrder(inFlight.ws!)!.status).toBe('open')
    expect(venueOrder(inFlight.rest!)!.status).toBe('open')
    expect(venueOrder(inFlight.fix!)!.status).toBe('canceled') // cancel-on-disconnect
    // while down: completes the first WS order (0.05 left) and fills the in-flight one completely
    hit('ws', 80, 25_000_000n)

    // 4. the last start: recovery, then the blotter against the venue
    c = await startChild()
    const { orders, notices } = await c.view()
    const all: OrderView[] = [...orders.working, ...orders.history]
    const ids = all.map((o) => o.clOrdId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.sort()).toEqual(
      journalOrders()
        .map((o) => o.cl_ord_id)
        .sort(),
    )
    expect(ids).toHaveLength(7)

    const stateOf: Record<string, string> = {
      open: 'open',
      closed: 'filled',
      canceled: 'cancelled',
      expired: 'expired',
    }
    for (const o of all) {
      if (o.clOrdId === unsentId) continue
      const v = venueOrder(o.clOrdId)!
      const want = v.status === 'open' && v.filled > 0n ? 'partially-filled' : stateOf[v.status]
      expect([o.clOrdId, o.protocol, o.state]).toEqual([o.clOrdId, o.protocol, want])
      expect(o.filledQty).toBe((Number(v.filled) / 1e8).toFixed(8))
      expect(o.venueOrderId).toBe(v.id)
    }
    // the order that never left: resolved and said
    const never = all.find((o) => o.clOrdId === unsentId)!
    expect([never.state, never.reason]).toEqual(['rejected', NOT_SENT])
    expect(notices.notices.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^Reconciled with the exchange: 2 fills received while Trident was stopped/),
    )

    // fills: each venue fill of ours once, in the blotter and in the journal
    const venueFills = sim.engine.fills
      .filter((f) => f.account === 'trader')
      .map((f) => `${f.symbol}:${f.tradeSeq}`)
      .sort()
    // 3 partials, 2 while down, then the first WS order's rest and the whole in-flight WS order
    expect(venueFills).toHaveLength(7)
    expect(orders.fills.map((f) => f.tradeId).sort()).toEqual(venueFills)
    const db = new Database(join(dataDir, 'trident.db'), { readonly: true })
    expect(
      (db.prepare('SELECT trade_id FROM fills').all() as { trade_id: string }[])
        .map((r) => r.trade_id)
        .sort(),
    ).toEqual(venueFills)
    // the journal's order states match the blotter
    for (const r of journalOrders()) expect(r.state).toBe(all.find((o) => o.clOrdId === r.cl_ord_id)!.state)
    // FIX replayed the cancel-on-disconnect report it missed (resend after restart)
    const fixEvents = db
      .prepare("SELECT kind, protocol FROM venue_events WHERE cl_ord_id = ? AND protocol = 'fix'")
      .all(placed.fix!) as { kind: string }[]
    expect(fixEvents.map((e) => e.kind)).toContain('cancelled')
    // and every command is in the audit log with who sent it
    const audit = db.prepare("SELECT who, command, outcome FROM audit WHERE command = 'orders.place'").all()
    expect(audit.length).toBeGreaterThanOrEqual(3)
    expect(audit[0]).toMatchObject({ who: 'crash-test driver', outcome: 'ok' })
    db.close()
    await c.kill()
  }, 120_000)
})
