import { describe, expect, it } from 'vitest'
import { threadSchedule } from '../../../src-main/tools/orderPathProbes'

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
