import type { Page } from '@playwright/test'
import { expect, showPanel, test } from './fixtures'

/** Duplicate orders, refusals and venue cancels: what the trader must see, keyboard first. */

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('book-status')).toHaveText('Live')
  await expect(page.getByTestId('link-fix-trading')).toContainText('Online')
  await expect(page.getByTestId('link-ws-private')).toContainText('Online')
  await expect(page.getByTestId('ticket-problems')).toHaveText('Price is missing', { timeout: 15_000 })
  await page.locator('body').click({ position: { x: 5, y: 5 } }) // focus outside any field
}

const working = (page: Page) => page.getByTestId('working-row')
const body = (page: Page) => page.locator('body').click({ position: { x: 5, y: 5 } })

test('the same order twice: Enter twice asks the second time; 50 rapid Enters send one order', async ({
  app,
}) => {
  const { page } = app
  await ready(page)
  // a minute's duplicate window: a loaded machine's slow steps must not turn a question into a send
  await showPanel(page, 'Risk limits')
  await page.getByTestId('risk-duplicateWindowMs').fill('60000')
  await page.getByTestId('risk-save').click()
  await expect(page.getByTestId('risk-save')).toBeDisabled()
  await body(page)
  await page.keyboard.press('1') // 0.01
  await page.keyboard.press('b') // at the bid …
  for (let i = 0; i < 10; i++) await page.keyboard.press('[') // … 1.0 under it: it rests
  const price = await page.getByTestId('ticket-price').inputValue()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter')
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toContainText(
    new RegExp(
      `You sent the same order \\d\\.\\d s ago \\(Buy 0\\.01 BTC/USD @ ${price.replace('.', '\\.')} limit\\)\\. Send it again\\?`,
    ),
  )
  await expect(working(page)).toHaveCount(1)
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)

  // a tick lower is another order; then Enter held down: 50 presses as fast as they come
  await page.keyboard.press('[')
  for (let i = 0; i < 50; i++) await page.keyboard.press('Enter')
  await expect(dialog).toContainText('You sent the same order')
  await expect(working(page)).toHaveCount(2)
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(working(page)).toHaveCount(2)
  await body(page)
  await page.keyboard.press('X')
  await expect(working(page)).toHaveCount(0)
})

test('a refusal stays on the strip through fills until dismissed; the notices log keeps everything', async ({
  app,
}) => {
  const { page } = app
  await ready(page)
  await showPanel(page, 'Risk limits')
  await expect(page.getByTestId('risk-duplicateWindowMs')).toHaveValue('2000')
  await page.getByTestId('risk-maxOrderQty').fill('0.02')
  await page.getByTestId('risk-save').click()
  await body(page)
  await page.keyboard.press('2') // 0.05: above the new limit
  await page.keyboard.press('b')
  await page.keyboard.press('Enter')
  const strip = page.getByTestId('notices')
  const refusal = /Quantity 0\.05 is above your BTC\/USD limit of 0\.02/
  await expect(page.getByTestId('notice').first()).toHaveText(refusal)
  const height = (await strip.boundingBox())!.height

  // three buys that fill (each a tick apart, so none is a duplicate): at least three fill notices
  await page.keyboard.press('1')
  for (let n = 0; n < 3; n++) {
    await page.keyboard.press('B')
    for (let i = 0; i < n; i++) await page.keyboard.press(']')
    await page.keyboard.press('Enter')
  }
  await expect
    .poll(
      async () =>
        (await page.getByTestId('notice').allInnerTexts()).filter((t) => t.includes('Filled:')).length,
    )
    .toBe(2)
  // the refusal is still there, first, pinned; the strip kept its height (the ladder did not move)
  await expect(page.getByTestId('notice')).toHaveCount(3)
  await expect(page.getByTestId('notice').first()).toHaveText(refusal)
  await expect(page.getByTestId('notice').first()).toHaveAttribute('data-pinned', 'true')
  expect((await strip.boundingBox())!.height).toBe(height)

  // the log: a click on the strip, or Alt+N; Esc closes it
  await page.getByTestId('notice').nth(1).click()
  const log = page.getByTestId('notices-log')
  await expect(log).toBeVisible()
  await expect(log.getByTestId('log-notice').filter({ hasText: refusal })).toHaveCount(1)
  // the fills the strip showed are in the log too (a buy at the touch may miss as the market
  // moves: count what the strip showed, not what was sent)
  await expect
    .poll(() => log.getByTestId('log-notice').filter({ hasText: 'Filled:' }).count())
    .toBeGreaterThanOrEqual(2)
  await page.keyboard.press('Escape')
  await expect(log).toHaveCount(0)
  await page.keyboard.press('Alt+n')
  await expect(log).toBeVisible()
  await page.keyboard.press('Alt+n')
  await expect(log).toHaveCount(0)

  // dismissed: off the strip, still in the log
  await page.getByTestId('notice').first().getByTestId('notice-dismiss').click()
  await expect(page.getByTestId('notice').first()).not.toHaveText(refusal)
  await expect(page.getByTestId('notice').filter({ hasText: refusal })).toHaveCount(0)
  await page.keyboard.press('Alt+n')
  await expect(log.getByTestId('log-notice').filter({ hasText: refusal })).toHaveCount(1)
  await page.keyboard.press('Escape')
  await body(page)
  await page.keyboard.press('X')
  await expect(working(page)).toHaveCount(0)
})

test('a post-only order that would cross: the venue cancels it, and the strip says why', async ({ app }) => {
  const { page } = app
  await ready(page)
  await page.keyboard.press('1')
  await page.keyboard.press('B') // at the offer …
  // … and 30 ticks through it: it must still cross if the market lifts before it arrives
  for (let i = 0; i < 30; i++) await page.keyboard.press(']')
  const price = await page.getByTestId('ticket-price').inputValue()
  await page.getByTestId('ticket-post-only').check()
  await body(page)
  await page.keyboard.press('Enter')
  const said = page.getByTestId('notice').first()
  await expect(said).toHaveText(
    new RegExp(
      `Buy 0\\.01 BTC/USD @ ${price.replace('.', '\\.')} cancelled: post-only — at that price it would have taken liquidity \\(crossed the book\\)`,
    ),
  )
  await expect(said).toHaveAttribute('data-kind', 'venue-cancel')
  await expect(said).toHaveAttribute('data-pinned', 'true')
  await expect(working(page)).toHaveCount(0)
})

test('the notices log key is in the keymap: listed in the help, changed there like any key', async ({
  app,
}) => {
  const { page } = app
  await ready(page)
  const log = page.getByTestId('notices-log')
  await page.keyboard.press('?')
  const help = page.getByTestId('help-overlay')
  const row = help.getByTestId('keys-notices.log')
  await expect(row).toContainText('Open or close the notices log')
  await expect(row.locator('kbd')).toHaveText('Alt+n')
  await help.getByTestId('rebind-notices.log').click()
  await page.keyboard.press('Alt+j')
  await expect(row.locator('kbd')).toHaveText('Alt+j')
  await page.keyboard.press('?')
  await expect(help).toHaveCount(0)
  // the old key does nothing now; the new one opens and closes the log; Esc closes it too
  await page.keyboard.press('Alt+n')
  await expect(log).toHaveCount(0)
  await page.keyboard.press('Alt+j')
  await expect(log).toBeVisible()
  await page.keyboard.press('Alt+j')
  await expect(log).toHaveCount(0)
  await page.keyboard.press('Alt+j')
  await page.keyboard.press('Escape')
  await expect(log).toHaveCount(0)
})

test('a refusal said only in the window joins the notices log, pinned on the strip', async ({ app }) => {
  const { page } = app
  await ready(page)
  await page.keyboard.press('x') // nothing to cancel
  await expect(page.getByTestId('window-message')).toHaveText(/No working BTC\/USD order to cancel/)
  const said = page.getByTestId('notice').filter({ hasText: 'No working BTC/USD order to cancel' })
  await expect(said).toHaveCount(1)
  await expect(said).toHaveAttribute('data-pinned', 'true')
  await expect(said).toHaveClass(/\bpinned\b/)
  await page.keyboard.press('Alt+n')
  await expect(
    page
      .getByTestId('notices-log')
      .getByTestId('log-notice')
      .filter({ hasText: 'No working BTC/USD order to cancel' }),
  ).toHaveCount(1)
  await page.keyboard.press('Escape')
  // dismissed: unpinned (it rolls off as newer notices come), still in the log
  await said.getByTestId('notice-dismiss').click()
  await expect(said).toHaveAttribute('data-pinned', 'false')
  await expect(said.getByTestId('notice-dismiss')).toHaveCount(0)
  await page.keyboard.press('Alt+n')
  await expect(
    page
      .getByTestId('notices-log')
      .getByTestId('log-notice')
      .filter({ hasText: 'No working BTC/USD order to cancel' }),
  ).toHaveCount(1)
})
