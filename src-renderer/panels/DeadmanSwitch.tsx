import { getBridge } from '../bridge'
import { useTradingStore } from '../stores/tradingStore'
import { useUiStore } from '../stores/uiStore'
import { useNow } from '../stores/useNow'

const TIMEOUT_SEC = 60

/** Kraken's dead-man switch: main keeps re-arming it; the countdown shows when it would fire. */
export function DeadmanSwitch() {
  const deadman = useTradingStore((s) => s.risk?.deadman)
  // the countdown ticks 4×/s while the switch is armed
  const now = useNow(deadman?.armed ? 250 : null)
  const toggle = (): void => {
    getBridge()
      .invoke('risk.deadman', { timeoutSec: deadman?.armed ? 0 : TIMEOUT_SEC })
      .catch((e: unknown) => useUiStore.getState().set({ localError: (e as Error).message }))
  }
  const left =
    deadman?.armed && deadman.triggerAt ? Math.max(0, Math.ceil((deadman.triggerAt - now) / 1000)) : null
  return (
    <button
      className={`deadman${deadman?.armed ? ' armed' : ''}`}
      onClick={toggle}
      data-testid="deadman"
      title="Kraken cancels every order if Trident stops re-arming this (cancel_all_orders_after)"
    >
      Dead-man: {deadman?.armed ? `armed · fires in ${left ?? '?'} s unless re-armed` : 'off'}
    </button>
  )
}
