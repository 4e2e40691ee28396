import type {
  LinkColor,
  PanelSpec,
  WindowBounds,
  WorkspaceRequestAction,
  WorkspaceView,
} from '../../../src-preload/contract/types'
import {
  defaultWorkspace,
  MAIN_WINDOW,
  nextWindowId,
  parseWorkspaceDoc,
  type WindowLayout,
  type WorkspaceDoc,
} from '../../core/workspace/workspaceDoc'
import { panelParams } from '../../../src-domain/workspace'
import type { SettingsRepo } from '../../store/SettingsRepo'
import { RefusedError, type Scheduler } from '../../ipc/StreamHub'

/** How a host opens and closes real windows (Electron). The loopback host has none: the main
 * browser window opens pop-outs itself, because only a page may open a browser window. */
export interface WindowHost {
  open(layout: WindowLayout): void
  close(id: string): void
}

const CURRENT_KEY = 'workspace.current'
const DEFAULT_NAME = 'Default'
/** A pop-out that reconnects within this time was reloaded, not closed. */
const CLOSE_GRACE_MS = 5000

interface Options {
  settings: SettingsRepo
  /** push the `workspace` topic of one window (key = window id) */
  publish: (windowId: string) => void
  isKnownSymbol: (symbol: string) => boolean
  log?: (line: string) => void
  closeGraceMs?: number
  scheduler?: Scheduler
}

/**
 * The live workspace, kept in main so every window (and the next start) sees one truth: which
 * windows exist, each window's docking layout, position and monitor, and the instrument of each
 * link group. Saved on every change (windows report their layout debounced), so a crash or kill
 * restores the windows as they were.
 */
export class WorkspaceService {
  private name = DEFAULT_NAME
  private doc: WorkspaceDoc = defaultWorkspace()
  private savedJson: string | null = null
  private layoutRev = 1
  private readonly refs = new Map<string, number>()
  private readonly closeTimers = new Map<string, unknown>()
  private readonly requests = new Map<string, { seq: number; action: WorkspaceRequestAction }>()
  private requestSeq = 0
  private host: WindowHost | null = null
  private stopped = false
  private readonly log: (line: string) => void
  private readonly scheduler: Scheduler

  constructor(private readonly o: Options) {
    this.log = o.log ?? (() => {})
    this.scheduler = o.scheduler ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    }
    const stored = o.settings.get<{ name?: unknown; doc?: unknown }>(CURRENT_KEY)
    if (stored) {
      const doc = parseWorkspaceDoc(stored.doc)
      if (doc && typeof stored.name === 'string') {
        this.doc = doc
        this.name = stored.name
      } else this.log('workspace: the stored workspace is not readable; starting with the default one')
    }
    const saved = parseWorkspaceDoc(o.settings.workspace(this.name))
    this.savedJson = saved ? shapeOf(saved) : null
  }

  /** Set by the Electron host; with one, pop-outs and restored windows are opened by main. */
  setHost(host: WindowHost | null): void {
    this.host = host
  }

  /** The windows to open at start, main first. */
  windows(): readonly WindowLayout[] {
    return this.doc.windows
  }

  get current(): string {
    return this.name
  }

  /** A window subscribes to its `workspace` topic: that is how main knows it is open. */
  acquire(windowId: string): { key: string; release: () => void } {
    this.refs.set(windowId, (this.refs.get(windowId) ?? 0) + 1)
    const t = this.closeTimers.get(windowId)
    if (t !== undefined) {
      this.scheduler.clearTimeout(t)
      this.closeTimers.delete(windowId)
    }
    this.publishAll()
    return {
      key: windowId,
      release: () => {
        const n = (this.refs.get(windowId) ?? 1) - 1
        if (n > 0) this.refs.set(windowId, n)
        else {
          this.refs.delete(windowId)
          if (windowId !== MAIN_WINDOW && !this.stopped) this.closeLater(windowId)
        }
        this.publishAll()
      },
    }
  }

  /** A pop-out gone for good (not reloaded): its panels close with it, as closing a window does. */
  private closeLater(windowId: string): void {
    this.closeTimers.set(
      windowId,
      this.scheduler.setTimeout(() => {
        this.closeTimers.delete(windowId)
        if (this.stopped || this.refs.has(windowId) || !this.removeWindow(windowId)) return
        this.log(`workspace: window ${windowId} was closed; its panels are closed with it`)
        this.changed()
      }, this.o.closeGraceMs ?? CLOSE_GRACE_MS),
    )
  }

  view(windowId: string): WorkspaceView {
    const self = this.doc.windows.find((w) => w.id === windowId) ?? null
    return {
      name: this.name,
      saved: this.o.settings.workspaces(),
      modified: this.savedJson !== shapeOf(this.doc),
      links: { ...this.doc.links },
      windows: this.doc.windows.map((w) => ({
        id: w.id,
        connected: this.refs.has(w.id),
        bounds: w.bounds,
      })),
      self: self && { ...self, incoming: [...self.incoming] },
      layoutRev: this.layoutRev,
      request: this.requests.get(windowId) ?? null,
    }
  }

  report(p: {
    windowId: string
    dock?: Record<string, unknown>
    bounds?: WindowBounds
    screen?: WindowBounds
    placed?: string[]
    rev?: number
  }): { ok: true } {
    const w = this.doc.windows.find((x) => x.id === p.windowId)
    // a window the workspace no longer has (closed, or a load replaced it) has nothing to report
    if (!w) throw new RefusedError(`Window ${p.windowId} is not part of workspace "${this.name}"`)
    // A window reports its layout a moment after it changes; one made before a workspace load
    // can arrive after it and would put the old layout back over the loaded one (seen: a ladder
    // docked back, then "load", and the ladder stayed). Only the current revision's layout counts.
    if (p.dock && p.rev !== undefined && p.rev !== this.layoutRev) return { ok: true }
    const wasModified = p.dock ? this.savedJson !== shapeOf(this.doc) : false
    if (p.dock) w.dock = p.dock
    if (p.bounds) w.bounds = p.bounds
    if (p.screen) w.screen = p.screen
    const placed = new Set(p.placed ?? [])
    const before = w.incoming.length
    if (placed.size) w.incoming = w.incoming.filter((x) => !placed.has(x.id))
    this.persist()
    // only the window list and incoming panels interest other windows; a layout report does not
    if (p.dock && wasModified !== (this.savedJson !== shapeOf(this.doc))) this.publishAll()
    else if (w.incoming.length !== before) this.o.publish(w.id)
    return { ok: true }
  }

  popOut(p: { panels: PanelSpec[]; bounds?: WindowBounds }): { windowId: string; openedByHost: boolean } {
    const id = nextWindowId(this.doc)
    const layout: WindowLayout = {
      id,
      bounds: p.bounds ?? null,
      screen: null,
      dock: null,
      incoming: p.panels,
    }
    this.doc.windows.push(layout)
    this.changed()
    this.log(`workspace: window ${id} opened with ${p.panels.map((x) => x.kind).join(', ')}`)
    if (this.host) this.host.open(layout)
    return { windowId: id, openedByHost: this.host !== null }
  }

  closeWindow(p: { windowId: string; dockBack?: PanelSpec[] }): { ok: true } {
    if (p.windowId === MAIN_WINDOW) throw new RefusedError('The main window cannot be closed from here')
    if (!this.removeWindow(p.windowId)) return { ok: true }
    if (p.dockBack?.length) this.doc.windows[0]!.incoming.push(...p.dockBack)
    this.changed()
    this.host?.close(p.windowId)
    return { ok: true }
  }

  link(p: { color: LinkColor; symbol: string }): { ok: true } {
    if (!this.o.isKnownSymbol(p.symbol)) throw new RefusedError(`Unknown instrument ${p.symbol}`)
    if (this.doc.links[p.color] === p.symbol) return { ok: true }
    this.doc.links[p.color] = p.symbol
    this.changed()
    return { ok: true }
  }

  save(name: string): { saved: string[] } {
    this.o.settings.saveWorkspace(name, this.doc)
    this.name = name
    this.savedJson = shapeOf(this.doc)
    this.changed()
    this.log(`workspace: saved "${name}" (${this.doc.windows.length} windows)`)
    return { saved: this.o.settings.workspaces() }
  }

  load(name: string): { ok: true } {
    const raw = this.o.settings.workspace(name)
    if (raw === undefined) throw new RefusedError(`There is no saved workspace "${name}"`)
    const doc = parseWorkspaceDoc(raw)
    if (!doc) throw new RefusedError(`Workspace "${name}" cannot be read (saved by a newer Trident?)`)
    const before = new Set(this.doc.windows.map((w) => w.id))
    this.doc = doc
    this.name = name
    this.savedJson = shapeOf(doc)
    this.layoutRev++
    this.changed()
    const now = new Set(doc.windows.map((w) => w.id))
    if (this.host) {
      for (const id of before) if (!now.has(id)) this.host.close(id)
      for (const w of doc.windows) if (!this.refs.has(w.id)) this.host.open(w)
    }
    this.log(`workspace: loaded "${name}" (${doc.windows.length} windows)`)
    return { ok: true }
  }

  delete(name: string): { saved: string[] } {
    if (!this.o.settings.deleteWorkspace(name))
      throw new RefusedError(`There is no saved workspace "${name}"`)
    if (name === this.name) this.savedJson = null
    this.publishAll()
    return { saved: this.o.settings.workspaces() }
  }

  /** The application menu asks a window to do something only it can (open a dialog). */
  request(windowId: string, action: WorkspaceRequestAction): void {
    this.requests.set(windowId, { seq: ++this.requestSeq, action })
    this.o.publish(windowId)
  }

  /** Stop: windows closing from now on are the app quitting, not the trader closing them. */
  stop(): void {
    this.stopped = true
    for (const t of this.closeTimers.values()) this.scheduler.clearTimeout(t)
    this.closeTimers.clear()
  }

  /** Drop a window from the workspace; false when it had no such window. */
  private removeWindow(windowId: string): boolean {
    const before = this.doc.windows.length
    this.doc.windows = this.doc.windows.filter((w) => w.id !== windowId)
    return this.doc.windows.length !== before
  }

  private changed(): void {
    this.persist()
    this.publishAll()
  }

  private persist(): void {
    if (this.stopped) return
    this.o.settings.set(CURRENT_KEY, { name: this.name, doc: this.doc })
  }

  private publishAll(): void {
    for (const id of new Set([...this.refs.keys(), ...this.doc.windows.map((w) => w.id)])) this.o.publish(id)
  }
}

/**
 * What "changed since saved" compares: the windows, the panels in each (and their instrument and
 * link) and the link groups. Split sizes and window positions move all day and would make every
 * workspace look unsaved a second after loading.
 */
function shapeOf(doc: WorkspaceDoc): string {
  return JSON.stringify({
    links: doc.links,
    windows: doc.windows.map((w) => ({ id: w.id, panels: panelParams(w.dock) })),
  })
}
