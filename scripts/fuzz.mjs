// `npm run fuzz`: the fuzz targets of test/fuzz/ with many more cases than CI runs (default
// 1,000,000 per target; `npm run fuzz -- 5000000` for more; TRIDENT_FUZZ_SEED=N to replay a run).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const runs = process.argv[2] ?? '1000000'
if (!/^\d+$/.test(runs)) {
  console.error('usage: npm run fuzz [-- CASES_PER_TARGET]')
  process.exit(2)
}
console.log(
  `fuzzing every parser that takes outside input: ${Number(runs).toLocaleString('en')} cases per target`,
)
const started = Date.now()
const r = spawnSync(
  join(ROOT, 'node_modules', '.bin', 'vitest'),
  ['run', 'test/fuzz', '--testTimeout', '0'],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, TRIDENT_FUZZ_RUNS: runs },
  },
)
console.log(
  `fuzz: ${r.status === 0 ? 'no failure' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
)
process.exit(r.status ?? 1)
