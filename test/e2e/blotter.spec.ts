import WebSocket from 'ws'
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../src-preload/contract/channels'
import { expect, test } from './fixtures'

/**
 * The blotter keeps only the rows in view in the DOM. 45 working orders are placed by a second
 * client of the loopback bridge (as another window would), resting 30+ ticks under the bid.
 */
test('blotter: many working orders, only the visible rows rendered, scrolling reaches the last', async ({
  app,
}) => {
  test.skip(!app.loopback, 'drives a second bridge client through the loopback host')
  const { page } = app
  const info = app.loopback!
  await expect(page.getByTestId('link-ws-private')).toContainText('Online')
  const ws = new WebSocket(
    `ws://127.0.0.1:${info.port}/bridge`,
    [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + info.token],
    {
      headers: { Origin: info.origin },
    },
  )
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  const answers = new Map<number, { ok: boolean; error?: { message: string } }>()
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { k: string; id: number; ok: boolean }
    if (f.k === 'res') answers.set(f.id, f)
  })
  const bid = Number(
    await page.getByTestId('ladder').locator('.ladder-row.best-bid').getAttribute('data-price'),
  )
  const N = 45
  // prices in tenths, as text: never a float on the wire
  const priceOf = (i: number) => {
    const tenths = Math.round(bid * 10) - 30 - i
    return `${Math.floor(tenths / 10)}.${tenths % 10}`
  }
  for (let i = 1; i <= N; i++) {
    const price = priceOf(i)
    ws.send(
      JSON.stringify({
        k: 'cmd',
        id: i,
        name: 'orders.place',
        payload: {
          symbol: 'BTC/USD',
          side: 'buy',
          type: 'limit',
          qty: '0.001',
          limitPrice: price,
          protocol: 'ws',
        },
      }),
    )
  }
  await expect.poll(() => answers.size, { timeout: 20_000 }).toBe(N)
  expect([...answers.values()].filter((a) => !a.ok)).toEqual([])

  await page.getByTestId('tab-working').click()
  await expect(page.getByTestId('tab-working')).toHaveText(`Working (${N})`)
  const rendered = await page.getByTestId('working-row').count()
  expect(rendered).toBeGreaterThan(3)
  expect(rendered).toBeLessThan(N) // virtualised: not every order is in the DOM
  // the newest is on top; scrolling to the end brings the first order placed into view
  await expect(page.getByTestId('working-row').first().getByTestId('order-price')).toHaveText(priceOf(N))
  await page.getByTestId('blotter-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(page.getByTestId('working-row').last().getByTestId('order-price')).toHaveText(priceOf(1))
  expect(await page.getByTestId('working-row').count()).toBeLessThan(N)
  ws.close()
})

test("blotter: a fill shows Kraken's fee with its asset, and the filled order its average price", async ({
  app,
}) => {
  test.skip(!app.loopback, 'drives a second bridge client through the loopback host')
  const { page } = app
  const info = app.loopback!
  await expect(page.getByTestId('link-ws-private')).toContainText('Online')
  const ws = new WebSocket(
    `ws://127.0.0.1:${info.port}/bridge`,
    [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + info.token],
    { headers: { Origin: info.origin } },
  )
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  let answer: { ok: boolean; result?: { clOrdId: string } } | null = null
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { k: string; id: number; ok: boolean; result?: { clOrdId: string } }
    if (f.k === 'res' && f.id === 1) answer = f
  })
  ws.send(
    JSON.stringify({
      k: 'cmd',
      id: 1,
      name: 'orders.place',
      payload: { symbol: 'BTC/USD', side: 'buy', type: 'market', qty: '0.001', tif: 'IOC', protocol: 'ws' },
    }),
  )
  await expect.poll(() => answer?.ok, { timeout: 20_000 }).toBe(true)
  const clOrdId = answer!.result!.clOrdId

  // filled first (every fill of it is in by then), then its fills are read
  await page.getByTestId('tab-history').click()
  const row = page.locator(`[data-testid="history-row"][data-clordid="${clOrdId}"]`)
  await expect(row).toHaveAttribute('data-state', 'filled')
  const avg = (await row.getByTestId('order-avg-price').innerText()).trim()

  await page.getByTestId('tab-fills').click()
  const fills = page.getByTestId('fill-row').filter({ hasText: clOrdId })
  // the built-in exchange charges its taker fee in USD, as Kraken's executions say it
  await expect(fills.first().getByTestId('fill-fee')).toHaveText(/^\d+\.\d+ USD$/)
  const prices = await fills.evaluateAll((rows) =>
    rows.map((r) => r.querySelectorAll('td')[3]!.textContent!.trim()),
  )
  // one fill: the order's average price is that fill's price (the market order may take two
  // levels of the live book: then its average lies between them)
  if (prices.length === 1) expect(avg).toBe(prices[0])
  else {
    const n = prices.map(Number)
    expect(Number(avg)).toBeGreaterThanOrEqual(Math.min(...n))
    expect(Number(avg)).toBeLessThanOrEqual(Math.max(...n))
  }
  ws.close()
})
