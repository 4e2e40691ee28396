import { describe, expect, it } from 'vitest'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { DuplicateGuard } from '../../../../src-main/core/risk/DuplicateGuard'
import { RiskManager } from '../../../../src-main/core/risk/RiskManager'
import { traderChecks, type TraderCheckState } from '../../../../src-main/features/orders/preTrade'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

const inst = conformanceRegistry.resolve('BTC/USD')
const sell: PlaceRequest = {
  symbol: 'BTC/USD',
  side: 'sell',
  type: 'limit',
  qty: '0.5',
  limitPrice: '30000.0',
  tif: 'GTC',
}

function state(over: Partial<TraderCheckState> = {}): TraderCheckState {
  return {
    risk: new RiskManager(),
    duplicates: new DuplicateGuard(),
    now: 1_000_000,
    mid: '30000.0',
    net: '0',
    working: 0,
    reduceOnlyWorking: [],
    ...over,
  }
}

describe('pre-trade pipeline, trader end: each check refuses in its own words, in order', () => {
  it('reduce-only comes first: with no position it is refused even when the kill switch is engaged', () => {
    const s = state()
    s.risk.kill('trader', 1)
    expect(traderChecks({ ...sell, reduceOnly: true }, inst, false, s)).toEqual({
      refuse: 'Reduce-only: there is no BTC/USD position to reduce',
    })
  })

  it('then risk: the kill switch refuses before any size or value check', () => {
    const s = state()
    s.risk.kill('trader', 1)
    expect(traderChecks({ ...sell, qty: '999' }, inst, false, s)).toEqual({
      refuse: 'Trading is stopped by the kill switch. Re-arm it to trade again.',
    })
    expect(traderChecks({ ...sell, qty: '6' }, inst, false, state())).toEqual({
      refuse: 'Quantity 6 is above your BTC/USD limit of 5',
    })
  })

  it('then confirmation: above the value threshold it asks instead of refusing; confirmed it goes', () => {
    // 2 BTC at 30000 = 60000 USD, above the default 50000 threshold
    expect(traderChecks({ ...sell, qty: '2' }, inst, false, state())).toEqual({
      confirm: 'Sell 2 BTC worth 60000.00 USD?',
      why: ['value'],
    })
    expect(traderChecks({ ...sell, qty: '2' }, inst, true, state())).toEqual({
      go: true,
      duplicateWindowMs: 2000,
    })
  })

  it('the same order again within the window asks first (duplicate named before value)', () => {
    const s = state()
    s.duplicates.noteSent({ ...sell, qty: '2' }, 1_000_000, 2000)
    expect(traderChecks({ ...sell, qty: '2' }, inst, false, { ...s, now: 1_000_300 })).toEqual({
      confirm:
        'You sent the same order 0.3 s ago (Sell 2 BTC/USD @ 30000.0 limit). Send it again? Sell 2 BTC worth 60000.00 USD?',
      why: ['duplicate', 'value'],
    })
  })
})
