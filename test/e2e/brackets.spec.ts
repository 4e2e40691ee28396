import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, ROOT, showPanel, test } from './fixtures'

/**
 * Brackets by keys against the built-in exchange (issue 18): save an exit template, choose it by
 * key, buy at the offer with it, watch the target and the stop appear on the ladder, drag the
 * target one row, then fill it by dragging it through the bids: the stop is cancelled.
 */

const shots = join(ROOT, '.reports', 'screenshots')
mkdirSync(shots, { recursive: true })

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('book-status')).toHaveText('Live')
  await expect(page.getByTestId('link-ws-private')).toContainText('Online')
  await expect(page.getByTestId('ticket-problems')).toHaveText('Price is missing', { timeout: 15_000 })
  await page.locator('body').click({ position: { x: 5, y: 5 } })
}

/** "65000.0" moved by whole ticks of 0.1, as text (tenths counted as integers: no float drift). */
function ticks(price: string, n: number): string {
  const tenths = Math.round(Number(price) * 10) + n
  return `${Math.floor(tenths / 10)}.${tenths % 10}`
}

/** Save an exit template in the ticket's editor (it is then the ticket's choice). */
async function saveTemplate(page: Page, name: string): Promise<void> {
  await page.getByTestId('exits-edit').click()
  await page.getByTestId('exits-name').fill(name)
  await page.getByTestId('exits-targets').fill('15:100')
  await page.getByTestId('exits-stopTicks').fill('15')
  await page.getByTestId('exits-save').click()
  await expect(page.getByTestId('ticket-exits').locator('option:checked')).toHaveText(name)
  await page.locator('body').click({ position: { x: 5, y: 5 } })
}

/** Press on a ladder cell and release on another row, as a trader drags. */
async function drag(page: Page, from: ReturnType<Page['locator']>, toPrice: string): Promise<void> {
  await from.hover()
  await page.mouse.down()
  await page.getByTestId('ladder').locator(`.ladder-row[data-price="${toPrice}"]`).hover()
  await page.mouse.up()
}

test('brackets: template by key, entry by keys, target and stop on the ladder, drag a leg, OCO', async ({
  app,
}) => {
  const { page } = app
  // a tall window: the target, the stop and the bids all on the ladder at once
  await page.setViewportSize({ width: 1280, height: 1400 })
  await ready(page)

  // save an exit template in the ticket's small editor: one target and a stop, 15 ticks each way
  await page.getByTestId('exits-edit').click()
  await page.getByTestId('exits-name').fill('Scalp')
  await page.getByTestId('exits-targets').fill('15:100')
  await page.getByTestId('exits-stopTicks').fill('15')
  await page.getByTestId('exits-save').click()
  const chosen = page.getByTestId('ticket-exits').locator('option:checked')
  await expect(chosen).toHaveText('Scalp')
  // where each protection lives, in the ticket
  const protections = page.getByTestId('ticket-protections')
  await expect(protections.locator('li')).toHaveText([
    'at Kraken target: limit 15 ticks away, 100%',
    'at Kraken stop: stop-loss 15 ticks away',
    'in Trident one cancels the other (a leg that fills cancels or shrinks the others)',
  ])

  // none again, then the key chooses it: only the ticket changes
  await page.getByTestId('ticket-exits').selectOption('')
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await expect(chosen).toHaveText('none')
  await page.keyboard.press('e')
  await expect(chosen).toHaveText('Scalp')
  await expect(page.getByTestId('working-row')).toHaveCount(0)

  // take the offer with the template, a small quantity two ticks through the ask: filled at once,
  // nothing of the entry left resting (a resting buy would meet its own target in the OCO below)
  await page.getByTestId('ticket-qty').fill('0.0005')
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('B')
  await page.keyboard.press(']')
  await page.keyboard.press(']')
  await expect(page.getByTestId('ticket-send')).toHaveText(
    /^Buy 0\.0005 BTC @ \d+\.\d limit \+ exits 'Scalp' Enter$/,
  )
  await expect(page.getByTestId('ladder-click-qty')).toHaveText("click qty 0.0005 + exits 'Scalp'")
  await page.keyboard.press('Enter')

  // each fill gets its bracket: a target above, a stop below, on the ladder in the Mine column
  const ladder = page.getByTestId('ladder')
  const stop = ladder.getByTestId('bracket-stop')
  const target = ladder.getByTestId('bracket-target')
  const bracketCell = (kind: RegExp) => page.getByTestId('order-bracket').filter({ hasText: kind })
  await expect(bracketCell(/^↳ stop of …/).first()).toBeVisible()
  // the entry is done (filled): only its legs work, grouped under it in the blotter
  await expect(bracketCell(/^entry · Scalp$/)).toHaveCount(0)
  await expect(target.first()).toHaveText(/^T 0\.000\d+$/)
  await expect(stop.first()).toHaveText(/^S 0\.000\d+$/)
  // one bracket per fill: counted once the stops and targets are as many and stay so (the legs of
  // the entry's last fill may still be on their way on a loaded machine)
  let brackets = 0
  await expect
    .poll(async () => {
      const [stops, targets] = [
        await bracketCell(/^↳ stop of …/).count(),
        await bracketCell(/^↳ target of …/).count(),
      ]
      const settled = stops === targets && stops >= 1 && stops === brackets
      brackets = stops
      return settled
    })
    .toBe(true)
  const stopAt = (await stop.first().locator('xpath=..').getAttribute('data-price'))!
  const targetAt = (await target.first().locator('xpath=..').getAttribute('data-price'))!
  // 15 ticks each side of a fill price: at least 30 ticks apart
  expect(Math.round((Number(targetAt) - Number(stopAt)) * 10)).toBeGreaterThanOrEqual(30)
  // the ticket says where the live bracket's protections live (main's words in its title)
  await expect(page.getByTestId('bracket-protections')).toHaveText(
    /^Latest BTC\/USD bracket: [1-9]\d* at Kraken · [1-9]\d* in Trident$/,
  )
  await page.screenshot({ path: join(shots, 'brackets-ladder.png') })

  // drag the stop one row down (away from the market): its trigger is amended at Kraken and the
  // mark moves with the venue's answer (the bracket takes the trader's price as its own)
  const lower = ticks(stopAt, -1)
  await drag(page, stop.first(), lower)
  await expect(ladder.locator(`.ladder-row[data-price="${lower}"]`).getByTestId('bracket-stop')).toHaveCount(
    1,
  )
  await expect(ladder.locator(`.ladder-row[data-price="${stopAt}"]`).getByTestId('bracket-stop')).toHaveCount(
    0,
  )

  // drag the target one row up (away from the market): its limit is amended, the mark follows
  const higher = ticks(targetAt, 1)
  await drag(page, target.first(), higher)
  const movedTarget = ladder.locator(`.ladder-row[data-price="${higher}"]`).getByTestId('bracket-target')
  await expect(movedTarget).toHaveCount(1)
  await expect(
    page
      .getByTestId('working-row')
      .filter({ has: bracketCell(/^↳ target of …/) })
      .getByTestId('order-price'),
  ).toContainText([higher])

  // drag that target down through the bids: it fills, and its stop is cancelled (one cancels the other)
  const bid = (await ladder.locator('.ladder-row.best-bid').getAttribute('data-price'))!
  await drag(page, movedTarget, ticks(bid, -3))
  await page.getByTestId('tab-history').click()
  const done = (state: string, kind: RegExp) =>
    page.locator(`[data-testid="history-row"][data-state="${state}"]`).filter({ has: bracketCell(kind) })
  await expect(done('filled', /^↳ target of …/)).toHaveCount(1)
  await expect(done('cancelled', /^↳ stop of …/)).toHaveCount(1)
  // the other brackets (a fill at another price) keep both legs
  await page.getByTestId('tab-working').click()
  await expect(bracketCell(/^↳ stop of …/)).toHaveCount(brackets - 1)
  await page.screenshot({ path: join(shots, 'brackets-oco.png') })
})

test('position keys: r loads the reverse, F lists flatten-everything to confirm; neither sends by itself', async ({
  app,
}) => {
  const { page } = app
  await ready(page)
  await page.getByTestId('ticket-qty').fill('0.0005')
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('B')
  await page.keyboard.press(']')
  await page.keyboard.press(']')
  await page.keyboard.press('Enter')
  const net = page.getByTestId('position-row').filter({ hasText: 'BTC/USD' }).getByTestId('position-net')
  await expect(net).toHaveText('0.00050000')
  await expect(page.getByTestId('tab-working')).toHaveText('Working (0)')
  const fills = page.getByTestId('tab-fills')
  const filled = await fills.innerText()

  // r: the ticket turns the long round (sell twice the net at the bid); nothing is sent
  await page.keyboard.press('r')
  await expect(page.getByTestId('side-sell')).toHaveClass(/\bon\b/)
  await expect(page.getByTestId('ticket-qty')).toHaveValue('0.001')
  await expect(page.getByTestId('ticket-send')).toHaveText(/^Sell 0\.001 BTC @ \d+\.\d limit Enter$/)
  await expect(page.getByTestId('tab-working')).toHaveText('Working (0)')

  // F: the dialog lists what flatten-everything would send; Esc sends nothing
  await page.keyboard.press('F')
  const dialog = page.getByTestId('flatten-all-dialog')
  await expect(dialog.getByTestId('flatten-all-orders').locator('li')).toHaveText([
    'Sell 0.00050000 BTC/USD at market',
  ])
  // keys under the dialog do nothing else (b would have changed the ticket)
  await page.keyboard.press('b')
  await expect(page.getByTestId('side-sell')).toHaveClass(/\bon\b/)
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(fills).toHaveText(filled)
  await expect(net).toHaveText('0.00050000')

  // F, Enter: sent, and the position is flat
  await page.keyboard.press('F')
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(net).toHaveText('0.00000000')
})

test('an entry with exits that main asks to confirm keeps its exits when confirmed', async ({ app }) => {
  const { page } = app
  await ready(page)
  await showPanel(page, 'Risk limits')
  await page.getByTestId('risk-panel').locator('summary').click()
  await page.getByTestId('risk-confirmAbove').fill('1')
  await page.getByTestId('risk-save').click()
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await saveTemplate(page, 'Wide')
  await page.getByTestId('ticket-qty').fill('0.0005')
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('B')
  await page.keyboard.press(']')
  await page.keyboard.press(']')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('confirm-dialog')).toBeVisible()
  await page.keyboard.press('Enter')
  // confirmed, it went as an entry with exits: its fill gets a stop and a target (in the blotter:
  // at ±15 ticks they are off this short ladder)
  const legs = page.getByTestId('order-bracket')
  await expect(legs.filter({ hasText: /^↳ stop of …/ }).first()).toBeVisible()
  await expect(legs.filter({ hasText: /^↳ target of …/ }).first()).toBeVisible()
  // the template can be deleted from the ticket: the ticket goes back to no exits
  await page.getByTestId('exits-delete').click()
  await expect(page.getByTestId('ticket-exits').locator('option:checked')).toHaveText('none')
  await expect(page.getByTestId('ticket-exits').locator('option')).toHaveText(['none'])
})
