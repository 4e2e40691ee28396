// `npm run sim`: the built-in Kraken-compatible exchange on its own.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'

const ROOT = new URL('..', import.meta.url).pathname
buildIfNeeded()
const child = spawn(process.execPath, [join(ROOT, 'out/main/sim.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
})
process.on('SIGINT', () => child.kill('SIGINT'))
process.on('SIGTERM', () => child.kill('SIGTERM'))
child.on('exit', (code) => process.exit(code ?? 0))
