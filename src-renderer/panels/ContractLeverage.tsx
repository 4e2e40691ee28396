import { useState } from 'react'
import type { InstrumentMeta } from '../../src-preload/contract/types'
import { useDerivativesStore } from '../stores/derivativesStore'
import { setContractLeverage } from '../trading/actions'
import { leverageOf, leverageWords } from './derivativesModel'
import { NUMBER_FIELD_MAX } from './fieldCaps'

/**
 * A derivatives market's leverage preference, and where the trader changes it: Kraken keeps one
 * per market (set_preference), not per order, so it is set here and every order on the market
 * trades at it. Kraken's refusal (margin, schedule) is shown in its words beside the field.
 */
export function ContractLeverage({ inst }: { inst: InstrumentMeta }) {
  const pref = useDerivativesStore((s) => leverageOf(s.view, inst.symbol))
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const max = inst.contract?.maxLeverage ?? '?'
  const apply = (): void => {
    setBusy(true)
    void setContractLeverage(inst.symbol, text).then((p) => {
      setBusy(false)
      setProblem(p)
      if (!p) setText('')
    })
  }
  return (
    <div className="row contract-leverage">
      <span data-testid="ticket-leverage" data-leverage={pref ?? 'cross'}>
        Leverage: {leverageWords(pref)}
      </span>
      <input
        value={text}
        onChange={(e) => setText(e.target.value.trim())}
        onKeyDown={(e) => {
          // Enter here sets the leverage; it must not reach the ticket form and send an order
          if (e.key === 'Enter') {
            e.preventDefault()
            e.stopPropagation()
            apply()
          }
        }}
        placeholder={`Cross or 1–${max}`}
        aria-label="new leverage"
        inputMode="decimal"
        maxLength={NUMBER_FIELD_MAX}
        data-testid="ticket-leverage-input"
      />
      <button type="button" onClick={apply} disabled={busy} data-testid="ticket-leverage-set">
        Set
      </button>
      {problem && (
        <span className="problem" role="alert" data-testid="ticket-leverage-problem">
          {problem}
        </span>
      )}
    </div>
  )
}
