import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'
import { bookFrame, tradeFrame, writeRecording } from './replayKit'

/** Where a recording cannot be trusted, the replay says so once per place, and goes on. */
const dir = mkdtempSync(join(tmpdir(), 'trident-replay-gaps-'))
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const s of stops) await s()
})

const T0 = 1_764_568_800_000_000_000n
const ms = (n: number): bigint => T0 + BigInt(n) * 1_000_000n
const book1 = {
  bids: [['64999.0', '1.00000000']] as [string, string][],
  asks: [['65001.0', '2.00000000']] as [string, string][],
}
const book3 = {
  bids: [['64990.0', '3.00000000']] as [string, string][],
  asks: [['64995.0', '0.10000000']] as [string, string][],
}

async function replay(file: string): Promise<SimExchange> {
  const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 'max' } })
  await sim.start()
  stops.push(() => sim.stop())
  await until(() => sim.replay!.status().ended, 'the end')
  return sim
}

describe('replay gaps', () => {
  it("a quiet market's heartbeats are no gap: 61 s with only heartbeats is time passing, not a stop", async () => {
    const file = join(dir, 'quiet.trec.gz')
    const beats: [bigint, string][] = []
    for (let s = 1; s <= 61; s++) beats.push([ms(s * 1000), '{"channel":"heartbeat"}'])
    writeRecording(file, [
      [ms(0), bookFrame('snapshot', book1, book1)],
      ...beats,
      [ms(61_500), bookFrame('snapshot', book3, book3)],
    ])
    const sim = await replay(file)
    expect(sim.replay!.status()).toMatchObject({ gaps: [], framesApplied: 63 })
    expect(sim.engine.book('BTC/USD').topL2('bid', 1)).toEqual([[649_900, 300_000_000n]])
  })

  it('a seek back over a gap does not report it again', async () => {
    const file = join(dir, 'mismatch.trec.gz')
    writeRecording(file, [
      [ms(0), bookFrame('snapshot', book1, book1)],
      [ms(100), tradeFrame('buy', '65001.0', '0.10000000', 7, '2026-12-01T06:00:00.100000Z')],
      [ms(200), bookFrame('update', { bids: [], asks: [['65001.0', '1.90000000']] }, book1, 12345)],
      [ms(300), tradeFrame('buy', '65001.0', '0.10000000', 10, '2026-12-01T06:00:00.300000Z')],
      [ms(500), bookFrame('snapshot', book3, book3)],
    ])
    const sim = await replay(file)
    const gaps = [
      {
        atNs: String(ms(200)),
        symbol: 'BTC/USD',
        what: 'book checksum mismatch: recorded 12345, computed 2053112147; the book waits for the next snapshot',
      },
      { atNs: String(ms(300)), symbol: 'BTC/USD', what: 'trade ids jump from 7 to 10: 2 trades missing' },
    ]
    expect(sim.replay!.status().gaps).toEqual(gaps)
    // back to the start and through the recording again: the same two places, once each
    sim.replay!.command({ kind: 'seek', ns: String(ms(0)) })
    await until(() => sim.replay!.status().framesApplied === 5 + 5, 'the second pass to end')
    await until(() => sim.replay!.status().ended, 'the end again')
    expect(sim.replay!.status().gaps).toEqual(gaps)
  })

  it('a level finer than the pair allows is a gap for its book, not the end of the replay', async () => {
    const file = join(dir, 'finer.trec.gz')
    writeRecording(file, [
      [ms(0), bookFrame('snapshot', book1, book1)],
      // BTC/USD prices have one decimal
      [ms(200), bookFrame('update', { bids: [['65000.05', '1.00000000']], asks: [] }, book1)],
      [ms(300), tradeFrame('buy', '65001.0', '0.10000000', 8, '2026-12-01T06:00:00.300000Z')],
      [ms(500), bookFrame('snapshot', book3, book3)],
    ])
    const sim = await replay(file)
    expect(sim.replay!.status()).toMatchObject({
      framesApplied: 4,
      gaps: [
        {
          atNs: String(ms(200)),
          symbol: 'BTC/USD',
          what: "BTC/USD: level 65000.05 x 1.00000000 is not a decimal at the pair's precision; the book waits for the next snapshot",
        },
      ],
    })
    // the snapshot after it is followed
    const b = sim.engine.book('BTC/USD')
    expect([b.topL2('bid', 10), b.topL2('ask', 10)]).toEqual([
      [[649_900, 300_000_000n]],
      [[649_950, 10_000_000n]],
    ])
  })

  it('a level the exchange refuses is said where it was recorded', async () => {
    // a live recording whose pair trades in ticks of 0.5 at one decimal
    const instrument =
      '{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[{"symbol":"BTC/USD","base":"BTC","quote":"USD","status":"online","qty_precision":8,"qty_increment":0.00000001,"price_precision":1,"cost_precision":5,"cost_min":0.5,"tick_size":0.5,"price_increment":0.5,"qty_min":0.0001}]}}'
    const file = join(dir, 'off-tick.trec.gz')
    const after = { bids: [['65000.3', '1.00000000'], ...book1.bids] as [string, string][], asks: book1.asks }
    writeRecording(
      file,
      [
        [ms(0), instrument],
        [ms(100), bookFrame('snapshot', book1, book1)],
        [ms(200), bookFrame('update', { bids: [['65000.3', '1.00000000']], asks: [] }, after)],
      ],
      { venue: 'kraken', channels: ['instrument', 'book'] },
    )
    const sim = await replay(file)
    expect(sim.replay!.status().gaps).toEqual([
      {
        atNs: String(ms(200)),
        symbol: 'BTC/USD',
        what: 'the exchange refused to follow the recording: EOrder:Tick size check failed',
      },
    ])
  })

  it('a symbol with no book in the recording (trades only, or level3, which is not replayed) says its book stays empty', async () => {
    const file = join(dir, 'trades-only.trec.gz')
    writeRecording(
      file,
      [
        [ms(0), tradeFrame('buy', '65001.0', '0.10000000', 7, '2026-12-01T06:00:00.000000Z')],
        [ms(100), tradeFrame('sell', '64999.0', '0.20000000', 8, '2026-12-01T06:00:00.100000Z')],
      ],
      { channels: ['trade'] },
    )
    const sim = await replay(file)
    expect(sim.replay!.status()).toMatchObject({
      framesApplied: 2,
      gaps: [
        {
          atNs: String(ms(0)),
          symbol: 'BTC/USD',
          what: 'the recording has no book snapshot for it: its replayed book stays empty',
        },
      ],
    })
    expect(sim.engine.book('BTC/USD').topL2('bid', 10)).toEqual([])
  })
})
