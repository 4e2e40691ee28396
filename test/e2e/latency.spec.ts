import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

/** The latency HUD: the trader's own keypress-to-wire and tick-to-pixel figures, live. */

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('book-status')).toHaveText('Live')
  await expect(page.getByTestId('link-ws-private')).toContainText('Online')
  await expect(page.getByTestId('ticket-problems')).toHaveText('Price is missing', { timeout: 15_000 })
  await page.locator('body').click({ position: { x: 5, y: 5 } }) // focus outside any field
}

const figure = /^\d+\.\d+ ms$/

test('latency HUD: opened from the workspace menu by keys, an order sent by keys shows its keypress-to-wire, ticks show tick-to-pixel', async ({
  app,
}) => {
  const { page } = app
  await ready(page)
  // not in the default layout: added from the workspace menu (Alt+W)
  await expect(page.getByTestId('latency-hud')).toHaveCount(0)
  await page.keyboard.press('Alt+w')
  await page.getByTestId('ws-add-latency').click()
  await expect(page.getByTestId('latency-hud')).toBeVisible()
  await expect(page.getByTestId('latency-k2w-count')).toHaveText('0')
  await expect(page.getByTestId('latency-k2w-p50')).toHaveText('–')

  // the ladder paints the live book: both tick figures fill in within a refresh or two
  await expect(page.getByTestId('latency-m2p-p50')).toHaveText(figure)
  await expect(page.getByTestId('latency-t2p-p50')).toHaveText(figure)
  await expect(page.getByTestId('latency-t2p-p99')).toHaveText(figure)
  expect(Number(await page.getByTestId('latency-t2p-count').textContent())).toBeGreaterThan(0)

  // one order by keys, resting well under the touch: one keypress-to-wire sample, in ms
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('1')
  await page.keyboard.press('b')
  for (let i = 0; i < 10; i++) await page.keyboard.press('[')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('working-row')).toHaveCount(1)
  await expect(page.getByTestId('latency-k2w-count')).toHaveText('1')
  await expect(page.getByTestId('latency-k2w-p50')).toHaveText(figure)
  await expect(page.getByTestId('latency-k2w-p99')).toHaveText(figure)
})
