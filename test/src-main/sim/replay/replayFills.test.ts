import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, describe, expect, it } from 'vitest'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'
import { bookFrame, tradeFrame, writeRecording } from './replayKit'

const dir = mkdtempSync(join(tmpdir(), 'trident-fills-'))
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const s of stops) await s()
})

const T0 = 1_764_568_800_000_000_000n
const ms = (n: number): bigint => T0 + BigInt(n) * 1_000_000n
const at = (n: number): string => `2026-12-01T06:00:00.${String(n).padStart(3, '0')}000Z`

/**
 * The recorded market: 2.0 offered at 65001.0; a buy of 1.5 there, the level down to 0.5, a buy
 * of 0.8 there, the level gone, a buy at 65004.0 through everything, and a sell of 1.5 at 64998.0.
 */
function recording(file: string): void {
  const bids: [string, string][] = [
    ['64999.0', '1.00000000'],
    ['64998.0', '2.00000000'],
  ]
  writeRecording(file, [
    [
      ms(0),
      bookFrame(
        'snapshot',
        {
          bids,
          asks: [
            ['65001.0', '2.00000000'],
            ['65002.0', '1.00000000'],
          ],
        },
        {
          bids,
          asks: [
            ['65001.0', '2.00000000'],
            ['65002.0', '1.00000000'],
          ],
        },
      ),
    ],
    [ms(1), tradeFrame('buy', '65001.0', '1.50000000', 101, at(1))],
    [
      ms(2),
      bookFrame(
        'update',
        { bids: [], asks: [['65001.0', '0.50000000']] },
        {
          bids,
          asks: [
            ['65001.0', '0.50000000'],
            ['65002.0', '1.00000000'],
          ],
        },
      ),
    ],
    [ms(3), tradeFrame('buy', '65001.0', '0.80000000', 102, at(3))],
    [
      ms(4),
      bookFrame(
        'update',
        { bids: [], asks: [['65001.0', '0.00000000']] },
        { bids, asks: [['65002.0', '1.00000000']] },
      ),
    ],
    [ms(5), tradeFrame('buy', '65004.0', '0.60000000', 103, at(5))],
    [ms(6), tradeFrame('sell', '64998.0', '1.50000000', 104, at(6))],
  ])
}

describe('the trader in a replayed market', () => {
  it('fills where the recorded market trades through the order, not while behind the recorded queue', async () => {
    const file = join(dir, 'fills.trec.gz')
    recording(file)
    const sim = new SimExchange({
      messagesPerSecond: 0,
      replay: { files: [file], speed: 'max', paused: true },
    })
    const ep = await sim.start()
    stops.push(() => sim.stop())
    const place = (side: 'buy' | 'sell', qty: bigint, price: number) =>
      sim.engine.place({
        account: 'trader',
        symbol: 'BTC/USD',
        side,
        type: 'limit',
        qty,
        limitPrice: price,
        tif: 'GTC',
        source: { protocol: 'rest' },
      })
    // A: 0.5 offered at 65001.0, behind the recorded 2.0
    const a = place('sell', 50_000_000n, 650_010)
    // C: 0.4 bid at 64998.0, behind the recorded 2.0
    const c = place('buy', 40_000_000n, 649_980)
    // B: 0.3 offered at 65003.0 (no recorded level there), over a WS v2 socket with a token
    sim.tokens.issue('trader', 'tok-fills')
    const ws = new WebSocket(ep.wsPrivate)
    const got: Record<string, unknown>[] = []
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as Record<string, unknown>))
    await new Promise((r) => ws.once('open', r))
    ws.send(
      JSON.stringify({
        method: 'subscribe',
        params: { channel: 'executions', token: 'tok-fills' },
        req_id: 1,
      }),
    )
    ws.send(
      JSON.stringify({
        method: 'add_order',
        params: {
          order_type: 'limit',
          side: 'sell',
          order_qty: 0.3,
          symbol: 'BTC/USD',
          limit_price: 65003.0,
          token: 'tok-fills',
        },
        req_id: 2,
      }),
    )
    const ack = await until(() => got.find((m) => m.req_id === 2), 'add_order ack')
    expect(ack).toMatchObject({ success: true })
    const b = sim.engine.orders.get((ack.result as { order_id: string }).order_id)!
    // the published book holds the trader's orders beside the recorded levels
    expect(sim.engine.book('BTC/USD').topL2('ask', 3)).toEqual([
      [650_010, 250_000_000n],
      [650_020, 100_000_000n],
      [650_030, 30_000_000n],
    ])

    sim.replay!.command({ kind: 'resume' })
    await until(() => sim.replay!.status().ended, 'the replay to end')
    const fills = sim.engine.fills
      .filter((f) => f.account === 'trader')
      .map((f) => [f.orderId, f.price, f.qty, f.maker])
    expect(fills).toEqual([
      // the buy of 0.8 after 1.5 + 0.5 ahead had gone: 0.3 reaches A
      [a.id, 650_010, 30_000_000n, true],
      // the buy at 65004.0 went through 65001.0 and 65003.0: A's last 0.2, then B's 0.3
      [a.id, 650_010, 20_000_000n, true],
      [b.id, 650_030, 30_000_000n, true],
    ])
    expect([a.status, b.status, c.status]).toEqual(['closed', 'closed', 'open'])
    // the sell of 1.5 at 64998.0 left 0.5 of the recorded 2.0 in front of C
    expect(c.filled).toBe(0n)
    // the public tape is the recording's, the trader's fills print nothing of their own
    expect(sim.market.recentTrades('BTC/USD').map((t) => [t.seq, t.side, t.price, t.qty])).toEqual([
      [101, 'buy', 650_010, 150_000_000n],
      [102, 'buy', 650_010, 80_000_000n],
      [103, 'buy', 650_040, 60_000_000n],
      [104, 'sell', 649_980, 150_000_000n],
    ])
    // the recorded levels the fills' own orders cleared are back
    expect(sim.engine.book('BTC/USD').topL2('ask', 2)).toEqual([[650_020, 100_000_000n]])
    // the socket's trader saw B filled
    await until(
      () => got.some((m) => m.channel === 'executions' && JSON.stringify(m).includes('"exec_type":"filled"')),
      'B filled on executions',
    )
    expect(sim.replay!.status().gaps).toEqual([])
    ws.close()
  })
})

describe('a marketable trader order in a replayed market', () => {
  it('takes the recorded liquidity, which stays taken until a recorded frame changes that level', async () => {
    const file = join(dir, 'take.trec.gz')
    const bids: [string, string][] = [['64999.0', '1.00000000']]
    const asks1: [string, string][] = [
      ['65001.0', '2.00000000'],
      ['65002.0', '1.00000000'],
    ]
    const asks2: [string, string][] = [
      ['65001.0', '2.00000000'],
      ['65002.0', '0.80000000'],
    ]
    const asks3: [string, string][] = [
      ['65001.0', '1.90000000'],
      ['65002.0', '0.80000000'],
    ]
    writeRecording(file, [
      [ms(0), bookFrame('snapshot', { bids, asks: asks1 }, { bids, asks: asks1 })],
      [ms(1000), bookFrame('update', { bids: [], asks: [['65002.0', '0.80000000']] }, { bids, asks: asks2 })],
      [ms(2000), bookFrame('update', { bids: [], asks: [['65001.0', '1.90000000']] }, { bids, asks: asks3 })],
    ])
    const sim = new SimExchange({ messagesPerSecond: 0, replay: { files: [file], speed: 2, paused: true } })
    await sim.start()
    stops.push(() => sim.stop())
    const asks = (): [number, bigint][] => sim.engine.book('BTC/USD').topL2('ask', 10)
    const o = sim.engine.place({
      account: 'trader',
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: 50_000_000n,
      limitPrice: 650_010,
      tif: 'IOC',
      source: { protocol: 'rest' },
    })
    expect([o.status, o.filled]).toEqual(['closed', 50_000_000n])
    expect(asks()).toEqual([
      [650_010, 150_000_000n],
      [650_020, 100_000_000n],
    ])
    // the trader's trade is a print of the simulated market, and the ticker's last
    expect(sim.market.recentTrades('BTC/USD').map((t) => [t.side, t.price, t.qty])).toEqual([
      ['buy', 650_010, 50_000_000n],
    ])
    expect(sim.engine.last('BTC/USD')).toBe(650_010)
    // the book right after each frame (status listeners run as the frame is applied; frames 500 ms apart at 2x)
    const after = new Map<number, [number, bigint][]>()
    sim.replay!.onStatus((s) => after.set(s.framesApplied, asks()))
    sim.replay!.command({ kind: 'resume' })
    await until(() => sim.replay!.status().ended, 'the end')
    // the frame at 1 s changes 65002.0 only: what the trader took at 65001.0 stays taken
    expect(after.get(2)).toEqual([
      [650_010, 150_000_000n],
      [650_020, 80_000_000n],
    ])
    // the frame at 2 s sets 65001.0 to its recorded 1.9
    expect(after.get(3)).toEqual([
      [650_010, 190_000_000n],
      [650_020, 80_000_000n],
    ])
  })
})
