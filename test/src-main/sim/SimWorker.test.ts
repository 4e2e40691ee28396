import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { threadId } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { TridentCore } from '../../../src-main/app/TridentCore'
import {
  discardPrewarmedSimWorker,
  hasPrewarmedSimWorker,
  prewarmSimWorker,
  SimWorker,
} from '../../../src-main/sim/SimWorker'
import { until } from '../../helpers/until'

/** A core on the built-in exchange, started, with the exchange on its own thread or main's. */
async function startedCore(
  simThread: 'worker' | 'main',
  sim: { seed: number; messagesPerSecond: number },
): Promise<TridentCore> {
  const core = new TridentCore({ host: 'loopback', version: 'test', simThread, sim })
  await core.start()
  return core
}

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
    const core = await startedCore('worker', { seed: 8, messagesPerSecond: 200 })
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

/**
 * Each thread of this process with its nice value and scheduling policy (Linux:
 * /proc/self/task/<tid>/stat, fields 19 and 41; policy 0 is SCHED_OTHER, 3 SCHED_BATCH).
 */
function threads(): { tid: string; nice: number; policy: number }[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return [{ tid, nice: Number(f[16]), policy: Number(f[38]) }]
    } catch {
      return [] // a thread that ended meanwhile
    }
  })
}

describe('the exchange never holds up the app', () => {
  // an order written to the exchange's socket wakes its thread on main's CPU: as a normal thread
  // it took that CPU mid-write (~1 ms, most of the order path's slow sends)
  it.runIf(process.platform === 'linux')(
    'its thread never preempts on a wakeup (SCHED_BATCH), at the same priority; main untouched',
    async () => {
      // the threads started with it (an earlier test's exchange thread may still be ending)
      const before = new Set(threads().map((t) => t.tid))
      const w = new SimWorker({ seed: 6, messagesPerSecond: 0 })
      await w.start()
      try {
        const batch = await until(
          () => {
            const found = threads().filter((t) => !before.has(t.tid) && t.policy === 3)
            return found.length > 0 && found
          },
          'the exchange thread on SCHED_BATCH',
          10_000,
        )
        expect(batch).toHaveLength(1)
        expect(batch[0]!.nice).toBe(0)
        const main = threads().find((t) => t.tid === String(process.pid))!
        expect(main).toMatchObject({ nice: 0, policy: 0 })
      } finally {
        await w.stop()
      }
    },
    30_000,
  )
})

describe('a thread booted ahead of its exchange (cold start)', () => {
  it('the next start takes the warm thread and hands it its options', async () => {
    prewarmSimWorker()
    expect(hasPrewarmedSimWorker()).toBe(true)
    const port = await freePort()
    const w = new SimWorker({ port, seed: 3, messagesPerSecond: 0 })
    const ep = await w.start()
    try {
      expect(hasPrewarmedSimWorker()).toBe(false) // taken, not a second thread beside it
      expect(ep.rest).toBe(`http://127.0.0.1:${port}`) // the options reached the warm thread
      const time = (await (await fetch(`${ep.rest}/0/public/Time`)).json()) as { error: unknown[] }
      expect(time.error).toEqual([])
    } finally {
      await w.stop()
    }
  }, 30_000)

  it('a session that runs the exchange on main lets the warm thread go', async () => {
    prewarmSimWorker()
    const core = await startedCore('main', { seed: 4, messagesPerSecond: 0 })
    try {
      expect(hasPrewarmedSimWorker()).toBe(false)
      expect(core.sim).not.toBeNull()
    } finally {
      await core.stop()
    }
  }, 30_000)

  it('after a discard, a start boots a thread of its own', async () => {
    prewarmSimWorker()
    discardPrewarmedSimWorker()
    expect(hasPrewarmedSimWorker()).toBe(false)
    const w = new SimWorker({ seed: 5, messagesPerSecond: 0 })
    const ep = await w.start()
    expect(ep.rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await w.stop()
  }, 30_000)
})

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}
