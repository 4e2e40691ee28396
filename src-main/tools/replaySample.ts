/**
 * Records the built-in exchange's BTC/USD book and trades for a while, as a recorder would over a
 * real socket, into a Trident recording: how resources/recordings/sample-btcusd.trec.gz was made.
 * `npx tsx src-main/tools/replaySample.ts OUT.trec.gz [seconds=60] [events/s=300] [depth=25]`
 * (depth 25: the depth the app's ladders subscribe, so a replay fills them)
 */
import { createWriteStream } from 'node:fs'
import { createGzip } from 'node:zlib'
import WebSocket from 'ws'
import { encodeHeader, encodeRecord } from '../../src-domain/recording'
import { SimExchange } from '../sim/SimExchange'

export async function recordSample(
  out: string,
  seconds: number,
  rate: number,
  depth = 25,
  seed = 19,
): Promise<number> {
  const sim = new SimExchange({
    seed,
    messagesPerSecond: rate,
    activeSymbols: ['BTC/USD'],
    burstProbability: 0.05,
  })
  const ep = await sim.start()
  const gz = createGzip({ level: 9 })
  const file = createWriteStream(out)
  gz.pipe(file)
  gz.write(
    encodeHeader({
      trident: 'recording',
      v: 1,
      venue: 'builtin',
      started: new Date().toISOString(),
      channels: ['book', 'trade'],
      symbols: ['BTC/USD'],
      depth,
    }),
  )
  // wall-clock nanoseconds from a monotonic clock
  const base = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint()
  const ws = new WebSocket(ep.wsPublic)
  let frames = 0
  let on = true
  ws.on('message', (d) => {
    const text = String(d)
    if (!on || (!text.includes('"channel":"book"') && !text.includes('"channel":"trade"'))) return
    gz.write(encodeRecord(base + process.hrtime.bigint(), text))
    frames++
  })
  await new Promise((r) => ws.once('open', r))
  ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth } }))
  ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'] } }))
  await new Promise((r) => setTimeout(r, seconds * 1000))
  on = false
  ws.close()
  await sim.stop()
  await new Promise<void>((r) => {
    file.once('close', () => r())
    gz.end()
  })
  return frames
}

if (require.main === module) {
  const [out, secs = '60', rate = '300', depth = '25'] = process.argv.slice(2)
  if (!out) {
    console.error('Usage: npx tsx src-main/tools/replaySample.ts OUT.trec.gz [seconds] [events/s]')
    process.exit(2)
  }
  void recordSample(out, Number(secs), Number(rate), Number(depth)).then((n) =>
    console.log(`${n} frames written to ${out}`),
  )
}
