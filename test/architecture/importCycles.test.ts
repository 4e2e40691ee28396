// No import cycles between source files (issue 16). The cycles that exist while the refactor is
// under way are written out below; the test checks the list exactly, so it can only shrink.
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../scripts/lint/layers.mjs'
import { buildImportGraph, cyclicComponents, describeCycle, sourceFiles } from './importGraph'

/**
 * Cycles known today, each one strongly connected group of files as a closed walk from its first
 * file. Remove an entry when its cycle is broken (the test says so); never add one.
 */
const KNOWN_CYCLES: string[] = [
  // none: keep it so (a cycle added here needs a reason and a plan to remove it)
]

const SOURCE_FOLDERS = ['src-domain', 'src-main', 'src-preload', 'src-renderer']

describe('import cycles', () => {
  const graph = buildImportGraph(ROOT, sourceFiles(ROOT, SOURCE_FOLDERS))
  const cycles = cyclicComponents(graph).map((c) => describeCycle(graph, c))

  it('reads the whole source tree', () => {
    // a wrong root or folder list would find no cycles for the wrong reason
    expect(graph.size).toBeGreaterThan(150)
    expect(graph.get('src-main/hosts/electron/main.ts')?.length).toBeGreaterThan(3)
  })

  it('has no cycle beyond the known ones', () => {
    const fresh = cycles.filter((c) => !KNOWN_CYCLES.includes(c))
    expect(fresh, `new import cycles:\n${fresh.join('\n')}`).toEqual([])
  })

  it('still has every known cycle (remove broken ones from KNOWN_CYCLES)', () => {
    const gone = KNOWN_CYCLES.filter((c) => !cycles.includes(c))
    expect(gone, `these cycles are gone, remove them from KNOWN_CYCLES:\n${gone.join('\n')}`).toEqual([])
  })
})
