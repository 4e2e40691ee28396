import { create } from 'zustand'
import type { CommandRequest } from '../../src-preload/contract/contract'

interface UiStore {
  help: boolean
  /** the venue profiles dialog */
  profiles: boolean
  /** the workspace menu (save, load, add panel, new window) */
  workspaceMenu: boolean
  /** an order main wants the trader to confirm, with the words it used */
  confirm: { text: string; payload: CommandRequest<'orders.place'> } | null
  /** a problem only this window knows about (the bridge refused before main saw it) */
  localError: string | null
  set: (p: Partial<Omit<UiStore, 'set'>>) => void
}

export const useUiStore = create<UiStore>((set) => ({
  help: false,
  profiles: false,
  workspaceMenu: false,
  confirm: null,
  localError: null,
  set: (p) => set(p),
}))
