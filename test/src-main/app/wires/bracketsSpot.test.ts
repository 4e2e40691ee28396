import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { BracketsView, ExitTemplateView } from '../../../../src-preload/contract/brackets'
import type { PlaceResult } from '../../../../src-preload/contract/types'
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
 * Brackets on spot when the balance cannot hold both legs (issue 18). Every open sell at Kraken
 * holds its base asset: a trader holding exactly the entry's fill has room for one exit order.
 * The stop rests at Kraken; the target is held in Trident and sent (IOC) when the bid reaches
 * it, the stop shrunk first to free the balance and put back over whatever the target left.
 * Over real sockets against the built-in exchange; each book is emptied first and the trader's
 * base asset set to 0, so the entry's fill is all the trader has.
 */
export const covers: Covers = {
  commands: ['brackets.templates.save', 'brackets.place'],
  topics: ['brackets'],
}

const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let sub: number
const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD']
let templates = 0

beforeAll(async () => {
  core = await startCore(29)
  w = openWindow(core, exercised)
  await linksOnline(w)
  const engine = core.sim!.engine
  for (const o of [...engine.orders.values()])
    if (o.status === 'open' && SYMBOLS.includes(o.symbol)) engine.cancel(o.account, { orderId: o.id })
  // the trader sells all its BTC, ETH and SOL at Kraken (to a bid at the entry prices used below),
  // so the reported balances say 0 and the entries' fills are all it will hold
  const prices: Record<string, number> = { 'BTC/USD': 650000, 'ETH/USD': 320000, 'SOL/USD': 15000 }
  for (const s of SYMBOLS) {
    const qty = engine.accounts.balance('trader', engine.instrument(s).base) / 10_000_000_000n // 1e18 -> 1e-8 units
    placeElsewhere(core, { symbol: s, side: 'buy', price: prices[s]!, qty, account: 'synthetic-maker' })
    engine.place({
      account: 'trader',
      symbol: s,
      side: 'sell',
      type: 'limit',
      limitPrice: prices[s]!,
      qty,
      tif: 'IOC',
      source: { protocol: 'rest' },
    })
  }
  const reported = (asset: string) =>
    core.trading.positions.view().balances.find((b) => b.asset === asset)?.balance
  await until(
    () => ['BTC', 'ETH', 'SOL'].every((a) => reported(a) === '0.0000000000'),
    'the reported BTC, ETH and SOL balances at 0',
  )
  sub = w.sub('brackets', {})
}, 30_000)
afterAll(() => core.stop())

const engine = () => core.sim!.engine
const baseOf = (symbol: string) => engine().accounts.balance('trader', engine().instrument(symbol).base)
/** the trader's open orders at the exchange on a symbol, as [type qty-left limit trigger] */
const venue = (symbol: string) =>
  [...engine().orders.values()]
    .filter((o) => o.account === 'trader' && o.symbol === symbol && o.status === 'open')
    .map((o) => [o.type, o.qty - o.filled, o.limitPrice, o.triggerPrice])
const venueOrder = (clOrdId: string) =>
  [...engine().orders.values()].find((o) => o.account === 'trader' && o.clOrdId === clOrdId)!
const entryOf = (v: BracketsView, id: string) => v.entries.find((e) => e.entryClOrdId === id)
const legsOf = (v: BracketsView, id: string) =>
  entryOf(v, id)?.brackets[0]?.legs.map((l) => [l.role, l.qty, l.filledQty, l.state, l.lives]) ?? []
const words = () => core.trading.notices.view().notices.map((n) => n.text)

async function bracketed(
  symbol: string,
  qty: string,
  limitPrice: string,
  target: number | { offset: { ticks: number }; percent: number }[],
  stop: number,
): Promise<{ id: string }> {
  const t = await w.ok<ExitTemplateView>('brackets.templates.save', {
    name: `Spot ${symbol} ${++templates}`,
    targets: typeof target === 'number' ? [{ offset: { ticks: target }, percent: 100 }] : target,
    stop: { offset: { ticks: stop }, type: 'stop-loss' },
  })
  const r = await w.ok<PlaceResult>('brackets.place', {
    templateId: t.id,
    symbol,
    side: 'buy',
    type: 'limit',
    qty,
    limitPrice,
    confirmed: true,
  })
  if (!('clOrdId' in r)) throw new Error(`asked to confirm: ${r.confirm}`)
  return { id: r.clOrdId }
}

describe('brackets on spot, the balance holding one exit', () => {
  it('the stop rests at Kraken, the target in Trident; the bid reaches it: the stop is cancelled, the target fills, flat', async () => {
    const e = await bracketed('BTC/USD', '0.10000000', '65000.0', 20, 20)
    placeElsewhere(core, { symbol: 'BTC/USD', side: 'sell', price: 650000, qty: 10_000_000n, tif: 'IOC' })
    const v = await w.next<BracketsView>(
      sub,
      0,
      (x) => legsOf(x, e.id)[0]?.[3] === 'open' && legsOf(x, e.id)[1]?.[3] === 'held in Trident',
      'the stop open at Kraken, the target held in Trident',
    )
    expect(baseOf('BTC/USD')).toBe(100_000_000_000_000_000n) // 0.1 BTC, at 1e18 units per BTC
    const b = entryOf(v, e.id)!.brackets[0]!
    expect(venue('BTC/USD')).toEqual([['stop-loss', 10_000_000n, undefined, 649980]])
    expect(legsOf(v, e.id)).toEqual([
      ['stop', '0.10000000', '0.00000000', 'open', 'at Kraken'],
      ['target', '0.10000000', '0.00000000', 'held in Trident', 'in Trident'],
    ])
    expect(b.protections).toEqual([
      {
        what: 'target: limit 65002.0, held in Trident (the balance is held by the stop): sent when the bid reaches it',
        where: 'in Trident',
      },
      { what: 'stop: stop-loss 64998.0', where: 'at Kraken' },
      { what: 'one cancels the other (a leg that fills cancels or shrinks the others)', where: 'in Trident' },
    ])
    expect(words().filter((t) => /not protected/.test(t))).toEqual([])
    // Trident saw from the reported balance that the stop holds all 0.1: the target never went to
    // Kraken to be refused (no order rejected, no refusal said)
    expect(core.tracker.all().filter((o) => o.state === 'rejected')).toEqual([])
    expect(words().filter((t) => /insufficient funds/i.test(t))).toEqual([])
    const stopId = b.legs[0]!.clOrdId!

    // a buyer bids the target's price: Trident frees the balance, then sells there
    placeElsewhere(core, {
      symbol: 'BTC/USD',
      side: 'buy',
      price: 650020,
      qty: 20_000_000n,
      account: 'synthetic-maker',
    })
    const done = await w.next<BracketsView>(
      sub,
      0,
      (x) => entryOf(x, e.id)?.brackets[0]?.phase === 'done',
      'the bracket done',
    )
    expect(venueOrder(stopId).status).toBe('canceled')
    expect(venue('BTC/USD')).toEqual([])
    expect(baseOf('BTC/USD')).toBe(0n)
    const target = entryOf(done, e.id)!.brackets[0]!.legs[1]!
    expect([target.qty, target.filledQty, target.state, target.lives]).toEqual([
      '0.10000000',
      '0.10000000',
      'filled',
      'in Trident',
    ])
    expect(venueOrder(target.clOrdId!).limitPrice).toBe(650020)
    expect(words()).toContain(
      `Bracket ${b.id} (0.10000000 BTC/USD from 65000.0): the bid reached its Trident-held target 65002.0, so its stop ${stopId} is cancelled to free the balance for the target (0.10000000)`,
    )
  })

  it('a partial target fill leaves the stop covering exactly the remainder', async () => {
    const e = await bracketed('ETH/USD', '0.10000000', '3200.00', 20, 20)
    placeElsewhere(core, { symbol: 'ETH/USD', side: 'sell', price: 320000, qty: 10_000_000n, tif: 'IOC' })
    await w.next<BracketsView>(
      sub,
      0,
      (x) => legsOf(x, e.id).some((l) => l[3] === 'held in Trident'),
      'the ETH target held in Trident',
    )
    await until(() => venue('ETH/USD').length === 1, 'the ETH stop at the exchange')
    // a bid of 0.04 at the target's price: the IOC sells 0.04, the 0.06 left goes back on a stop
    placeElsewhere(core, {
      symbol: 'ETH/USD',
      side: 'buy',
      price: 320020,
      qty: 4_000_000n,
      account: 'synthetic-maker',
    })
    await w.next<BracketsView>(
      sub,
      0,
      (x) =>
        legsOf(x, e.id)[1]?.[2] === '0.04000000' &&
        legsOf(x, e.id)[0]?.[3] === 'open' &&
        legsOf(x, e.id)[0]?.[1] === '0.06000000',
      'the stop back over the 0.06 left',
    )
    expect(venue('ETH/USD')).toEqual([['stop-loss', 6_000_000n, undefined, 319980]])
    expect(baseOf('ETH/USD')).toBe(60_000_000_000_000_000n) // 0.06 ETH
    expect(legsOf(w.messages<BracketsView>(sub).at(-1)!, e.id)).toEqual([
      ['stop', '0.06000000', '0.00000000', 'open', 'at Kraken'],
      ['target', '0.06000000', '0.04000000', 'held in Trident', 'in Trident'],
    ])
    expect(entryOf(w.messages<BracketsView>(sub).at(-1)!, e.id)!.brackets[0]!.phase).toBe('working')
  })

  it('the market falls instead: the Kraken stop fills and the Trident-held target is dropped', async () => {
    const e = await bracketed('SOL/USD', '1.00000000', '150.00', 20, 20)
    placeElsewhere(core, { symbol: 'SOL/USD', side: 'sell', price: 15000, qty: 100_000_000n, tif: 'IOC' })
    const v = await w.next<BracketsView>(
      sub,
      0,
      (x) => legsOf(x, e.id).some((l) => l[3] === 'held in Trident'),
      'the SOL target held in Trident',
    )
    await until(() => venue('SOL/USD').length === 1, 'the SOL stop at the exchange')
    const b = entryOf(v, e.id)!.brackets[0]!
    // others trade at the stop's trigger; a bid there takes the whole stop
    placeElsewhere(core, {
      symbol: 'SOL/USD',
      side: 'buy',
      price: 14980,
      qty: 200_000_000n,
      account: 'synthetic-maker',
    })
    placeElsewhere(core, { symbol: 'SOL/USD', side: 'sell', price: 14980, qty: 10_000_000n, tif: 'IOC' })
    const done = await w.next<BracketsView>(
      sub,
      0,
      (x) => entryOf(x, e.id)?.brackets[0]?.phase === 'done',
      'the SOL bracket done',
    )
    expect(legsOf(done, e.id)).toEqual([
      ['stop', '1.00000000', '1.00000000', 'filled', 'at Kraken'],
      ['target', '0.00000000', '0.00000000', 'dropped', 'in Trident'],
    ])
    expect(venue('SOL/USD')).toEqual([])
    expect(baseOf('SOL/USD')).toBe(0n)
    expect(words()).toContain(
      `Bracket ${b.id} (1.00000000 SOL/USD from 150.00): its stop filled, so its Trident-held target 150.20 is dropped`,
    )
  })

  it('two held targets: the nearer meets a bid of 0.02 — the stop is shrunk to 0.05 for it, then amended back up to the 0.08 left', async () => {
    for (const o of [...engine().orders.values()])
      if (o.symbol === 'BTC/USD' && o.status === 'open' && o.account !== 'trader')
        engine().cancel(o.account, { orderId: o.id })
    const e = await bracketed(
      'BTC/USD',
      '0.10000000',
      '65000.0',
      [
        { offset: { ticks: 20 }, percent: 50 },
        { offset: { ticks: 40 }, percent: 50 },
      ],
      20,
    )
    placeElsewhere(core, { symbol: 'BTC/USD', side: 'sell', price: 650000, qty: 10_000_000n, tif: 'IOC' })
    const v = await w.next<BracketsView>(
      sub,
      0,
      (x) =>
        legsOf(x, e.id).filter((l) => l[3] === 'held in Trident').length === 2 &&
        legsOf(x, e.id)[0]?.[3] === 'open',
      'both targets held in Trident, the stop open',
    )
    const b = entryOf(v, e.id)!.brackets[0]!
    const stopId = b.legs[0]!.clOrdId!
    placeElsewhere(core, {
      symbol: 'BTC/USD',
      side: 'buy',
      price: 650020,
      qty: 2_000_000n,
      account: 'synthetic-maker',
    })
    await w.next<BracketsView>(
      sub,
      0,
      (x) => legsOf(x, e.id)[1]?.[2] === '0.02000000' && legsOf(x, e.id)[0]?.[1] === '0.08000000',
      'the stop back up to 0.08',
    )
    await until(() => venueOrder(stopId).qty === 8_000_000n, 'the stop amended up at the exchange')
    expect([venueOrder(stopId).status, venueOrder(stopId).filled]).toEqual(['open', 0n])
    expect(venue('BTC/USD')).toEqual([['stop-loss', 8_000_000n, undefined, 649980]])
    expect(baseOf('BTC/USD')).toBe(80_000_000_000_000_000n) // 0.08 BTC
    expect(legsOf(w.messages<BracketsView>(sub).at(-1)!, e.id)).toEqual([
      ['stop', '0.08000000', '0.00000000', 'open', 'at Kraken'],
      ['target', '0.03000000', '0.02000000', 'held in Trident', 'in Trident'],
      ['target', '0.05000000', '0.00000000', 'held in Trident', 'in Trident'],
    ])
    const said = words()
    expect(said).toContain(
      `Bracket ${b.id} (0.10000000 BTC/USD from 65000.0): the bid reached its Trident-held target 65002.0, so its stop ${stopId} is shrunk to 0.05000000 to free the balance for the target (0.05000000)`,
    )
    expect(said).toContain(
      `Bracket ${b.id} (0.10000000 BTC/USD from 65000.0): its stop ${stopId} is back to 0.08000000, over the whole position`,
    )
  })

  it('covers only what it exercised', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
