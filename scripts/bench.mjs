// `npm run bench [-- --quick] [-- --book-path | --order-path | --cold-start] [-- --memory [--minutes N]]`:
// build if needed, then print figures, each with its goal (not a test: it asserts nothing): the
// book path, engines, FIX codecs and the order path in main (out/main/bench.js), UI latency in
// Chromium (ui-bench.mjs, when /usr/bin/chromium exists), main with 10 windows (windows-bench.mjs)
// and cold start to a live ladder (coldstart-bench.mjs). --book-path / --order-path / --cold-start
// run only that part (quick to repeat on a shared machine). --memory runs only memory over a long
// session (memory-bench.mjs), as it runs for minutes and other figures would be taken on a machine
// it keeps busy.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'

const ROOT = new URL('..', import.meta.url).pathname
const CHROMIUM = process.env.TRIDENT_CHROMIUM ?? '/usr/bin/chromium'
buildIfNeeded()
const run = (file, args = []) =>
  spawnSync(process.execPath, [join(ROOT, file), ...args], { cwd: ROOT, stdio: 'inherit' }).status ?? 1
if (process.argv.includes('--memory')) {
  if (!existsSync(CHROMIUM)) {
    console.log(`\n(memory bench skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium)`)
    process.exit(0)
  }
  process.exit(run('scripts/memory-bench.mjs', process.argv.slice(2)))
}
const quick = process.argv.includes('--quick') ? ['--runs', '3'] : []
if (process.argv.includes('--cold-start')) process.exit(run('scripts/coldstart-bench.mjs', quick))
let status = run('out/main/bench.js', process.argv.slice(2))
if (process.argv.includes('--book-path') || process.argv.includes('--order-path')) process.exit(status)
if (existsSync(CHROMIUM)) {
  status ||= run('scripts/ui-bench.mjs', process.argv.slice(2))
  status ||= run('scripts/coldstart-bench.mjs', quick)
} else console.log(`\n(UI figures skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium)`)
status ||= run('scripts/windows-bench.mjs')
process.exit(status)
