import { threadId } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { TridentCore } from '../../../src-main/app/TridentCore'
import { SimWorker } from '../../../src-main/sim/SimWorker'
import { until } from '../../helpers/until'

describe('the built-in exchange on its own thread', () => {
  it('serves the same protocols from a worker thread and stops cleanly', async () => {
    const w = new SimWorker({ seed: 3, messagesPerSecond: 0 })
    const ep = await w.start()
    expect(ep.rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(w.credentials).toHaveLength(1)
    const pairs = (await (await fetch(`${ep.rest}/0/public/AssetPairs`)).json()) as {
      result: Record<string, unknown>
    }
    expect(Object.keys(pairs.result).length).toBeGreaterThan(3)
    await w.stop()
    await expect(fetch(`${ep.rest}/0/public/Time`)).rejects.toThrow()
  }, 30_000)

  it('the app trades against it over every protocol, main thread untouched by the matching', async () => {
    const core = new TridentCore({
      host: 'loopback',
      version: 'test',
      simThread: 'worker',
      sim: { seed: 8, messagesPerSecond: 200 },
    })
    await core.start()
    try {
      expect(core.sim).toBeNull() // nothing of the exchange lives on this thread
      expect(threadId).toBe(0)
      // FIX takes orders once logged on and the venue's FIX symbols (InstrumentList) are in
      await until(
        () => core.wsPrivate?.state === 'online' && core.execution?.context().links.fix,
        'private links',
        20_000,
      )
      const placed = await core.trading.commands.place({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'market',
        qty: '0.001',
        tif: 'IOC',
        protocol: 'fix',
        confirmed: true,
      })
      expect(placed).toMatchObject({ clOrdId: expect.any(String) })
      const id = (placed as { clOrdId: string }).clOrdId
      await until(
        () => ['filled', 'cancelled', 'rejected', 'expired'].includes(core.tracker.get(id)?.state ?? ''),
        'done over FIX',
        10_000,
      )
      expect(core.tracker.get(id)).toMatchObject({ state: 'filled', protocol: 'fix' })
    } finally {
      await core.stop()
    }
  }, 40_000)
})
