import { describe, expect, it } from 'vitest'
import { formatAsset } from '../../../../src-main/sim/engine/Accounts'
import { MatchingEngine } from '../../../../src-main/sim/engine/MatchingEngine'
import type { NewOrder } from '../../../../src-main/sim/engine/types'
import { SIM_INSTRUMENTS } from '../../../../src-main/sim/instruments'

// BTC/USD: price precision 1 (65000.0 -> 650000), qty precision 8 (1 BTC -> 100000000n)
const px = (p: string) => Math.round(Number(p) * 10)
const q = (v: string) => {
  const [i, f = ''] = v.split('.')
  return BigInt(i! + f.padEnd(8, '0'))
}

function setup() {
  let r = 0
  const engine = new MatchingEngine(SIM_INSTRUMENTS, {
    now: () => 1_700_000_000_000,
    random: () => ((r = (r * 9301 + 49297) % 233280), r / 233280),
  })
  for (const a of ['alice', 'bob', 'carol']) {
    engine.accounts.deposit(a, 'ZUSD', '1000000')
    engine.accounts.deposit(a, 'XXBT', '100')
  }
  engine.accounts.deposit('dave', 'ZUSD', '1000')
  const order = (o: Partial<NewOrder> & Pick<NewOrder, 'account' | 'side'>) =>
    engine.place({
      symbol: 'BTC/USD',
      type: 'limit',
      qty: q('0.1'),
      tif: 'GTC',
      source: { protocol: 'rest' },
      ...o,
    })
  const usd = (a: string) => formatAsset(engine.accounts.balance(a, 'ZUSD'), 4)
  const btc = (a: string) => formatAsset(engine.accounts.balance(a, 'XXBT'), 8)
  const money = (v: bigint) => formatAsset(v, 4)
  const positions = (a: string) =>
    engine.marginPositions(a).map((p) => ({
      side: p.side,
      vol: p.vol,
      volClosed: p.volClosed,
      cost: money(p.cost),
      fee: money(p.fee),
      margin: money(p.margin),
      leverage: p.leverage,
      value: money(p.value),
      net: money(p.net),
    }))
  return { engine, order, usd, btc, positions }
}

describe('spot margin in the matching engine', () => {
  it('a 2× margin buy opens a position (no BTC moves, the fee is paid in USD); a reduce-only sell closes it with its P&L', () => {
    const { order, usd, btc, positions } = setup()
    order({ account: 'bob', side: 'sell', limitPrice: px('65000.0'), qty: q('1') })
    const buy = order({ account: 'alice', side: 'buy', limitPrice: px('65000.0'), leverage: 2 })
    expect(buy.status).toBe('closed')
    // 0.1 × 65000 = 6500 USD cost, taker fee 0.26 % = 16.9, margin 6500 ÷ 2 = 3250
    expect(btc('alice')).toBe('100.00000000')
    expect(usd('alice')).toBe('999983.1000')
    expect(positions('alice')).toEqual([
      {
        side: 'buy',
        vol: q('0.1'),
        volClosed: 0n,
        cost: '6500.0000',
        fee: '16.9000',
        margin: '3250.0000',
        leverage: 2,
        value: '6500.0000',
        net: '0.0000',
      },
    ])
    // the market moves to 66000: carol bids there, alice closes into her bid
    order({ account: 'carol', side: 'buy', limitPrice: px('66000.0'), qty: q('1') })
    const close = order({
      account: 'alice',
      side: 'sell',
      limitPrice: px('66000.0'),
      leverage: 2,
      reduceOnly: true,
    })
    expect(close.status).toBe('closed')
    // P&L 0.1 × (66000 − 65000) = 100; fee 6600 × 0.26 % = 17.16
    expect(usd('alice')).toBe('1000065.9400')
    expect(btc('alice')).toBe('100.00000000')
    expect(positions('alice')).toEqual([])
  })

  it('refuses a level the pair does not list, margin on a pair without it, and reduce-only without a position', () => {
    const { order } = setup()
    expect(() => order({ account: 'alice', side: 'buy', limitPrice: px('65000.0'), leverage: 7 })).toThrow(
      'EGeneral:Invalid arguments:leverage',
    )
    expect(() =>
      order({
        account: 'alice',
        side: 'buy',
        symbol: 'SOL/USD',
        qty: q('1'),
        limitPrice: 15000,
        leverage: 2,
      }),
    ).toThrow('EGeneral:Invalid arguments:leverage')
    expect(() =>
      order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), reduceOnly: true }),
    ).toThrow('EOrder:Reduce only:No position exists')
    expect(() =>
      order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), leverage: 2, reduceOnly: true }),
    ).toThrow('EOrder:Reduce only:No position exists')
  })

  it('holds margin = cost ÷ leverage (+ fee) against free margin: beyond it, EOrder:Insufficient margin', () => {
    const { order, engine } = setup()
    // dave has 1000 USD: 1 BTC at 5× needs 13000 of margin
    expect(() =>
      order({ account: 'dave', side: 'buy', limitPrice: px('65000.0'), qty: q('1'), leverage: 5 }),
    ).toThrow('EOrder:Insufficient margin')
    // 0.05 BTC at 5×: 3250 ÷ 5 = 650 margin + 8.45 fee (0.26 %) = 658.45 held while it rests
    const o = order({ account: 'dave', side: 'buy', limitPrice: px('65000.0'), qty: q('0.05'), leverage: 5 })
    expect(o.status).toBe('open')
    expect(formatAsset(engine.accounts.held('dave', 'ZUSD'), 4)).toBe('658.4500')
    expect(formatAsset(engine.freeMargin('dave', 'ZUSD'), 4)).toBe('341.5500')
    // a second one the same size no longer fits
    expect(() =>
      order({ account: 'dave', side: 'buy', limitPrice: px('65000.0'), qty: q('0.05'), leverage: 5 }),
    ).toThrow('EOrder:Insufficient margin')
  })

  it('reduce-only never opens or flips: same side refused (Non-PC), a larger one is cut to the position', () => {
    const { order, positions } = setup()
    order({ account: 'bob', side: 'sell', limitPrice: px('65000.0'), qty: q('1') })
    order({ account: 'alice', side: 'buy', limitPrice: px('65000.0'), leverage: 3 })
    expect(() =>
      order({ account: 'alice', side: 'buy', limitPrice: px('65000.0'), leverage: 3, reduceOnly: true }),
    ).toThrow('EOrder:Reduce only:Non-PC')
    order({ account: 'carol', side: 'buy', limitPrice: px('64000.0'), qty: q('1') })
    const big = order({
      account: 'alice',
      side: 'sell',
      limitPrice: px('64000.0'),
      qty: q('0.5'),
      leverage: 3,
      reduceOnly: true,
    })
    expect(big.qty).toBe(q('0.1'))
    expect(big.status).toBe('closed')
    expect(positions('alice')).toEqual([])
  })

  it('an opposite margin order larger than the position closes it and opens the rest the other way', () => {
    const { order, positions, usd } = setup()
    order({ account: 'bob', side: 'sell', limitPrice: px('65000.0'), qty: q('0.1') })
    order({ account: 'alice', side: 'buy', limitPrice: px('65000.0'), leverage: 2 })
    order({ account: 'carol', side: 'buy', limitPrice: px('65000.0'), qty: q('1') })
    order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), qty: q('0.3'), leverage: 2 })
    // closed 0.1 flat (P&L 0), short 0.2 opened at 65000: cost 13000, margin 6500
    expect(positions('alice')).toEqual([
      {
        side: 'sell',
        vol: q('0.2'),
        volClosed: 0n,
        cost: '13000.0000',
        fee: '33.8000',
        margin: '6500.0000',
        leverage: 2,
        value: '13000.0000',
        net: '0.0000',
      },
    ])
    // fees: 16.9 on the buy, 50.7 on the 19500 sell
    expect(usd('alice')).toBe('999932.4000')
  })

  it('an amend that grows a resting margin order meets the margin check, in Kraken’s margin words', () => {
    const { order, engine } = setup()
    const o = order({ account: 'dave', side: 'buy', limitPrice: px('65000.0'), qty: q('0.05'), leverage: 5 })
    // 0.1 at 5× would hold 1316.90 of dave's 1000
    expect(() => engine.amend('dave', { orderId: o.id }, { qty: q('0.1') })).toThrow(
      'EOrder:Insufficient margin',
    )
    engine.amend('dave', { orderId: o.id }, { qty: q('0.07') })
    // 0.07 × 65000 = 4550: 910 margin + 11.83 fee
    expect(formatAsset(engine.accounts.held('dave', 'ZUSD'), 4)).toBe('921.8300')
  })

  it('a short is valued at the last trade while open, and buying it back pays its P&L', () => {
    const { order, positions, usd, btc } = setup()
    order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('0.1') })
    order({ account: 'alice', side: 'sell', limitPrice: px('65000.0'), leverage: 4 })
    // others trade at 64000: alice's short of 0.1 is worth 6400 now, 100 in profit
    order({ account: 'bob', side: 'sell', limitPrice: px('64000.0'), qty: q('0.01') })
    order({ account: 'carol', side: 'buy', limitPrice: px('64000.0'), qty: q('0.01') })
    expect(positions('alice')).toEqual([
      {
        side: 'sell',
        vol: q('0.1'),
        volClosed: 0n,
        cost: '6500.0000',
        fee: '16.9000',
        margin: '1625.0000',
        leverage: 4,
        value: '6400.0000',
        net: '100.0000',
      },
    ])
    order({ account: 'bob', side: 'sell', limitPrice: px('64000.0'), qty: q('0.1') })
    order({ account: 'alice', side: 'buy', type: 'market', leverage: 4, reduceOnly: true })
    expect(positions('alice')).toEqual([])
    // − 16.90 (fee on 6500) + 100 P&L − 16.64 (fee on 6400); no BTC ever moved
    expect(usd('alice')).toBe('1000066.4600')
    expect(btc('alice')).toBe('100.00000000')
  })

  it('a resting reduce-only order whose position closed meanwhile is cancelled, never filled (nothing to reduce)', () => {
    const { order, positions, usd, engine } = setup()
    order({ account: 'bob', side: 'sell', limitPrice: px('65000.0'), qty: q('0.1') })
    order({ account: 'alice', side: 'buy', limitPrice: px('65000.0'), leverage: 2 })
    const takeProfit = order({
      account: 'alice',
      side: 'sell',
      limitPrice: px('70000.0'),
      leverage: 2,
      reduceOnly: true,
    })
    expect(takeProfit.status).toBe('open')
    // alice closes the long another way, flat at 65000
    order({ account: 'bob', side: 'buy', limitPrice: px('65000.0'), qty: q('0.1') })
    order({ account: 'alice', side: 'sell', type: 'market', leverage: 2 })
    expect(positions('alice')).toEqual([])
    const before = usd('alice')
    // carol lifts 70000: alice's reduce-only order has nothing to reduce and goes, carol's rests
    const lift = order({ account: 'carol', side: 'buy', limitPrice: px('70000.0'), qty: q('0.1') })
    expect(takeProfit.status).toBe('canceled')
    expect(takeProfit.filled).toBe(0n)
    expect(lift.status).toBe('open')
    expect(lift.filled).toBe(0n)
    expect(positions('alice')).toEqual([])
    expect(usd('alice')).toBe(before)
    expect(engine.book('BTC/USD').topL2('ask', 1)).toEqual([])
  })
})
