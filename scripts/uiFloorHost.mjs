// The floors for ui-bench.mjs (`npm run bench`): the same chains of processes as the app's, with
// nothing of the app in them. Run as its own process, as the loopback host is, so the bench's
// driver never shares its event loop. Prints `{"url": ...}` once listening.
//  - /keys: a key event in a Chromium page, a WebSocket frame through Chromium's network service,
//    this process reads it and writes bytes to a loopback socket; prints `PROBE wire <epoch ms>`
//    right after each order's bytes were handed to the socket (the app's host prints the same).
//  - /ladder: this process pushes a book change to every open page each 4 ms (the app's pace for
//    book pushes to a window); each page paints the changed rows on a full-window canvas in the
//    next animation frame, as the app's ladder does, and keeps each frame's latency.
import { createServer as createHttp } from 'node:http'
import { createServer as createTcp, connect } from 'node:net'
import { WebSocketServer } from 'ws'

// Enter sends a small order frame, as the app's ticket does (its key listener in the capture
// phase; the time is the key event's, as the app's bench reads it)
const KEYS = `<!doctype html><meta charset=utf-8><title>floor</title><body>floor<script>
window.__enter = []
window.__dispatched = []
const ws = new WebSocket('ws://' + location.host + '/floor')
ws.onopen = () => (window.__ready = true)
let n = 0
addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return
  window.__enter.push(performance.timeOrigin + e.timeStamp)
  window.__dispatched.push(performance.timeOrigin + performance.now())
  ws.send(JSON.stringify({ k: 'cmd', id: ++n, name: 'orders.place', payload: { symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '0.001', limitPrice: '30000.0' } }))
}, true)
</script>`

// a ladder in its simplest form: 20 px rows of price and quantity text on a canvas; a change
// repaints its rows in the next frame; each painted frame's age of the newest change it shows
const LADDER = `<!doctype html><meta charset=utf-8><title>floor ladder</title>
<style>html,body{margin:0;height:100%;overflow:hidden}canvas{display:block}</style>
<canvas id=c></canvas><script>
const c = document.getElementById('c')
c.width = innerWidth; c.height = innerHeight
const ctx = c.getContext('2d')
const ROW = 20, rows = Math.floor(c.height / ROW)
window.__lat = []; window.__frames = 0
let latest = null, shown = null
const dirty = new Map()
const ws = new WebSocket('ws://' + location.host + '/book')
ws.onopen = () => (window.__ready = true)
ws.onmessage = (e) => {
  latest = JSON.parse(e.data)
  for (const [i, price, qty] of latest.rows) dirty.set(i % rows, [price, qty])
}
ctx.font = '12px monospace'; ctx.textBaseline = 'middle'
const paint = () => {
  window.__frames++
  if (latest && latest !== shown) {
    for (const [i, [price, qty]] of dirty) {
      const y = i * ROW
      ctx.fillStyle = '#111'; ctx.fillRect(0, y, c.width, ROW)
      ctx.fillStyle = '#345'; ctx.fillRect(0, y + ROW - 1, c.width, 1)
      ctx.fillStyle = '#ddd'; ctx.fillText(price, c.width / 2 - 40, y + ROW / 2)
      ctx.fillStyle = '#6c6'; ctx.fillText(qty, 20, y + ROW / 2)
    }
    dirty.clear()
    shown = latest
    window.__lat.push(performance.timeOrigin + performance.now() - latest.t)
  }
  requestAnimationFrame(paint)
}
requestAnimationFrame(paint)
</script>`

// the "venue": a loopback socket whose other end only reads
const sink = createTcp((s) => s.on('data', () => {}))
await new Promise((r) => sink.listen(0, '127.0.0.1', r))
const venue = connect(sink.address().port, '127.0.0.1')
await new Promise((r) => venue.once('connect', r))
venue.setNoDelay(true)

const http = createHttp((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' })
  res.end(req.url === '/ladder' ? LADDER : KEYS)
})
const orders = new WebSocketServer({ noServer: true })
const books = new WebSocketServer({ noServer: true })
http.on('upgrade', (req, socket, head) => {
  const wss = req.url === '/book' ? books : orders
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws))
})
orders.on('connection', (ws) =>
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data))
    const p = frame.payload
    venue.write(
      JSON.stringify({
        method: 'add_order',
        params: {
          order_type: p.type,
          side: p.side,
          symbol: p.symbol,
          order_qty: p.qty,
          limit_price: p.limitPrice,
        },
        req_id: frame.id,
      }),
    )
    process.stdout.write(`PROBE wire ${(performance.timeOrigin + performance.now()).toFixed(3)}\n`)
  }),
)
// a book change every 4 ms to every open ladder: three rows, new quantities, the send time
let seq = 0
setInterval(() => {
  if (books.clients.size === 0) return
  seq++
  const rows = [0, 1, 2].map((k) => {
    const i = (seq * 7 + k * 13) % 40
    return [i, (60000 + i * 0.1).toFixed(1), ((seq % 997) / 1000 + k).toFixed(8)]
  })
  const text = JSON.stringify({ t: performance.timeOrigin + performance.now(), rows })
  for (const ws of books.clients) ws.send(text)
}, 4)
await new Promise((r) => http.listen(0, '127.0.0.1', r))
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${http.address().port}/` })}\n`)
