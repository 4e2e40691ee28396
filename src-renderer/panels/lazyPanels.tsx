import { lazyLoad } from './lazyLoad'

/**
 * Panels loaded when first shown (their code is a chunk of its own): the chart library and the
 * blotter's virtual list are the largest, and the panels behind tabs are not needed for a window's
 * first paint. The panel registry (workspace/DockPanels.tsx) uses these in place of the panels.
 */
export const Chart = lazyLoad('chart', () => import('./Chart').then((m) => m.Chart))
export const Blotter = lazyLoad('blotter', () => import('./Blotter').then((m) => m.Blotter))
export const Alerts = lazyLoad('alerts', () => import('./Alerts').then((m) => m.Alerts))
export const RiskPanel = lazyLoad('risk limits', () => import('./RiskPanel').then((m) => m.RiskPanel))
export const Connections = lazyLoad('connections', () => import('./Connections').then((m) => m.Connections))
