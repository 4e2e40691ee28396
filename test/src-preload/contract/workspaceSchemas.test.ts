import { describe, expect, it } from 'vitest'
import { commandSchemas, topicSchemas } from '../../../src-preload/contract/contract'

/** What a window may send about windows and layouts: main takes nothing it could not reopen. */
describe('workspace commands in the contract', () => {
  const report = commandSchemas['workspace.report']
  it('accepts a window layout report', () => {
    expect(
      report.safeParse({
        windowId: 'w12',
        dock: { grid: {}, panels: {} },
        bounds: { x: -1920, y: 0, width: 800, height: 600 },
        screen: { x: -1920, y: 0, width: 1920, height: 1040 },
        placed: ['ladder-1'],
      }).success,
    ).toBe(true)
  })

  it('refuses window ids that are not ours, silly bounds and an oversized layout', () => {
    expect(report.safeParse({ windowId: '../../etc' }).success).toBe(false)
    expect(report.safeParse({ windowId: 'w1', bounds: { x: 0, y: 0, width: 0, height: 10 } }).success).toBe(
      false,
    )
    expect(
      report.safeParse({ windowId: 'w1', bounds: { x: 0.5, y: 0, width: 10, height: 10 } }).success,
    ).toBe(false)
    expect(report.safeParse({ windowId: 'w1', extra: 1 }).success).toBe(false)
    const big = { blob: 'x'.repeat(70 * 1024) }
    const r = report.safeParse({ windowId: 'w1', dock: big })
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('larger than 64 KiB')
  })

  it('pop-out panels must be known kinds with proper ids and instruments', () => {
    const pop = commandSchemas['workspace.popOut']
    expect(pop.safeParse({ panels: [{ id: 'ladder-1', kind: 'ladder', link: 'red' }] }).success).toBe(true)
    expect(pop.safeParse({ panels: [] }).success).toBe(false)
    expect(pop.safeParse({ panels: [{ id: 'x-1', kind: 'terminal' }] }).success).toBe(false)
    expect(pop.safeParse({ panels: [{ id: '<img>', kind: 'ladder' }] }).success).toBe(false)
    expect(pop.safeParse({ panels: [{ id: 'book-1', kind: 'book', symbol: 'btc' }] }).success).toBe(false)
    expect(pop.safeParse({ panels: [{ id: 'book-1', kind: 'book', link: 'purple' }] }).success).toBe(false)
  })

  it('workspace names are words, trimmed, never empty', () => {
    const save = commandSchemas['workspace.save']
    expect(save.parse({ name: '  Two screens ' })).toEqual({ name: 'Two screens' })
    expect(save.safeParse({ name: '   ' }).success).toBe(false)
    expect(save.safeParse({ name: 'a/b' }).success).toBe(false)
    expect(save.safeParse({ name: 'x'.repeat(41) }).success).toBe(false)
    expect(save.safeParse({ name: 'Écran 2' }).success).toBe(true)
  })

  it('the workspace topic is per window', () => {
    expect(topicSchemas.workspace.safeParse({ windowId: 'main' }).success).toBe(true)
    expect(topicSchemas.workspace.safeParse({}).success).toBe(false)
  })
})
