// Main's memory and CPU with 10 windows each showing a ladder (book + trades of BTC/USD) while
// the built-in exchange bursts (`npm run bench`). The windows are bridge clients over the
// loopback host, subscribing exactly what a ladder window subscribes and reading every frame;
// ten Chromium windows would measure Chromium on this 2-core machine, not main.
import { readFileSync } from 'node:fs'
import { openBridge, startHost } from './benchKit.mjs'

const WINDOWS = 10
const SECONDS = Number(process.env.TRIDENT_BENCH_SECONDS ?? 10)
const row = (name, value, note = '') =>
  console.log(`  ${name.padEnd(52)} ${String(value).padStart(14)}  ${note}`)

/** CPU seconds (user+system) and RSS of a process, from /proc. */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  const ticks = Number(stat[11]) + Number(stat[12]) // utime + stime
  const rssPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1])
  return { cpu: ticks / 100, rss: (rssPages * 4096) / 1048576 }
}

const { child, info } = await startHost('trident-wbench', [
  '--sim-seed',
  '9',
  '--sim-rate',
  '5000',
  '--sim-symbols',
  'BTC/USD',
])
const windows = []
let frames = 0
let bytes = 0
for (let i = 0; i < WINDOWS; i++) {
  const ws = await openBridge(info)
  ws.on('message', (d) => {
    frames++
    bytes += d.length
  })
  ws.send(JSON.stringify({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD', depth: 25 } }))
  ws.send(JSON.stringify({ k: 'sub', id: 2, topic: 'trades', params: { symbol: 'BTC/USD' } }))
  ws.send(JSON.stringify({ k: 'sub', id: 3, topic: 'orders', params: { scope: 'working' } }))
  windows.push(ws)
}
await new Promise((r) => setTimeout(r, 3000)) // books live, buffers warm
const a = usage(info.pid)
frames = 0
bytes = 0
const t0 = Date.now()
let peakRss = a.rss
while (Date.now() - t0 < SECONDS * 1000) {
  await new Promise((r) => setTimeout(r, 250))
  peakRss = Math.max(peakRss, usage(info.pid).rss)
}
const b = usage(info.pid)
const secs = (Date.now() - t0) / 1000
console.log(
  `\nMain with ${WINDOWS} windows each showing a BTC/USD ladder (book 25 + trades + orders), exchange asked for 5,000 events/s, ${secs.toFixed(0)} s`,
)
row(
  'main CPU (user+system, one core = 100 %)',
  `${(((b.cpu - a.cpu) / secs) * 100).toFixed(0)} %`,
  '(the exchange runs on a worker thread of the same process)',
)
row('main resident memory, start / peak', `${a.rss.toFixed(0)} / ${peakRss.toFixed(0)} MiB`)
row(
  'frames to all windows',
  `${Math.round(frames / secs).toLocaleString('en')}/s`,
  `(${(frames / secs / WINDOWS).toFixed(0)} per window, coalesced: books at most every 4 ms, the rest per 16 ms frame)`,
)
row('bytes to all windows', `${(bytes / secs / 1048576).toFixed(1)} MiB/s`)
for (const w of windows) w.close()
child.kill('SIGTERM')
