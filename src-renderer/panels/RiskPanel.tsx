import { useState, type FormEvent } from 'react'
import type { RiskLimitsView } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { useTradingStore } from '../stores/tradingStore'
import { sayFailure } from '../trading/say'
import { NUMBER_FIELD_MAX } from './fieldCaps'
import { limitsToSend, OPTIONAL } from './riskLimitsModel'

const FIELDS: [keyof RiskLimitsView, string][] = [
  ['maxOrderQty', 'Max quantity / order'],
  ['maxNotional', 'Max value / order'],
  ['priceBandPct', 'Price band around mid, %'],
  ['maxOpenOrders', 'Max working orders'],
  ['maxPosition', 'Max position'],
  ['confirmAbove', 'Confirm orders above value'],
  ['duplicateWindowMs', 'Confirm the same order again within, ms (0: off)'],
  ['maxContracts', 'Derivatives: max position, contracts per market'],
  ['maxContractNotional', 'Derivatives: max position value, USD at the mark'],
  ['maxLeverage', 'Derivatives: max leverage (notional ÷ equity)'],
  ['liquidationWarnPct', 'Derivatives: warn when the mark is within this % of liquidation'],
]

/** whole-number fields: typed as digits, sent as numbers */
const WHOLE = new Set<keyof RiskLimitsView>(['maxOpenOrders', 'duplicateWindowMs'])

/**
 * The trader's limits; main enforces them on every order, whatever any window shows. The form is
 * always open: folded behind its heading the tab looked empty, and traders took the limits for
 * missing. (The head stays a <summary> that does not fold, so older tests that click it still
 * find it; a click there changes nothing.)
 */
export function RiskPanel() {
  const risk = useTradingStore((s) => s.risk)
  const [edit, setEdit] = useState<RiskLimitsView | null>(null)
  const shown = edit ?? risk?.defaults
  if (!shown) return null
  const save = (e: FormEvent): void => {
    e.preventDefault()
    if (!edit) return
    getBridge()
      .invoke('risk.setLimits', limitsToSend(edit))
      .then(() => setEdit(null))
      .catch((err: unknown) => sayFailure(err, 'Risk limits not saved'))
  }
  return (
    <details className="panel risk" data-testid="risk-panel" open>
      <summary className="panel-head" onClick={(e) => e.preventDefault()}>
        <span className="panel-title">Risk limits</span>
        <span className="muted">enforced in main</span>
      </summary>
      <form className="risk-form" onSubmit={save}>
        {FIELDS.map(([k, label]) => (
          <label key={k}>
            {label}
            <input
              value={String(shown[k] ?? '')}
              placeholder={OPTIONAL.has(k) ? 'off' : undefined}
              maxLength={NUMBER_FIELD_MAX}
              onChange={(e) =>
                setEdit({
                  ...shown,
                  [k]: WHOLE.has(k) ? e.target.value.replace(/\D/g, '') : e.target.value.trim(),
                } as RiskLimitsView)
              }
              data-testid={`risk-${k}`}
            />
          </label>
        ))}
        <button type="submit" disabled={!edit} data-testid="risk-save">
          Save limits
        </button>
      </form>
    </details>
  )
}
