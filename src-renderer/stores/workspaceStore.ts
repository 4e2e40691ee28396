import { create } from 'zustand'
import type { WorkspaceView } from '../../src-preload/contract/types'

interface WorkspaceStore {
  view: WorkspaceView | null
  /** panels of kind "ticket" visible in this window (keyboard trading needs one in sight) */
  ticketsVisible: number
  set: (p: Partial<Omit<WorkspaceStore, 'set'>>) => void
}

export const useWorkspaceStore = create<WorkspaceStore>((set) => ({
  view: null,
  ticketsVisible: 0,
  set: (p) => set(p),
}))
