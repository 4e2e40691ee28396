import { isLosslessNumber, parse } from 'lossless-json'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SyntheticTraders } from '../../src-main/sim/market/SyntheticTraders'
import { SimExchange } from '../../src-main/sim/SimExchange'
import { privateCall } from '../helpers/krakenTestClient'
import { corpusMessage } from './corpus'

/**
 * Spot margin answers of the built-in exchange over a real socket, held against what Kraken
 * sends: AssetPairs of a margin pair (Kraken.Net's copy of Kraken's example), OpenPositions
 * (Kraken's doc example; ccxt's live recording of consolidation=market) and TradeBalance
 * (Kraken's api-specs example without positions; Kraken.Net's with margin in use). Shapes are
 * keys + JSON types, compared exactly: nothing is removed from Kraken's side.
 */

type Json = Record<string, unknown>
let sim: SimExchange
let base: string
let trader: { apiKey: string; apiSecret: string }
let maker: { apiKey: string; apiSecret: string }

beforeAll(async () => {
  sim = new SimExchange({
    seed: 9,
    messagesPerSecond: 0,
    tier: 'pro',
    accounts: [{ name: 'm1' }, { name: 'm2' }],
  })
  base = (await sim.start()).rest
  ;[trader, maker] = [sim.credentials[0]!, sim.credentials[1]!]
  for (const a of SyntheticTraders.accounts) sim.engine.cancelAll(a, { symbol: 'BTC/USD' })
})
afterAll(() => sim.stop())

const parseText = (t: string): Json => parse(t) as Json
type Shape = string | { [k: string]: Shape } | Shape[]
function shape(v: unknown): Shape {
  if (v === null) return 'null'
  if (isLosslessNumber(v)) return 'number'
  if (Array.isArray(v)) {
    const each = v.map(shape)
    const one = each.every((x) => JSON.stringify(x) === JSON.stringify(each[0]))
    return one ? each.slice(0, 1) : each
  }
  if (typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Json)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, shape(x)]),
    )
  return typeof v
}
const recorded = (id: string): unknown => parseText(corpusMessage(id).text).result
const first = (m: unknown): unknown => Object.values(m as Json)[0]

async function priv(
  cred: { apiKey: string; apiSecret: string },
  method: string,
  p: Record<string, string> = {},
) {
  const r = await privateCall(base, cred, method, p)
  expect(r.error).toEqual([])
  // the same reply, re-read losslessly so number tokens stay numbers for shape()
  return parseText(JSON.stringify(r.result)) as unknown
}

describe('REST conformance: spot margin', () => {
  it('AssetPairs XXBTZUSD has exactly the keys and types of Kraken’s margin pair, with its levels and margin terms', async () => {
    const res = await fetch(`${base}/0/public/AssetPairs?pair=XBTUSD`)
    const mine = (parseText(await res.text()).result as Json).XXBTZUSD as Json
    const theirs = (recorded('rest.AssetPairs.kraken-net-1') as Json).XXBTZUSD as Json
    expect(shape(mine)).toEqual(shape(theirs))
    for (const k of [
      'leverage_buy',
      'leverage_sell',
      'margin_call',
      'margin_stop',
      'long_position_limit',
      'short_position_limit',
    ])
      expect(JSON.stringify(mine[k]), k).toBe(JSON.stringify(theirs[k]))
  })

  it('TradeBalance without positions has the keys of Kraken’s own example (no ml)', async () => {
    const mine = await priv(trader, 'TradeBalance')
    expect(shape(mine)).toEqual(shape(recorded('rest.TradeBalance.api-specs-1')))
  })

  it('with a margin position: OpenPositions as Kraken’s doc example and ccxt’s live consolidated reply, TradeBalance with ml', async () => {
    await priv(maker, 'AddOrder', {
      pair: 'XBTUSD',
      ordertype: 'limit',
      type: 'sell',
      volume: '0.02',
      price: '65000.0',
    })
    await priv(trader, 'AddOrder', {
      pair: 'XBTUSD',
      ordertype: 'market',
      type: 'buy',
      volume: '0.02',
      leverage: '3',
    })
    const pos = await priv(trader, 'OpenPositions', { docalcs: 'true' })
    expect(shape(first(pos))).toEqual(shape(first(recorded('rest.OpenPositions.doc-example-1'))))
    const cons = (await priv(trader, 'OpenPositions', {
      docalcs: 'true',
      consolidation: 'market',
    })) as unknown[]
    expect(shape(cons[0])).toEqual(shape((recorded('rest.OpenPositions.ccxt-resp-1') as unknown[])[0]))
    // 0.02 × 65000 = 1300 at 3×: margin 433.333…, written to XBT/USD's 5 cost decimals as Kraken's
    // example writes 104610.52842 ÷ 5 = 20922.105684 as "20922.10568"
    expect((first(pos) as Json).margin).toBe('433.33333')
    expect(shape(await priv(trader, 'TradeBalance'))).toEqual(
      shape(recorded('rest.TradeBalance.kraken-net-fixture-1')),
    )
  })
})
