// UI latency figures for `npm run bench` (printed, never asserted):
//  - keypress-to-wire: Enter pressed in the page -> add_order bytes written to the venue socket in main
//  - tick-to-pixel: a book update's venue timestamp -> the frame that shows it on the ladder
//  - frame rate and long tasks while the built-in exchange bursts
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium } from 'playwright-core'

const ROOT = new URL('..', import.meta.url).pathname
const CHROMIUM = process.env.TRIDENT_CHROMIUM ?? '/usr/bin/chromium'
const QUICK = process.argv.includes('--quick')

function pct(xs, p) {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const ms = (v) => `${v.toFixed(2)} ms`
const row = (name, value, note = '') =>
  console.log(`  ${name.padEnd(52)} ${String(value).padStart(14)}  ${note}`)

async function host(args) {
  // a throw-away data folder: the bench must not write into the trader's journal
  const dataDir = mkdtempSync(join(tmpdir(), 'trident-bench-data-'))
  const child = spawn(
    process.execPath,
    [join(ROOT, 'out/main/loopback.js'), '--ready-json', '--data-dir', dataDir, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, TRIDENT_WIRE_PROBE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const probes = []
  const recv = []
  const info = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout })
    rl.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line))
      else if (line.startsWith('PROBE wire ')) probes.push(Number(line.split(' ')[3]))
      else if (line.startsWith('PROBE recv ')) recv.push(Number(line.split(' ')[2]))
    })
    child.once('exit', (c) => reject(new Error(`loopback host exited ${c}`)))
  })
  return { child, info, probes, recv }
}

async function open(info) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  await page.goto(info.url)
  await page.getByTestId('book-status').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 })
  await page.getByTestId('link-ws-private').filter({ hasText: 'Online' }).waitFor({ timeout: 20_000 })
  await page
    .getByTestId('ticket-problems')
    .filter({ hasText: 'Price is missing' })
    .waitFor({ timeout: 20_000 })
  return { browser, page }
}

async function keypressToWire() {
  const h = await host(['--sim-seed', '3'])
  const { browser, page } = await open(h.info)
  await page.evaluate(() => {
    window.__enter = []
    addEventListener(
      'keydown',
      (e) => e.key === 'Enter' && window.__enter.push(performance.timeOrigin + e.timeStamp),
      true,
    )
  })
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  const n = QUICK ? 30 : 100
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(i % 2 === 0 ? 'B' : 'S') // take the touch, alternating, so the position stays small
    await page.keyboard.press('Enter')
    await page.waitForTimeout(40)
  }
  await page.waitForTimeout(500)
  const enters = await page.evaluate(() => window.__enter)
  await browser.close()
  h.child.kill('SIGTERM')
  const pairs = Math.min(enters.length, h.probes.length)
  const lat = []
  for (let i = 0; i < pairs; i++) lat.push(h.probes[i] - enters[i])
  console.log('\nUI: keypress to wire (Enter in the page -> add_order written to the venue socket by main)')
  row(
    `orders sent / Enter presses`,
    `${h.probes.length} / ${enters.length}`,
    h.probes.length === enters.length ? '' : '(unmatched: figures below pair them in order)',
  )
  row('p50', ms(pct(lat, 50)))
  row('p99', ms(pct(lat, 99)), '(target p99 <= 2 ms)')
  // where the time goes: the page and its socket (Enter -> command read by main), then main
  if (h.recv.length === pairs) {
    const page = h.recv.slice(0, pairs).map((t, i) => t - enters[i])
    const main = h.probes.slice(0, pairs).map((t, i) => t - h.recv[i])
    row(
      '  page + socket (Enter -> command read by main) p50/p99',
      `${ms(pct(page, 50))} / ${ms(pct(page, 99))}`,
    )
    row('  main (command read -> order bytes written) p50/p99', `${ms(pct(main, 50))} / ${ms(pct(main, 99))}`)
  }
}

async function tickToPixel() {
  const rate = Number(process.env.TRIDENT_BENCH_RATE ?? 5000)
  const h = await host(['--sim-seed', '5', '--sim-rate', String(rate), '--sim-symbols', 'BTC/USD'])
  const { browser, page } = await open(h.info)
  const seconds = QUICK ? 4 : 10
  const updatesText = async () =>
    Number((await page.getByTestId('book-stats').innerText()).match(/(\d+) updates/)?.[1] ?? 0)
  const u0 = await updatesText()
  const t0 = Date.now()
  const r = await page.evaluate(async (secs) => {
    const ladder = document.querySelector('[data-testid=ladder]')
    const lat = []
    const obs = new MutationObserver(() => {
      const v = ladder.getAttribute('data-venue-time')
      if (!v) return
      const venue = Date.parse(v)
      requestAnimationFrame(() => lat.push(performance.timeOrigin + performance.now() - venue))
    })
    obs.observe(ladder, { attributes: true, attributeFilter: ['data-venue-time'] })
    const long = []
    const po = new PerformanceObserver((l) => l.getEntries().forEach((e) => long.push(e.duration)))
    try {
      po.observe({ type: 'longtask', buffered: false })
    } catch {
      // long task timing unavailable
    }
    let frames = 0
    let running = true
    const tick = () => {
      frames++
      if (running) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    await new Promise((res) => setTimeout(res, secs * 1000))
    running = false
    obs.disconnect()
    po.disconnect()
    return { lat, long, fps: frames / secs }
  }, seconds)
  const u1 = await updatesText()
  await browser.close()
  h.child.kill('SIGTERM')
  const venueRate = (u1 - u0) / ((Date.now() - t0) / 1000)
  console.log(`\nUI: tick to pixel (venue timestamp of a book update -> the frame showing it), ${seconds} s`)
  row(
    'book messages/s applied by main (BTC/USD)',
    Math.round(venueRate).toLocaleString('en-US'),
    `(simulator asked for ${rate} events/s)`,
  )
  row('ladder repaints measured', r.lat.length)
  row('p50', ms(pct(r.lat, 50)))
  row('p99', ms(pct(r.lat, 99)), '(target p99 <= 16 ms)')
  row('renderer frame rate', `${r.fps.toFixed(1)} fps`, '(target >= 55)')
  row(
    'long tasks (> 50 ms)',
    `${r.long.length}${r.long.length ? `, longest ${Math.round(Math.max(...r.long))} ms` : ''}`,
    '(target: none)',
  )
}

if (!existsSync(CHROMIUM)) {
  console.log(`\nUI benches skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)
} else {
  mkdtempSync(join(tmpdir(), 'trident-uibench-'))
  await keypressToWire()
  await tickToPixel()
}
