import type { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { OrderProbe, OS_WRITE_STEP, threadSchedule } from '../../../src-main/tools/orderPathProbes'

describe('OrderProbe (order-path bench: what an order waits for)', () => {
  it("counts a step run before the socket write, not one run after it (a new order's views)", () => {
    const probe = new OrderProbe()
    const socket = { _writeGeneric: () => undefined }
    probe.watchWrites(socket as unknown as Socket)
    const app = { check: () => 'checked', views: () => 'told' }
    probe.time(app, 'check', 'the checks')
    probe.time(app, 'views', 'the views')
    probe.arm()
    expect(app.check()).toBe('checked')
    socket._writeGeneric()
    expect(app.views()).toBe('told')
    expect([...probe.steps.keys()]).toEqual(['the checks', OS_WRITE_STEP])
    expect(probe.wroteAt).toBeGreaterThan(0)
    // printed in the order installed, whatever order they first ran in
    expect(probe.order).toEqual(['the checks', 'the views'])
  })
})

describe('threadSchedule (order-path bench: was a slow order off the CPU?)', () => {
  it.runIf(process.platform === 'linux')(
    'a busy thread gains CPU time, never more than the time that passed',
    () => {
      // busy until the kernel has counted 20 ms on a CPU for this thread (waited on, not timed: on a
      // loaded VM the hypervisor may take the vCPU away for longer than that, which no thread's
      // own accounting shows, and a fixed 20 ms loop then saw 7.6 ms of run + wait)
      const a = threadSchedule()!
      const t0 = performance.now()
      let b = a
      let x = 0
      while (b.runUs - a.runUs < 20_000 && performance.now() - t0 < 30_000) {
        for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1)
        b = threadSchedule()!
      }
      const wallUs = (performance.now() - t0) * 1000
      expect(x).toBeGreaterThan(0)
      expect(b.runUs - a.runUs).toBeGreaterThanOrEqual(20_000)
      // a thread's CPU time never outruns the clock (the kernel's accounting lags by a tick at most)
      expect(b.runUs - a.runUs).toBeLessThan(wallUs + 5_000)
      expect(b.waitUs).toBeGreaterThanOrEqual(a.waitUs)
    },
  )

  it.runIf(process.platform === 'linux')('a sleeping thread gains no CPU time', async () => {
    const a = threadSchedule()!
    await new Promise((r) => setTimeout(r, 50))
    const b = threadSchedule()!
    expect(b.runUs - a.runUs).toBeLessThan(25_000)
  })
})
