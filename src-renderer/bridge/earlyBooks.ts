import {
  LINK_COLORS,
  type BookView,
  type LinkColor,
  type WorkspaceView,
} from '../../src-preload/contract/types'
import type { TridentBridge } from '../../src-preload/contract/api'
import { BOOK_DEPTH } from '../stores/subscriptions'
import { resolveSymbol, type PanelParams } from '../workspace/panelKinds'

/**
 * A window's ladders wait for their book through three steps in a row: the workspace view (which
 * says what the window shows), the dock building its panels, then the ladder's own subscription —
 * and main's first subscriber of a book also waits for the venue's snapshot. So the window asks
 * for the books its ladders showed last time (or the default instrument on a first start) as soon
 * as its script runs; the ladders' own subscriptions share it (the bridge keeps one subscription
 * per topic and params, and hands its last message to a new listener). Once the window's layout
 * is known and its panels had time to subscribe, this hold is dropped: a book no ladder shows
 * any more is then released in main.
 */

const KEY = 'trident.ladderBooks'
/** After the first workspace view: time for the dock to build its panels and subscribe. */
export const HOLD_AFTER_VIEW_MS = 5000

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

function panelParams(v: unknown): PanelParams {
  if (!isRecord(v)) return {}
  const p: PanelParams = {}
  if (typeof v.symbol === 'string') p.symbol = v.symbol
  const link = LINK_COLORS.find((c: LinkColor) => c === v.link)
  if (link) p.link = link
  return p
}

/**
 * The instruments this window's ladders show in a workspace view: from its saved dock, or, with
 * none saved (first start, new window), the default layout's ladder (linked to the red group).
 */
export function ladderSymbols(view: WorkspaceView): string[] {
  const dock = view.self?.dock
  const panels = isRecord(dock) && isRecord(dock.panels) ? Object.values(dock.panels) : null
  if (!panels) return [resolveSymbol({ link: 'red' }, view.links)]
  const symbols = new Set<string>()
  for (const p of panels)
    if (isRecord(p) && p.contentComponent === 'ladder')
      symbols.add(resolveSymbol(panelParams(p.params), view.links))
  return [...symbols]
}

/** Remembered for the next start of this window (localStorage is per origin, like the token). */
export function rememberLadderSymbols(view: WorkspaceView): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(ladderSymbols(view)))
  } catch {
    // storage full or refused: the next start asks for the default instrument instead
  }
}

export function rememberedLadderSymbols(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null')
    if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string').slice(0, 8)
  } catch {
    // unreadable: fall back to the default
  }
  return [resolveSymbol({}, undefined)]
}

/**
 * Subscribe the remembered ladder books now; returns `release`, which drops the hold (the
 * ladders' own subscriptions, if any, keep the books coming).
 */
export function subscribeEarlyBooks(
  bridge: Pick<TridentBridge, 'subscribe'>,
  symbols: string[],
  onBook: (book: BookView) => void,
): () => void {
  const stops = symbols.map((symbol) =>
    // a refusal (an instrument no longer listed) is the ladder's to say, in its own words
    bridge.subscribe('book', { symbol, depth: BOOK_DEPTH }, onBook, () => {}),
  )
  let released = false
  return () => {
    if (released) return
    released = true
    for (const stop of stops) stop()
  }
}
