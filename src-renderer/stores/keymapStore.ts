import { create } from 'zustand'
import { DEFAULT_KEYMAP, type Keymap } from '../../src-preload/contract/keymap'

interface KeymapStore {
  keymap: Keymap
  custom: boolean
  set: (p: { keymap: Keymap; custom: boolean }) => void
}

/** The keymap main keeps for every window; the defaults until main has said. */
export const useKeymapStore = create<KeymapStore>((set) => ({
  keymap: DEFAULT_KEYMAP,
  custom: false,
  set: (p) => set(p),
}))
