import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { SimWorker } from '../../../../src-main/sim/SimWorker'
import type { ReplayStatus } from '../../../../src-main/sim/replay/types'
import { until } from '../../../helpers/until'
import { bookFrame, tradeFrame, writeRecording } from './replayKit'

const dir = mkdtempSync(join(tmpdir(), 'trident-clock-'))
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const s of stops) await s()
})

const T0 = 1_764_568_800_000_000_000n
const ms = (n: number): bigint => T0 + BigInt(n) * 1_000_000n
const bids: [string, string][] = [['64999.0', '1.00000000']]
const book1 = {
  bids,
  asks: [
    ['65001.0', '2.00000000'],
    ['65002.0', '1.00000000'],
  ] as [string, string][],
}
const book2 = { bids, asks: [['65002.0', '1.00000000']] as [string, string][] }
const book3 = {
  bids: [['64990.0', '3.00000000']] as [string, string][],
  asks: [['64995.0', '0.10000000']] as [string, string][],
}

/** books 1 -> 2 (a bad checksum on the way), trade ids jumping, then a snapshot (book 3) */
function doctored(file: string): void {
  writeRecording(file, [
    [ms(0), bookFrame('snapshot', book1, book1)],
    [ms(100), tradeFrame('buy', '65001.0', '0.10000000', 7, '2026-12-01T06:00:00.100000Z')],
    [ms(200), bookFrame('update', { bids: [], asks: [['65001.0', '0.00000000']] }, book2, 12345)],
    [ms(300), tradeFrame('buy', '65002.0', '0.10000000', 10, '2026-12-01T06:00:00.300000Z')],
    [ms(400), bookFrame('update', { bids: [], asks: [['65002.0', '0.50000000']] }, book2)],
    [ms(500), bookFrame('snapshot', book3, book3)],
  ])
}

describe('the replay clock', () => {
  it('reports a checksum mismatch and a trade-id jump where they are, and resyncs at the next snapshot', async () => {
    const file = join(dir, 'doctored.trec.gz')
    doctored(file)
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 'max' } })
    await sim.start()
    stops.push(() => sim.stop())
    await until(() => sim.replay!.status().ended, 'the end')
    expect(sim.replay!.status().gaps).toEqual([
      {
        atNs: String(ms(200)),
        symbol: 'BTC/USD',
        what: 'book checksum mismatch: recorded 12345, computed 335365465; the book waits for the next snapshot',
      },
      { atNs: String(ms(300)), symbol: 'BTC/USD', what: 'trade ids jump from 7 to 10: 2 trades missing' },
    ])
    // after the snapshot at 500 ms the book is the recording's again
    const b = sim.engine.book('BTC/USD')
    expect([b.topL2('bid', 10), b.topL2('ask', 10)]).toEqual([
      [[649_900, 300_000_000n]],
      [[649_950, 10_000_000n]],
    ])
  })

  it('seeks forward and back (books rebuilt from the snapshot before, trades in between not printed)', async () => {
    const file = join(dir, 'seek.trec.gz')
    doctored(file)
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 1, paused: true } })
    await sim.start()
    stops.push(() => sim.stop())
    const asks = (): [number, bigint][] => sim.engine.book('BTC/USD').topL2('ask', 10)
    expect(sim.replay!.status()).toMatchObject({
      firstNs: String(ms(0)),
      lastNs: String(ms(500)),
      clockNs: String(ms(0)),
    })
    expect(asks()).toEqual([
      [650_010, 200_000_000n],
      [650_020, 100_000_000n],
    ])
    sim.replay!.command({ kind: 'seek', ns: String(ms(500)) })
    await until(() => sim.replay!.status().clockNs === String(ms(500)), 'seek to 500 ms')
    expect(asks()).toEqual([[649_950, 10_000_000n]])
    sim.replay!.command({ kind: 'seek', ns: String(ms(150)) })
    await until(() => sim.replay!.status().clockNs === String(ms(150)), 'seek back to 150 ms')
    expect(asks()).toEqual([
      [650_010, 200_000_000n],
      [650_020, 100_000_000n],
    ])
    expect(sim.market.recentTrades('BTC/USD')).toEqual([])
    expect(sim.replay!.status()).toMatchObject({ paused: true, ended: false })
    // at 1x the 350 ms left take about that long; at 'max' no time
    sim.replay!.command({ kind: 'speed', speed: 'max' })
    sim.replay!.command({ kind: 'resume' })
    await until(() => sim.replay!.status().ended, 'the end')
    expect(sim.market.recentTrades('BTC/USD').map((t) => t.seq)).toEqual([10])
  })

  it('starts at startNs, and says where the recording falls silent or its clock goes back', async () => {
    const file = join(dir, 'silent.trec.gz')
    writeRecording(file, [
      [ms(0), bookFrame('snapshot', book1, book1)],
      [ms(100), bookFrame('update', { bids: [], asks: [['65001.0', '0.00000000']] }, book2)],
      // 61 s without a frame, then a frame stamped before the one it follows
      [ms(61_100), bookFrame('snapshot', book3, book3)],
      [ms(61_050), bookFrame('snapshot', book1, book1)],
    ])
    const sim = new SimExchange({
      messagesPerSecond: 0,
      replay: { files: [file], speed: 'max', paused: true, startNs: String(ms(100)) },
    })
    await sim.start()
    stops.push(() => sim.stop())
    expect(sim.replay!.status()).toMatchObject({ clockNs: String(ms(100)), framesApplied: 2 })
    expect(sim.engine.book('BTC/USD').topL2('ask', 10)).toEqual([[650_020, 100_000_000n]])
    sim.replay!.command({ kind: 'resume' })
    await until(() => sim.replay!.status().ended, 'the end')
    expect(sim.replay!.status().gaps).toEqual([
      {
        atNs: String(ms(61_100)),
        symbol: '',
        what: 'no frames for 61.0 s (recording stopped or connection lost?)',
      },
      { atNs: String(ms(61_050)), symbol: '', what: 'receive time goes back by 50 ms' },
    ])
  })

  it('runs the same behind the worker thread: status, commands and status updates, async', async () => {
    const file = join(dir, 'worker.trec.gz')
    doctored(file)
    const w = new SimWorker({ messagesPerSecond: 0, replay: { files: [file], speed: 10, paused: true } })
    await w.start()
    stops.push(() => w.stop())
    const seen: ReplayStatus[] = []
    w.onReplayStatus((s) => seen.push(s))
    expect(await w.replayStatus()).toMatchObject({
      paused: true,
      speed: 10,
      symbols: ['BTC/USD'],
      clockNs: String(ms(0)),
    })
    expect(await w.replayCommand({ kind: 'resume' })).toMatchObject({ paused: false })
    await until(() => seen.some((s) => s.ended), 'ended, reported by the worker')
    expect(seen.at(-1)).toMatchObject({ ended: true, clockNs: String(ms(500)), framesApplied: 6 })
    const plain = new SimWorker({ messagesPerSecond: 0 })
    await plain.start()
    stops.push(() => plain.stop())
    expect(await plain.replayStatus()).toBeNull()
    await expect(plain.replayCommand({ kind: 'pause' })).rejects.toThrow('not replaying a recording')
  }, 30_000)
})
