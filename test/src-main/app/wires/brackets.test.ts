import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { BracketsView, ExitTemplateView } from '../../../../src-preload/contract/brackets'
import type { PlaceResult } from '../../../../src-preload/contract/types'
import { touchOf } from '../../../../src-main/features/marketData/touch'
import { until } from '../../../helpers/until'
import {
  linksOnline,
  missingFrom,
  openWindow,
  placeElsewhere,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/**
 * Brackets over real sockets against the built-in exchange (issue 18): an entry placed with an
 * exit template gets a target and a stop for each of its fills, the legs cancel or shrink each
 * other as they fill, and breakeven and trailing move the stop from the followed book's touch.
 * Each instrument's book is emptied first, so our orders are the only ones and every fill is one
 * the test caused (deterministic sizes).
 */
export const covers: Covers = {
  commands: ['brackets.templates.save', 'brackets.templates.delete', 'brackets.place', 'brackets.chase'],
  topics: ['brackets'],
}

const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let sub: number

beforeAll(async () => {
  core = await startCore(23)
  w = openWindow(core, exercised)
  await linksOnline(w)
  const engine = core.sim!.engine
  for (const o of [...engine.orders.values()])
    if (o.status === 'open' && ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'BTC/EUR'].includes(o.symbol))
      engine.cancel(o.account, { orderId: o.id })
  sub = w.sub('brackets', {})
}, 30_000)
afterAll(() => core.stop())

const engine = () => core.sim!.engine
/** the trader's open orders at the exchange on a symbol, as [side type qty limit trigger] */
const venue = (symbol: string) =>
  [...engine().orders.values()]
    .filter((o) => o.account === 'trader' && o.symbol === symbol && o.status === 'open')
    .map((o) => ({
      clOrdId: o.clOrdId,
      type: o.type,
      qty: o.qty - o.filled,
      limit: o.limitPrice,
      trigger: o.triggerPrice,
    }))
const venueOrder = (clOrdId: string) =>
  [...engine().orders.values()].find((o) => o.account === 'trader' && o.clOrdId === clOrdId)!
/** the best bid main's own book has (what breakeven and trailing are measured on) */
const bid = (symbol: string) => touchOf(core.wsPublic?.bookState(symbol)).bid
const seen = () => w.messages(sub).length
const entryOf = (v: BracketsView, id: string) => v.entries.find((e) => e.entryClOrdId === id)

async function saveTemplate(t: Omit<ExitTemplateView, 'id'>): Promise<ExitTemplateView> {
  return w.ok<ExitTemplateView>('brackets.templates.save', t)
}

async function entry(templateId: string, symbol: string, qty: string, limitPrice: string): Promise<string> {
  const r = await w.ok<PlaceResult>('brackets.place', {
    templateId,
    symbol,
    side: 'buy',
    type: 'limit',
    qty,
    limitPrice,
    confirmed: true,
  })
  if (!('clOrdId' in r)) throw new Error(`asked to confirm: ${r.confirm}`)
  return r.clOrdId
}

/** another account sells into our entry (IOC): one fill of `qty` units of 1e-8 */
const sellInto = (symbol: string, price: number, qty: bigint) =>
  placeElsewhere(core, { symbol, side: 'sell', price, qty, tif: 'IOC' })
const buyFrom = (symbol: string, price: number, qty: bigint) =>
  placeElsewhere(core, { symbol, side: 'buy', price, qty, tif: 'IOC' })

describe('brackets wires', () => {
  it('templates: saved and shown on the brackets topic; an invalid one is refused in words; deleted', async () => {
    const from = seen()
    const bad = await w.cmd('brackets.templates.save', {
      name: 'Bad',
      targets: [
        { offset: { ticks: 0 }, percent: 50 },
        { offset: { ticks: 10 }, percent: 40 },
      ],
      stop: { offset: { ticks: 5 }, type: 'stop-loss' },
    })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.error.message).toBe(
      "Exit template not saved: Target 1's offset is 0 ticks: it must be away from the entry price; The targets' shares add up to 90 %, not 100 %",
    )
    const t = await saveTemplate({
      name: 'Throwaway',
      targets: [{ offset: { ticks: 10 }, percent: 100 }],
      stop: { offset: { ticks: 10 }, type: 'stop-loss' },
    })
    await w.next<BracketsView>(
      sub,
      from,
      (v) => v.templates.some((x) => x.id === t.id && x.name === 'Throwaway'),
      'the template on the topic',
    )
    const after = seen()
    await w.ok('brackets.templates.delete', { id: t.id })
    await w.next<BracketsView>(
      sub,
      after,
      (v) => !v.templates.some((x) => x.id === t.id),
      'the template gone',
    )
  })

  it('an entry filled in three partial fills gets three brackets of the right sizes', async () => {
    const t = await saveTemplate({
      name: 'OCO 20/20',
      targets: [{ offset: { ticks: 20 }, percent: 100 }],
      stop: { offset: { ticks: 20 }, type: 'stop-loss' },
    })
    const id = await entry(t.id, 'BTC/USD', '0.30000000', '65000.0')
    for (const qty of [10_000_000n, 5_000_000n, 15_000_000n]) {
      const n = entryOf(w.messages<BracketsView>(sub).at(-1)!, id)?.brackets.length ?? 0
      sellInto('BTC/USD', 650000, qty)
      await w.next<BracketsView>(
        sub,
        0,
        (v) =>
          (entryOf(v, id)?.brackets ?? []).filter((b) => b.legs.every((l) => l.state === 'open')).length ===
          n + 1,
        `bracket ${n + 1} working`,
      )
    }
    const v = w.messages<BracketsView>(sub).at(-1)!
    expect(
      entryOf(v, id)!.brackets.map((b) => [
        b.qty,
        b.entryPrice,
        b.legs.map((l) => [l.role, l.type, l.qty, l.price, l.trigger]),
      ]),
    ).toEqual([
      [
        '0.10000000',
        '65000.0',
        [
          ['stop', 'stop-loss', '0.10000000', null, '64998.0'],
          ['target', 'limit', '0.10000000', '65002.0', null],
        ],
      ],
      [
        '0.05000000',
        '65000.0',
        [
          ['stop', 'stop-loss', '0.05000000', null, '64998.0'],
          ['target', 'limit', '0.05000000', '65002.0', null],
        ],
      ],
      [
        '0.15000000',
        '65000.0',
        [
          ['stop', 'stop-loss', '0.15000000', null, '64998.0'],
          ['target', 'limit', '0.15000000', '65002.0', null],
        ],
      ],
    ])
    expect(entryOf(v, id)!.brackets[0]!.protections).toEqual([
      { what: 'target: limit 65002.0', where: 'at Kraken' },
      { what: 'stop: stop-loss 64998.0', where: 'at Kraken' },
      { what: 'one cancels the other (a leg that fills cancels or shrinks the others)', where: 'in Trident' },
    ])
    // and the exchange has exactly these six legs
    expect(
      venue('BTC/USD')
        .map((o) => [o.type, o.qty, o.limit, o.trigger])
        .sort(),
    ).toEqual(
      [
        ['limit', 10_000_000n, 650020, undefined],
        ['limit', 5_000_000n, 650020, undefined],
        ['limit', 15_000_000n, 650020, undefined],
        ['stop-loss', 10_000_000n, undefined, 649980],
        ['stop-loss', 5_000_000n, undefined, 649980],
        ['stop-loss', 15_000_000n, undefined, 649980],
      ].sort(),
    )
  })

  it('a target fill cancels its stop; a partial target fill shrinks its stop', async () => {
    const v0 = w.messages<BracketsView>(sub).at(-1)!
    const [b1, b2] = v0.entries.find((e) => e.symbol === 'BTC/USD')!.brackets
    const stop1 = b1!.legs.find((l) => l.role === 'stop')!.clOrdId!
    const stop2 = b2!.legs.find((l) => l.role === 'stop')!.clOrdId!
    // the first target (earliest at 65002.0) fills whole
    buyFrom('BTC/USD', 650020, 10_000_000n)
    await w.next<BracketsView>(
      sub,
      0,
      (v) => v.entries.some((e) => e.brackets.some((b) => b.id === b1!.id && b.phase === 'done')),
      'bracket 1 done',
    )
    expect(venueOrder(stop1).status).toBe('canceled')
    // the second target: 0.02 of its 0.05 fills, its stop shrinks to 0.03
    buyFrom('BTC/USD', 650020, 2_000_000n)
    await until(() => venueOrder(stop2).qty === 3_000_000n, 'stop 2 shrunk at the exchange')
    expect(venueOrder(stop2).status).toBe('open')
    const notices = core.trading.notices.view().notices.map((n) => n.text)
    expect(notices).toContain(
      `Bracket ${b1!.id} (0.10000000 BTC/USD from 65000.0): target ${b1!.legs[1]!.clOrdId} filled, so its stop ${stop1} is cancelled (one cancels the other)`,
    )
    expect(notices).toContain(
      `Bracket ${b2!.id} (0.05000000 BTC/USD from 65000.0): target ${b2!.legs[1]!.clOrdId} part-filled (0.02000000 of 0.05000000), so its stop ${stop2} is shrunk to 0.03000000`,
    )
  })

  it('a stop part-filled shrinks the targets, the farthest first', async () => {
    const t = await saveTemplate({
      name: 'Two targets',
      targets: [
        { offset: { ticks: 20 }, percent: 50 },
        { offset: { ticks: 40 }, percent: 50 },
      ],
      stop: { offset: { ticks: 10 }, type: 'stop-loss' },
    })
    const id = await entry(t.id, 'BTC/EUR', '0.10000000', '60000.0')
    sellInto('BTC/EUR', 600000, 10_000_000n)
    const v = await w.next<BracketsView>(
      sub,
      0,
      (x) => entryOf(x, id)?.brackets[0]?.legs.every((l) => l.state === 'open'),
      'the BTC/EUR bracket working',
    )
    const legs = entryOf(v, id)!.brackets[0]!.legs
    expect(legs.map((l) => [l.role, l.n, l.qty, l.price, l.trigger])).toEqual([
      ['stop', 0, '0.10000000', null, '59999.0'],
      ['target', 1, '0.05000000', '60002.0', null],
      ['target', 2, '0.05000000', '60004.0', null],
    ])
    // others trade at the stop's trigger: it fires, and the only bid left takes 0.03 of it
    placeElsewhere(core, {
      symbol: 'BTC/EUR',
      side: 'buy',
      price: 599990,
      qty: 4_000_000n,
      account: 'synthetic-maker',
    })
    sellInto('BTC/EUR', 599990, 1_000_000n)
    await until(() => venueOrder(legs[0]!.clOrdId!).filled === 3_000_000n, 'the stop part-filled')
    await until(() => venueOrder(legs[2]!.clOrdId!).qty === 2_000_000n, 'target 2 shrunk to 0.02')
    expect(venueOrder(legs[1]!.clOrdId!).qty).toBe(5_000_000n)
    expect(venueOrder(legs[1]!.clOrdId!).status).toBe('open')
  })

  it('a fill below the venue minimum waits for the next fill: one bracket protects both', async () => {
    const t = await saveTemplate({
      name: 'Small fills',
      targets: [{ offset: { ticks: 20 }, percent: 100 }],
      stop: { offset: { ticks: 20 }, type: 'stop-loss' },
    })
    // another bid at the same price, first in the queue: a sell of 0.00008 leaves us 0.00003,
    // under BTC/EUR's minimum order of 0.00005 (no leg could be that small)
    placeElsewhere(core, {
      symbol: 'BTC/EUR',
      side: 'buy',
      price: 599900,
      qty: 5_000n,
      account: 'synthetic-maker',
    })
    const id = await entry(t.id, 'BTC/EUR', '0.00010000', '59990.0')
    sellInto('BTC/EUR', 599900, 8_000n)
    await until(() => core.tracker.get(id)?.filledQty === '0.00003000', 'the small fill seen')
    sellInto('BTC/EUR', 599900, 5_000n)
    const v = await w.next<BracketsView>(
      sub,
      0,
      (x) => entryOf(x, id)?.brackets[0]?.legs.every((l) => l.state === 'open'),
      'one bracket for both fills',
    )
    // (a bracket for the small fill alone would be a second one here, its legs refused as too small)
    expect(entryOf(v, id)!.brackets.map((b) => [b.qty, b.legs.map((l) => l.qty)])).toEqual([
      ['0.00008000', ['0.00008000', '0.00008000']],
    ])
  })

  it('breakeven moves the stop to the entry price once the bid is N ticks up', async () => {
    const t = await saveTemplate({
      name: 'Breakeven 5',
      targets: [{ offset: { ticks: 100 }, percent: 100 }],
      stop: { offset: { ticks: 50 }, type: 'stop-loss-limit', limitOffset: { ticks: 3 } },
      breakevenAfterTicks: 5,
    })
    const id = await entry(t.id, 'ETH/USD', '0.10000000', '3200.00')
    sellInto('ETH/USD', 320000, 10_000_000n)
    const v = await w.next<BracketsView>(
      sub,
      0,
      (x) => entryOf(x, id)?.brackets[0]?.legs.every((l) => l.state === 'open'),
      'the ETH bracket working',
    )
    const stop = entryOf(v, id)!.brackets[0]!.legs.find((l) => l.role === 'stop')!
    expect([stop.trigger, stop.price]).toEqual(['3199.50', '3199.47'])
    // four ticks up: not yet
    placeElsewhere(core, {
      symbol: 'ETH/USD',
      side: 'buy',
      price: 320004,
      qty: 1_000_000n,
      account: 'synthetic-maker',
    })
    await until(() => bid('ETH/USD') === '3200.04', 'the bid at 3200.04 in main')
    placeElsewhere(core, {
      symbol: 'ETH/USD',
      side: 'buy',
      price: 320005,
      qty: 1_000_000n,
      account: 'synthetic-maker',
    })
    await until(
      () => venueOrder(stop.clOrdId!).triggerPrice === 320000,
      'the stop at breakeven at the exchange',
    )
    expect(venueOrder(stop.clOrdId!).limitPrice).toBe(319997)
  })

  it('trailing keeps the stop its distance behind the bid, never back', async () => {
    const t = await saveTemplate({
      name: 'Trail 10',
      targets: [{ offset: { ticks: 200 }, percent: 100 }],
      stop: { offset: { ticks: 30 }, type: 'stop-loss' },
      trailTicks: 10,
    })
    const id = await entry(t.id, 'SOL/USD', '1.00000000', '150.00')
    sellInto('SOL/USD', 15000, 100_000_000n)
    const v = await w.next<BracketsView>(
      sub,
      0,
      (x) => entryOf(x, id)?.brackets[0]?.legs.every((l) => l.state === 'open'),
      'the SOL bracket working',
    )
    const stop = entryOf(v, id)!.brackets[0]!.legs.find((l) => l.role === 'stop')!
    expect(stop.trigger).toBe('149.70')
    placeElsewhere(core, {
      symbol: 'SOL/USD',
      side: 'buy',
      price: 15015,
      qty: 5_000_000n,
      account: 'synthetic-maker',
    })
    await until(() => venueOrder(stop.clOrdId!).triggerPrice === 15005, 'the stop trailing at 150.05')
    placeElsewhere(core, {
      symbol: 'SOL/USD',
      side: 'buy',
      price: 15030,
      qty: 5_000_000n,
      account: 'synthetic-maker',
    })
    await until(() => venueOrder(stop.clOrdId!).triggerPrice === 15020, 'the stop trailing at 150.20')
    await w.next<BracketsView>(
      sub,
      0,
      (x) => entryOf(x, id)?.brackets[0]?.legs.find((l) => l.role === 'stop')?.trigger === '150.20',
      'the topic showing the stop at 150.20',
    )
    // the bid falls back: the stop stays
    for (const o of [...engine().orders.values()])
      if (
        o.symbol === 'SOL/USD' &&
        o.account === 'synthetic-maker' &&
        o.status === 'open' &&
        o.limitPrice === 15030
      )
        engine().cancel(o.account, { orderId: o.id })
    await until(() => bid('SOL/USD') === '150.15', 'the bid back at 150.15 in main')
    const last = w.messages<BracketsView>(sub).at(-1)!
    expect(entryOf(last, id)!.brackets[0]!.legs.find((l) => l.role === 'stop')!.trigger).toBe('150.20')
    expect(venueOrder(stop.clOrdId!).triggerPrice).toBe(15020)
  })

  it('a chase order follows the bid until filled, with no rate-limit refusal; beyond its max chase it stops', async () => {
    const XRP = 'XRP/USD' // prices in units of 0.00001
    const makerBid = (price: number) =>
      placeElsewhere(core, {
        symbol: XRP,
        side: 'buy',
        price,
        qty: 10_000_000_000n,
        account: 'synthetic-maker',
      })
    w.sub('book', { symbol: XRP }) // a window shows the XRP book: main has it live
    makerBid(60000)
    await until(() => bid(XRP) === '0.60000', 'the XRP bid in main')
    const r = await w.ok<PlaceResult>('brackets.chase', {
      symbol: XRP,
      side: 'buy',
      qty: '4.00000000',
      maxChaseTicks: 5,
      confirmed: true,
    })
    if (!('clOrdId' in r)) throw new Error(`asked to confirm: ${r.confirm}`)
    expect(venueOrder(r.clOrdId).limitPrice).toBe(60000) // joined the bid
    for (const p of [60001, 60002, 60003]) {
      makerBid(p)
      await until(() => venueOrder(r.clOrdId).limitPrice === p, `the chase at ${p}`)
    }
    // the others' bids leave: ours is the only one, and a seller fills it where it chased to
    for (const o of [...engine().orders.values()])
      if (o.symbol === XRP && o.account === 'synthetic-maker' && o.status === 'open')
        engine().cancel(o.account, { orderId: o.id })
    sellInto(XRP, 60003, 400_000_000n)
    const v = await w.next<BracketsView>(
      sub,
      0,
      (x) => x.chases.some((c) => c.clOrdId === r.clOrdId && c.state === 'filled'),
      'the chase filled',
    )
    expect(v.chases.find((c) => c.clOrdId === r.clOrdId)).toMatchObject({
      startPrice: '0.60000',
      price: '0.60003',
      filledQty: '4.00000000',
      moves: 3,
      state: 'filled',
    })
    const words = core.trading.notices.view().notices.map((n) => n.text)
    expect(words.filter((t) => /counter|rate|refused/i.test(t))).toEqual([])

    // a second chase: the bid runs 6 ticks away, beyond its max of 5: it stops and rests
    makerBid(60000)
    await until(() => bid(XRP) === '0.60000', 'the XRP bid back at 0.60000')
    const s = await w.ok<PlaceResult>('brackets.chase', {
      symbol: XRP,
      side: 'buy',
      qty: '4.00000000',
      maxChaseTicks: 5,
      confirmed: true,
    })
    if (!('clOrdId' in s)) throw new Error(`asked to confirm: ${s.confirm}`)
    makerBid(60006)
    await w.next<BracketsView>(
      sub,
      0,
      (x) => x.chases.some((c) => c.clOrdId === s.clOrdId && c.state === 'stopped'),
      'the chase stopped',
    )
    expect(venueOrder(s.clOrdId).limitPrice).toBe(60000)
    expect(core.trading.notices.view().notices.map((n) => n.text)).toContain(
      `Chase ${s.clOrdId} stopped: the bid is 6 ticks from where it started (0.60000), beyond its max chase of 5; it rests at 0.60000`,
    )
  })

  it('covers only what it exercised', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
