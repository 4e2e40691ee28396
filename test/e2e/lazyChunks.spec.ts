import { expect, launchChromiumFor, startLoopbackHost, stopHost, test } from './fixtures'

/**
 * What a window does not need for its first paint is a chunk of its own, fetched when first shown
 * (src-renderer/panels/lazyLoad.tsx). If that fetch fails (the host went away, a page older than
 * the build) the place says so in words — never a blank — and the rest of the window works on.
 * Not the `app` fixture: it fails a test on any console error, and a refused fetch logs one.
 */
test('a part of the window whose code cannot be fetched says so in words', async () => {
  const { info, child } = await startLoopbackHost()
  const browser = await launchChromiumFor(child)
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await page.route(/\/assets\/HelpOverlay-[^/]+\.js$/, (route) => route.abort())
    await page.goto(info.url)
    await expect(page.getByTestId('book-status')).toHaveText('Live')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('?')
    await expect(page.getByTestId('lazy-failed')).toContainText('The help could not be loaded (')
    await expect(page.getByTestId('lazy-failed')).toContainText('Reload the window to try again.')
    // the window still takes its keys: Esc closes the place that failed
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('lazy-failed')).toHaveCount(0)
    await expect(page.getByTestId('book-status')).toHaveText('Live')
  } finally {
    await browser.close().finally(() => stopHost(child))
  }
})
