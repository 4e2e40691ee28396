/* global document -- hasText runs in the page */
// `npm run bench -- --memory [--minutes N]` (default 30): memory over a long session, printed,
// never asserted. The loopback host with the built-in exchange at 5,000 book events/s, three
// Chromium pages of the app (as a trader's main window and two pop-outs), an order sent from the
// ticket every few seconds; every 30 s: each page's JS heap after a forced GC, each renderer
// process's RSS and the host's (main's) RSS. At the end: the table and the least-squares slope
// after the warm-up, in MiB/min, against the goal (< 0.1 MiB/min: nothing grows over a day).
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { connectCdp, launchChromium, startHost } from './benchKit.mjs'

const CHROMIUM = process.env.TRIDENT_CHROMIUM ?? '/usr/bin/chromium'
const arg = (name) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const MINUTES = Number(arg('--minutes') ?? 30)
const RATE = Number(process.env.TRIDENT_BENCH_RATE ?? 5000)
const PAGES = 3
const SAMPLE_MS = 30_000
const ORDER_EVERY_MS = 3_000
// the first minutes hold one-off growth (code compiled, caches and buffers filled): not a leak
const WARMUP_MIN = MINUTES >= 5 ? 2 : 1
const GOAL = 0.1 // MiB/min
const MiB = 1048576

/** VmRSS of a process in MiB (0 once it has gone). */
function rss(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

/** Chromium's renderer processes: descendants of the browser process started with --type=renderer. */
function rendererPids(browserPid) {
  const children = new Map()
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue
    try {
      const ppid = Number(readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1].split(' ')[1])
      if (!children.has(ppid)) children.set(ppid, [])
      children.get(ppid).push(Number(e))
    } catch {
      // the process ended while we listed /proc
    }
  }
  const out = []
  const walk = (pid) => {
    for (const c of children.get(pid) ?? []) {
      try {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('--type=renderer')) out.push(c)
      } catch {
        // gone
      }
      walk(c)
    }
  }
  walk(browserPid)
  return out.sort((a, b) => a - b)
}

// three windows side by side are all visible to a trader: none may be throttled as hidden
const UNTHROTTLED = [
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
]

async function openPage(port, url, first) {
  let target
  if (first) {
    target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()).find((t) => t.type === 'page')
  } else {
    target = await (await fetch(`http://127.0.0.1:${port}/json/new?about:blank`, { method: 'PUT' })).json()
  }
  const { ws, send } = await connectCdp(target.webSocketDebuggerUrl, {
    perMessageDeflate: false,
    maxPayload: 256 * MiB,
  })
  const evaluate = async (fn, a) => {
    const r = await send('Runtime.evaluate', {
      expression: `(${fn})(${JSON.stringify(a)})`,
      awaitPromise: true,
      returnByValue: true,
    })
    if (r.exceptionDetails) throw new Error(`in page: ${r.exceptionDetails.exception?.description}`)
    return r.result.value
  }
  const hasText = ({ id, text }) =>
    document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(text) ?? false
  const waitFor = async (what, a) => {
    const until = Date.now() + 60_000
    while (!(await evaluate(hasText, a))) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
      await sleep(200)
    }
  }
  await send('Page.navigate', { url })
  await waitFor('a live book', { id: 'book-status', text: 'Live' })
  await waitFor('the private WebSocket', { id: 'link-ws-private', text: 'Online' })
  const KEYS = {
    B: { key: 'B', code: 'KeyB', text: 'B', windowsVirtualKeyCode: 66 },
    S: { key: 'S', code: 'KeyS', text: 'S', windowsVirtualKeyCode: 83 },
    Enter: { key: 'Enter', code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 },
  }
  return {
    async press(name) {
      await send('Input.dispatchKeyEvent', { type: 'keyDown', ...KEYS[name] })
      await send('Input.dispatchKeyEvent', { type: 'keyUp', ...KEYS[name], text: undefined })
    },
    async focus() {
      await send('Page.bringToFront')
      for (const type of ['mousePressed', 'mouseReleased'])
        await send('Input.dispatchMouseEvent', { type, x: 5, y: 5, button: 'left', clickCount: 1 })
    },
    /** JS heap in use after a full GC, MiB. */
    async heapAfterGc() {
      await send('HeapProfiler.collectGarbage')
      const { usedSize } = await send('Runtime.getHeapUsage')
      return usedSize / MiB
    },
    close: () => ws.close(),
  }
}

/** Least-squares slope of ys over xs. */
function slope(xs, ys) {
  const n = xs.length
  if (n < 2) return NaN
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my)
    den += (xs[i] - mx) ** 2
  }
  return den ? num / den : NaN
}

const h = await startHost('trident-mbench', [
  '--sim-seed',
  '11',
  '--sim-rate',
  String(RATE),
  '--sim-symbols',
  'BTC/USD',
])
const b = await launchChromium(CHROMIUM, 'trident-mbench', UNTHROTTLED)
const pages = []
try {
  for (let i = 0; i < PAGES; i++) pages.push(await openPage(b.port, h.info.url, i === 0))
} catch (e) {
  console.error(`memory bench: ${e.message}`)
  b.proc.kill('SIGTERM')
  h.child.kill('SIGTERM')
  process.exit(1)
}

// trading: every few seconds one window takes the touch from its ticket (B or S, then Enter),
// alternating sides so the position stays small; the windows take turns
let running = true
let sent = 0
const trader = (async () => {
  let i = 0
  while (running) {
    const p = pages[i % PAGES]
    try {
      await p.focus()
      await p.press(i % 2 === 0 ? 'B' : 'S')
      await sleep(60)
      await p.press('Enter')
      sent++
    } catch {
      // a page busy in a GC sample: the next turn sends
    }
    i++
    await sleep(ORDER_EVERY_MS)
  }
})()

const samples = []
const t0 = Date.now()
console.log(
  `\nMemory over ${MINUTES} min: ${PAGES} windows (BTC/USD ladder), exchange asked for ${RATE.toLocaleString('en-US')} book events/s, an order every ${ORDER_EVERY_MS / 1000} s; a sample every ${SAMPLE_MS / 1000} s`,
)
for (;;) {
  const min = (Date.now() - t0) / 60_000
  const heaps = []
  for (const p of pages) heaps.push(await p.heapAfterGc())
  const renderers = rendererPids(b.proc.pid).map(rss)
  const s = { min, heaps, renderers, main: rss(h.info.pid ?? h.child.pid) }
  samples.push(s)
  console.log(
    `  ${min.toFixed(1).padStart(5)} min  heap ${heaps.map((x) => x.toFixed(1)).join(' / ')} MiB  renderers ${renderers.map((x) => x.toFixed(0)).join(' / ')} MiB  main ${s.main.toFixed(0)} MiB`,
  )
  if (min >= MINUTES - 0.01) break
  await sleep(Math.max(0, t0 + samples.length * SAMPLE_MS - Date.now()))
}
running = false
await trader

const after = samples.filter((s) => s.min >= WARMUP_MIN)
const xs = after.map((s) => s.min)
const sum = (a) => a.reduce((x, y) => x + y, 0)
const line = (name, ys) => {
  const k = slope(xs, ys)
  const verdict = Number.isNaN(k) ? '' : k < GOAL ? 'ok' : 'GROWING' // falling is not growing
  console.log(
    `  ${name.padEnd(36)} ${ys[0]?.toFixed(1).padStart(8)} -> ${ys.at(-1)?.toFixed(1).padStart(8)} MiB  ${(Number.isNaN(k) ? 'n/a' : k.toFixed(3)).padStart(8)} MiB/min  (goal < ${GOAL}) ${verdict}`,
  )
}
console.log(
  `\nSlope after the ${WARMUP_MIN}-min warm-up (${after.length} samples, least squares), ${sent} orders sent:`,
)
for (let i = 0; i < PAGES; i++)
  line(
    `window ${i + 1} JS heap after GC`,
    after.map((s) => s.heaps[i]),
  )
line(
  'renderers RSS (sum)',
  after.map((s) => sum(s.renderers)),
)
line(
  'main (host) RSS',
  after.map((s) => s.main),
)

for (const p of pages) p.close()
b.proc.kill('SIGTERM')
h.child.kill('SIGTERM')
await new Promise((r) => b.proc.once('exit', r))
for (const dir of [b.profile, h.dataDir]) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  } catch {
    // Chromium's helpers may still be writing as it exits: a temp folder left behind
  }
}
