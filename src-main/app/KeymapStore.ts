import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_KEYMAP, keymapProblem, type Keymap } from '../../src-preload/contract/keymap'
import type { KeymapView } from '../../src-preload/contract/types'
import { RefusedError } from './StreamHub'

/**
 * The trader's keymap, one for every window, kept in main and saved as JSON in the settings
 * folder (written to a temporary file and renamed, so a crash never leaves half a keymap).
 * Without a settings folder it lives for the session only.
 */
export class KeymapStore {
  private bindings: Keymap = structuredClone(DEFAULT_KEYMAP)

  constructor(
    private readonly dir: string | null,
    private readonly log: (line: string) => void = () => {},
  ) {
    if (!dir) return
    try {
      const saved = JSON.parse(readFileSync(this.file(), 'utf8')) as Record<string, unknown>
      // actions added since the file was saved get their default keys
      const merged = { ...structuredClone(DEFAULT_KEYMAP), ...saved }
      const problem = keymapProblem(merged)
      if (problem) this.log(`keymap: ignoring ${this.file()}: ${problem}`)
      else this.bindings = merged as Keymap
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log(`keymap: ignoring ${this.file()}: ${(e as Error).message}`)
    }
  }

  private file(): string {
    return join(this.dir!, 'keymap.json')
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
    this.save()
    return this.view()
  }

  reset(): KeymapView {
    this.bindings = structuredClone(DEFAULT_KEYMAP)
    this.save()
    return this.view()
  }

  private save(): void {
    if (!this.dir) return
    mkdirSync(this.dir, { recursive: true })
    const tmp = `${this.file()}.tmp`
    writeFileSync(tmp, JSON.stringify(this.bindings, null, 2))
    renameSync(tmp, this.file())
  }
}
