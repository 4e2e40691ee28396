// Build with electron-vite when out/ is missing or older than any source file.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const SOURCES = [
  'src-main',
  'src-preload',
  'src-renderer',
  'resources',
  'electron.vite.config.ts',
  'package.json',
]
const OUTPUTS = [
  'out/main/index.js',
  'out/main/loopback.js',
  'out/preload/index.js',
  'out/renderer/index.html',
]

function newest(path) {
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let m = st.mtimeMs
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)))
  return m
}

export function buildIfNeeded() {
  const outs = OUTPUTS.map((o) => join(ROOT, o))
  const fresh =
    outs.every((o) => existsSync(o)) &&
    Math.min(...outs.map((o) => statSync(o).mtimeMs)) >=
      Math.max(...SOURCES.map((s) => newest(join(ROOT, s))))
  if (fresh) return
  console.log('Building Trident…')
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  if (r.status !== 0) {
    console.error('Build failed; see the errors above.')
    process.exit(r.status ?? 1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded()
