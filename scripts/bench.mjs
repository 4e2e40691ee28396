// `npm run bench`: build if needed, then print throughput figures (not a test: it asserts nothing).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'

const ROOT = new URL('..', import.meta.url).pathname
buildIfNeeded()
const child = spawn(process.execPath, [join(ROOT, 'out/main/bench.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
})
child.on('exit', (code) => process.exit(code ?? 0))
