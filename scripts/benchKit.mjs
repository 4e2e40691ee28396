// What the UI, windows and memory benches share: the loopback host with the built-in exchange in
// a throw-away data folder, headless Chromium with its DevTools port, a bare DevTools connection,
// and a bridge socket as a window opens it.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket from 'ws'

const ROOT = new URL('..', import.meta.url).pathname

/**
 * The built loopback host (out/main/loopback.js) on its own data folder (a bench must not write
 * into the trader's journal). Resolves once it printed its ready line; `onLine` sees every other
 * stdout line (latency probes).
 */
export async function startHost(prefix, args, { env = {}, onLine } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-data-`))
  const child = spawn(
    process.execPath,
    [join(ROOT, 'out/main/loopback.js'), '--ready-json', '--data-dir', dataDir, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
  const info = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      if (l.startsWith('{')) resolve(JSON.parse(l))
      else onLine?.(l)
    })
    child.once('exit', (c) => reject(new Error(`loopback host exited ${c}`)))
  })
  return { child, info, dataDir }
}

/** Headless Chromium on a fresh profile, with its DevTools port once it listens. */
export async function launchChromium(chromium, prefix, flags = []) {
  const profile = mkdtempSync(join(tmpdir(), `${prefix}-chromium-`))
  const proc = spawn(
    chromium,
    [
      '--headless=new',
      '--no-sandbox', // as Playwright does; the page is our own app on loopback
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...flags,
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      '--window-size=1280,800',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const port = await new Promise((resolve, reject) => {
    createInterface({ input: proc.stderr }).on('line', (l) => {
      const m = l.match(/DevTools listening on ws:\/\/[^:]+:(\d+)/)
      if (m) resolve(m[1])
    })
    proc.once('exit', (c) => reject(new Error(`chromium exited ${c}`)))
  })
  return { proc, port, profile }
}

/**
 * A bare DevTools connection that enables nothing but what it calls. Playwright enables the
 * Network domain, and then Chromium copies every WebSocket frame of the bridge to the driver: at
 * 5,000 book messages/s that cost ~40 % of a core on this 2-core machine, which no trader's
 * window pays. `send(method, params)` resolves with the result or rejects with the error.
 */
export async function connectCdp(url, options = {}) {
  const ws = new WebSocket(url, options)
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  let seq = 0
  const waiting = new Map()
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString())
    if (m.id === undefined) return // an event: nothing here subscribes to any
    waiting.get(m.id)?.(m)
    waiting.delete(m.id)
  })
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++seq
      waiting.set(id, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result),
      )
      ws.send(JSON.stringify({ id, method, params }))
    })
  return { ws, send }
}

/** The contract's bridge socket as a window opens it: the per-launch token and the allowed Origin. */
export async function openBridge(info) {
  const ws = new WebSocket(
    `ws://127.0.0.1:${info.port}/bridge`,
    ['trident.v1', `trident-token.${info.token}`],
    {
      headers: { Origin: info.origin },
    },
  )
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  return ws
}

/**
 * Windows side by side are all visible to a trader: none may be throttled as hidden (a page in a
 * background tab of headless Chromium otherwise gets no animation frames and slowed timers).
 */
export const UNTHROTTLED = [
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
]

const KEYS = {
  B: { key: 'B', code: 'KeyB', text: 'B', windowsVirtualKeyCode: 66 },
  S: { key: 'S', code: 'KeyS', text: 'S', windowsVirtualKeyCode: 83 },
  Enter: { key: 'Enter', code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 },
}

/**
 * A page in Chromium over a bare DevTools connection: the browser's first tab (`first`) or a new
 * window of its own (a tab behind another gets no animation frames), navigated to `url`.
 * `evaluate(fn, arg)` runs fn in the page; `press` and `click` send real input events.
 */
export async function openPage(port, url, { first = true } = {}) {
  let target
  if (first) {
    target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()).find((t) => t.type === 'page')
  } else {
    const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()
    const b = await connectCdp(version.webSocketDebuggerUrl)
    const { targetId } = await b.send('Target.createTarget', { url: 'about:blank', newWindow: true })
    b.ws.close()
    target = { webSocketDebuggerUrl: `ws://127.0.0.1:${port}/devtools/page/${targetId}` }
  }
  const { ws, send } = await connectCdp(target.webSocketDebuggerUrl)
  const evaluate = async (fn, arg) => {
    const r = await send('Runtime.evaluate', {
      expression: `(${fn})(${JSON.stringify(arg)})`,
      awaitPromise: true,
      returnByValue: true,
    })
    if (r.exceptionDetails) throw new Error(`in page: ${r.exceptionDetails.exception?.description}`)
    return r.result.value
  }
  await send('Page.navigate', { url })
  return {
    ws,
    send,
    evaluate,
    async press(name) {
      await send('Input.dispatchKeyEvent', { type: 'keyDown', ...KEYS[name] })
      await send('Input.dispatchKeyEvent', { type: 'keyUp', ...KEYS[name], text: undefined })
    },
    async click(x, y) {
      for (const type of ['mousePressed', 'mouseReleased'])
        await send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 })
    },
  }
}

/**
 * A page of the app (openPage), waited until it is ready: the main window until its book is
 * live, the private WebSocket online and the ticket ready; a pop-out (`ready: 'ladder'`) until
 * its ladder painted a book.
 */
export async function openAppPage(port, url, { first = true, ready = 'ticket' } = {}) {
  const page = await openPage(port, url, { first })
  // runs in the page (globalThis: this file is linted as Node code)
  const hasText = ({ id, text, attr }) => {
    const el = globalThis.document.querySelector(`[data-testid="${id}"]`)
    return (attr ? el?.hasAttribute(attr) : el?.textContent?.includes(text)) ?? false
  }
  const waitFor = (what, arg) => untilInPage(page, what, hasText, arg)
  if (ready === 'ladder') {
    await waitFor('a painted ladder', { id: 'ladder', attr: 'data-main-time' })
  } else {
    await waitFor('a live book', { id: 'book-status', text: 'Live' })
    await waitFor('the private WebSocket', { id: 'link-ws-private', text: 'Online' })
    await waitFor('the ticket', { id: 'ticket-problems', text: 'Price is missing' })
  }
  return page
}

/**
 * Wait on the page's state: `fn(arg)`, run in the page, until it returns true (every 100 ms, for
 * up to a minute). A throw in the page stops the wait with its words.
 */
export async function untilInPage(page, what, fn, arg) {
  const until = Date.now() + 60_000
  while (!(await page.evaluate(fn, arg))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** Stop a Chromium started by launchChromium and remove its profile folder. */
export async function closeChromium({ proc, profile }) {
  proc.kill('SIGTERM')
  await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)))
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  } catch {
    // Chromium's helpers may still be writing as it exits: a temp folder left behind
  }
}

/** Nearest-rank percentile (the smallest sample with at least p % at or below it). */
export function pct(xs, p) {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1]
}

/** "PASS" or "over" next to a figure and its goal (lower is better). */
export const verdict = (value, goal) => (Number.isFinite(value) && value <= goal ? 'PASS' : 'over')
