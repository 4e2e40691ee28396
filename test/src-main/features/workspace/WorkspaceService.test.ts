import { describe, expect, it } from 'vitest'
import { RefusedError, type Scheduler } from '../../../../src-main/ipc/StreamHub'
import { WorkspaceService, type WindowHost } from '../../../../src-main/features/workspace/WorkspaceService'
import type { WindowLayout } from '../../../../src-main/core/workspace/workspaceDoc'
import { SettingsRepo } from '../../../../src-main/store/SettingsRepo'
import { openDb } from '../../../../src-main/store/TridentDb'

function manualTimers(): Scheduler & { fire: () => void } {
  let q: (() => void)[] = []
  return {
    setTimeout: (fn) => (q.push(fn), fn),
    clearTimeout: (h) => (q = q.filter((f) => f !== h)),
    fire: () => {
      const now = q
      q = []
      now.forEach((f) => f())
    },
  }
}

function setup(settings = new SettingsRepo(openDb(':memory:'))) {
  const published: string[] = []
  const timers = manualTimers()
  const ws = new WorkspaceService({
    settings,
    publish: (id) => published.push(id),
    isKnownSymbol: (s) => ['BTC/USD', 'ETH/USD'].includes(s),
    scheduler: timers,
  })
  return { ws, settings, published, timers }
}

const dock = (...panels: string[]) => ({
  grid: {},
  panels: Object.fromEntries(panels.map((p) => [p, { id: p, params: { link: 'red' } }])),
})

const panelsOf = (d: unknown) => Object.keys((d as { panels: object }).panels)

describe('WorkspaceService', () => {
  it('starts on the default workspace: one main window, the layout left to the window', () => {
    const { ws } = setup()
    const v = ws.view('main')
    expect(v.name).toBe('Default')
    expect(v.windows).toEqual([{ id: 'main', connected: false, bounds: null }])
    expect(v.self?.dock).toBeNull()
    expect(v.modified).toBe(true) // never saved
  })

  it('a pop-out gets its panels as incoming; the window places them and says so', () => {
    const { ws } = setup()
    const r = ws.popOut({ panels: [{ id: 'ladder-1', kind: 'ladder', link: 'red' }] })
    expect(r).toEqual({ windowId: 'w1', openedByHost: false })
    expect(ws.view('w1').self?.incoming.map((p) => p.id)).toEqual(['ladder-1'])
    ws.report({ windowId: 'w1', dock: dock('ladder-1'), placed: ['ladder-1'] })
    expect(ws.view('w1').self?.incoming).toEqual([])
    expect(ws.view('main').windows.map((w) => w.id)).toEqual(['main', 'w1'])
  })

  it('with a host (Electron) main opens and closes the real windows', () => {
    const { ws } = setup()
    const opened: WindowLayout[] = []
    const closed: string[] = []
    const host: WindowHost = { open: (l) => opened.push(l), close: (id) => closed.push(id) }
    ws.setHost(host)
    const r = ws.popOut({
      panels: [{ id: 'book-1', kind: 'book' }],
      bounds: { x: 10, y: 20, width: 600, height: 400 },
    })
    expect(r.openedByHost).toBe(true)
    expect(opened[0]).toMatchObject({ id: 'w1', bounds: { x: 10, y: 20, width: 600, height: 400 } })
    ws.closeWindow({ windowId: 'w1' })
    expect(closed).toEqual(['w1'])
  })

  it('docking back hands the panels to the main window; the main window cannot be closed', () => {
    const { ws } = setup()
    ws.popOut({ panels: [{ id: 'tape-1', kind: 'tape' }] })
    ws.closeWindow({ windowId: 'w1', dockBack: [{ id: 'tape-1', kind: 'tape', symbol: 'ETH/USD' }] })
    expect(ws.view('main').windows.map((w) => w.id)).toEqual(['main'])
    expect(ws.view('main').self?.incoming).toEqual([{ id: 'tape-1', kind: 'tape', symbol: 'ETH/USD' }])
    expect(() => ws.closeWindow({ windowId: 'main' })).toThrow(RefusedError)
  })

  it('a link group change reaches every window; unknown instruments are refused', () => {
    const { ws, published } = setup()
    ws.popOut({ panels: [{ id: 'ladder-1', kind: 'ladder', link: 'red' }] })
    ws.acquire('main')
    ws.acquire('w1')
    published.length = 0
    ws.link({ color: 'red', symbol: 'ETH/USD' })
    expect(new Set(published)).toEqual(new Set(['main', 'w1']))
    expect(ws.view('w1').links.red).toBe('ETH/USD')
    expect(ws.view('w1').links.green).toBe('BTC/USD')
    expect(() => ws.link({ color: 'red', symbol: 'NOPE/USD' })).toThrow('Unknown instrument NOPE/USD')
  })

  it('save, restart, and the same windows, layouts, positions and links come back', () => {
    const settings = new SettingsRepo(openDb(':memory:'))
    const a = setup(settings).ws
    a.report({ windowId: 'main', dock: dock('ticket-1', 'chart-1') })
    a.popOut({ panels: [{ id: 'ladder-9', kind: 'ladder', link: 'green' }] })
    a.report({
      windowId: 'w1',
      dock: dock('ladder-9'),
      placed: ['ladder-9'],
      bounds: { x: 2000, y: 40, width: 640, height: 900 },
      screen: { x: 1920, y: 0, width: 2560, height: 1400 },
    })
    a.link({ color: 'green', symbol: 'ETH/USD' })
    expect(a.save('Two screens')).toEqual({ saved: ['Two screens'] })
    expect(a.view('main').modified).toBe(false)
    a.stop()
    const b = setup(settings).ws // the next start
    const v = b.view('w1')
    expect(v.name).toBe('Two screens')
    expect(v.modified).toBe(false)
    expect(v.links.green).toBe('ETH/USD')
    expect(b.windows().map((w) => w.id)).toEqual(['main', 'w1'])
    expect(v.self).toMatchObject({
      dock: dock('ladder-9'),
      bounds: { x: 2000, y: 40, width: 640, height: 900 },
    })
  })

  it('loading a workspace replaces the windows: extra ones closed, missing ones opened', () => {
    const { ws } = setup()
    const opened: string[] = []
    const closed: string[] = []
    ws.popOut({ panels: [{ id: 'ladder-1', kind: 'ladder' }] })
    ws.save('One pop-out')
    ws.closeWindow({ windowId: 'w1' })
    ws.popOut({ panels: [{ id: 'book-2', kind: 'book' }] }) // w1 again, other content
    ws.popOut({ panels: [{ id: 'tape-3', kind: 'tape' }] }) // w2
    ws.save('Two pop-outs')
    ws.setHost({ open: (l) => opened.push(l.id), close: (id) => closed.push(id) })
    ws.acquire('main')
    ws.acquire('w1')
    ws.acquire('w2')
    const rev = ws.view('main').layoutRev
    ws.load('One pop-out')
    expect(ws.view('main').layoutRev).toBe(rev + 1) // windows re-apply their layouts
    expect(closed).toEqual(['w2'])
    expect(opened).toEqual([]) // main and w1 are open already
    expect(ws.view('w2').self).toBeNull()
    expect(ws.view('w1').self?.incoming.map((p) => p.id)).toEqual(['ladder-1'])
    expect(() => ws.load('Nope')).toThrow('There is no saved workspace "Nope"')
    expect(ws.delete('Two pop-outs')).toEqual({ saved: ['One pop-out'] })
    expect(() => ws.delete('Two pop-outs')).toThrow(RefusedError)
  })

  it('a layout reported on the revision before a load does not overwrite the loaded one', () => {
    const { ws } = setup()
    const before = ws.view('main').layoutRev
    ws.report({ windowId: 'main', dock: dock('ticket-1', 'chart-1'), rev: before })
    ws.save('Two')
    ws.report({ windowId: 'main', dock: dock('ticket-1', 'chart-1', 'ladder-1'), rev: before })
    ws.load('Two')
    const loaded = ws.view('main')
    expect(loaded.layoutRev).toBe(before + 1)
    // the window's debounced report of the layout it had before the load arrives late
    ws.report({ windowId: 'main', dock: dock('ticket-1', 'chart-1', 'ladder-1'), rev: before })
    expect(panelsOf(ws.view('main').self?.dock)).toEqual(['ticket-1', 'chart-1'])
    // a report made on the loaded layout counts
    ws.report({ windowId: 'main', dock: dock('ticket-1'), rev: before + 1 })
    expect(panelsOf(ws.view('main').self?.dock)).toEqual(['ticket-1'])
  })

  it('a pop-out that goes away for good is dropped; one that reloads is kept', () => {
    const { ws, timers } = setup()
    ws.popOut({ panels: [{ id: 'ladder-1', kind: 'ladder' }] })
    ws.popOut({ panels: [{ id: 'book-1', kind: 'book' }] })
    const w1 = ws.acquire('w1')
    const w2 = ws.acquire('w2')
    expect(
      ws
        .view('main')
        .windows.filter((w) => w.connected)
        .map((w) => w.id),
    ).toEqual(['w1', 'w2'])
    w1.release() // the trader closed it
    w2.release() // a reload: it subscribes again before the grace time ends
    ws.acquire('w2')
    timers.fire()
    expect(ws.view('main').windows.map((w) => w.id)).toEqual(['main', 'w2'])
  })

  it('windows closing because the app quits stay in the workspace for the next start', () => {
    const { ws, timers } = setup()
    ws.popOut({ panels: [{ id: 'ladder-1', kind: 'ladder' }] })
    const w1 = ws.acquire('w1')
    ws.stop()
    w1.release()
    timers.fire()
    expect(ws.windows().map((w) => w.id)).toEqual(['main', 'w1'])
  })

  it('a report from a window the workspace no longer has is refused, not stored', () => {
    const { ws } = setup()
    expect(() => ws.report({ windowId: 'w5', dock: dock('x-1') })).toThrow('not part of workspace')
  })

  it('an unreadable stored workspace falls back to the default', () => {
    const settings = new SettingsRepo(openDb(':memory:'))
    settings.set('workspace.current', { name: 'Broken', doc: { version: 99 } })
    const logs: string[] = []
    const ws = new WorkspaceService({
      settings,
      publish: () => {},
      isKnownSymbol: () => true,
      log: (l) => logs.push(l),
    })
    expect(ws.view('main').name).toBe('Default')
    expect(logs.join()).toContain('not readable')
  })

  it('menu requests go to one window, each with a new sequence number', () => {
    const { ws } = setup()
    ws.request('main', 'save-workspace')
    ws.request('main', 'open-profiles')
    expect(ws.view('main').request).toEqual({ seq: 2, action: 'open-profiles' })
    expect(ws.view('w1').request).toBeNull()
  })
})
