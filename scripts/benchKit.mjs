// What the UI, windows and memory benches share: the loopback host with the built-in exchange in
// a throw-away data folder, headless Chromium with its DevTools port, a bare DevTools connection,
// and a bridge socket as a window opens it.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
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
