import { useEffect } from 'react'
import { create } from 'zustand'
import type { BracketsView } from '../../src-preload/contract/brackets'
import type { CommandRequest } from '../../src-preload/contract/contract'
import { getBridge } from '../bridge'
import { sayEnded } from '../trading/say'

/** Exit templates, entries placed with one and their brackets, as main last said (null until then). */
export const useBracketsStore = create<{ view: BracketsView | null }>(() => ({ view: null }))

/**
 * Keep the brackets topic in the store while the calling panel (ticket, ladder, blotter) is
 * mounted; panels asking the same params share the bridge's one subscription.
 */
export function useBracketsSubscription(): void {
  useEffect(
    () =>
      getBridge().subscribe(
        'brackets',
        {},
        (view) => useBracketsStore.setState({ view }),
        sayEnded('Brackets'),
      ),
    [],
  )
}

/** The exit template chosen by id, if it is still saved. */
export function templateById(id: string) {
  return id ? useBracketsStore.getState().view?.templates.find((t) => t.id === id) : undefined
}

/** Flatten everything, waiting for the trader's yes: the orders it will send, listed in words. */
export const useFlattenAllStore = create<{
  pending: { order: CommandRequest<'orders.place'>; text: string }[] | null
}>(() => ({ pending: null }))
