import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { WorkspaceView } from '../../../../src-preload/contract/types'
import {
  linksOnline,
  missingFrom,
  openWindow,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/**
 * The workspace through the contract: two windows (main and a pop-out), each subscribed to its
 * own `workspace` topic, see every command's effect. No host opens windows here (the loopback
 * host's case): the test plays the pop-out window itself.
 */
export const covers: Covers = {
  commands: [
    'workspace.popOut',
    'workspace.report',
    'workspace.link',
    'workspace.closeWindow',
    'workspace.save',
    'workspace.load',
    'workspace.delete',
  ],
  topics: ['workspace'],
}

const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let main: Window
let mainWs: number
let pop: Window
let popWs: number

beforeAll(async () => {
  core = await startCore(22)
  main = openWindow(core, exercised)
  // link groups take only instruments the venue lists (reference data); and starting the links
  // (FIX above all) holds main's thread for a moment
  await linksOnline(main)
  mainWs = main.sub('workspace', { windowId: 'main' })
  pop = openWindow(core, exercised)
}, 30_000)
afterAll(() => core.stop())

const ladder = { id: 'ladder-1', kind: 'ladder', symbol: 'ETH/USD' } as const
const seen = () => main.messages(mainWs).length
/** a dockview layout as a window reports it: main compares the panels and their params */
const dockWith = (...ids: string[]) => ({
  grid: { root: { type: 'branch', data: [] } },
  panels: Object.fromEntries(ids.map((id) => [id, { id, params: { symbol: 'BTC/USD' } }])),
})

describe('workspace wires', () => {
  it('workspace: a first message, the default workspace with this window connected', async () => {
    const first = await main.next<WorkspaceView>(mainWs, 0, () => true, 'the first workspace message')
    expect(first).toMatchObject({
      name: 'Default',
      saved: [],
      layoutRev: 1,
      links: { red: 'BTC/USD', green: 'BTC/USD', blue: 'BTC/USD', yellow: 'BTC/USD' },
      windows: [{ id: 'main', connected: true, bounds: null }],
      self: { id: 'main', incoming: [] },
    })
  })

  it('workspace.popOut answers with the new window, every window hears of it, and the pop-out gets the panel', async () => {
    const s = seen()
    expect(await main.ok('workspace.popOut', { panels: [ladder] })).toEqual({
      windowId: 'w1',
      openedByHost: false,
    })
    const listed = await main.next<WorkspaceView>(
      mainWs,
      s,
      (v) => v.windows.some((w) => w.id === 'w1'),
      'main hears of w1',
    )
    expect(listed.windows).toEqual([
      { id: 'main', connected: true, bounds: null },
      { id: 'w1', connected: false, bounds: null },
    ])
    popWs = pop.sub('workspace', { windowId: 'w1' })
    const own = await pop.next<WorkspaceView>(popWs, 0, (v) => v.self !== null, 'the pop-out sees itself')
    expect(own.self).toMatchObject({ id: 'w1', incoming: [ladder] })
    // subscribing is how a window says it is open: main hears w1 connect
    await main.next<WorkspaceView>(
      mainWs,
      s,
      (v) => v.windows.some((w) => w.id === 'w1' && w.connected),
      'w1 connected',
    )
  })

  it("workspace.report answers ok: the placed panel leaves the pop-out's incoming list", async () => {
    const p = pop.messages(popWs).length
    expect(await pop.ok('workspace.report', { windowId: 'w1', placed: ['ladder-1'], rev: 1 })).toEqual({
      ok: true,
    })
    const placed = await pop.next<WorkspaceView>(
      popWs,
      p,
      (v) => v.self?.incoming.length === 0,
      'the pop-out has no incoming panel left',
    )
    expect(placed.self?.id).toBe('w1')
  })

  it('workspace.link answers ok, and the link group shows the instrument', async () => {
    const s = seen()
    const p = pop.messages(popWs).length
    expect(await main.ok('workspace.link', { color: 'red', symbol: 'ETH/USD' })).toEqual({ ok: true })
    const red = (v: WorkspaceView) => v.links.red === 'ETH/USD'
    await main.next<WorkspaceView>(mainWs, s, red, 'red is ETH/USD (main)')
    await pop.next<WorkspaceView>(popWs, p, red, 'red is ETH/USD (pop-out)')
  })

  it('workspace.closeWindow answers ok: the window is gone and its docked-back panel goes to main', async () => {
    const s = seen()
    expect(await main.ok('workspace.closeWindow', { windowId: 'w1', dockBack: [ladder] })).toEqual({
      ok: true,
    })
    const back = await main.next<WorkspaceView>(
      mainWs,
      s,
      (v) => !v.windows.some((w) => w.id === 'w1'),
      'w1 gone',
    )
    expect(back.self?.incoming).toEqual([ladder])
    pop.close()
  })

  it('workspace.save answers with the saved names, and the topic shows the workspace saved', async () => {
    const s = seen()
    expect(
      await main.ok('workspace.report', {
        windowId: 'main',
        dock: dockWith('ladder-1'),
        placed: ['ladder-1'],
        rev: 1,
      }),
    ).toEqual({ ok: true })
    expect(await main.ok('workspace.save', { name: 'Desk A' })).toEqual({ saved: ['Desk A'] })
    const shown = await main.next<WorkspaceView>(mainWs, s, (v) => v.name === 'Desk A', 'saved as Desk A')
    expect(shown).toMatchObject({ saved: ['Desk A'], modified: false, links: { red: 'ETH/USD' } })
    expect(shown.self?.dock).toEqual(dockWith('ladder-1'))
  })

  it('workspace.report of a changed layout shows the workspace modified', async () => {
    const s = seen()
    expect(
      await main.ok('workspace.report', { windowId: 'main', dock: dockWith('ladder-1', 'book-2'), rev: 1 }),
    ).toEqual({ ok: true })
    await main.next<WorkspaceView>(mainWs, s, (v) => v.modified, 'modified since saved')
  })

  it('workspace.load answers ok: the saved layout comes back, at a new revision', async () => {
    const s = seen()
    expect(await main.ok('workspace.load', { name: 'Desk A' })).toEqual({ ok: true })
    const loaded = await main.next<WorkspaceView>(mainWs, s, (v) => v.layoutRev === 2, 'the loaded workspace')
    expect(loaded).toMatchObject({ name: 'Desk A', modified: false })
    expect(loaded.self?.dock).toEqual(dockWith('ladder-1'))
  })

  it('workspace.delete answers with the names left, and the topic no longer lists it', async () => {
    const s = seen()
    expect(await main.ok('workspace.delete', { name: 'Desk A' })).toEqual({ saved: [] })
    const gone = await main.next<WorkspaceView>(mainWs, s, (v) => v.saved.length === 0, 'no saved workspace')
    expect(gone.name).toBe('Desk A')
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})
