import type { DerivativesView, DerivPositionView } from '../../src-preload/contract/derivatives'

/** A long of 0.5 PF_XBTUSD as main reports it: the renderer tests' derivatives position. */
export const LONG_XBT: DerivPositionView = {
  symbol: 'PF_XBTUSD',
  size: '0.5',
  entryPrice: '64000',
  markPrice: '64250',
  indexPrice: '64240',
  liquidationPrice: '51500',
  unrealisedPnl: '125',
  realisedPnl: '-12.5',
  fundingPaid: '0.84',
  initialMargin: '642.5',
  maintenanceMargin: '321.25',
  effectiveLeverage: '3.21',
  maxLeverage: '5',
}

export function view(over: Partial<DerivativesView> = {}): DerivativesView {
  return {
    available: true,
    detail: '',
    permission: 'enabled',
    positions: [LONG_XBT],
    margin: {
      currency: 'USD',
      equity: '10000',
      initialMargin: '642.5',
      maintenanceMargin: '321.25',
      available: '9357.5',
      marginLevel: '31.13',
      state: 'ok',
    },
    funding: [{ symbol: 'PF_XBTUSD', rate: '0.000012', nextAt: 1_764_597_600_000 }],
    leverage: [
      { symbol: 'PF_XBTUSD', maxLeverage: '5' },
      { symbol: 'PF_ETHUSD', maxLeverage: null },
    ],
    ...over,
  }
}
