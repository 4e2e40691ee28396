import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'
import { writeRecording } from './replayKit'

const dir = mkdtempSync(join(tmpdir(), 'trident-kraken-rec-'))
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const s of stops) await s()
})

const T0 = 1_764_568_800_000_000_000n
// a pair the built-in exchange does not list, as Kraken's instrument channel describes it
const INSTRUMENT =
  '{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[{"symbol":"ADA/USD","base":"ADA","quote":"USD","status":"online","qty_precision":8,"qty_increment":0.00000001,"price_precision":6,"cost_precision":5,"marginable":true,"has_index":true,"cost_min":0.5,"tick_size":0.000001,"price_increment":0.000001,"qty_min":4.5}]}}'
// Kraken's checksum of this book: "asks then bids, dot and leading zeros dropped"
const checksum = crc32('451230' + '50000000000' + '451210' + '25000000000') >>> 0
const SNAPSHOT = `{"channel":"book","type":"snapshot","data":[{"symbol":"ADA/USD","bids":[{"price":0.451210,"qty":250.00000000}],"asks":[{"price":0.451230,"qty":500.00000000}],"checksum":${checksum}}]}`

describe('replay of a live Kraken recording', () => {
  it('takes precisions and minimums from the recorded instrument frames, and refuses a symbol without one', async () => {
    const file = join(dir, 'kraken.trec.gz')
    writeRecording(
      file,
      [
        [T0, INSTRUMENT],
        [T0 + 1_000_000n, SNAPSHOT],
      ],
      { venue: 'kraken', channels: ['instrument', 'book'], symbols: ['ADA/USD', 'DOT/USD'] },
    )
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 'max' } })
    const ep = await sim.start()
    stops.push(() => sim.stop())
    await until(() => sim.replay!.status().ended, 'the end')
    expect(sim.replay!.status()).toMatchObject({
      symbols: ['ADA/USD'],
      gaps: [],
      refused: ['DOT/USD: the recording has no instrument frame for it, so its precisions are unknown'],
    })
    expect(sim.instruments.get('ADA/USD')).toMatchObject({
      pricePrecision: 6,
      qtyPrecision: 8,
      tickSize: '0.000001',
      ordermin: '4.5',
    })
    expect([
      sim.engine.book('ADA/USD').topL2('bid', 10),
      sim.engine.book('ADA/USD').topL2('ask', 10),
    ]).toEqual([[[451_210, 25_000_000_000n]], [[451_230, 50_000_000_000n]]])
    // the trader meets the real minimum (4.5 ADA) though the replay's own orders do not
    expect(() =>
      sim.engine.place({
        account: 'trader',
        symbol: 'ADA/USD',
        side: 'buy',
        type: 'limit',
        qty: 400_000_000n,
        limitPrice: 451_000,
        tif: 'GTC',
        source: { protocol: 'rest' },
      }),
    ).toThrow('EOrder:Order minimum not met')
    // REST lists the recorded pair
    const pairs = (await (await fetch(`${ep.rest}/0/public/AssetPairs`)).json()) as {
      result: Record<string, { wsname: string; ordermin: string }>
    }
    expect(Object.values(pairs.result).find((p) => p.wsname === 'ADA/USD')).toMatchObject({ ordermin: '4.5' })
  })

  it('refuses, in words, a recording with nothing it can replay', () => {
    const file = join(dir, 'none.trec.gz')
    writeRecording(file, [[T0, SNAPSHOT]], { venue: 'kraken', symbols: ['ADA/USD'] })
    expect(() => new SimExchange({ replay: { files: [file] } })).toThrow(
      'nothing to replay: ADA/USD: the recording has no instrument frame for it, so its precisions are unknown',
    )
  })

  it('a recording made in practice on a replayed live pair (venue builtin, ADA/USD) replays with the recorded instrument', async () => {
    // the app's recorder writes venue 'builtin' on the built-in exchange, replaying or not, and
    // always records the instrument frame: that frame is the pair's truth, as for a live recording
    const file = join(dir, 'practice.trec.gz')
    writeRecording(
      file,
      [
        [T0, INSTRUMENT],
        [T0 + 1_000_000n, SNAPSHOT],
      ],
      { venue: 'builtin', channels: ['book', 'instrument'], symbols: ['ADA/USD'] },
    )
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 'max' } })
    await sim.start()
    stops.push(() => sim.stop())
    await until(() => sim.replay!.status().ended, 'the end')
    expect(sim.replay!.status()).toMatchObject({ symbols: ['ADA/USD'], gaps: [] })
    expect(sim.instruments.get('ADA/USD')).toMatchObject({ pricePrecision: 6, ordermin: '4.5' })
    expect(sim.engine.book('ADA/USD').topL2('ask', 10)).toEqual([[451_230, 50_000_000_000n]])
  })
})
