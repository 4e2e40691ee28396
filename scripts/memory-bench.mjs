/* global document -- hasText runs in the page */
// `npm run bench -- --memory [--minutes N] [--warmup N] [--heap-snapshots DIR]` (default 30
// minutes): memory over a long session, printed, never asserted. The loopback host with the built-in exchange at 5,000 book events/s, three
// Chromium pages of the app (as a trader's main window and two pop-outs), an order sent from the
// ticket every few seconds; every 30 s: each page's JS heap after a forced GC, each renderer
// process's RSS and the host's (main's) RSS (also their floor: the lowest of reads every 2 s);
// main's RSS right after a forced full GC of all its isolates (main thread and the built-in
// exchange's worker, through its inspector), split anonymous / file-backed, with each isolate's JS
// heap; the renderers' RSS right after their pages' GC, split the same way; each window's DOM
// nodes and listeners. At the end: the least-squares slope after the warm-up and over the second
// half only, in MiB/min, each against the goal (< 0.1 MiB/min: nothing grows over a day) with
// PASS or over. Main runs with --inspect on a free loopback port for this.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { connectCdp, launchChromium, startHost } from './benchKit.mjs'

const CHROMIUM = process.env.TRIDENT_CHROMIUM ?? '/usr/bin/chromium'
const arg = (name) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const MINUTES = Number(arg('--minutes') ?? 30)
// `--heap-snapshots DIR`: heap snapshots of window 1 and of main's main thread at the end of the
// warm-up, half-way through the rest and at the end, kept in DIR (open them in DevTools' Memory
// tab) and compared: the kinds of object that grew in each half, printed
const SNAPSHOTS = arg('--heap-snapshots') && resolve(arg('--heap-snapshots'))
if (SNAPSHOTS) mkdirSync(SNAPSHOTS, { recursive: true })
const RATE = Number(process.env.TRIDENT_BENCH_RATE ?? 5000)
const PAGES = 3
const SAMPLE_MS = 30_000
const ORDER_EVERY_MS = 3_000
// The first minutes hold one-off growth (code compiled, caches and Chromium's performance-timeline
// buffers filled): excluded from the slope. Not all code growth is one-off: window 1's snapshots
// show +350 KiB of JIT code from minute 2 to 6 and +345 KiB from 6 to 10, so a longer warm-up
// would not make the heap's slope honest. `--warmup N` overrides.
const WARMUP_MIN = Number(arg('--warmup') ?? (MINUTES >= 5 ? 2 : 1))
// RSS swings by tens of MiB between two garbage collections: each sample takes the lowest RSS
// read every RSS_EVERY_MS since the last sample (the floor the process returns to), so a slope
// of a fraction of a MiB per minute is not lost in the swing
const RSS_EVERY_MS = 2_000
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

/**
 * Rss and Anonymous of a process from /proc/PID/smaps_rollup, MiB (file-backed = rss - anon), and
 * its proportional share (Pss, Pss_Anon): a page several processes map counts whole in each one's
 * RSS (Chromium's renderers share their zygote's pages and the compositor's shared memory), but
 * once over them all in the sum of their PSS — what the windows really take.
 */
function smaps(pid) {
  try {
    const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    const kb = (name) => Number(t.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0)
    return {
      rss: kb('Rss') / 1024,
      anon: kb('Anonymous') / 1024,
      pss: kb('Pss') / 1024,
      pssAnon: kb('Pss_Anon') / 1024,
    }
  } catch {
    return { rss: 0, anon: 0, pss: 0, pssAnon: 0 }
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
      // twice: what the first collection's finalizers and weak callbacks let go is freed by the second
      await send('HeapProfiler.collectGarbage')
      await send('HeapProfiler.collectGarbage')
      const { usedSize } = await send('Runtime.getHeapUsage')
      return usedSize / MiB
    },
    /** DOM nodes and event listeners alive: a page that keeps adding either grows outside its JS heap too. */
    async domCounters() {
      const { nodes, jsEventListeners } = await send('Memory.getDOMCounters')
      return { nodes, listeners: jsEventListeners }
    },
    /**
     * A heap snapshot (HeapProfiler, streamed in chunks as events), written to `file` when given,
     * summed per kind of object: what grew between two of them names the leak.
     */
    async heapCensus(file) {
      const chunks = []
      const onChunk = (d) => {
        const m = JSON.parse(d.toString())
        if (m.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(m.params.chunk)
      }
      ws.on('message', onChunk)
      try {
        await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
      } finally {
        ws.off('message', onChunk)
      }
      const text = chunks.join('')
      if (file) writeFileSync(file, text)
      return census(JSON.parse(text))
    },
    close: () => ws.close(),
  }
}

/**
 * Count and self size per kind of heap node ("object Map", "closure paint", "string"...): a
 * snapshot's flat node array read through its meta (node_fields, node_types).
 */
function census(snap) {
  const { node_fields: fields, node_types: types } = snap.snapshot.meta
  const width = fields.length
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f))
  const typeNames = types[iType]
  const out = new Map()
  const { nodes, strings } = snap
  for (let i = 0; i < nodes.length; i += width) {
    const type = typeNames[nodes[i + iType]]
    // strings and numbers are named by their content: one row each, not one per value
    const named = type === 'object' || type === 'closure' || type === 'native' || type === 'array'
    const key = named ? `${type} ${strings[nodes[i + iName]].slice(0, 60)}` : type
    const e = out.get(key) ?? { count: 0, size: 0 }
    e.count++
    e.size += nodes[i + iSize]
    out.set(key, e)
  }
  return out
}

/** The kinds of heap node that grew most in bytes from census a to census b. */
function grew(a, b, top = 12) {
  const rows = []
  for (const [key, e] of b) {
    const was = a.get(key) ?? { count: 0, size: 0 }
    rows.push({ key, count: e.count - was.count, size: e.size - was.size })
  }
  return rows.sort((x, y) => y.size - x.size).slice(0, top)
}

const sum = (a) => a.reduce((x, y) => x + y, 0)

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

/** A port nothing listens on now (for main's inspector). */
const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
const INSPECT_PORT = await freePort()
const h = await startHost(
  'trident-mbench',
  ['--sim-seed', '11', '--sim-rate', String(RATE), '--sim-symbols', 'BTC/USD'],
  {
    env: {
      // main's inspector: its RSS is read right after a forced full GC of every isolate in it (main
      // thread and the built-in exchange's worker), so what a collection gives back is not counted
      // as growth; the reads between collections swing by tens of MiB
      NODE_OPTIONS: [
        `--inspect=127.0.0.1:${INSPECT_PORT}`,
        // main writes a heap snapshot of its main thread (not the built-in exchange's worker) on SIGUSR2
        ...(SNAPSHOTS ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${SNAPSHOTS}`] : []),
      ].join(' '),
    },
  },
)

/**
 * Main's isolates through its inspector: the main thread directly, each worker (the built-in
 * exchange) through NodeWorker's sessions. afterGc() collects all of them twice, then reads the
 * process's RSS and anonymous memory, each isolate's JS heap and Node's external memory.
 */
async function mainInspector(port) {
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()
  const { ws, send } = await connectCdp(target.webSocketDebuggerUrl, { perMessageDeflate: false })
  const workers = new Set()
  const waiting = new Map()
  /** the worker's heap snapshot as it streams in (workerCensus) */
  let snapshotChunks = []
  let seq = 0
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString())
    if (m.method === 'NodeWorker.attachedToWorker') workers.add(m.params.sessionId)
    if (m.method === 'NodeWorker.detachedFromWorker') workers.delete(m.params.sessionId)
    if (m.method === 'NodeWorker.receivedMessageFromWorker') {
      const r = JSON.parse(m.params.message)
      if (r.method === 'HeapProfiler.addHeapSnapshotChunk') snapshotChunks.push(r.params.chunk)
      if (r.id !== undefined) waiting.get(r.id)?.(r.result ?? {})
      waiting.delete(r.id)
    }
  })
  const toWorker = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = ++seq
      waiting.set(id, resolve)
      void send('NodeWorker.sendMessageToWorker', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      })
    })
  await send('NodeWorker.enable', { waitForDebuggerOnStart: false })
  // the workers already running are announced right after enable
  for (const until = Date.now() + 5000; workers.size === 0 && Date.now() < until;) await sleep(50)
  return {
    workers: () => workers.size,
    /** The built-in exchange's worker: a heap snapshot through its inspector session, summed per kind. */
    async workerCensus(file) {
      const [w] = workers
      if (!w) return new Map()
      snapshotChunks = []
      await toWorker(w, 'HeapProfiler.takeHeapSnapshot', { reportProgress: false })
      const text = snapshotChunks.join('')
      snapshotChunks = []
      writeFileSync(file, text)
      return census(JSON.parse(text))
    },
    async afterGc(pid) {
      for (let i = 0; i < 2; i++) {
        await send('HeapProfiler.collectGarbage')
        for (const w of workers) await toWorker(w, 'HeapProfiler.collectGarbage')
      }
      const mem = smaps(pid)
      const { usedSize } = await send('Runtime.getHeapUsage')
      let workerHeap = 0
      for (const w of workers) workerHeap += (await toWorker(w, 'Runtime.getHeapUsage')).usedSize ?? 0
      const r = await send('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })
      const mu = JSON.parse(r.result.value)
      return {
        rss: mem.rss,
        anon: mem.anon,
        heap: usedSize / MiB,
        workerHeap: workerHeap / MiB,
        // V8's heaps as reserved (all isolates' committed pages show in RSS) and memory outside them
        heapTotal: mu.heapTotal / MiB,
        external: mu.external / MiB,
      }
    },
    close: () => ws.close(),
  }
}
const inspector = await mainInspector(INSPECT_PORT)
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

const mainPid = h.info.pid ?? h.child.pid
/** The lowest RSS of main and of the renderers (summed) since the last take(), read every RSS_EVERY_MS. */
const rssFloor = (() => {
  let renderers = Infinity
  let main = Infinity
  const read = () => {
    renderers = Math.min(renderers, sum(rendererPids(b.proc.pid).map(rss)))
    main = Math.min(main, rss(mainPid))
  }
  const timer = setInterval(read, RSS_EVERY_MS)
  return {
    take() {
      read()
      const out = { renderersFloor: renderers, mainFloor: main }
      renderers = main = Infinity
      return out
    },
    stop: () => clearInterval(timer),
  }
})()
/** Main's heap snapshot (written on SIGUSR2 into SNAPSHOTS), summed per kind of object. */
async function mainCensus() {
  const before = new Set(readdirSync(SNAPSHOTS))
  process.kill(mainPid, 'SIGUSR2')
  // the file appears when Node starts writing it: done once its size stops changing
  for (let last = -1; ; await sleep(1000)) {
    const file = readdirSync(SNAPSHOTS).find((f) => f.endsWith('.heapsnapshot') && !before.has(f))
    if (!file) continue
    const size = statSync(join(SNAPSHOTS, file)).size
    if (size > 0 && size === last) {
      try {
        return census(JSON.parse(readFileSync(join(SNAPSHOTS, file), 'utf8')))
      } catch {
        // not complete yet: read it again after the next second
      }
    }
    last = size
  }
}

const samples = []
/** heap censuses taken so far (with --heap-snapshots) */
const censuses = []
const t0 = Date.now()
console.log(
  `\nMemory over ${MINUTES} min: ${PAGES} windows (BTC/USD ladder), exchange asked for ${RATE.toLocaleString('en-US')} book events/s, an order every ${ORDER_EVERY_MS / 1000} s; a sample every ${SAMPLE_MS / 1000} s`,
)
for (;;) {
  const min = (Date.now() - t0) / 60_000
  const heaps = []
  for (const p of pages) heaps.push(await p.heapAfterGc())
  const dom = []
  for (const p of pages) dom.push(await p.domCounters())
  const renderers = rendererPids(b.proc.pid).map(rss)
  // read right after the pages' collections, as main's is: anonymous (V8, PartitionAlloc, malloc)
  // apart from file-backed (code, fonts, shared memory)
  const rPids = rendererPids(b.proc.pid)
  const rGc = rPids.map(smaps)
  const s = { min, heaps, renderers, main: rss(mainPid), ...rssFloor.take() }
  s.dom = dom
  s.rGc = {
    rss: sum(rGc.map((x) => x.rss)),
    anon: sum(rGc.map((x) => x.anon)),
    pss: sum(rGc.map((x) => x.pss)),
    pssAnon: sum(rGc.map((x) => x.pssAnon)),
  }
  // each renderer on its own (by pid), to tell a window's process from Chromium's spare ones
  s.rEach = new Map(rPids.map((pid, i) => [pid, rGc[i]]))
  s.gc = await inspector.afterGc(mainPid)
  samples.push(s)
  const g = s.gc
  console.log(
    `  ${min.toFixed(1).padStart(5)} min  heap ${heaps.map((x) => x.toFixed(1)).join(' / ')} MiB  renderers ${renderers.map((x) => x.toFixed(0)).join(' / ')} MiB  main ${s.main.toFixed(0)} MiB  (floors: renderers ${s.renderersFloor.toFixed(0)}, main ${s.mainFloor.toFixed(0)} MiB)`,
  )
  console.log(
    `             DOM nodes ${dom.map((d) => d.nodes).join(' / ')}, listeners ${dom.map((d) => d.listeners).join(' / ')}; renderers after GC: RSS ${s.rGc.rss.toFixed(1)} (anon ${s.rGc.anon.toFixed(1)}) MiB; main after GC: RSS ${g.rss.toFixed(1)} (anon ${g.anon.toFixed(1)}) MiB, JS heap ${g.heap.toFixed(1)} + worker ${g.workerHeap.toFixed(1)} MiB (V8 reserved ${g.heapTotal.toFixed(1)}), external ${g.external.toFixed(1)} MiB`,
  )
  const last = min >= MINUTES - 0.01
  // snapshots at the end of the warm-up, half-way through the rest and at the end: what grows in
  // both halves keeps growing, what grew only in the first was still warming up
  const due = [WARMUP_MIN, (WARMUP_MIN + MINUTES) / 2, MINUTES - 0.01]
  if (SNAPSHOTS && min >= due[censuses.length]) {
    const at = `${min.toFixed(1)}min`
    const now = {
      at,
      c: await pages[0].heapCensus(join(SNAPSHOTS, `window1-${at}.heapsnapshot`)),
      m: await mainCensus(),
      w: await inspector.workerCensus(join(SNAPSHOTS, `worker-${at}.heapsnapshot`)),
    }
    const prev = censuses.at(-1)
    censuses.push(now)
    if (prev) {
      const print = (what, a, b) => {
        console.log(`\n  ${what}, what grew from ${prev.at} to ${at} (snapshots in ${SNAPSHOTS}):`)
        for (const r of grew(a, b))
          console.log(
            `    ${r.key.padEnd(64)} ${(r.size / 1024).toFixed(1).padStart(9)} KiB ${String(r.count).padStart(8)} nodes`,
          )
      }
      print("window 1's heap", prev.c, now.c)
      print("main's heap (main thread)", prev.m, now.m)
      print("the built-in exchange's worker heap", prev.w, now.w)
    }
  }
  if (last) break
  await sleep(Math.max(0, t0 + samples.length * SAMPLE_MS - Date.now()))
}
running = false
rssFloor.stop()
await trader

// the second half too: filling (caches, arenas, V8's reserve) levels off, so growth that is still
// there in the second half is growth; what only the first half shows was filling
const HALF = (WARMUP_MIN + MINUTES) / 2
const series = [
  ...Array.from({ length: PAGES }, (_, i) => [`window ${i + 1} JS heap after GC`, (s) => s.heaps[i]]),
  ['renderers RSS (sum), floor per 30 s', (s) => s.renderersFloor],
  ['DOM nodes, window 1', (s) => s.dom[0].nodes, 'count'],
  ['event listeners, window 1', (s) => s.dom[0].listeners, 'count'],
  ['main (host) RSS, floor per 30 s', (s) => s.mainFloor],
  ['renderers RSS right after their pages GC', (s) => s.rGc.rss],
  ['  of it anonymous', (s) => s.rGc.anon],
  ['  of it file-backed or shared', (s) => s.rGc.rss - s.rGc.anon],
  ['renderers PSS (sum) right after their pages GC', (s) => s.rGc.pss],
  ['  of it anonymous (Pss_Anon)', (s) => s.rGc.pssAnon],
  ['main RSS right after a full GC', (s) => s.gc.rss],
  ['  of it anonymous (heaps, malloc)', (s) => s.gc.anon],
  ['  of it file-backed (code, mapped files)', (s) => s.gc.rss - s.gc.anon],
  ["main's JS heap (main thread) after GC", (s) => s.gc.heap],
  ["the exchange worker's JS heap after GC", (s) => s.gc.workerHeap],
  ["main's V8 heap reserved (main thread)", (s) => s.gc.heapTotal],
  ["main's external memory (Buffers, native)", (s) => s.gc.external],
]
// every renderer seen after the warm-up, each its own series (a process that came or went
// mid-run is fitted over the samples that have it)
const rendererSeries = [
  ...new Set(samples.filter((s) => s.min >= WARMUP_MIN).flatMap((s) => [...s.rEach.keys()])),
].map((pid) => [`  renderer pid ${pid}, Pss_Anon after GC`, (s) => s.rEach.get(pid)?.pssAnon])
series.splice(series.findIndex((x) => x[0] === '  of it anonymous (Pss_Anon)') + 1, 0, ...rendererSeries)
const line = (name, from, to, pick, unit = 'MiB') => {
  const part = samples.filter((s) => s.min >= from - 1e-9 && s.min <= to + 1e-9 && pick(s) !== undefined)
  const xs = part.map((s) => s.min)
  const ys = part.map(pick)
  const k = slope(xs, ys)
  if (unit === 'count') {
    // a count has no goal of its own: it says whether the page keeps adding nodes or listeners
    console.log(
      `  ${name.padEnd(42)} ${String(ys[0]).padStart(8)} -> ${String(ys.at(-1)).padStart(8)}      ${(Number.isNaN(k) ? 'n/a' : k.toFixed(1)).padStart(8)} per min`,
    )
    return
  }
  const verdict = Number.isNaN(k) ? 'too few samples' : k < GOAL ? 'PASS' : 'over' // falling is not growing
  console.log(
    `  ${name.padEnd(42)} ${ys[0]?.toFixed(1).padStart(8)} -> ${ys.at(-1)?.toFixed(1).padStart(8)} MiB  ${(Number.isNaN(k) ? 'n/a' : k.toFixed(3)).padStart(8)} MiB/min  (goal < ${GOAL}) ${verdict}`,
  )
}
const after = samples.filter((s) => s.min >= WARMUP_MIN)
console.log(
  `\nSlope after the warm-up (least squares over the ${after.length} samples from ${WARMUP_MIN} min to ${MINUTES} min; the ${samples.length - after.length} samples of the first ${WARMUP_MIN} min excluded as warm-up), ${sent} orders sent, ${inspector.workers()} worker isolate(s) collected with main:`,
)
for (const [name, pick, unit] of series) line(name, WARMUP_MIN, MINUTES, pick, unit)
if (SNAPSHOTS)
  console.log(
    "  (with --heap-snapshots: writing a snapshot raises main's RSS by hundreds of MiB and pauses window 1; measure without it)",
  )
console.log(
  `\nSecond half only (${HALF.toFixed(1)} min to ${MINUTES} min: what still rises there is growth, not filling):`,
)
for (const [name, pick, unit] of series) line(name, HALF, MINUTES, pick, unit)
console.log('\n  as sampled (one read per 30 s, for comparison with the floors), after the warm-up:')
line('renderers RSS (sum)', WARMUP_MIN, MINUTES, (s) => sum(s.renderers))
line('main (host) RSS', WARMUP_MIN, MINUTES, (s) => s.main)

inspector.close()
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
