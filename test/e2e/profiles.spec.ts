import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, ROOT, test } from './fixtures'

/** Inside `npm test` the loopback host has a real (private) Secret Service; see scripts/keyring-session.sh. */
const keychain = process.env.TRIDENT_TEST_KEYRING === '1'
const API_KEY = 'E2eKeyE2eKeyE2eKeyE2eKey0123456789abcdef'
const API_SECRET = Buffer.from('e2e secret that must never come back to a window').toString('base64')

test('venue profiles: keys go in, only a fingerprint comes out, a failed check says why', async ({ app }) => {
  const { page } = app
  await expect(page.getByTestId('profile-button')).toHaveText('Built-in exchange')
  await page.getByTestId('profile-button').click()
  const dialog = page.getByTestId('profiles-overlay')
  await expect(dialog.getByTestId('profile-row-builtin')).toContainText('trading now')
  await expect(dialog.getByTestId('secret-store')).toContainText(
    keychain ? 'Secrets are kept in the OS keychain' : 'No OS keychain',
  )

  // the trader types a live Kraken profile with keys (keyboard into the fields)
  await dialog.getByTestId('profile-name').fill('Kraken live')
  await dialog.getByTestId('profile-apiKey').fill(API_KEY)
  await dialog.getByTestId('profile-apiSecret').fill(API_SECRET)
  await dialog.getByTestId('profile-save').click()
  if (!keychain) {
    await expect(dialog.getByTestId('profile-said')).toContainText('Keys not saved: No OS keychain')
    return
  }
  await expect(dialog.getByTestId('profile-said')).toContainText(
    /^Saved "Kraken live": key [0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4} is in the OS keychain/,
  )
  // the secret fields are emptied, and nothing in the page holds the keys any more
  await expect(dialog.getByTestId('profile-apiSecret')).toHaveValue('')
  await expect(dialog.getByTestId('profile-apiKey')).toHaveValue('')
  const row = dialog.getByTestId('profile-row-kraken-live')
  await expect(row).toContainText(/[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}/)
  const html = await page.content()
  expect(html).not.toContain(API_SECRET)
  expect(html).not.toContain(API_KEY)

  // no internet here: the check ends with a reason, not a spinner
  await dialog.getByTestId('profile-check-kraken-live').click()
  await expect(dialog.getByTestId('profile-status-kraken-live')).toContainText('Could not reach the venue', {
    timeout: 15_000,
  })
  // choosing it is for the next start; this session keeps trading where it is
  await dialog.getByTestId('profile-activate-kraken-live').click()
  await expect(row).toContainText('next start')
  await expect(page.getByTestId('profile-button')).toContainText('→ Kraken live at next start')
  const dir = join(ROOT, '.reports', 'screenshots')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, 'profiles.png') })
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  expect(await page.content()).not.toContain(API_SECRET)
})
