import { describe, expect, it } from 'vitest'
import { limitsToSend } from '../../../src-renderer/panels/riskLimitsModel'
import type { RiskLimitsView } from '../../../src-preload/contract/types'

const base: RiskLimitsView = {
  maxOrderQty: '1',
  maxNotional: '100000',
  priceBandPct: '5',
  maxOpenOrders: 50,
  maxPosition: '2',
  confirmAbove: '50000',
  duplicateWindowMs: 2000,
}

describe('risk limits as sent', () => {
  it('sends the derivatives limits typed, and an empty one as absent (off)', () => {
    expect(
      limitsToSend({
        ...base,
        maxOpenOrders: '40' as unknown as number,
        maxContracts: '10',
        maxContractNotional: '',
        maxLeverage: '5',
        liquidationWarnPct: '2.5',
      }),
    ).toEqual({
      ...base,
      maxOpenOrders: 40,
      maxContracts: '10',
      maxLeverage: '5',
      liquidationWarnPct: '2.5',
    })
    expect(limitsToSend(base)).toEqual(base)
  })
})
