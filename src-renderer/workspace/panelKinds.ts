import { LINK_COLORS, type LinkColor, type PanelKind } from '../../src-preload/contract/types'

/** What each kind of panel is called, and whether it shows one instrument (and so can be linked). */
export const PANEL_INFO: Record<PanelKind, { title: string; perSymbol: boolean }> = {
  ladder: { title: 'Ladder', perSymbol: true },
  ticket: { title: 'Ticket', perSymbol: true },
  book: { title: 'Book', perSymbol: true },
  chart: { title: 'Chart', perSymbol: true },
  tape: { title: 'Time & sales', perSymbol: true },
  alerts: { title: 'Alerts', perSymbol: true },
  blotter: { title: 'Blotter', perSymbol: false },
  positions: { title: 'Positions', perSymbol: false },
  connections: { title: 'Connections', perSymbol: false },
  risk: { title: 'Risk limits', perSymbol: false },
  latency: { title: 'Latency', perSymbol: false },
}

/** Parameters a panel keeps in the layout (so they survive save and restore). */
export interface PanelParams {
  symbol?: string
  link?: LinkColor | null
}

let seq = 0
/** A panel id unique across windows: kind, then time and a counter in base 36. */
export function newPanelId(kind: PanelKind): string {
  seq = (seq + 1) % 1296
  return `${kind}-${(Date.now() % 2_000_000_000).toString(36)}${seq.toString(36)}`.slice(0, 40)
}

const DEFAULT_SYMBOL = 'BTC/USD'

/** The next link group (red → green → blue → yellow → none → red); an unlinked panel keeps its instrument. */
export function nextLinkParams(link: LinkColor | null, symbol: string): PanelParams {
  const order: (LinkColor | null)[] = [...LINK_COLORS, null]
  return { link: order[(order.indexOf(link) + 1) % order.length] ?? null, symbol }
}

/** The instrument a panel shows: its link group's, or its own when unlinked. */
export function resolveSymbol(params: PanelParams, links: Record<LinkColor, string> | undefined): string {
  if (params.link && links) return links[params.link]
  return params.symbol ?? DEFAULT_SYMBOL
}
