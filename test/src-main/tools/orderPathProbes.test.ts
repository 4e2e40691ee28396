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
  it.runIf(process.platform === 'linux')('a busy thread is on a CPU or waiting for one, all along', () => {
    const a = threadSchedule()!
    const t0 = performance.now()
    let x = 0
    while (performance.now() < t0 + 20) x += Math.sqrt(x + 1) // runnable for 20 ms
    const b = threadSchedule()!
    const wallUs = (performance.now() - t0) * 1000
    expect(x).toBeGreaterThan(0)
    // on a busy machine part of it may be waiting for a core, but run + wait covers the 20 ms
    // (a little less: the kernel's accounting lags by a tick at most)
    expect(b.runUs - a.runUs + (b.waitUs - a.waitUs)).toBeGreaterThan(15_000)
    expect(b.runUs - a.runUs).toBeGreaterThan(0)
    expect(b.runUs - a.runUs).toBeLessThan(wallUs + 5_000)
  })

  it.runIf(process.platform === 'linux')('a sleeping thread gains no CPU time', async () => {
    const a = threadSchedule()!
    await new Promise((r) => setTimeout(r, 50))
    const b = threadSchedule()!
    expect(b.runUs - a.runUs).toBeLessThan(25_000)
  })
})
