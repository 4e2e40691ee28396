import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, ROOT, showPanel, test } from './fixtures'

test.describe('walking skeleton: live BTC/USD ladder', () => {
  test('opens the workstation and shows a live, changing BTC/USD ladder', async ({ app }) => {
    const { page } = app
    const ladder = page.getByTestId('ladder')
    await expect(ladder).toBeVisible()
    await expect(page.getByTestId('book-status')).toHaveText('Live')
    await expect(page.getByTestId('link-ws-public')).toContainText('Online')
    // every trading link of the built-in exchange comes up, FIX with its sequence numbers
    await expect(page.getByTestId('link-rest-api')).toContainText(/Ready|Idle/)
    await expect(page.getByTestId('link-ws-private')).toContainText('Online')
    await expect(page.getByTestId('link-fix-trading')).toContainText(/Online · seq \d+\/\d+/)
    await expect(page.getByTestId('rate-limits')).toContainText('Rate: REST')
    await expect(page.getByTestId('venue')).toContainText('SIMULATOR')
    // the connections panel: every link, how long since the venue spoke, rate counters as gauges
    await showPanel(page, 'Connections')
    const conns = page.getByTestId('connections-panel')
    // spot's four links and the derivatives endpoint's three (Unified WS public and private, FIX)
    await expect(conns.getByTestId('connections-summary')).toHaveText(/^7\/7 online · rate \d+%$/)
    await conns.locator('summary').click()
    for (const l of [
      'ws-public',
      'ws-private',
      'fix-trading',
      'ws-derivatives public',
      'ws-derivatives private',
      'fix-derivatives trading',
    ])
      await expect(conns.getByTestId(`conn-${l}`)).toContainText('online')
    // REST has no stream: ready or idle, with when it was last used
    await expect(conns.getByTestId('conn-rest-api')).toContainText(/ready|idle/)
    // WS heartbeats every second: the age stays under a couple of seconds
    await expect(conns.getByTestId('heard-ws-public')).toHaveText(/^(\d{1,3} ms|[0-2]\.\d s)$/)
    await expect(conns.getByTestId('conn-fix-trading')).toContainText(/\d+\/\d+/)
    await expect(conns.getByTestId('gauge-rest')).toContainText(/^REST calls\s*\d+\.\d\/\d+$/)
    mkdirSync(join(ROOT, '.reports', 'screenshots'), { recursive: true })
    await conns.screenshot({ path: join(ROOT, '.reports', 'screenshots', `connections-${app.host}.png`) })
    await conns.locator('summary').click() // fold it again

    // Both sides of the book are on screen, with exact 8-decimal quantities.
    await expect(ladder.getByTestId('bid-qty').first()).toBeVisible()
    await expect(ladder.getByTestId('ask-qty').first()).toBeVisible()
    const firstQty = await ladder.getByTestId('ask-qty').first().innerText()
    expect(firstQty).toMatch(/^\d+\.\d{8}$/)

    // Best bid below best ask, on the 0.1 tick grid.
    const bestBid = await ladder.locator('.ladder-row.best-bid').getAttribute('data-price')
    const bestAsk = await ladder.locator('.ladder-row.best-ask').getAttribute('data-price')
    expect(bestBid).toMatch(/^\d+\.\d$/)
    expect(Number(bestBid)).toBeLessThan(Number(bestAsk))

    // The canvas paints the touch where the (transparent, clickable) DOM rows say it is: the
    // pixel under the best bid's price cell is the bid's green, under the best ask's the ask's red.
    const touchColours = () =>
      ladder.evaluate((el) => {
        const canvas = el.querySelector('canvas.ladder-canvas') as HTMLCanvasElement
        const c = canvas.getBoundingClientRect()
        const scale = canvas.width / c.width
        const under = (row: string): string => {
          const cell = el.querySelector(`${row} .cell.price`)
          if (!cell) return 'none'
          const r = cell.getBoundingClientRect()
          const x = Math.round((r.left - c.left + 3) * scale)
          const y = Math.round((r.top - c.top + r.height / 2) * scale)
          const [red, green, , alpha] = canvas.getContext('2d')!.getImageData(x, y, 1, 1).data
          return alpha === 0 ? 'clear' : green! > red! ? 'green' : 'red'
        }
        return `${under('.ladder-row.best-bid')} ${under('.ladder-row.best-ask')}`
      })
    // polled: the mirror follows the canvas a few times a second and the touch moves meanwhile
    await expect.poll(touchColours, { timeout: 10_000 }).toBe('green red')
    // ...and the DOM rows on top are see-through, so no number is drawn twice
    await expect(ladder).toHaveAttribute('data-paint', 'frame')
    await expect(ladder.getByTestId('bid-qty').first()).toHaveCSS('color', 'rgba(0, 0, 0, 0)')

    // The ladder changes as the built-in exchange's book moves.
    const snapshot = async (): Promise<string> => ladder.locator('.ladder-body').innerText()
    const before = await snapshot()
    await expect.poll(snapshot, { timeout: 10_000 }).not.toBe(before)
    await expect(page.getByTestId('book-stats')).toContainText('checksums OK')

    const dir = join(ROOT, '.reports', 'screenshots')
    mkdirSync(dir, { recursive: true })
    await page.screenshot({ path: join(dir, `ladder-${app.host}.png`) })
  })

  test('keyboard: ? shows the keys, Esc closes them, arrows scroll and c re-centres', async ({ app }) => {
    const { page } = app
    const ladder = page.getByTestId('ladder')
    await expect(page.getByTestId('book-status')).toHaveText('Live')
    await expect(page.getByTestId('help-overlay')).toHaveCount(0)

    await page.keyboard.press('?')
    const help = page.getByTestId('help-overlay')
    await expect(help).toBeVisible()
    await expect(help).toContainText('Centre the ladder on the market')
    await page.keyboard.press('Escape')
    await expect(help).toHaveCount(0)

    const topPrice = async (): Promise<number> =>
      Number(await ladder.locator('.ladder-row').first().getAttribute('data-price'))
    await page.keyboard.press('PageUp')
    const afterPage = await topPrice()
    await page.keyboard.press('ArrowUp')
    await expect.poll(topPrice).toBeCloseTo(afterPage + 0.1, 5)
    // Far from the market now: the touch is off screen until we re-centre.
    await page.keyboard.press('PageUp')
    await page.keyboard.press('PageUp')
    await expect(ladder.locator('.ladder-row.best-bid')).toHaveCount(0)
    await expect(page.getByTestId('ladder-scrolled')).toBeVisible()
    await page.keyboard.press('c')
    await expect(page.getByTestId('ladder-scrolled')).toHaveCount(0)
    await expect(ladder.locator('.ladder-row.best-bid')).toHaveCount(1)
    await expect(ladder.locator('.ladder-row.best-ask')).toHaveCount(1)
  })

  test('the renderer cannot reach Node: no require, process, module or Buffer', async ({ app }) => {
    const reach = await app.page.evaluate(() => {
      const g = globalThis as Record<string, unknown>
      return {
        require: typeof g.require,
        process: typeof g.process,
        module: typeof g.module,
        Buffer: typeof g.Buffer,
        global: typeof g.global,
      }
    })
    expect(reach).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      global: 'undefined',
    })
    if (app.host === 'electron') {
      // Only the contract crosses the context bridge.
      const keys = await app.page.evaluate(() =>
        Object.keys((window as unknown as { trident: object }).trident).sort(),
      )
      expect(keys).toEqual(['host', 'invoke', 'subscribe'])
    }
  })
})
