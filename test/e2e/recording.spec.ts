import { expect, test } from './fixtures'

/** Recording market data (issue 19): started from the workspace menu, seen growing in the status bar, stopped. */

test('record the current instrument from the workspace menu: REC shows a growing size, stop ends it', async ({
  app,
}) => {
  const { page } = app
  await expect(page.getByTestId('book-status')).toHaveText('Live')
  await expect(page.getByTestId('recording')).toHaveCount(0)

  await page.getByTestId('workspace-button').click()
  await expect(page.getByTestId('rec-start')).toHaveText('Record BTC/USD book and trades')
  await page.getByTestId('rec-start').click()

  const rec = page.getByTestId('recording')
  await expect(rec).toHaveAttribute('data-state', 'recording')
  await expect(rec).toContainText(/^● REC \d+\.\d (KiB|MiB)/)
  // the built-in exchange's market keeps moving: the file grows with every flush (once a second)
  const bytes = async () => Number(await rec.getAttribute('data-bytes'))
  await expect.poll(bytes).toBeGreaterThan(0)
  const first = await bytes()
  await expect.poll(bytes).toBeGreaterThan(first)

  await page.getByTestId('workspace-button').click()
  await expect(page.getByTestId('rec-stop')).toContainText('Stop recording “')
  await page.getByTestId('rec-stop').click()
  await expect(page.getByTestId('recording')).toHaveCount(0)
  await page.getByTestId('workspace-button').click()
  await expect(page.getByTestId('rec-start')).toBeVisible()
})
