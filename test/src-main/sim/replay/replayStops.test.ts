import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'
import { bookFrame, tradeFrame, writeRecording } from './replayKit'

const dir = mkdtempSync(join(tmpdir(), 'trident-stops-'))
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const s of stops) await s()
})
const T0 = 1_764_568_800_000_000_000n
const ms = (n: number): bigint => T0 + BigInt(n) * 1_000_000n
const at = (n: number): string => `2026-12-01T06:00:00.${String(n).padStart(3, '0')}000Z`

describe('conditional orders in a replayed market', () => {
  it('a sell stop fires when a recorded trade prints at its trigger, and sells into the recorded bids', async () => {
    const bids: [string, string][] = [
      ['64999.0', '1.00000000'],
      ['64998.0', '2.00000000'],
    ]
    const asks: [string, string][] = [['65001.0', '2.00000000']]
    const after: [string, string][] = [['64998.0', '2.00000000']]
    const file = join(dir, 'stop.trec.gz')
    writeRecording(file, [
      [ms(0), bookFrame('snapshot', { bids, asks }, { bids, asks })],
      // someone sells 1.0 at 64999.0: the level is gone, the last price 64999.0
      [ms(1), tradeFrame('sell', '64999.0', '1.00000000', 7, at(1))],
      [ms(2), bookFrame('update', { bids: [['64999.0', '0.00000000']], asks: [] }, { bids: after, asks })],
    ])
    const sim = new SimExchange({
      messagesPerSecond: 0,
      replay: { files: [file], speed: 'max', paused: true },
    })
    await sim.start()
    stops.push(() => sim.stop())
    const stop = sim.engine.place({
      account: 'trader',
      symbol: 'BTC/USD',
      side: 'sell',
      type: 'stop-loss',
      qty: 10_000_000n,
      triggerPrice: 649_990,
      tif: 'GTC',
      source: { protocol: 'rest' },
    })
    expect(stop.untriggered).toBe(true)
    sim.replay!.command({ kind: 'resume' })
    await until(() => sim.replay!.status().ended, 'the replay to end')
    expect(sim.replay!.status().gaps).toEqual([])
    expect([stop.status, stop.untriggered]).toEqual(['closed', false])
    // a market sell of 0.1 at the print, before the book frame that follows it: the recorded bid 64999.0
    expect(sim.engine.fills.filter((f) => f.account === 'trader').map((f) => [f.price, f.qty])).toEqual([
      [649_990, 10_000_000n],
    ])
  })
})
