// `npm run soak [-- SECONDS]`: the chaos soak of test/soak/ for longer than CI runs it
// (default 600 s; CI runs 120 s inside `npm test`). TRIDENT_SOAK_SEED=N picks another run.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const seconds = process.argv[2] ?? '600'
if (!/^\d+$/.test(seconds)) {
  console.error('usage: npm run soak [-- SECONDS]')
  process.exit(2)
}
console.log(`chaos soak: ${seconds} s against the built-in exchange through fault-injecting proxies`)
const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', 'test/soak'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TRIDENT_SOAK_SECONDS: seconds },
})
process.exit(r.status ?? 1)
