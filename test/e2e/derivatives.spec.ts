import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { CHROMIUM, CHROMIUM_ARGS, expect, ROOT, startLoopbackHost, stopHost, test } from './fixtures'

/**
 * A trader trades a perpetual with keys (issue 17): picks PF_XBTUSD in the ladder's instrument
 * picker, sets the market's leverage to 10× in the ticket, buys with the hotkeys (the key fills
 * the ticket, Enter sends what the button says), reads the position row (size, entry, mark,
 * liquidation price, PnL), watches funding being charged and the margin gauge, then closes the
 * position with the flatten key (a reduce-only market order for the whole size, read, then Enter).
 *
 * Not the `app` fixture: the built-in exchange must settle funding every second
 * (--sim-funding-ms) so the spec can watch it move, and the fixture takes no host arguments.
 */

const shots = join(ROOT, '.reports', 'screenshots')
mkdirSync(shots, { recursive: true })

/** funding settles this often in the built-in exchange (Kraken's is an hour) */
const FUNDING_MS = '1000'

/** 0.2 BTC (~13,000 USD) is more than the built-in account's ~10,000 USD margin equity, so the
 * long has a liquidation price (a long the wallet covers in full has none), while its 10× initial
 * margin (~1,300 USD) is well within it */
const QTY = '0.2'

/** how many ticks (1 USD each) through the offer the buy is priced: the book holds ~0.01-0.03 BTC a
 * level, so 40 levels fill 0.2 at once; 40 USD stays inside the 0.1 % the exchange's arbitrageur
 * tolerates, so the book is not re-laid under the order */
const THROUGH = 40

/** "65034" -> "65,034", as the ticket and the positions table group prices */
const grouped = (text: string): string => text.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

const ONE = 10n ** 18n

/** "-65,008.536" -> fixed point with 18 decimals (exact: no float) */
function fx(text: string): bigint {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.replace(/,/g, ''))
  if (!m) throw new Error(`not a decimal number: ${text}`)
  const v = BigInt(m[2]!) * ONE + BigInt((m[3] ?? '').padEnd(18, '0').slice(0, 18))
  return m[1] === '-' ? -v : v
}

/** fixed point -> USD text with 2 decimals, half away from zero (main's rounding) */
function usd(v: bigint): string {
  const a = ((v < 0n ? -v : v) + ONE / 200n) / (ONE / 100n)
  const s = a.toString().padStart(3, '0')
  return `${v < 0n && a !== 0n ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`
}

/** size × (mark − entry) in USD, as the positions table shows it */
const pnl = (size: string, entry: string, mark: string): string =>
  grouped(usd((fx(size) * (fx(mark) - fx(entry))) / ONE))

/** Press on the page outside any field: keys after this are hotkeys. */
const unfocus = (page: Page) => page.locator('body').click({ position: { x: 5, y: 5 } })

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('book-status')).toHaveText('Live')
  await expect(page.getByTestId('link-ws-private')).toContainText('Online')
  await expect(page.getByTestId('link-ws-derivatives private')).toContainText('Online')
  // the derivatives account is in: the margin gauge shows the wallet with nothing held
  await expect(page.getByTestId('margin-gauge')).toHaveText(/^Margin no positions · [\d,]+ USD free · OK$/)
  await expect(page.getByTestId('ticket-problems')).toHaveText('Price is missing', { timeout: 15_000 })
  await unfocus(page)
}

/**
 * The app fixture's session with host arguments: a loopback host whose exchange settles funding
 * every FUNDING_MS, Chromium on its window; fails on a host death or any renderer console error.
 */
async function session(body: (page: Page) => Promise<void>): Promise<void> {
  const host = await startLoopbackHost(['--sim-funding-ms', FUNDING_MS])
  let died: string | null = null
  host.child.once('exit', (code, signal) => {
    died = `loopback host exited (${code ?? signal}) during the test:\n${host.stderr()}`
  })
  const errors: string[] = []
  let dead: string | null
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      await page.goto(host.info.url)
      await ready(page)
      await body(page)
    } finally {
      await browser.close()
    }
  } finally {
    // read before our own SIGTERM: only a death during the test counts
    dead = died
    await stopHost(host.child)
  }
  if (dead) throw new Error(dead)
  // uncaught errors and CSP violations surface as console errors: none is acceptable
  if (errors.length) throw new Error(`renderer errors:\n${errors.join('\n')}`)
}

test('trade PF_XBTUSD with keys: picker, 10× leverage, buy, position, funding, margin, flatten', async () => {
  // its own host and a wait for funding: more than the default minute on a loaded machine
  test.setTimeout(120_000)
  await session(async (page) => {
    // the ladder's instrument picker: contracts are listed apart from spot pairs, named as such
    const picker = page.locator('.dock-panel[data-panel-kind="ladder"]').getByTestId('symbol-select')
    await expect(picker.locator('optgroup[label="Derivatives"] option')).toHaveText([
      'PF_XBTUSD · BTC perp',
      'PF_ETHUSD · ETH perp',
    ])
    await picker.selectOption({ label: 'PF_XBTUSD · BTC perp' })
    // the ticket is linked to the ladder: it now trades the perpetual, in contracts
    const ticket = page.getByTestId('ticket')
    await expect(ticket.locator('.panel-head .symbol')).toHaveText('PF_XBTUSD')
    await expect(page.getByTestId('ticket-asset-class')).toHaveText('perp')
    await expect(ticket.getByText('Quantity (contracts (1 = 1 BTC))')).toBeVisible()
    // the perpetual's book is in (whole-dollar prices): B below has an offer to take
    for (const touch of ['best-bid', 'best-ask'])
      await expect(page.getByTestId('ladder').locator(`.ladder-row.${touch}`)).toHaveAttribute(
        'data-price',
        /^\d+$/,
      )

    // leverage is the market's preference at Kraken, set in the ticket: cross until changed.
    // A level above the contract's maximum is refused in words before anything is sent.
    const leverage = page.getByTestId('ticket-leverage')
    await expect(leverage).toHaveAttribute('data-leverage', 'cross')
    await expect(leverage).toHaveText('Leverage: cross margin')
    const levInput = page.getByTestId('ticket-leverage-input')
    await levInput.fill('500')
    await levInput.press('Enter')
    await expect(page.getByTestId('ticket-leverage-problem')).toHaveText(
      /^Leverage 500× is above this contract's maximum of \d+×$/,
    )
    // Enter in the leverage field sets the leverage; it never sends the ticket's order
    await levInput.fill('10')
    await levInput.press('Enter')
    await expect(leverage).toHaveAttribute('data-leverage', '10')
    await expect(leverage).toHaveText('Leverage: 10× isolated')
    await expect(page.getByTestId('ticket-leverage-problem')).toHaveCount(0)
    await expect(levInput).toHaveValue('')
    await expect(page.getByTestId('tab-working')).toHaveText('Working (0)')

    // the quantity typed, then keys: B takes the offer's price, ] moves it up a tick (1 USD)
    await page.getByTestId('ticket-qty').fill(QTY)
    await unfocus(page)
    await page.keyboard.press('B')
    const price = page.getByTestId('ticket-price')
    await expect(price).toHaveValue(/^\d+$/)
    const ask = await price.inputValue()
    for (let i = 0; i < THROUGH; i++) await page.keyboard.press(']')
    const limit = (BigInt(ask) + BigInt(THROUGH)).toString()
    await expect(price).toHaveValue(limit)
    // the button says exactly what Enter sends, with the leverage it trades at
    const send = page.getByTestId('ticket-send')
    await expect(send).toHaveText(
      `Buy ${QTY} PF_XBTUSD contracts · limit ${grouped(limit)} · 10× isolated Enter`,
    )
    await expect(page.getByTestId('ticket-problems')).toHaveCount(0)
    await page.keyboard.press('Enter')

    // the position row: all of it bought, nothing left working
    const row = page.locator('[data-testid="deriv-position-row"][data-symbol="PF_XBTUSD"]')
    await expect(row.getByTestId('deriv-size')).toHaveText('+0.2000')
    await expect(page.getByTestId('tab-working')).toHaveText('Working (0)')
    // in the default layout, without scrolling the positions panel: the contract, its size, the
    // prices and the unrealised PnL (the columns after it may be scrolled to in a narrow panel)
    for (const cell of ['deriv-size', 'deriv-entry', 'deriv-mark', 'deriv-liq', 'deriv-upnl'])
      await expect(row.getByTestId(cell)).toBeInViewport({ ratio: 1 })
    await expect(row.getByTestId('deriv-leverage')).toHaveText(/^\d+\.\d{2}× · 10× isolated$/)
    await expect(row.getByTestId('deriv-liq')).toHaveText(/^[\d,]+(\.\d+)?$/)
    // the cells of one view, read at once (the mark moves): PnL is size × (mark − entry) exactly
    const cells = await row.evaluate((tr) => {
      const cell = (id: string) => tr.querySelector(`[data-testid="${id}"]`)!.textContent!
      return {
        size: cell('deriv-size'),
        entry: cell('deriv-entry'),
        mark: cell('deriv-mark'),
        liq: cell('deriv-liq'),
        upnl: cell('deriv-upnl'),
        rpnl: cell('deriv-rpnl'),
      }
    })
    expect(cells.entry).toMatch(/^\d{2},\d{3}(\.\d+)?$/)
    expect(cells.mark).toMatch(/^\d{2},\d{3}(\.\d+)?$/)
    // a buy limit fills at its price or better (not "at or above the offer seen": a lower offer
    // may have come in between B and Enter)
    expect(fx(cells.entry) <= fx(limit)).toBe(true)
    expect(cells.upnl).toBe(pnl(cells.size, cells.entry, cells.mark))
    // a long is liquidated below its entry, at a positive price
    expect(fx(cells.liq) > 0n && fx(cells.liq) < fx(cells.entry)).toBe(true)
    expect(cells.rpnl).toMatch(/^-?[\d,]+(\.\d+)?$/)

    // funding: the rate and its next settlement are shown, and the position's funding moves as
    // the exchange settles it (every FUNDING_MS here); waited for as a change of state
    await expect(page.getByTestId('deriv-funding-rates')).toContainText(
      /PF_XBTUSD funding -?\d+(\.\d+)?%, next \d{2}:\d{2} UTC/,
    )
    const funding = row.getByTestId('deriv-funding')
    await expect(funding).toHaveText(/^(0|paid [\d,]+\.\d+|received [\d,]+\.\d+)$/)
    const firstFunding = await funding.innerText()
    await expect(funding).not.toHaveText(firstFunding, { timeout: 30_000 })
    await expect(funding).toHaveText(/^(paid|received) [\d,]+\.\d+$/)

    // the margin gauge: level and free margin in words, OK (a 1.3× position on the wallet)
    const gauge = page.getByTestId('margin-gauge')
    await expect(gauge).toHaveAttribute('data-state', 'ok')
    await expect(gauge).toHaveText(/^Margin [\d,]+\.\d{2}× · [\d,]+ USD free · OK$/)
    await expect(gauge).toHaveAttribute('title', /^Equity \d+(\.\d+)? USD, initial margin \d+(\.\d+)?, /)
    await expect(page.getByTestId('margin-warning')).toHaveCount(0)
    await page.screenshot({ path: join(shots, 'derivatives-position.png') })

    // flatten (f): the ticket is loaded with the closing order — not sent. The trader reads it.
    await unfocus(page)
    await page.keyboard.press('f')
    await expect(page.getByTestId('side-sell')).toHaveClass(/\bon\b/)
    await expect(page.getByTestId('ticket-type')).toHaveValue('market')
    await expect(page.getByTestId('ticket-qty')).toHaveValue('0.2000')
    await expect(page.getByTestId('ticket-reduce-only')).toBeChecked()
    await expect(send).toHaveText(
      'Sell 0.2000 PF_XBTUSD contracts · market · reduce-only · 10× isolated Enter',
    )
    await expect(row.getByTestId('deriv-size')).toHaveText('+0.2000')
    // Enter sends it: the row goes, the gauge has nothing held again
    await page.keyboard.press('Enter')
    await expect(row).toHaveCount(0)
    await expect(page.getByTestId('deriv-positions')).toContainText('No derivatives position')
    await expect(gauge).toHaveText(/^Margin no positions · [\d,]+ USD free · OK$/)
    await expect(page.getByTestId('tab-working')).toHaveText('Working (0)')
    await page.screenshot({ path: join(shots, 'derivatives-flat.png') })
  })
})

test('a 10× position shows the initial margin its leverage holds (notional ÷ 10)', async () => {
  test.setTimeout(120_000)
  await session(async (page) => {
    await page
      .locator('.dock-panel[data-panel-kind="ladder"]')
      .getByTestId('symbol-select')
      .selectOption({ label: 'PF_XBTUSD · BTC perp' })
    await expect(page.getByTestId('ticket-asset-class')).toHaveText('perp')
    await expect(page.getByTestId('ladder').locator('.ladder-row.best-ask')).toHaveAttribute(
      'data-price',
      /^\d+$/,
    )
    await page.getByTestId('ticket-leverage-input').fill('10')
    await page.getByTestId('ticket-leverage-input').press('Enter')
    await expect(page.getByTestId('ticket-leverage')).toHaveAttribute('data-leverage', '10')
    await page.getByTestId('ticket-qty').fill(QTY)
    await unfocus(page)
    await page.keyboard.press('B')
    for (let i = 0; i < THROUGH; i++) await page.keyboard.press(']')
    await page.keyboard.press('Enter')
    const row = page.locator('[data-testid="deriv-position-row"][data-symbol="PF_XBTUSD"]')
    await expect(row.getByTestId('deriv-size')).toHaveText('+0.2000')
    // one view's cells, read at once: margin = size × entry ÷ 10 (isolated: set aside at entry), to the cent
    const { entry, margin } = await row.evaluate((tr) => ({
      entry: tr.querySelector('[data-testid="deriv-entry"]')!.textContent!,
      margin: tr.querySelector('[data-testid="deriv-margin"]')!.textContent!,
    }))
    expect(margin).toBe(grouped(usd((fx(QTY) * fx(entry)) / ONE / 10n)))
  })
})
