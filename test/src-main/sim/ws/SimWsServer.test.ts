import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { SimExchange } from '../../../../src-main/sim/SimExchange'

/** The built-in exchange's WS v2 endpoint answers bad input with Kraken-style errors, never a crash. */
let sim: SimExchange
let url: string

beforeAll(async () => {
  sim = new SimExchange({ seed: 9, messagesPerSecond: 0.001 })
  url = (await sim.start()).wsPublic
})
afterAll(() => sim.stop())

async function session(): Promise<{
  ws: WebSocket
  next: (pred?: (m: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>
  raw: string[]
}> {
  const ws = new WebSocket(url)
  const raw: string[] = []
  const waiters: {
    pred: (m: Record<string, unknown>) => boolean
    resolve: (m: Record<string, unknown>) => void
  }[] = []
  const seen: Record<string, unknown>[] = []
  ws.on('message', (d) => {
    raw.push(String(d))
    const m = JSON.parse(String(d)) as Record<string, unknown>
    seen.push(m)
    for (const w of [...waiters])
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
  })
  await new Promise((r) => ws.once('open', r))
  const next = (pred: (m: Record<string, unknown>) => boolean = () => true) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const hit = seen.find(pred)
      if (hit) {
        seen.splice(seen.indexOf(hit), 1)
        return resolve(hit)
      }
      waiters.push({ pred, resolve })
    })
  return { ws, next, raw }
}

describe('SimWsServer (Kraken WS v2)', () => {
  it('greets with a status message, answers ping with pong and time_in/time_out', async () => {
    const s = await session()
    const status = await s.next((m) => m.channel === 'status')
    expect(status).toMatchObject({ type: 'update', data: [{ api_version: 'v2', system: 'online' }] })
    s.ws.send(JSON.stringify({ method: 'ping', req_id: 42 }))
    const pong = await s.next((m) => m.method === 'pong')
    expect(pong).toMatchObject({ req_id: 42 })
    expect(String(pong.time_in)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    s.ws.close()
  })

  it('sends book levels as JSON numbers with full precision (trailing zeros kept)', async () => {
    const s = await session()
    s.ws.send(
      JSON.stringify({
        method: 'subscribe',
        params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 },
        req_id: 1,
      }),
    )
    const ack = await s.next((m) => m.method === 'subscribe')
    expect(ack).toMatchObject({
      success: true,
      req_id: 1,
      result: { channel: 'book', depth: 10, symbol: 'BTC/USD' },
    })
    await s.next((m) => m.channel === 'book')
    const snapshotText = s.raw.find((r) => r.includes('"type":"snapshot"'))!
    expect(snapshotText).toMatch(/"qty":\d+\.\d{8}[,}]/)
    expect(snapshotText).toMatch(/"price":\d+\.\d[,}]/)
    s.ws.close()
  })

  it('answers malformed and unknown requests with errors and keeps the connection', async () => {
    const s = await session()
    s.ws.send('{not json')
    expect(await s.next((m) => m.success === false)).toMatchObject({ error: 'EGeneral:Invalid arguments' })
    s.ws.send('[1,2,3]')
    expect(await s.next((m) => m.success === false)).toMatchObject({ error: 'EGeneral:Invalid arguments' })
    s.ws.send(JSON.stringify({ method: 'fly', req_id: 3 }))
    expect(await s.next((m) => m.req_id === 3)).toMatchObject({ success: false, error: 'Method not found' })
    s.ws.send(
      JSON.stringify({
        method: 'subscribe',
        params: { channel: 'book', symbol: ['BTC/USD'], depth: 7 },
        req_id: 4,
      }),
    )
    expect(await s.next((m) => m.req_id === 4)).toMatchObject({
      success: false,
      error: 'EGeneral:Invalid arguments:depth',
    })
    s.ws.send(
      JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: ['FOO/BAR'] }, req_id: 5 }),
    )
    expect(await s.next((m) => m.req_id === 5)).toMatchObject({
      success: false,
      error: 'Currency pair not supported FOO/BAR',
    })
    s.ws.send(
      JSON.stringify({
        method: 'unsubscribe',
        params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 },
        req_id: 6,
      }),
    )
    expect(await s.next((m) => m.req_id === 6)).toMatchObject({
      success: false,
      error: 'Subscription Not Found',
    })
    s.ws.send(JSON.stringify({ method: 'ping', req_id: 7 }))
    expect(await s.next((m) => m.req_id === 7)).toMatchObject({ method: 'pong' })
    s.ws.close()
  })

  it('closes a connection that sends a huge frame, and keeps serving others', async () => {
    const s = await session()
    const closed = new Promise<number>((r) => s.ws.once('close', (code) => r(code)))
    s.ws.send('x'.repeat(200 * 1024))
    expect(await closed).toBe(1009) // message too big
    const t = await session()
    t.ws.send(JSON.stringify({ method: 'ping', req_id: 1 }))
    expect(await t.next((m) => m.method === 'pong')).toMatchObject({ req_id: 1 })
    t.ws.close()
  })

  it('sends heartbeats once a subscription exists', async () => {
    const s = await session()
    s.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'instrument' }, req_id: 1 }))
    await s.next((m) => m.channel === 'instrument')
    const hb = await s.next((m) => m.channel === 'heartbeat')
    expect(hb).toEqual({ channel: 'heartbeat' })
    s.ws.close()
  }, 5000)
})
