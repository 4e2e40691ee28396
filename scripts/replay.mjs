// `npm run replay -- book FILE`: verify recorded Kraken WS v2 book messages with the app's book engine.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'

const ROOT = new URL('..', import.meta.url).pathname
buildIfNeeded()
const child = spawn(process.execPath, [join(ROOT, 'out/main/replay.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
})
child.on('exit', (code) => process.exit(code ?? 0))
