import { defineConfig } from '@playwright/test'

/**
 * End-to-end specs drive the real renderer through the loopback host in Debian's Chromium
 * (never a downloaded browser). With TRIDENT_E2E_ELECTRON=1 the same specs launch Electron instead.
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
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
