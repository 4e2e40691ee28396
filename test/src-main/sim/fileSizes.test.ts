import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// Issue 16: the built-in exchange's servers were split by role (connection/session layer apart
// from public channels, level3, private feeds and trading; the engine by role) so that no file
// mixes them again. A file growing past this is the sign it is taking on a second role.
const MAX_LINES = 400
const ROOT = join(__dirname, '../../../src-main/sim')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

describe('the built-in exchange sources', () => {
  it(`has no file over ${MAX_LINES} lines`, () => {
    const files = sources(ROOT)
    expect(files.length).toBeGreaterThan(40)
    const over = files
      .map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES)
    expect(over).toEqual([])
  })
})
