import type { DockviewApi } from 'dockview-react'
import type { PanelKind } from '../../src-preload/contract/types'
import { PANEL_INFO, type PanelParams } from './panelKinds'

/**
 * The first-start workspace: the ladder on the left; the ticket above positions (tabbed with
 * alerts, risk limits and connections) in the middle; chart, book (tabbed with time & sales) and
 * blotter on the right. Every per-instrument panel is in the red link group, so one instrument
 * change moves them all.
 */
export function buildDefaultLayout(api: DockviewApi): void {
  const add = (
    kind: PanelKind,
    position?: { referencePanel?: string; direction: 'right' | 'below' | 'within' },
    size?: { initialWidth?: number; initialHeight?: number },
  ): void => {
    const params: PanelParams = PANEL_INFO[kind].perSymbol ? { link: 'red' } : {}
    api.addPanel({
      id: `${kind}-1`,
      component: kind,
      title: PANEL_INFO[kind].title,
      params,
      ...(position ? { position } : {}),
      ...size,
    })
  }
  add('ladder')
  add('ticket', { direction: 'right' })
  add('positions', { referencePanel: 'ticket-1', direction: 'below' })
  add('alerts', { referencePanel: 'positions-1', direction: 'within' })
  add('risk', { referencePanel: 'positions-1', direction: 'within' })
  add('connections', { referencePanel: 'positions-1', direction: 'within' })
  add('chart', { direction: 'right' })
  add('book', { referencePanel: 'chart-1', direction: 'below' })
  add('tape', { referencePanel: 'book-1', direction: 'within' })
  add('blotter', { referencePanel: 'book-1', direction: 'below' })
  api.getPanel('positions-1')?.api.setActive()
  api.getPanel('book-1')?.api.setActive()
  // sizes after the splits exist: ladder and ticket columns fixed, the ticket tall enough to read
  // the middle column is wide enough for the positions table with PnL, no sideways scrolling
  api.getPanel('ladder-1')?.group.api.setSize({ width: 440 })
  api.getPanel('ticket-1')?.group.api.setSize({ width: 380, height: 450 })
  api.getPanel('chart-1')?.group.api.setSize({ height: 220 })
  api.getPanel('book-1')?.group.api.setSize({ height: 260 })
}
