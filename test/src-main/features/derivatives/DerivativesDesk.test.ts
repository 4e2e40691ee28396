import { describe, expect, it } from 'vitest'
import { DerivativesDesk, LEDGER_IDS_KEPT } from '../../../../src-main/features/derivatives/DerivativesDesk'
import type { UwsMargin } from '../../../../src-main/kraken/uws/types'
import { PF_XBTUSD as PERP } from '../../../helpers/contracts'

function margin(equity: string, maintenance: string, available: string): UwsMargin {
  return {
    currency: 'USD',
    balanceValue: '10000',
    portfolioValue: equity,
    collateralValue: '10000',
    initialMargin: '1200',
    maintenanceMargin: maintenance,
    pnl: '0',
    unrealisedFunding: '0',
    availableMargin: available,
    marginEquity: equity,
  }
}

function desk(warnPct?: string) {
  const notices: string[] = []
  let published = 0
  const sent: string[] = []
  const d = new DerivativesDesk({
    instrument: (s) => (s === 'PF_XBTUSD' ? PERP : null),
    liquidationWarnPct: () => warnPct,
    setPreference: () => (symbol, max) => {
      sent.push(`${symbol} ${max}`)
      return Promise.resolve()
    },
    notice: (_l, t) => notices.push(t),
    refuse: (t) => {
      throw new Error(t)
    },
    publish: () => published++,
  })
  // Kraken's preferences (cross): until they arrive no liquidation price is shown
  d.onPreferences({ permission: 'enabled', leverage: [{ symbol: 'PF_XBTUSD', maxLeverage: null }] })
  return { d, notices, sent, published: () => published }
}

const ticker = (mark: string) => ({
  symbol: 'PF_XBTUSD',
  bid: '59990',
  ask: '60010',
  last: '60000',
  markPrice: mark,
  indexPrice: '60005',
  fundingRate: '0.000012',
  nextFundingAt: 1_700_003_600_000,
})

describe('DerivativesDesk: the venue-held positions as the trader reads them', () => {
  it('a long marked at the mark: PnL, margin, leverage, liquidation price', () => {
    const { d } = desk()
    d.onPositions(
      [{ symbol: 'PF_XBTUSD', size: '1', entryPrice: '60000', realisedPnl: '0', unrealisedFunding: '0' }],
      true,
    )
    d.onMargin(margin('6000', '600', '4800'))
    d.onTicker(ticker('61000'))
    expect(d.view().positions).toEqual([
      {
        symbol: 'PF_XBTUSD',
        size: '1',
        entryPrice: '60000',
        markPrice: '61000',
        indexPrice: '60005',
        // (1 × 61000 − 6000) ÷ 0.99
        liquidationPrice: '55556',
        unrealisedPnl: '1000.00',
        realisedPnl: '0',
        fundingPaid: '0.00',
        initialMargin: '1220.00',
        maintenanceMargin: '610.00',
        effectiveLeverage: '10.17',
        maxLeverage: null,
      },
    ])
    expect(d.view().margin).toEqual({
      currency: 'USD',
      equity: '6000.00',
      initialMargin: '1200.00',
      maintenanceMargin: '600.00',
      available: '4800.00',
      marginLevel: '10.00',
      state: 'ok',
    })
    expect(d.size('PF_XBTUSD')).toBe('1')
  })

  it('no liquidation price before Kraken said whether the market is cross or isolated', () => {
    const d = new DerivativesDesk({
      instrument: () => PERP,
      liquidationWarnPct: () => undefined,
      setPreference: () => null,
      notice: () => {},
      refuse: (t) => {
        throw new Error(t)
      },
      publish: () => {},
    })
    d.onPositions(
      [{ symbol: 'PF_XBTUSD', size: '1', entryPrice: '60000', realisedPnl: '0', unrealisedFunding: '0' }],
      true,
    )
    d.onMargin(margin('6000', '600', '4800'))
    d.onTicker(ticker('61000'))
    expect(d.view().positions[0]?.liquidationPrice).toBe('')
    d.onPreferences({ permission: 'enabled', leverage: [{ symbol: 'PF_XBTUSD', maxLeverage: null }] })
    expect(d.view().positions[0]?.liquidationPrice).toBe('55556')
  })

  it('funding paid sums the ledger once per entry; a closed position (size 0) leaves', () => {
    const { d } = desk()
    d.onPositions(
      [{ symbol: 'PF_XBTUSD', size: '-0.5', entryPrice: '60000', realisedPnl: '0', unrealisedFunding: '0' }],
      true,
    )
    d.onTicker(ticker('60000'))
    const paid = { id: 'L1', type: 'funding', symbol: 'PF_XBTUSD', asset: 'USD', amount: '-0.36', at: 1 }
    d.onLedger([paid, { ...paid, id: 'L2', amount: '0.12' }])
    d.onLedger([paid]) // the same entry again (a resend) counts once
    expect(d.view().positions[0]?.fundingPaid).toBe('0.24')
    // a fraction of a cent is still shown as paid
    d.onLedger([{ ...paid, id: 'L3', amount: '-0.0048' }])
    expect(d.view().positions[0]?.fundingPaid).toBe('0.2448')
    d.onPositions(
      [{ symbol: 'PF_XBTUSD', size: '0', entryPrice: '0', realisedPnl: '12.5', unrealisedFunding: '0' }],
      false,
    )
    expect(d.view().positions).toEqual([])
    expect(d.size('PF_XBTUSD')).toBe('0')
  })

  it('keeps the ledger ids of the last thousand funding payments, each still counted once (issue 20)', () => {
    const { d } = desk()
    d.onPositions(
      [{ symbol: 'PF_XBTUSD', size: '-0.5', entryPrice: '60000', realisedPnl: '0', unrealisedFunding: '0' }],
      true,
    )
    d.onTicker(ticker('60000'))
    const paid = { type: 'funding', symbol: 'PF_XBTUSD', asset: 'USD', amount: '-0.01', at: 1 }
    for (let i = 0; i < LEDGER_IDS_KEPT + 200; i++) d.onLedger([{ ...paid, id: `L${i}` }])
    expect((d as unknown as { seenLedger: Set<string> }).seenLedger.size).toBe(1000)
    expect(d.view().positions[0]?.fundingPaid).toBe('12.00')
    // the newest repeated (a resend) count once
    d.onLedger([
      { ...paid, id: `L${LEDGER_IDS_KEPT + 199}` },
      { ...paid, id: 'L200' },
    ])
    expect(d.view().positions[0]?.fundingPaid).toBe('12.00')
  })

  it('the gauge warns once per step down, and the liquidation distance once per approach', () => {
    const { d, notices } = desk('5')
    d.onPositions(
      [{ symbol: 'PF_XBTUSD', size: '1', entryPrice: '60000', realisedPnl: '0', unrealisedFunding: '0' }],
      true,
    )
    d.onTicker(ticker('60000'))
    d.onMargin(margin('6000', '600', '4800'))
    expect(notices).toEqual([])
    d.onMargin(margin('1100', '600', '0'))
    expect(d.view().margin?.state).toBe('amber')
    d.onMargin(margin('1050', '600', '0'))
    expect(notices).toEqual([
      // (60000 − 1100) ÷ 0.99 = 59495: the mark 60000 is 0.85% away; said once while it stays near
      'PF_XBTUSD: mark 60000 is within 5% of the liquidation price 59495',
      'Derivatives margin amber: equity 1100.00 USD is 1.83× the maintenance margin 600.00 USD',
    ])
    d.onMargin(margin('700', '600', '0'))
    expect(d.view().margin?.state).toBe('red')
    expect(notices).toHaveLength(3)
    expect(notices[2]).toBe(
      'Derivatives margin red: equity 700.00 USD is 1.17× the maintenance margin 600.00 USD',
    )
  })

  it('a market at fixed leverage is isolated: margin is notional ÷ leverage, liquidation from the entry', async () => {
    const { d } = desk()
    d.onPositions(
      [{ symbol: 'PF_XBTUSD', size: '0.2', entryPrice: '65000', realisedPnl: '0', unrealisedFunding: '0' }],
      true,
    )
    d.onMargin(margin('10000', '130', '8700'))
    d.onTicker(ticker('65001'))
    // cross (the default): the tier's 2 %, and the whole wallet stands behind it:
    // (0.2 × 65001 − 10000) ÷ (0.2 × 0.99)
    expect(d.view().positions[0]).toMatchObject({ initialMargin: '260.00', liquidationPrice: '15153' })
    await d.setLeverage('PF_XBTUSD', 10)
    // held at entry: 0.2 × 65000 ÷ 10; 65000 × 0.9 ÷ 0.99
    expect(d.view().positions[0]).toMatchObject({
      initialMargin: '1300.00',
      liquidationPrice: '59091',
      maxLeverage: '10',
    })
  })

  it('leverage goes to the venue and shows as the market preference; a spot pair is refused in words', async () => {
    const { d, sent } = desk()
    const v = await d.setLeverage('PF_XBTUSD', 10)
    expect(sent).toEqual(['PF_XBTUSD 10'])
    expect(v.leverage).toEqual([{ symbol: 'PF_XBTUSD', maxLeverage: '10' }])
    await d.setLeverage('PF_XBTUSD', null)
    expect(d.view().leverage).toEqual([{ symbol: 'PF_XBTUSD', maxLeverage: null }])
    await expect(d.setLeverage('BTC/USD', 5)).rejects.toThrow('BTC/USD is not a derivatives contract')
  })
})
