import { z } from 'zod'
import {
  LINK_COLORS,
  PANEL_KINDS,
  type LinkColor,
  type PanelSpec,
  type WindowBounds,
} from '../../../src-domain/workspace'

/**
 * A workspace as stored: every window (its docking layout, position, size and monitor) and the
 * instrument of each link group. Pure data and pure functions; the service that keeps the live
 * one lives in app/, the hosts decide how windows are actually opened.
 */
export interface WindowLayout {
  id: string
  bounds: WindowBounds | null
  screen: WindowBounds | null
  /** dockview's JSON for the window (null: the window builds its default layout) */
  dock: Record<string, unknown> | null
  incoming: PanelSpec[]
}

export interface WorkspaceDoc {
  version: 1
  windows: WindowLayout[]
  links: Record<LinkColor, string>
}

export const MAIN_WINDOW = 'main'

export function defaultWorkspace(symbol = 'BTC/USD'): WorkspaceDoc {
  return {
    version: 1,
    windows: [{ id: MAIN_WINDOW, bounds: null, screen: null, dock: null, incoming: [] }],
    links: { red: symbol, green: symbol, blue: symbol, yellow: symbol },
  }
}

const boundsSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
const docSchema = z.object({
  version: z.literal(1),
  windows: z
    .array(
      z.object({
        id: z.string().regex(/^(main|w[0-9]{1,6})$/),
        bounds: boundsSchema.nullable(),
        screen: boundsSchema.nullable(),
        dock: z.record(z.string(), z.unknown()).nullable(),
        incoming: z.array(
          z.object({
            id: z.string(),
            kind: z.enum(PANEL_KINDS),
            symbol: z.string().optional(),
            link: z.enum(LINK_COLORS).nullable().optional(),
          }),
        ),
      }),
    )
    .min(1),
  links: z.object({ red: z.string(), green: z.string(), blue: z.string(), yellow: z.string() }),
})

/**
 * A stored workspace, or null when it is not one (written by a newer Trident, or damaged): the
 * caller falls back to the default rather than opening windows from garbage.
 */
export function parseWorkspaceDoc(raw: unknown): WorkspaceDoc | null {
  const r = docSchema.safeParse(raw)
  if (!r.success) return null
  const doc = r.data as WorkspaceDoc
  // the main window must exist exactly once, first
  const main = doc.windows.filter((w) => w.id === MAIN_WINDOW)
  if (main.length !== 1) return null
  const ids = new Set(doc.windows.map((w) => w.id))
  if (ids.size !== doc.windows.length) return null
  return { ...doc, windows: [main[0]!, ...doc.windows.filter((w) => w.id !== MAIN_WINDOW)] }
}

/** The next free pop-out id: w1, w2 … (never reused while the workspace holds it). */
export function nextWindowId(doc: WorkspaceDoc): string {
  let max = 0
  for (const w of doc.windows) {
    const n = /^w(\d+)$/.exec(w.id)
    if (n) max = Math.max(max, Number(n[1]))
  }
  return `w${max + 1}`
}

function overlap(a: WindowBounds, b: WindowBounds): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

/**
 * Where to open a restored window on the monitors there are now. A window whose monitor is still
 * there opens where it was; one whose monitor is gone (laptop off its dock) opens at the same
 * offset on the primary monitor, shrunk to fit. Never off every screen, never larger than one.
 */
export function placeWindow(
  saved: WindowBounds | null,
  savedScreen: WindowBounds | null,
  displays: readonly WindowBounds[],
): WindowBounds | null {
  if (!saved || displays.length === 0) return null
  // at least a quarter of the window (or 100×100 px) on some monitor: it is where it was
  const need = Math.min(saved.width * saved.height * 0.25, 100 * 100)
  const best = displays.reduce((b, d) => (overlap(saved, d) > b.area ? { d, area: overlap(saved, d) } : b), {
    d: displays[0]!,
    area: 0,
  })
  if (best.area >= need) return fit(saved, best.d)
  const primary = displays[0]!
  const from = savedScreen ?? { x: saved.x, y: saved.y, width: 0, height: 0 }
  return fit(
    {
      x: primary.x + Math.max(0, saved.x - from.x),
      y: primary.y + Math.max(0, saved.y - from.y),
      width: saved.width,
      height: saved.height,
    },
    primary,
  )
}

function fit(b: WindowBounds, d: WindowBounds): WindowBounds {
  const width = Math.min(b.width, d.width)
  const height = Math.min(b.height, d.height)
  const x = Math.min(Math.max(b.x, d.x), d.x + d.width - width)
  const y = Math.min(Math.max(b.y, d.y), d.y + d.height - height)
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) }
}
