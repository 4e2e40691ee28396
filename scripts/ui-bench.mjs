// UI latency figures for `npm run bench` (printed, never asserted):
//  - keypress-to-wire: Enter pressed in the page -> add_order bytes written to the venue socket in main
//  - tick-to-pixel: a book update's venue timestamp -> the frame that shows it on the ladder
//  - frame rate and long tasks while the built-in exchange bursts
import { existsSync, rmSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { connectCdp, launchChromium, openBridge, startHost } from './benchKit.mjs'

const CHROMIUM = process.env.TRIDENT_CHROMIUM ?? '/usr/bin/chromium'
const QUICK = process.argv.includes('--quick')

function pct(xs, p) {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const ms = (v) => `${v.toFixed(2)} ms`
const p50p99 = (xs) => `${ms(pct(xs, 50))} / ${ms(pct(xs, 99))}`
const longTasks = (xs) => (xs.length ? `${xs.length}, longest ${Math.round(Math.max(...xs))} ms` : '0')
const row = (name, value, note = '') =>
  console.log(`  ${name.padEnd(52)} ${String(value).padStart(14)}  ${note}`)

async function host(args) {
  const probes = []
  const recv = []
  const { child, info } = await startHost('trident-bench', args, {
    env: { TRIDENT_WIRE_PROBE: '1' },
    onLine: (line) => {
      if (line.startsWith('PROBE wire ')) probes.push(Number(line.split(' ')[3]))
      else if (line.startsWith('PROBE recv ')) recv.push(Number(line.split(' ')[2]))
    },
  })
  return { child, info, probes, recv }
}

/**
 * Chromium driven over a bare DevTools connection that enables nothing but what it calls
 * (Runtime, Input). Playwright enables the Network domain, and then Chromium copies every
 * WebSocket frame of the bridge to the driver: at 5,000 book messages/s that cost ~40 % of a
 * core on this 2-core machine (browser process + driver), which no trader's window pays.
 */
async function open(info) {
  const { proc: browser, port, profile } = await launchChromium(CHROMIUM, 'trident-bench')
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()
  const { ws, send } = await connectCdp(targets.find((t) => t.type === 'page').webSocketDebuggerUrl)
  /** Run fn(arg) in the page and return its (JSON) result. */
  const evaluate = async (fn, arg) => {
    const r = await send('Runtime.evaluate', {
      expression: `(${fn})(${JSON.stringify(arg)})`,
      awaitPromise: true,
      returnByValue: true,
    })
    if (r.exceptionDetails) throw new Error(`in page: ${r.exceptionDetails.exception?.description}`)
    return r.result.value
  }
  const waitFor = async (what, fn, arg) => {
    const until = Date.now() + 20_000
    while (!(await evaluate(fn, arg))) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
      await sleep(100)
    }
  }
  const KEYS = {
    B: { key: 'B', code: 'KeyB', text: 'B', windowsVirtualKeyCode: 66 },
    S: { key: 'S', code: 'KeyS', text: 'S', windowsVirtualKeyCode: 83 },
    Enter: { key: 'Enter', code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 },
  }
  const page = {
    evaluate,
    async press(name) {
      await send('Input.dispatchKeyEvent', { type: 'keyDown', ...KEYS[name] })
      await send('Input.dispatchKeyEvent', { type: 'keyUp', ...KEYS[name], text: undefined })
    },
    async click(x, y) {
      for (const type of ['mousePressed', 'mouseReleased'])
        await send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 })
    },
    async close() {
      ws.close()
      browser.kill('SIGTERM')
      await new Promise((r) => browser.once('exit', r))
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
      } catch {
        // Chromium's helpers may still be writing as it exits: a temp folder left behind
      }
    },
  }
  await send('Page.navigate', { url: info.url })
  const hasText = ({ id, text }) =>
    document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(text) ?? false
  await waitFor('a live book', hasText, { id: 'book-status', text: 'Live' })
  await waitFor('the private WebSocket', hasText, { id: 'link-ws-private', text: 'Online' })
  await waitFor('the ticket', hasText, { id: 'ticket-problems', text: 'Price is missing' })
  // let the window settle (first chart draw, the audio device opened in idle time) as it has by
  // the time a trader's first order goes out: the figures are for a window in use, not opening
  await sleep(2_000)
  return page
}

/**
 * The bench sends the same one-lot order at the touch every 200 ms, which the duplicate guard
 * (issue 15: the same order again within 2 s asks "send it again?") rightly stops after the first
 * few: the figures were then over 3 orders of 100. A trader who fires repeated orders turns the
 * guard off (Risk panel, duplicate window 0); the bench does the same through the contract, as a
 * window would, with every other limit left as it is.
 */
async function duplicatesOff(info) {
  const ws = await openBridge(info)
  const frames = []
  const next = (test) =>
    new Promise((resolve) => {
      const hit = frames.find(test)
      if (hit) return resolve(hit)
      const on = (d) => {
        const f = JSON.parse(String(d))
        if (!test(f)) return
        ws.off('message', on)
        resolve(f)
      }
      ws.on('message', on)
    })
  ws.on('message', (d) => frames.push(JSON.parse(String(d))))
  ws.send(JSON.stringify({ k: 'sub', id: 1, topic: 'risk', params: {} }))
  const risk = await next((f) => f.k === 'topic' && f.id === 1)
  ws.send(
    JSON.stringify({
      k: 'cmd',
      id: 2,
      name: 'risk.setLimits',
      payload: { ...risk.data.defaults, duplicateWindowMs: 0 },
    }),
  )
  const res = await next((f) => f.k === 'res' && f.id === 2)
  ws.close()
  if (!res.ok) throw new Error(`could not turn the duplicate guard off: ${res.error.message}`)
}

async function keypressToWire() {
  const h = await host(['--sim-seed', '3'])
  await duplicatesOff(h.info)
  const page = await open(h.info)
  await page.evaluate(() => {
    window.__enter = []
    window.__handled = []
    window.__long = []
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({
      type: 'longtask',
    })
    addEventListener(
      'keydown',
      (e) => e.key === 'Enter' && window.__enter.push(performance.timeOrigin + e.timeStamp),
      true,
    )
    // registered after the app's own key listener, so it runs once the order has been handed to the socket
    addEventListener(
      'keydown',
      (e) => e.key === 'Enter' && window.__handled.push(performance.timeOrigin + performance.now()),
    )
  })
  await page.click(5, 5)
  const n = QUICK ? 30 : 100
  for (let i = 0; i < n; i++) {
    await page.press(i % 2 === 0 ? 'B' : 'S') // take the touch, alternating, so the position stays small
    // a trader reads the filled ticket before sending: Enter comes one human beat later, not in
    // the same millisecond (back to back, Enter queued behind the ticket's re-render)
    await sleep(60)
    await page.press('Enter')
    await sleep(40)
  }
  await sleep(500)
  const { enters, handled, long } = await page.evaluate(() => ({
    enters: window.__enter,
    handled: window.__handled,
    long: window.__long,
  }))
  await page.close()
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
  // where the time goes: the page (key event created -> order handed to the socket), the socket
  // (-> command read by main), then main (-> order bytes written to the venue)
  if (h.recv.length === pairs && handled.length === pairs) {
    const split = (a, b) => p50p99(a.slice(0, pairs).map((t, i) => t - b[i]))
    row('  page (key event -> order handed to the socket) p50/p99', split(handled, enters))
    row('  socket (-> command read by main) p50/p99', split(h.recv, handled))
    row('  main (command read -> order bytes written) p50/p99', split(h.probes, h.recv))
  }
  row('page long tasks (> 50 ms) meanwhile', longTasks(long))
}

async function tickToPixel() {
  const rate = Number(process.env.TRIDENT_BENCH_RATE ?? 5000)
  const h = await host(['--sim-seed', '5', '--sim-rate', String(rate), '--sim-symbols', 'BTC/USD'])
  const page = await open(h.info)
  const seconds = QUICK ? 4 : 10
  const updatesText = async () =>
    Number(
      (await page.evaluate(() => document.querySelector('[data-testid=book-stats]').textContent)).match(
        /(\d+) updates/,
      )?.[1] ?? 0,
    )
  const u0 = await updatesText()
  const t0 = Date.now()
  const r = await page.evaluate(async (secs) => {
    const ladder = document.querySelector('[data-testid=ladder]')
    const lat = []
    const split = []
    // data-paint="frame": the ladder paints inside requestAnimationFrame and sets the attribute
    // there, so the frame showing the update is the current one; otherwise (a DOM commit) it is
    // the next frame. Either way the figure ends at the start of the frame that shows it.
    const inFrame = ladder.getAttribute('data-paint') === 'frame'
    const obs = new MutationObserver(() => {
      const v = ladder.getAttribute('data-venue-time')
      if (!v) return
      const venue = Date.parse(v)
      const main = Number(ladder.getAttribute('data-main-time'))
      const arrived = Number(ladder.getAttribute('data-arrived-at'))
      const record = () => {
        const now = performance.timeOrigin + performance.now()
        lat.push(now - venue)
        if (main && arrived) split.push([main - venue, arrived - main, now - arrived])
      }
      if (inFrame) record()
      else requestAnimationFrame(record)
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
    return { lat, split, long, fps: frames / secs }
  }, seconds)
  const u1 = await updatesText()
  await page.close()
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
  row('p90 / p95', `${ms(pct(r.lat, 90))} / ${ms(pct(r.lat, 95))}`)
  row('p99', ms(pct(r.lat, 99)), '(target p99 <= 16 ms)')
  if (r.split.length) {
    const part = (i) => p50p99(r.split.map((s) => s[i]))
    row('  venue -> main applied it p50/p99', part(0))
    row('  main applied it -> page received it p50/p99', part(1))
    // at 60 Hz a message waits up to 16.7 ms for the next frame: this part's p99 cannot be lower
    row('  page received it -> frame showing it p50/p99', part(2))
  }
  row('renderer frame rate', `${r.fps.toFixed(1)} fps`, '(target >= 55)')
  row('long tasks (> 50 ms)', longTasks(r.long), '(target: none)')
}

if (!existsSync(CHROMIUM)) {
  console.log(`\nUI benches skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)
} else {
  await keypressToWire()
  await tickToPixel()
}
