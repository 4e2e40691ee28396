import { DEFAULT_KEYMAP, keymapProblem, type Keymap } from '../../../src-preload/contract/keymap'
import type { KeymapView } from '../../../src-preload/contract/types'
import type { SettingsRepo } from '../../store/SettingsRepo'
import { RefusedError } from '../../ipc/StreamHub'

const KEY = 'keymap'

/**
 * The trader's keymap, one for every window, kept in main and saved in the settings table of the
 * journal database (one transaction: a crash never leaves half a keymap).
 */
export class KeymapStore {
  private bindings: Keymap = structuredClone(DEFAULT_KEYMAP)

  constructor(
    private readonly settings: SettingsRepo,
    private readonly log: (line: string) => void = () => {},
  ) {
    let saved: unknown
    try {
      saved = settings.get<unknown>(KEY)
    } catch (e) {
      this.log(`keymap: ignoring the saved keymap: ${(e as Error).message}`)
      return
    }
    if (saved === undefined) return
    if (!saved || typeof saved !== 'object' || Array.isArray(saved)) {
      this.log('keymap: ignoring the saved keymap: not a keymap')
      return
    }
    // actions added since it was saved get their default keys
    const merged = { ...structuredClone(DEFAULT_KEYMAP), ...(saved as Record<string, unknown>) }
    const problem = keymapProblem(merged)
    if (problem) this.log(`keymap: ignoring the saved keymap: ${problem}`)
    else this.bindings = merged as Keymap
  }

  view(): KeymapView {
    return {
      bindings: this.bindings,
      custom: JSON.stringify(this.bindings) !== JSON.stringify(DEFAULT_KEYMAP),
    }
  }

  set(bindings: Record<string, string[]>): KeymapView {
    const problem = keymapProblem(bindings)
    if (problem) throw new RefusedError(`Keymap not saved: ${problem}`)
    this.bindings = structuredClone(bindings) as Keymap
    this.settings.set(KEY, this.bindings)
    return this.view()
  }

  reset(): KeymapView {
    this.bindings = structuredClone(DEFAULT_KEYMAP)
    this.settings.delete(KEY)
    return this.view()
  }
}
