import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The built renderer (what Electron and the browser load) contains no Node built-ins and no way
 * to reach them. Runs after `npm run build` in `npm test`; the e2e specs check the same at run time.
 */
const ROOT = join(__dirname, '..', '..')
const ASSETS = join(ROOT, 'out', 'renderer', 'assets')
const BUILTINS = [
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'tls',
  'http',
  'https',
  'crypto',
  'zlib',
  'stream',
  'worker_threads',
  'electron',
  'ws',
  'better-sqlite3',
]

// Outside CI a missing build skips; in CI (which builds first) a missing build fails.
describe.skipIf(!existsSync(ASSETS) && !process.env.CI)('renderer bundle', () => {
  const js = existsSync(ASSETS)
    ? readdirSync(ASSETS)
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(join(ASSETS, f), 'utf8'))
        .join('\n')
    : ''

  it('imports no Node built-ins or main-process packages', () => {
    expect(js.length).toBeGreaterThan(1000)
    expect(js).not.toMatch(/\bfrom\s*["']node:/)
    expect(js).not.toMatch(/\bimport\s*\(\s*["']node:/)
    for (const m of BUILTINS) {
      expect(js, m).not.toMatch(new RegExp(`require\\(\\s*["'](node:)?${m}["']\\s*\\)`))
      expect(js, m).not.toMatch(new RegExp(`from\\s*["'](node:)?${m}["']`))
    }
  })

  it('carries no eval-style code the CSP would have to allow', () => {
    expect(js).not.toMatch(/\bnew Function\(/)
    expect(js).not.toMatch(/\beval\(/)
  })

  it('is served with the CSP meta tag in index.html', () => {
    const html = readFileSync(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8')
    expect(html).toContain(`script-src 'self'`)
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/) // no inline script
  })
})
