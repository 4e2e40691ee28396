import { useEffect } from 'react'
import { create } from 'zustand'
import type { DerivativesView } from '../../src-preload/contract/derivatives'
import { getBridge } from '../bridge'
import { sayEnded } from '../trading/say'

/**
 * Derivatives positions, margin, funding, the account's permission and every market's leverage
 * preference, as main last said (null until then: the ticket refuses contract orders meanwhile).
 */
export const useDerivativesStore = create<{ view: DerivativesView | null }>(() => ({ view: null }))

/**
 * Keep the derivatives topic in the store while the calling panel (status bar, ticket, positions)
 * is mounted; panels asking the same params share the bridge's one subscription.
 */
export function useDerivativesSubscription(): void {
  useEffect(
    () =>
      getBridge().subscribe(
        'derivatives',
        {},
        (view) => useDerivativesStore.setState({ view }),
        sayEnded('Derivatives account'),
      ),
    [],
  )
}
