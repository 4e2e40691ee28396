import type { CommandRequest } from '../../src-preload/contract/contract'
import type { RiskLimitsView } from '../../src-preload/contract/types'

/** the derivatives limits are optional: left empty, that kind of limit is off */
export const OPTIONAL = new Set<keyof RiskLimitsView>([
  'maxContracts',
  'maxContractNotional',
  'maxLeverage',
  'liquidationWarnPct',
])

/**
 * The limits as risk.setLimits takes them: whole-number fields as numbers, and an empty optional
 * limit absent (off), never "" (main refuses a non-decimal).
 */
export function limitsToSend(edit: RiskLimitsView): CommandRequest<'risk.setLimits'> {
  const out: RiskLimitsView = { ...edit }
  for (const k of OPTIONAL) if (out[k] === '') delete out[k]
  return {
    ...out,
    maxOpenOrders: Number(edit.maxOpenOrders),
    duplicateWindowMs: Number(edit.duplicateWindowMs),
  }
}
