import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VenueProfile } from '../../../src-main/app/TridentCore'
import { SimExchange } from '../../../src-main/sim/SimExchange'
import { coreChildren } from '../../helpers/coreChildProcess'
import { simVenueProfile } from '../../helpers/simProfile'
import { until } from '../../helpers/until'

/**
 * kill -9 with a bracket working (issue 18). The built-in exchange runs in this (the test's)
 * process, the app core in a child process killed with SIGKILL and started again on the same
 * data folder. While Trident is down the market fills the target; after the restart the stop
 * still working at the exchange is cancelled, said in words, and the order journal, the bracket
 * journal, the blotter and the position agree with the exchange.
 */
const SYMBOL = 'BTC/USD'
let sim: SimExchange
let dataDir: string
let profile: VenueProfile

const children = coreChildren(() => ({ dataDir, profile }))
const startChild = children.start

/** Another account trades with us (IOC), at a price in tenths. */
function hit(side: 'buy' | 'sell', price: number, qty: bigint): void {
  sim.engine.place({
    account: 'hitter',
    symbol: SYMBOL,
    side,
    type: 'limit',
    limitPrice: price,
    qty,
    tif: 'IOC',
    source: { protocol: 'rest' },
  })
}
const traderOrders = () => [...sim.engine.orders.values()].filter((o) => o.account === 'trader')
const venueOrder = (clOrdId: string) => traderOrders().find((o) => o.clOrdId === clOrdId)
function readDb<T>(sql: string): T[] {
  const db = new Database(join(dataDir, 'trident.db'), { readonly: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  sim = new SimExchange({ seed: 29, messagesPerSecond: 0 })
  sim.addAccount({ name: 'hitter', balances: { XXBT: '10', ZUSD: '1000000' } })
  const ep = await sim.start()
  // an empty book: our orders are the only ones, so each hit reaches exactly the one we mean
  for (const o of [...sim.engine.orders.values()])
    if (o.symbol === SYMBOL && o.status === 'open') sim.engine.cancel(o.account, { orderId: o.id })
  dataDir = mkdtempSync(join(tmpdir(), 'trident-bracket-crash-'))
  profile = simVenueProfile(sim, ep, dataDir, 'BRACKETCRASH')
})

afterAll(async () => {
  children.killAll()
  await sim.stop()
})

describe('brackets through kill -9', () => {
  it('the target fills while Trident is down: after the restart the stop is cancelled and all agree', async () => {
    let c = await startChild()
    const t = await c.ok<{ id: string }>('brackets.templates.save', {
      name: 'Crash 20/20',
      targets: [{ offset: { ticks: 20 }, percent: 100 }],
      stop: { offset: { ticks: 20 }, type: 'stop-loss' },
    })
    const entry = await c.ok<{ clOrdId: string }>('brackets.place', {
      templateId: t.id,
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      qty: '0.10000000',
      limitPrice: '65000.0',
      confirmed: true,
    })
    hit('sell', 650000, 10_000_000n)
    await until(
      () => traderOrders().filter((o) => o.status === 'open' && o.clOrdId !== entry.clOrdId).length === 2,
      'target and stop working at the exchange',
      15_000,
    )
    const target = traderOrders().find((o) => o.type === 'limit' && o.side === 'sell')!
    const stop = traderOrders().find((o) => o.type === 'stop-loss')!
    expect([target.limitPrice, target.qty, stop.triggerPrice, stop.qty]).toEqual([
      650020,
      10_000_000n,
      649980,
      10_000_000n,
    ])
    // the bracket with both legs' client order ids was on disk before they were sent
    const [row] = readDb<{ data: string }>("SELECT data FROM brackets WHERE kind = 'bracket'")
    const journaled = JSON.parse(row!.data) as { stop: { clOrdId: string }; targets: { clOrdId: string }[] }
    expect([journaled.stop.clOrdId, journaled.targets[0]!.clOrdId]).toEqual([stop.clOrdId, target.clOrdId])

    await c.kill()
    hit('buy', 650020, 10_000_000n) // the market reaches the target while Trident is down
    expect(venueOrder(target.clOrdId!)!.status).toBe('closed')
    expect(venueOrder(stop.clOrdId!)!.status).toBe('open') // both exposures: the stop would sell again

    c = await startChild()
    await until(
      () => venueOrder(stop.clOrdId!)!.status === 'canceled',
      'the stop cancelled after the restart',
      15_000,
    )
    const { orders, notices } = await c.view()
    expect(notices.notices.map((n) => n.text)).toContain(
      `Bracket ${entry.clOrdId}-1 (0.10000000 ${SYMBOL} from 65000.0): found after the restart that target ${target.clOrdId} filled while its stop ${stop.clOrdId} was still working at Kraken; the stop is cancelled`,
    )
    // blotter = exchange
    await until(async () => (await c.view()).orders.working.length === 0, 'nothing working in the blotter')
    const all = [...orders.working, ...orders.history]
    const state = (id: string) => all.find((o) => o.clOrdId === id)?.state
    await until(async () => {
      const v = await c.view()
      return v.orders.history.find((o) => o.clOrdId === stop.clOrdId)?.state === 'cancelled'
    }, 'the stop cancelled in the blotter')
    expect([state(entry.clOrdId), state(target.clOrdId!)]).toEqual(['filled', 'filled'])
    // order journal = exchange
    const journal = Object.fromEntries(
      readDb<{ cl_ord_id: string; state: string }>('SELECT cl_ord_id, state FROM orders').map((r) => [
        r.cl_ord_id,
        r.state,
      ]),
    )
    expect(journal).toEqual({
      [entry.clOrdId]: 'filled',
      [target.clOrdId!]: 'filled',
      [stop.clOrdId!]: 'cancelled',
    })
    // bracket journal: done
    expect(readDb<{ phase: string }>("SELECT phase FROM brackets WHERE kind = 'bracket'")).toEqual([
      { phase: 'done' },
    ])
    // position: bought 0.1 and sold 0.1, as the exchange's fills say, each fill once
    const fills = readDb<{ trade_id: string; qty: string; cl_ord_id: string }>(
      'SELECT trade_id, qty, cl_ord_id FROM fills ORDER BY trade_id',
    )
    const venueFills = sim.engine.fills
      .filter((f) => f.account === 'trader')
      .map((f) => `${f.symbol}:${f.tradeSeq}`)
    expect(fills.map((f) => f.trade_id).sort()).toEqual(venueFills.sort())
    expect(fills.map((f) => [f.cl_ord_id, f.qty]).sort()).toEqual(
      [
        [entry.clOrdId, '0.10000000'],
        [target.clOrdId!, '0.10000000'],
      ].sort(),
    )
    await c.kill()
  }, 90_000)

  it('killed after a leg was journaled but before it was sent: the restart sends the legs', async () => {
    // the entry is the first order sent, the stop the second: the child dies as the stop is about to leave
    let c = await startChild({ TRIDENT_TEST_CRASH_AT: 'before-send:2' })
    const t = await c.ok<{ id: string }>('brackets.templates.save', {
      name: 'Crash resend',
      targets: [{ offset: { ticks: 30 }, percent: 100 }],
      stop: { offset: { ticks: 30 }, type: 'stop-loss' },
    })
    const entry = await c.ok<{ clOrdId: string }>('brackets.place', {
      templateId: t.id,
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      qty: '0.20000000',
      limitPrice: '64990.0',
      confirmed: true,
    })
    hit('sell', 649900, 20_000_000n)
    await until(() => c.exited, 'the child killed itself before the stop left', 15_000)
    const [row] = readDb<{ data: string }>(
      `SELECT data FROM brackets WHERE kind = 'bracket' AND entry_cl_ord_id = '${entry.clOrdId}'`,
    )
    const journaled = JSON.parse(row!.data) as { stop: { clOrdId?: string }; targets: { clOrdId?: string }[] }
    // the stop was journaled with its id, the target not yet; neither reached the exchange
    expect(journaled.stop.clOrdId).toMatch(/^\d{18}$/)
    expect(journaled.targets[0]!.clOrdId).toBeUndefined()
    expect(venueOrder(journaled.stop.clOrdId!)).toBeUndefined()

    c = await startChild()
    const legs = () =>
      traderOrders().filter(
        (o) => o.status === 'open' && (o.limitPrice === 649930 || o.triggerPrice === 649870),
      )
    await until(() => legs().length === 2, 'both legs working after the restart', 15_000)
    expect(
      legs()
        .map((o) => [o.type, o.qty, o.limitPrice, o.triggerPrice])
        .sort(),
    ).toEqual(
      [
        ['limit', 20_000_000n, 649930, undefined],
        ['stop-loss', 20_000_000n, undefined, 649870],
      ].sort(),
    )
    const [after] = readDb<{ data: string }>(
      `SELECT data FROM brackets WHERE kind = 'bracket' AND entry_cl_ord_id = '${entry.clOrdId}'`,
    )
    const now = JSON.parse(after!.data) as { stop: { clOrdId: string }; targets: { clOrdId: string }[] }
    expect(
      legs()
        .map((o) => o.clOrdId)
        .sort(),
    ).toEqual([now.stop.clOrdId, now.targets[0]!.clOrdId].sort())
    expect(now.stop.clOrdId).not.toBe(journaled.stop.clOrdId) // the unsent one was resolved, not reused
    await c.kill()
  }, 90_000)

  it('the private link drops and the target fills meanwhile: the stop is cancelled once the link is back', async () => {
    // the bracket of the test before (target 64993.0, stop 64987.0, 0.2 each) is working
    const c = await startChild()
    const target = traderOrders().find((o) => o.status === 'open' && o.limitPrice === 649930)!
    const stop = traderOrders().find((o) => o.status === 'open' && o.triggerPrice === 649870)!
    await until(
      async () => (await c.view()).orders.working.filter((o) => o.state === 'open').length === 2,
      'both legs open in the restarted core',
    )
    // cut the WS links and fill the target in the same turn: the fill's report is lost with the link
    sim.faults.dropConnections()
    hit('buy', 649930, 20_000_000n)
    expect(venueOrder(target.clOrdId!)!.status).toBe('closed')
    await until(
      () => venueOrder(stop.clOrdId!)!.status === 'canceled',
      'the stop cancelled after the reconnect',
      15_000,
    )
    const { notices } = await c.view()
    expect(notices.notices.map((n) => n.text)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `: target ${target.clOrdId} filled, so its stop ${stop.clOrdId} is cancelled \\(one cancels the other\\)$`,
        ),
      ),
    )
    await c.kill()
  }, 90_000)

  it('spot, the balance holding one exit: killed while the stop was freed for the Trident-held target, the restart puts the stop back over the whole position', async () => {
    // the trader holds no bitcoin but what the entry buys: Kraken holds it for the stop alone
    const base = sim.engine.instrument(SYMBOL).base
    sim.engine.accounts.adjust('trader', base, -sim.engine.accounts.balance('trader', base))
    let c = await startChild()
    const t = await c.ok<{ id: string }>('brackets.templates.save', {
      name: 'Crash spot',
      targets: [{ offset: { ticks: 20 }, percent: 100 }],
      stop: { offset: { ticks: 20 }, type: 'stop-loss' },
    })
    const entry = await c.ok<{ clOrdId: string }>('brackets.place', {
      templateId: t.id,
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      qty: '0.10000000',
      limitPrice: '64900.0',
      confirmed: true,
    })
    hit('sell', 649000, 10_000_000n)
    type Journaled = {
      phase: string
      firing?: { step: string; stopRemaining: string }
      stop: { clOrdId?: string; qty: string }
      targets: { held?: string; qty: string; clOrdId?: string }[]
    }
    const bracket = () =>
      JSON.parse(
        readDb<{ data: string }>(
          `SELECT data FROM brackets WHERE kind = 'bracket' AND entry_cl_ord_id = '${entry.clOrdId}'`,
        )[0]?.data ?? 'null',
      ) as Journaled | null
    await until(() => bracket()?.targets[0]?.held === 'resting', 'the target held in Trident', 15_000)
    const stopOpen = () => traderOrders().filter((o) => o.status === 'open' && o.triggerPrice === 648980)
    await until(() => stopOpen().length === 1, 'the stop at the exchange', 15_000)
    const stop = stopOpen()[0]!
    expect([stop.type, stop.qty]).toEqual(['stop-loss', 10_000_000n])
    // the child dies the instant its cancel of the stop reaches the exchange, before the exchange
    // acts on it (the engine pushes its reports inside cancel): it never hears the venue confirm
    const cancel = sim.engine.cancel.bind(sim.engine)
    sim.engine.cancel = (account, ref, scope) => {
      if (sim.engine.find(account, ref).some((o) => o.clOrdId === stop.clOrdId)) c.proc.kill('SIGKILL')
      return cancel(account, ref, scope)
    }
    try {
      // a buyer bids the target's price: Trident frees the balance by cancelling the stop
      sim.engine.place({
        account: 'hitter',
        symbol: SYMBOL,
        side: 'buy',
        type: 'limit',
        limitPrice: 649020,
        qty: 10_000_000n,
        tif: 'GTC',
        source: { protocol: 'rest' },
      })
      await until(() => c.exited, 'the child killed as its stop was cancelled', 15_000)
    } finally {
      sim.engine.cancel = cancel
    }
    expect(venueOrder(stop.clOrdId!)!.status).toBe('canceled')
    expect(bracket()!.firing).toEqual({ target: 1, step: 'freeing', stopRemaining: '0.00000000' })
    // the buyer leaves while Trident is down: the position has no stop at the exchange now
    for (const o of [...sim.engine.orders.values()])
      if (o.account === 'hitter' && o.status === 'open') sim.engine.cancel(o.account, { orderId: o.id })
    expect(stopOpen()).toEqual([])

    c = await startChild()
    await until(() => stopOpen().length === 1, 'a stop over the whole position after the restart', 15_000)
    expect([stopOpen()[0]!.type, stopOpen()[0]!.qty]).toEqual(['stop-loss', 10_000_000n])
    await until(() => bracket()?.stop.clOrdId === stopOpen()[0]!.clOrdId, 'the new stop journaled')
    const after = bracket()!
    expect([after.phase, after.firing, after.targets[0]!.held, after.targets[0]!.qty]).toEqual([
      'working',
      undefined,
      'resting',
      '0.10000000',
    ])
    const said = (await c.view()).notices.notices.map((n) => n.text)
    expect(said).toContain(
      `Bracket ${entry.clOrdId}-1 (0.10000000 ${SYMBOL} from 64900.0): its stop is placed again for 0.10000000, the whole position`,
    )
    // the old stop's cancel was Trident's own, asked just before it died: not said as someone else's
    expect(said.filter((t) => /outside this Trident/.test(t))).toEqual([])
    expect(sim.engine.accounts.balance('trader', base)).toBe(100_000_000_000_000_000n) // 0.1 BTC

    // the restarted core finishes it: the bid comes back, the stop is cancelled, the target fills
    const again = stopOpen()[0]!
    sim.engine.place({
      account: 'hitter',
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      limitPrice: 649020,
      qty: 10_000_000n,
      tif: 'GTC',
      source: { protocol: 'rest' },
    })
    await until(() => bracket()?.phase === 'done', 'the bracket done', 15_000)
    expect(venueOrder(again.clOrdId!)!.status).toBe('canceled')
    expect(sim.engine.accounts.balance('trader', base)).toBe(0n)
    expect(traderOrders().filter((o) => o.status === 'open')).toEqual([])
    await c.kill()
  }, 90_000)
})
