import { create } from 'zustand'
import type { CommandRequest } from '../../src-preload/contract/contract'

interface UiStore {
  help: boolean
  /** the venue profiles dialog */
  profiles: boolean
  /** the workspace menu (save, load, add panel, new window) */
  workspaceMenu: boolean
  /** an order main wants the trader to confirm, with the words it used and what for (`why`) */
  confirm: {
    text: string
    payload: CommandRequest<'orders.place'>
    why: readonly ('value' | 'duplicate')[]
  } | null
  /** the "re-arm trading?" question after the kill switch (its default answer keeps trading stopped) */
  rearm: boolean
  /** a refusal or problem to say in words in this window (always shown until dismissed or replaced) */
  localError: string | null
  set: (p: Partial<Omit<UiStore, 'set'>>) => void
}

export const useUiStore = create<UiStore>((set) => ({
  help: false,
  profiles: false,
  workspaceMenu: false,
  confirm: null,
  rearm: false,
  localError: null,
  set: (p) => set(p),
}))
