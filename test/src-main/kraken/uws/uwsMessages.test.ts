import { describe, expect, it } from 'vitest'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'
import {
  decimalText,
  readUwsInstrument,
  readUwsLedgers,
  readUwsMargin,
  readUwsPositions,
  readUwsPreferences,
  readUwsTickers,
  rfc3339Ms,
} from '../../../../src-main/kraken/uws/uwsMessages'

/**
 * The Unified WS derivatives channels Kraken documents no example for, in the shapes of
 * docs/kraken-derivatives.md §11 (the agreed shapes Trident and the built-in exchange share).
 * Frames are JSON text read through the lossless parser, as the client reads them; expected values
 * are written out, decimals as exact text (trailing zeros kept).
 */

const frame = (text: string) => parseLossless(text) as Record<string, unknown>

describe('instrument (derivatives futures list)', () => {
  it('reads the §11 contract: tick, steps, tiers, funding interval, no expiry for a perpetual', () => {
    const r = readUwsInstrument(
      frame(
        '{"channel":"instrument","type":"snapshot","data":{"futures":[{"symbol":"PF_XBTUSD","type":"perpetual","base":"BTC","quote":"USD","status":"online","price_increment":1,"qty_increment":0.0001,"qty_min":0.0001,"price_precision":0,"qty_precision":4,"contract_size":1,"max_position_size":1200,"margin_levels":[{"contracts":0,"initial_margin":0.02,"maintenance_margin":0.01},{"contracts":500000,"initial_margin":0.04,"maintenance_margin":0.02}],"funding_interval":3600,"funding_rate_coefficient":8,"max_relative_funding_rate":0.001,"expiry":null},{"symbol":"FF_XBTUSD_270326","type":"fixed_maturity","base":"BTC","quote":"USD","status":"online","price_increment":0.5,"qty_increment":0.001,"qty_min":0.001,"price_precision":1,"qty_precision":3,"contract_size":1,"max_position_size":500.0,"margin_levels":[{"contracts":0,"initial_margin":0.10,"maintenance_margin":0.05}],"funding_interval":null,"expiry":"2027-03-26T16:00:00Z"}]}}',
      ),
    )
    expect(r.snapshot).toBe(true)
    expect(r.contracts).toEqual([
      {
        symbol: 'PF_XBTUSD',
        kind: 'perpetual',
        base: 'BTC',
        quote: 'USD',
        status: 'online',
        tickSize: '1',
        qtyStep: '0.0001',
        qtyMin: '0.0001',
        pricePrecision: 0,
        qtyPrecision: 4,
        contractSize: '1',
        maxPosition: '1200',
        marginLevels: [
          { contracts: '0', initialMargin: '0.02', maintenanceMargin: '0.01' },
          { contracts: '500000', initialMargin: '0.04', maintenanceMargin: '0.02' },
        ],
        fundingIntervalMs: 3_600_000,
      },
      {
        symbol: 'FF_XBTUSD_270326',
        kind: 'future',
        base: 'BTC',
        quote: 'USD',
        status: 'online',
        tickSize: '0.5',
        qtyStep: '0.001',
        qtyMin: '0.001',
        pricePrecision: 1,
        qtyPrecision: 3,
        contractSize: '1',
        maxPosition: '500.0',
        marginLevels: [{ contracts: '0', initialMargin: '0.10', maintenanceMargin: '0.05' }],
        fundingIntervalMs: 0,
        expiry: Date.UTC(2027, 2, 26, 16, 0, 0),
      },
    ])
  })

  it('a funding interval in decimal seconds becomes exact ms (a test exchange settles every 0.5 s)', () => {
    const r = readUwsInstrument(
      frame(
        '{"channel":"instrument","type":"update","data":{"futures":[{"symbol":"PF_XBTUSD","type":"perpetual","base":"BTC","quote":"USD","status":"online","price_increment":1,"qty_increment":0.0001,"qty_min":0.0001,"price_precision":0,"qty_precision":4,"contract_size":1,"max_position_size":1200,"margin_levels":[],"funding_interval":0.5,"expiry":null}]}}',
      ),
    )
    expect(r.contracts[0]!.fundingIntervalMs).toBe(500)
    expect(r.snapshot).toBe(false)
  })

  it('refuses a contract of an unknown type or a price that is not a number, naming the field', () => {
    expect(() =>
      readUwsInstrument(
        frame(
          '{"channel":"instrument","type":"update","data":{"futures":[{"symbol":"PF_X","type":"option"}]}}',
        ),
      ),
    ).toThrow('PF_X type is not perpetual or fixed_maturity: option')
    expect(() =>
      readUwsInstrument(
        frame(
          '{"channel":"instrument","type":"update","data":{"futures":[{"symbol":"PF_X","type":"perpetual","base":"X","quote":"USD","status":"online","price_increment":"one"}]}}',
        ),
      ),
    ).toThrow('PF_X price_increment is not a number: "one"')
  })
})

describe('ticker (derivatives)', () => {
  it('reads bid, ask, last, mark, index, funding rate and the next funding time', () => {
    expect(
      readUwsTickers(
        frame(
          '{"channel":"ticker","type":"update","data":[{"symbol":"PF_XBTUSD","bid":60999,"bid_qty":0.5000,"ask":61001,"ask_qty":1.2,"last":61000,"volume":812.3,"vwap":60500.5,"low":59000,"high":61500,"change":1000,"change_pct":1.67,"mark_price":61000.25,"index_price":60990.10,"funding_rate":-0.000012,"next_funding_time":"2026-12-01T15:00:00.000000Z","open_interest":1520.4}]}',
        ),
      ),
    ).toEqual([
      {
        symbol: 'PF_XBTUSD',
        bid: '60999',
        ask: '61001',
        last: '61000',
        markPrice: '61000.25',
        indexPrice: '60990.10',
        fundingRate: '-0.000012',
        nextFundingAt: Date.UTC(2026, 11, 1, 15, 0, 0),
      },
    ])
  })

  it('a rate written with an exponent is expanded digit for digit, never through a float', () => {
    expect(decimalText('1.25e-5', 'r')).toBe('0.0000125')
    expect(decimalText('-3E-7', 'r')).toBe('-0.0000003')
    expect(decimalText('1.5e3', 'r')).toBe('1500')
    expect(decimalText('0.10000000', 'r')).toBe('0.10000000')
    expect(() => decimalText('0x1', 'rate')).toThrow('rate is not a number: "0x1"')
  })

  it('RFC 3339 with 6, 7 or no fractional digits and with an offset', () => {
    expect(rfc3339Ms('2022-06-13T08:09:10.7890123Z', 't')).toBe(Date.UTC(2022, 5, 13, 8, 9, 10, 789))
    expect(rfc3339Ms('2026-12-01T15:00:00Z', 't')).toBe(Date.UTC(2026, 11, 1, 15, 0, 0))
    expect(rfc3339Ms('2026-12-01T16:30:00.5+01:30', 't')).toBe(Date.UTC(2026, 11, 1, 15, 0, 0, 500))
    expect(() => rfc3339Ms(1733065200000, 'next_funding_time')).toThrow(
      /next_funding_time is not an RFC 3339 time/,
    )
  })
})

describe('positions', () => {
  it('a snapshot of a long and a short, signed sizes as sent', () => {
    expect(
      readUwsPositions(
        frame(
          '{"channel":"positions","type":"snapshot","data":{"futures":[{"symbol":"PF_XBTUSD","size":0.5000,"entry_price":60000.5,"realized_pnl":0,"unrealized_funding":-0.75},{"symbol":"PF_ETHUSD","size":-12.5,"entry_price":3000.1,"realized_pnl":125.25,"unrealized_funding":0.01}],"options":[]},"time":"2026-12-01T14:00:00.000000Z"}',
        ),
      ),
    ).toEqual({
      snapshot: true,
      positions: [
        {
          symbol: 'PF_XBTUSD',
          size: '0.5000',
          entryPrice: '60000.5',
          realisedPnl: '0',
          unrealisedFunding: '-0.75',
        },
        {
          symbol: 'PF_ETHUSD',
          size: '-12.5',
          entryPrice: '3000.1',
          realisedPnl: '125.25',
          unrealisedFunding: '0.01',
        },
      ],
    })
  })

  it('a closed position is an update with size 0; snapshot_too_large leaves an empty list', () => {
    expect(
      readUwsPositions(
        frame(
          '{"channel":"positions","type":"update","data":{"futures":[{"symbol":"PF_XBTUSD","size":0,"entry_price":0,"realized_pnl":-50.5,"unrealized_funding":0}],"options":[]},"time":"2026-12-01T14:05:00Z"}',
        ),
      ).positions,
    ).toEqual([
      { symbol: 'PF_XBTUSD', size: '0', entryPrice: '0', realisedPnl: '-50.5', unrealisedFunding: '0' },
    ])
    expect(
      readUwsPositions(
        frame(
          '{"channel":"positions","type":"snapshot","data":{"futures":[],"options":[]},"warning":"snapshot_too_large"}',
        ),
      ),
    ).toEqual({ snapshot: true, positions: [] })
  })
})

describe('margin', () => {
  it('the multi-collateral wallet, every figure as sent', () => {
    expect(
      readUwsMargin(
        frame(
          '{"channel":"margin","type":"multi_collateral","data":{"currency":"USD","balance_value":10000.00,"portfolio_value":10250.5,"collateral_value":9990.1,"initial_margin":610.01,"maintenance_margin":305.005,"pnl":250.5,"unrealized_funding":-1.25,"available_margin":9380.09,"margin_equity":10240.6},"time":"2026-12-01T14:00:00Z"}',
        ),
      ),
    ).toEqual({
      currency: 'USD',
      balanceValue: '10000.00',
      portfolioValue: '10250.5',
      collateralValue: '9990.1',
      initialMargin: '610.01',
      maintenanceMargin: '305.005',
      pnl: '250.5',
      unrealisedFunding: '-1.25',
      availableMargin: '9380.09',
      marginEquity: '10240.6',
    })
  })

  it('a single-collateral section is not Trident’s wallet: null; a missing figure is refused by name', () => {
    expect(readUwsMargin(frame('{"channel":"margin","type":"single_collateral","data":{}}'))).toBeNull()
    expect(() =>
      readUwsMargin(
        frame('{"channel":"margin","type":"multi_collateral","data":{"currency":"USD","balance_value":1}}'),
      ),
    ).toThrow('margin portfolio_value is not a number: undefined')
  })
})

describe('ledgers', () => {
  it('a funding payment and a trade with realised PnL; spot entries are left to the spot path', () => {
    expect(
      readUwsLedgers(
        frame(
          '{"channel":"ledgers","type":"update","sequence":7,"data":[{"ledger_id":"L1","ref_id":"F1","timestamp":"2026-12-01T14:00:00.000000Z","type":"funding","subtype":"","asset":"USD","asset_class":"derivatives","amount":-1.50,"fee":0,"balance":9998.50,"symbol":"PF_XBTUSD"},{"ledger_id":"L2","ref_id":"T1","timestamp":"2026-12-01T14:01:02.250Z","type":"trade","subtype":"","asset":"USD","asset_class":"derivatives","amount":125.25,"fee":0.3,"balance":10123.75,"symbol":"PF_XBTUSD","realized_pnl":125.25},{"ledger_id":"L3","ref_id":"T2","timestamp":"2026-12-01T14:02:00Z","type":"trade","subtype":"","asset":"BTC","asset_class":"currency","amount":0.1,"fee":0,"balance":1.1}]}',
        ),
      ),
    ).toEqual({
      sequence: 7,
      entries: [
        {
          id: 'L1',
          type: 'funding',
          symbol: 'PF_XBTUSD',
          asset: 'USD',
          amount: '-1.50',
          at: Date.UTC(2026, 11, 1, 14, 0, 0),
        },
        {
          id: 'L2',
          type: 'trade',
          symbol: 'PF_XBTUSD',
          asset: 'USD',
          amount: '125.25',
          realisedPnl: '125.25',
          at: Date.UTC(2026, 11, 1, 14, 1, 2, 250),
        },
      ],
    })
  })
})

describe('preferences', () => {
  it('the futures permission and per-market leverage (a number fixed, null cross)', () => {
    expect(
      readUwsPreferences(
        frame(
          '{"channel":"preferences","type":"snapshot","data":{"futures_permission":"reduce_only","leverage_preferences":[{"symbol":"PF_XBTUSD","max_leverage":10},{"symbol":"PF_ETHUSD","max_leverage":null}]}}',
        ),
      ),
    ).toEqual({
      permission: 'reduce_only',
      leverage: [
        { symbol: 'PF_XBTUSD', maxLeverage: '10' },
        { symbol: 'PF_ETHUSD', maxLeverage: null },
      ],
    })
  })

  it('an unknown permission is refused, not guessed', () => {
    expect(() =>
      readUwsPreferences(
        frame(
          '{"channel":"preferences","type":"update","data":{"futures_permission":"maybe","leverage_preferences":[]}}',
        ),
      ),
    ).toThrow('preferences futures_permission is not enabled, reduce_only or disabled: maybe')
  })
})
