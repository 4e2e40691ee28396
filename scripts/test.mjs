// `npm test`: lint, type check, build, unit + integration tests (Vitest), then end-to-end specs
// (Playwright driving Debian's Chromium through the loopback host). Stops at the first failing
// stage and ends with one plain line: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const REPORTS = join(ROOT, '.reports')
const CHROMIUM = process.env.TRIDENT_CHROMIUM ?? '/usr/bin/chromium'
const bin = (name) => join(ROOT, 'node_modules', '.bin', name)

// The credential store is tested against a real Secret Service: run everything inside a private
// D-Bus session with an unlocked GNOME Keyring (never the developer's own keychain).
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
if (!process.env.TRIDENT_TEST_KEYRING && has('dbus-run-session') && has('gnome-keyring-daemon')) {
  const r = spawnSync(
    'dbus-run-session',
    ['--', 'bash', join(ROOT, 'scripts', 'keyring-session.sh'), process.execPath, ...process.argv.slice(1)],
    { cwd: ROOT, stdio: 'inherit' },
  )
  process.exit(r.status ?? 1)
}
if (!process.env.TRIDENT_TEST_KEYRING)
  console.warn(
    'No dbus-run-session/gnome-keyring-daemon here: the OS keychain tests will be skipped (CI installs them).',
  )

rmSync(join(REPORTS, 'vitest.json'), { force: true })
rmSync(join(REPORTS, 'playwright.json'), { force: true })
mkdirSync(REPORTS, { recursive: true })

function run(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}`)
  const started = Date.now()
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  console.log(
    `=== ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  )
  return r.status === 0
}

function counts() {
  let passed = 0
  let failed = 0
  let skipped = 0
  const v = join(REPORTS, 'vitest.json')
  if (existsSync(v)) {
    const j = JSON.parse(readFileSync(v, 'utf8'))
    passed += j.numPassedTests
    failed += j.numFailedTests
    skipped += j.numPendingTests + (j.numTodoTests ?? 0)
  }
  const p = join(REPORTS, 'playwright.json')
  if (existsSync(p)) {
    const s = JSON.parse(readFileSync(p, 'utf8')).stats
    passed += s.expected + s.flaky
    failed += s.unexpected
    skipped += s.skipped
  }
  return { passed, failed, skipped }
}

function finish(ok) {
  const c = counts()
  if (!ok && c.failed === 0) c.failed = 1 // a stage failed before or outside the test runners
  console.log(`\ntests: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`)
  process.exit(ok ? 0 : 1)
}

const stages = [
  () => run('lint (eslint)', bin('eslint'), ['.']) && run('format check', bin('prettier'), ['--check', '.']),
  () => run('type check (main+preload, renderer)', 'npm', ['run', '--silent', 'typecheck']),
  () => run('build (electron-vite)', bin('electron-vite'), ['build']),
  () =>
    run('unit + integration (vitest)', bin('vitest'), [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(REPORTS, 'vitest.json')}`,
    ]),
  () => {
    if (!existsSync(CHROMIUM) && process.env.TRIDENT_E2E_ELECTRON !== '1') {
      console.error(`\nEnd-to-end tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium`)
      return false
    }
    return run('end-to-end (playwright + chromium)', bin('playwright'), ['test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: join(REPORTS, 'playwright.json'),
    })
  },
]

for (const stage of stages) {
  if (!stage()) finish(false)
}
finish(true)
