import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, ROOT, showPanel, test } from './fixtures'

/**
 * A chase order from the ticket (issue 18), as a trader sends one against the built-in exchange:
 * tick Chase, type how far it may chase, Enter. Main prices it at the touch and keeps it there by
 * amend; the blotter's Bracket column says it is a chase, its state and how often it moved.
 */

const shots = join(ROOT, '.reports', 'screenshots')
mkdirSync(shots, { recursive: true })

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('book-status')).toHaveText('Live')
  await expect(page.getByTestId('link-ws-private')).toContainText('Online')
  await expect(page.getByTestId('ticket-problems')).toHaveText('Price is missing', { timeout: 15_000 })
  await page.locator('body').click({ position: { x: 5, y: 5 } })
}

/** Tick Chase and type its max and offset by keys (Tab moves from one field to the next). */
async function chaseTicket(page: Page, maxTicks: string, offsetTicks: string): Promise<void> {
  await page.getByTestId('ticket-chase').check()
  // no price to give: main starts the order at the touch
  await expect(page.getByTestId('ticket-price')).toHaveCount(0)
  await expect(page.getByTestId('ticket-problems')).toHaveText(
    'Max chase is missing: how many ticks the order may follow the touch (1 to 100000)',
  )
  await expect(page.getByTestId('ticket-send')).toBeDisabled()
  await page.getByTestId('ticket-chase-max').click()
  await page.keyboard.type(maxTicks)
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('ticket-chase-offset')).toBeFocused()
  await page.keyboard.press('Control+A')
  await page.keyboard.type(offsetTicks)
  await expect(page.getByTestId('ticket-problems')).toHaveCount(0)
}

/** The blotter row of the one chase order, found by its Bracket cell. */
function chaseRow(page: Page, tab: 'working' | 'history') {
  return page
    .getByTestId(`${tab}-row`)
    .filter({ has: page.getByTestId('order-bracket').filter({ hasText: /^chase · / }) })
}

test('a chase order by keys rests behind the bid at Kraken, follows it, and says so in the blotter', async ({
  app,
}) => {
  const { page } = app
  await ready(page)
  // 50 ticks behind the bid: it rests (nothing sells that low here) and keeps following the bid
  await chaseTicket(page, '500', '50')
  await expect(page.getByTestId('ticket-send')).toHaveText(
    'Buy 0.01 BTC chase: 50 ticks behind the bid, up to 500 ticks Enter',
  )
  // a ladder click still sends a plain limit, and the ladder says so
  await expect(page.getByTestId('ladder-click-qty')).toHaveText(
    'click qty 0.01 · a plain limit (chase: Enter)',
  )
  await page.getByTestId('ticket').screenshot({ path: join(shots, 'chase-ticket.png') })
  await page.keyboard.press('Enter')

  // at Kraken: a working limit, its Bracket cell says it is chasing
  const row = chaseRow(page, 'working')
  await expect(row).toHaveCount(1)
  await expect(row).toHaveAttribute('data-state', 'open')
  await expect(row.getByTestId('order-bracket')).toHaveText(/^chase · chasing · \d+ moves?$/)
  const price = await row.getByTestId('order-price').innerText()
  const bid = await page.getByTestId('ladder').locator('.ladder-row.best-bid').getAttribute('data-price')
  expect(Number(price)).toBeLessThan(Number(bid))
  // the bid moves, and the order moves with it (amended: the same order id)
  const id = await row.getAttribute('data-clordid')
  await expect(row.getByTestId('order-bracket')).toHaveText(/^chase · chasing · [1-9]\d* moves?$/, {
    timeout: 30_000,
  })
  await expect(row).toHaveAttribute('data-clordid', id!)

  await page.screenshot({ path: join(shots, 'chase-blotter.png') })

  // cancelled from the blotter: the chase is over, said in the history
  await row.getByTestId('cancel-order').click()
  await expect(row).toHaveCount(0)
  await page.getByTestId('tab-history').click()
  const done = chaseRow(page, 'history')
  await expect(done).toHaveAttribute('data-state', 'cancelled')
  await expect(done.getByTestId('order-bracket')).toHaveText(/^chase · done · [1-9]\d* moves?$/)
})

test('a chase main asks to confirm is sent again as a chase when confirmed', async ({ app }) => {
  const { page } = app
  await ready(page)
  await showPanel(page, 'Risk limits')
  await page.getByTestId('risk-confirmAbove').fill('1')
  await page.getByTestId('risk-save').click()
  // saved: main took the limits (the button waits for the next edit)
  await expect(page.getByTestId('risk-save')).toBeDisabled()
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await chaseTicket(page, '20', '40')
  await expect(page.getByTestId('ticket-send')).toHaveText(
    'Buy 0.01 BTC chase: 40 ticks behind the bid, up to 20 ticks Enter',
  )
  await page.keyboard.press('Enter')
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toBeVisible()
  await expect(chaseRow(page, 'working')).toHaveCount(0)
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  // confirmed, it went as a chase (a plain limit would have no chase in its Bracket cell)
  const row = chaseRow(page, 'working')
  await expect(row.getByTestId('order-bracket')).toHaveText(/^chase · (chasing|stopped) · \d+ moves?$/)
  await expect(row).toHaveAttribute('data-state', 'open')
  await expect(page.getByTestId('working-row')).toHaveCount(1)
})
