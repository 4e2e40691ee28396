import { describe, expect, it } from 'vitest'
import {
  defaultWorkspace,
  nextWindowId,
  parseWorkspaceDoc,
  placeWindow,
} from '../../../../src-main/core/workspace/workspaceDoc'

const laptop = { x: 0, y: 0, width: 1920, height: 1080 }
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1440 }

describe('workspace documents', () => {
  it('the default workspace has the main window alone and every link group on one instrument', () => {
    const d = defaultWorkspace('ETH/USD')
    expect(d.windows.map((w) => w.id)).toEqual(['main'])
    expect(Object.values(d.links)).toEqual(['ETH/USD', 'ETH/USD', 'ETH/USD', 'ETH/USD'])
  })

  it('reads a stored workspace and puts the main window first', () => {
    const d = defaultWorkspace()
    const pop = { id: 'w2', bounds: null, screen: null, dock: null, incoming: [] }
    const parsed = parseWorkspaceDoc({ ...d, windows: [pop, ...d.windows] })
    expect(parsed?.windows.map((w) => w.id)).toEqual(['main', 'w2'])
  })

  it('refuses what is not a workspace rather than opening windows from it', () => {
    const d = defaultWorkspace()
    expect(parseWorkspaceDoc(null)).toBeNull()
    expect(parseWorkspaceDoc({ ...d, version: 2 })).toBeNull() // a newer Trident's
    expect(parseWorkspaceDoc({ ...d, windows: [] })).toBeNull()
    const w1 = { id: 'w1', bounds: null, screen: null, dock: null, incoming: [] }
    expect(parseWorkspaceDoc({ ...d, windows: [w1] })).toBeNull() // no main window
    expect(parseWorkspaceDoc({ ...d, windows: [...d.windows, w1, w1] })).toBeNull() // duplicate id
    expect(parseWorkspaceDoc({ ...d, windows: [{ ...w1, id: '../etc' }, ...d.windows] })).toBeNull()
    expect(
      parseWorkspaceDoc({
        ...d,
        windows: [...d.windows, { ...w1, incoming: [{ id: 'x-1', kind: 'shell' }] }],
      }),
    ).toBeNull()
  })

  it('numbers pop-outs after the highest one in use', () => {
    const d = defaultWorkspace()
    expect(nextWindowId(d)).toBe('w1')
    d.windows.push({ id: 'w7', bounds: null, screen: null, dock: null, incoming: [] })
    expect(nextWindowId(d)).toBe('w8')
  })
})

describe('placing a restored window on the monitors there are now', () => {
  it('a window whose monitor is still there opens where it was', () => {
    const b = { x: 2100, y: 100, width: 800, height: 600 }
    expect(placeWindow(b, rightMonitor, [laptop, rightMonitor])).toEqual(b)
  })

  it('a window whose monitor is gone opens at the same offset on the primary monitor', () => {
    const b = { x: 2100, y: 100, width: 800, height: 600 }
    expect(placeWindow(b, rightMonitor, [laptop])).toEqual({ x: 180, y: 100, width: 800, height: 600 })
  })

  it('never larger than the monitor, never off its edge', () => {
    const huge = { x: 2000, y: 50, width: 2500, height: 1400 }
    expect(placeWindow(huge, rightMonitor, [laptop])).toEqual({ x: 0, y: 0, width: 1920, height: 1080 })
    const hanging = { x: 1700, y: 900, width: 600, height: 400 }
    const p = placeWindow(hanging, laptop, [laptop])!
    expect(p.x + p.width).toBeLessThanOrEqual(1920)
    expect(p.y + p.height).toBeLessThanOrEqual(1080)
  })

  it('no saved position or no monitors: the host decides', () => {
    expect(placeWindow(null, null, [laptop])).toBeNull()
    expect(placeWindow({ x: 0, y: 0, width: 10, height: 10 }, null, [])).toBeNull()
  })
})
