import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * A window's first paint (a live ladder) must not wait for code it does not show: what loads at
 * start (index.html's entry script and its modulepreloads) leaves out the code split into chunks
 * of their own, which still ships in another file of the build. Fails if the split is undone
 * (e.g. a static import of an overlay again). Runs after `npm run build` in `npm test`.
 */
const ROOT = join(__dirname, '..', '..')
const OUT = join(ROOT, 'out', 'renderer')
const ASSETS = join(OUT, 'assets')

/** A text only each split-off module carries (a heading or a library's own banner). */
const SPLIT_OFF: Record<string, string> = {
  'help overlay': 'Keyboard shortcuts',
  'profiles overlay': 'Add or update a profile',
  'chart library': 'TradingView Lightweight Charts',
  "blotter's virtual list": 'getVirtualItems',
}

describe.skipIf(!existsSync(ASSETS) && !process.env.CI)('renderer chunks', () => {
  const html = existsSync(OUT) ? readFileSync(join(OUT, 'index.html'), 'utf8') : ''
  const atStart = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!)
  const later = existsSync(ASSETS)
    ? readdirSync(ASSETS).filter((f) => f.endsWith('.js') && !atStart.includes(f))
    : []
  const read = (files: string[]): string => files.map((f) => readFileSync(join(ASSETS, f), 'utf8')).join('\n')

  it('index.html starts one script and preloads no common chunks (each would be one more request)', () => {
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[^"]+\.js"><\/script>/)
    expect(atStart).toHaveLength(1)
  })

  for (const [what, text] of Object.entries(SPLIT_OFF)) {
    it(`loads the ${what} only when shown, from a chunk of its own`, () => {
      // booleans: a failure names the module, not the megabyte it was looked for in
      expect(read(atStart).includes(text), `${what} in the start scripts`).toBe(false)
      expect(read(later).includes(text), `${what} in a later chunk`).toBe(true)
    })
  }
})
