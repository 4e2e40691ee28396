import { create } from 'zustand'
import type { BridgeLinkState } from '../bridge/loopbackBridge'

interface BridgeStore {
  state: BridgeLinkState
  detail: string
  set: (state: BridgeLinkState, detail: string) => void
}

/** Link between this window and the Trident core (not the venue). */
export const useBridgeStore = create<BridgeStore>((set) => ({
  state: 'connecting',
  detail: 'Starting',
  set: (state, detail) => set({ state, detail }),
}))
