import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { makeRecording, sellDown } from '../helpers/makeRecording'
import { CHROMIUM, CHROMIUM_ARGS, expect, ROOT, startLoopbackHost, stopHost, test } from './fixtures'

/**
 * Practice mode, as a trader meets it: a recording in the data folder becomes a replay profile,
 * the next start replays it (paused until the trader presses play), the trader buys at the bid
 * with keys, plays at 10×, and sees the fill where the recorded market sold through the order,
 * then the session result at the end.
 */

const shots = join(ROOT, '.reports', 'screenshots')
mkdirSync(shots, { recursive: true })
const RECORDING = 'btc-sell-down'

type Host = Awaited<ReturnType<typeof startLoopbackHost>>

async function open(browser: Browser, host: Host): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(host.info.url)
  return page
}

// this spec starts its own hosts (two starts of one data folder), not the shared fixture's
test('practice: a replay profile, keys at 10×, a fill where the recording traded through, the session result', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trident-e2e-practice-'))
  // recorded: BTC/USD's bids sold through, 3 ticks below the best bid every second for 20 s
  await makeRecording({
    file: join(dataDir, 'recordings', RECORDING, '0001.trec.gz'),
    steps: 20,
    stepMs: 1000,
    step: sellDown(3),
  })
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  let host = await startLoopbackHost([], dataDir).catch(async (e) => {
    await browser.close()
    throw e
  })
  try {
    // first start, on the built-in exchange: no practice bar; make the replay profile and choose it
    let page = await open(browser, host)
    await expect(page.getByTestId('profile-button')).toHaveText('Built-in exchange')
    await expect(page.getByTestId('practice-bar')).toHaveCount(0)
    await page.getByTestId('profile-button').click()
    const dialog = page.getByTestId('profiles-overlay')
    await expect(dialog.getByTestId(`recording-${RECORDING}`)).toContainText(
      `${RECORDING} BTC/USD · from 2026-11-30 14:00:00 UTC · built-in exchange · 1 file`,
    )
    await dialog.getByTestId(`recording-replay-${RECORDING}`).click()
    await expect(dialog.getByTestId('profile-said')).toHaveText(
      `Saved "Replay: ${RECORDING}": use it from the next start to practise on this recording`,
    )
    const id = `replay-${RECORDING}`
    await expect(dialog.getByTestId(`profile-row-${id}`)).toContainText(
      `Replay: ${RECORDING} practice at 10×`,
    )
    await dialog.getByTestId(`profile-activate-${id}`).click()
    await expect(dialog.getByTestId(`profile-row-${id}`)).toContainText('next start')
    await page.screenshot({ path: join(shots, 'practice-profiles.png') })
    await page.context().close()
    await stopHost(host.child, null) // a restart: however long a clean shutdown takes

    // the next start replays the recording, paused at its first book
    host = await startLoopbackHost([], dataDir)
    page = await open(browser, host)
    const bar = page.getByTestId('practice-bar')
    await expect(page.getByTestId('practice-title')).toHaveText(
      `PRACTICE · replay of ${RECORDING} · 2026-11-30 14:00:00 UTC · 10× · paused`,
    )
    await expect(page.getByTestId('book-status')).toHaveText('Live')
    await expect(page.getByTestId('link-ws-private')).toContainText('Online')
    await expect(page.getByTestId('ticket-problems')).toHaveText('Price is missing', { timeout: 15_000 })
    await page.locator('body').click({ position: { x: 5, y: 5 } }) // focus outside any field

    // keys: 0.01, buy at the recorded best bid, send
    await page.keyboard.press('1')
    await page.keyboard.press('b')
    await expect(page.getByTestId('ticket-price')).toHaveValue('64999.9')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('working-row')).toHaveCount(1)
    await expect(page.getByTestId('practice-fills')).toHaveText('0 fills')

    // the practice keys: < slows to 2×, > back to 10× (still paused), P plays
    await page.keyboard.press('<')
    await expect(page.getByTestId('practice-title')).toContainText('· 2× · paused')
    await page.keyboard.press('>')
    await expect(page.getByTestId('practice-title')).toContainText('· 10× · paused')
    // play at 10×: the first recorded second sells 64999.9 (the 0.00923082 ahead of us), then
    // 64999.8 and below: through our price, so we are filled at it
    await page.keyboard.press('P')
    await expect(page.getByTestId('practice-title')).toContainText('· 10× · ▶')
    await expect(page.getByTestId('working-row')).toHaveCount(0)
    await expect(page.getByTestId('practice-fills')).toHaveText('2 fills')
    await page.screenshot({ path: join(shots, 'practice-filled.png') })

    // the end: 20 recorded seconds at 10×, the recorded best bid down at 64990.7
    await expect(page.getByTestId('practice-title')).toHaveText(
      `PRACTICE · replay of ${RECORDING} · 2026-11-30 14:00:20 UTC · 10× · ENDED`,
      { timeout: 15_000 },
    )
    // the long marked at the bid, as the positions panel marks it: 0.01 x (64990.7 - 64999.9) =
    // -0.092; fees: 0.16% of 649.999 = 1.0399984, charged per fill rounded up to 5 decimals:
    // 1.03999 for the two; pnl -0.092 - 1.03999 = -1.13199, and as the bid only fell after the
    // fill, the lowest equity is the last: max drawdown 1.13199
    await expect(page.getByTestId('practice-result')).toHaveText(
      'Session result: PnL -1.13199 USD (realised 0.000, unrealised -0.092, fees 1.03999) · max drawdown 1.13199 USD',
    )
    // the same figure the positions panel shows
    await expect(page.getByTestId('position-upnl').first()).toHaveText('-0.092')
    await expect(bar).toBeVisible()
    await page.screenshot({ path: join(shots, 'practice-ended.png') })
  } finally {
    await browser.close().finally(() => stopHost(host.child))
  }
})
