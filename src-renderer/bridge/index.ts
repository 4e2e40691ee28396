import type { TridentBridge } from '../../src-preload/contract/api'
import { useBridgeStore } from '../stores/bridgeStore'
import { createLoopbackBridge } from './loopbackBridge'

declare global {
  interface Window {
    /** set by the Electron preload through contextBridge */
    trident?: TridentBridge
  }
}

let bridge: TridentBridge | null = null

/** The contract client: the preload's in Electron, the loopback WebSocket in a browser. */
export function getBridge(): TridentBridge {
  if (bridge) return bridge
  if (window.trident) {
    bridge = window.trident
    useBridgeStore.getState().set('open', 'Electron')
  } else {
    bridge = createLoopbackBridge((state, detail) => useBridgeStore.getState().set(state, detail))
  }
  return bridge
}
