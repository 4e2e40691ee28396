import { defineConfig } from '@playwright/test'

/**
 * End-to-end specs drive the real renderer through the loopback host in Debian's Chromium
 * (never a downloaded browser). With TRIDENT_E2E_ELECTRON=1 the same specs launch Electron instead.
 */
export default defineConfig({
  testDir: 'test/e2e',
  // a test's whole budget, its app fixture (a host and a Chromium launched) included: with the
  // UI bench's ten windows beside it on two cores, the fixture alone took 20 s and a spec that
  // takes 18 s on a quiet machine ran out of 60 s mid-keys, every step merely slow (trace). Each
  // step still waits on state, within expect's 15 s
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})
