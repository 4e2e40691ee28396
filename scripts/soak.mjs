// `npm run soak [-- SECONDS]`: the soaks of test/soak/ for longer than CI runs them (default 600 s;
// CI runs them inside `npm test`, the chaos soak 120 s, the bracket soak 90 s, the derivatives
// soak 60 s), side by side: the chaos soak (spot orders through cut connections), the bracket soak
// (brackets through cut connections: OCO reaction and fill protection against the exchange's
// records, with counts) and the derivatives soak (spot and perpetuals together, Unified WS and
// derivatives FIX cut too: orders, fills and positions against the exchange's records).
// TRIDENT_SOAK_SEED=N picks another run.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const seconds = process.argv[2] ?? '600'
if (!/^\d+$/.test(seconds)) {
  console.error('usage: npm run soak [-- SECONDS]')
  process.exit(2)
}
console.log(
  `chaos, bracket and derivatives soaks: ${seconds} s each against the built-in exchange through fault-injecting proxies`,
)
const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', 'test/soak'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TRIDENT_SOAK_SECONDS: seconds },
})
process.exit(r.status ?? 1)
