import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TridentCore, type VenueProfile } from '../../../src-main/app/TridentCore'
import { SimExchange } from '../../../src-main/sim/SimExchange'
import type { ServerFrame } from '../../../src-preload/contract/wire'
import { simVenueProfile } from '../../helpers/simProfile'
import { until } from '../../helpers/until'

/**
 * Issue 20 (cold start on a profile with a long history): a start reads the journal's position
 * base and only the orders not folded into it, and the positions come back exactly as they were —
 * net, average entry and realised PnL — with the orders the tracker forgot no longer read.
 * A real core on a venue profile (the built-in exchange in this process), stopped and started
 * again on the same data folder; the tracker keeps 2 finished orders, so 6 orders fold 4.
 */
let sim: SimExchange
let profile: VenueProfile
let dataDir: string
const cores: TridentCore[] = []
const stopped = new WeakSet<TridentCore>()

beforeAll(async () => {
  sim = new SimExchange({ seed: 23, messagesPerSecond: 0 })
  sim.addAccount({ name: 'maker', balances: { XXBT: '100', ZUSD: '10000000' } })
  const ep = await sim.start()
  // the market is still (no new orders arrive): only the maker's levels, at known prices
  for (const o of [...sim.engine.orders.values()])
    if (o.symbol === 'BTC/USD' && o.status === 'open') sim.engine.cancel(o.account, { orderId: o.id })
  const quote = (side: 'buy' | 'sell', limitPrice: number, qty: bigint) =>
    sim.engine.place({
      account: 'maker',
      symbol: 'BTC/USD',
      side,
      type: 'limit',
      qty,
      limitPrice,
      tif: 'GTC',
      source: { protocol: 'rest' },
    })
  quote('sell', 650_000, 30_000_000n) // 0.3 at 65000.0
  quote('sell', 650_100, 1_000_000_000n) // 10 at 65010.0
  quote('buy', 649_000, 1_000_000_000n) // 10 at 64900.0
  dataDir = mkdtempSync(join(tmpdir(), 'trident-base-'))
  profile = simVenueProfile(sim, ep, dataDir, 'BASETEST')
})

afterAll(async () => {
  for (const c of cores.splice(0)) if (!stopped.has(c)) await c.stop()
  await sim.stop()
})

async function startCore(): Promise<{
  core: TridentCore
  cmd: (name: string, payload: unknown) => Promise<ServerFrame>
}> {
  const core = new TridentCore({ host: 'loopback', version: 'test', dataDir, profile, finishedKept: 2 })
  cores.push(core)
  await core.start()
  await core.tradingReady
  await until(() => core.wsPrivate?.state === 'online', 'the private WS online', 15_000)
  const frames: ServerFrame[] = []
  const session = core.attach({ who: 'test', send: (f) => frames.push(f), isCongested: () => false })
  let id = 0
  const cmd = async (name: string, payload: unknown): Promise<ServerFrame> => {
    const mine = ++id
    session.receive({ k: 'cmd', id: mine, name, payload })
    return until(() => frames.find((f) => f.k === 'res' && f.id === mine), `the answer to ${name}`, 10_000)
  }
  // main follows the book (the price band needs its mid)
  session.receive({ k: 'sub', id: 1000, topic: 'book', params: { symbol: 'BTC/USD', depth: 10 } })
  await until(() => frames.some((f) => f.k === 'topic' && f.id === 1000), 'the BTC/USD book')
  return { core, cmd }
}

const journal = () => new Database(join(dataDir, 'trident.db'), { readonly: true })

describe('the position base: a start reads the folded base and the orders not folded', () => {
  it('positions come back exactly after a restart, and the forgotten orders are not read again', async () => {
    const first = await startCore()
    // marketable IOCs against the book's own liquidity, buys and sells of different sizes: the
    // average entry and the realised PnL depend on every fill and on their order
    const trades = [
      ['buy', '0.30000000', '65000.0'],
      ['buy', '0.20000000', '65010.0'],
      ['sell', '0.10000000', '64900.0'],
      ['buy', '0.05000000', '65010.0'],
      ['sell', '0.25000000', '64900.0'],
      ['buy', '0.15000000', '65010.0'],
    ] as const
    for (const [side, qty, limitPrice] of trades) {
      const r = await first.cmd('orders.place', {
        symbol: 'BTC/USD',
        side,
        type: 'limit',
        qty,
        limitPrice,
        tif: 'IOC',
        protocol: 'ws',
        confirmed: true,
      })
      expect(r.k === 'res' && r.ok, JSON.stringify(r)).toBe(true)
      const clOrdId = r.k === 'res' && r.ok ? (r.result as { clOrdId: string }).clOrdId : ''
      await until(
        () => first.core.tracker.get(clOrdId)?.state === 'filled' || !first.core.tracker.get(clOrdId),
        `order ${clOrdId} filled (${JSON.stringify(first.core.tracker.get(clOrdId))})`,
      )
    }
    const before = first.core.trading.positions.view().positions.find((p) => p.symbol === 'BTC/USD')!
    // bought 0.3 at 65000.0 and 0.4 at 65010.0, sold 0.35 at 64900.0
    expect(before.net).toBe('0.35000000')
    expect(before.avgPrice).not.toBe('')
    expect(before.realisedPnl.startsWith('-')).toBe(true)
    // the 4 oldest orders were forgotten and folded (with the base holding their fills), in one commit
    await until(() => {
      const db = journal()
      const n = (db.prepare('SELECT COUNT(*) AS n FROM orders WHERE folded = 1').get() as { n: number }).n
      db.close()
      return n === 4
    }, 'four orders folded')
    // Kraken lists a folded order as working after all (Trident had it as ended): adopted again
    // with the fill its base holds, that fill is not counted a second time
    const db0 = journal()
    const row = db0.prepare('SELECT data FROM orders WHERE folded = 1 ORDER BY created_at LIMIT 1').get() as {
      data: string
    }
    const fills = db0
      .prepare('SELECT trade_id, qty, price, at FROM fills WHERE cl_ord_id = ?')
      .all((JSON.parse(row.data) as { clOrdId: string }).clOrdId) as {
      trade_id: string
      qty: string
      price: string
      at: number
    }[]
    db0.close()
    const readopted = first.core.tracker.adopt({
      ...(JSON.parse(row.data) as Parameters<TridentCore['tracker']['adopt']>[0]),
      state: 'open',
      fills: fills.map((f) => ({
        tradeId: f.trade_id,
        qty: f.qty,
        price: f.price,
        at: f.at,
        protocol: 'rest',
      })),
    })
    first.core.trading.outcomes.onOrder(readopted, true)
    expect(first.core.trading.positions.net('BTC/USD')).toBe('0.35000000')
    await first.core.stop()
    stopped.add(first.core)

    const second = await startCore()
    const after = second.core.trading.positions.view().positions.find((p) => p.symbol === 'BTC/USD')!
    expect({ net: after.net, avgPrice: after.avgPrice, realisedPnl: after.realisedPnl }).toEqual({
      net: before.net,
      avgPrice: before.avgPrice,
      realisedPnl: before.realisedPnl,
    })
    // only the 2 orders not folded were read back; the journal still holds all 6
    expect(second.core.tracker.all()).toHaveLength(2)
    const db = journal()
    expect((db.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n).toBe(6)
    db.close()
    await second.core.stop()
    stopped.add(second.core)

    // a base that cannot be read (a damaged file, a hand edit): nothing lost, every order read again
    const w = new Database(join(dataDir, 'trident.db'))
    w.prepare(`UPDATE position_base SET data = '{"not":"a base"}'`).run()
    w.close()
    const third = await startCore()
    const again = third.core.trading.positions.view().positions.find((p) => p.symbol === 'BTC/USD')!
    expect(again.net).toBe('0.35000000')
    expect(third.core.tracker.all()).toHaveLength(6)
    expect(third.core.trading.notices.view().notices.map((n) => n.text)).toContain(
      "The journal's saved position base could not be read (not a saved position list); positions are counted again from every journaled fill",
    )
  })
})
