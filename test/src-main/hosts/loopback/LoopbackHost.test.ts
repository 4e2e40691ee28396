import { request } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../../../helpers/until'
import WebSocket from 'ws'
import type { LoopbackHost } from '../../../../src-main/hosts/loopback/LoopbackHost'
import { startLoopbackCore } from '../../../helpers/loopbackCore'
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../../../src-preload/contract/channels'

/** The loopback host attacked over real sockets. */

let host: LoopbackHost
const TOKEN = 'test-token-0123456789abcdef'

let stop: () => Promise<void>
beforeAll(async () => {
  ;({ host, stop } = await startLoopbackCore({ seed: 3, messagesPerSecond: 50 }, TOKEN))
})

afterAll(() => stop())

function openBridge(opts: {
  origin?: string
  protocols?: string[]
  host?: string
  address?: string
}): Promise<{ ok: true; ws: WebSocket } | { ok: false; status: number | string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {}
    if (opts.origin !== undefined) headers.Origin = opts.origin
    if (opts.host !== undefined) headers.Host = opts.host
    const ws = new WebSocket(
      `ws://${opts.address ?? '127.0.0.1'}:${host.port}/bridge`,
      opts.protocols ?? [],
      { headers },
    )
    ws.on('open', () => resolve({ ok: true, ws }))
    ws.on('unexpected-response', (_req, res) => resolve({ ok: false, status: res.statusCode ?? 0 }))
    ws.on('error', (e) => resolve({ ok: false, status: (e as NodeJS.ErrnoException).code ?? e.message }))
  })
}

const good = () => ({ origin: host.origin, protocols: [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN] })

function httpGet(
  path: string,
  hostHeader?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, headers: hostHeader ? { Host: hostHeader } : {} },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('LoopbackHost', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/)
    // Another loopback address and IPv6 loopback reach no listener: the socket is bound to 127.0.0.1 alone.
    for (const address of ['127.0.0.2', '::1']) {
      const code = await new Promise<string>((resolve) => {
        const s = connect({ host: address, port: host.port })
        s.on('connect', () => {
          s.destroy()
          resolve('connected')
        })
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
      })
      expect(code, address).not.toBe('connected')
    }
  })

  it('accepts the renderer with the token and an allowed Origin, and serves the contract', async () => {
    const r = await openBridge(good())
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.ws.protocol).toBe(BRIDGE_PROTOCOL)
    const reply = await new Promise<unknown>((resolve) => {
      r.ws.once('message', (d) => resolve(JSON.parse(String(d))))
      r.ws.send(JSON.stringify({ k: 'cmd', id: 1, name: 'app.info', payload: {} }))
    })
    expect(reply).toMatchObject({
      k: 'res',
      id: 1,
      ok: true,
      result: { name: 'Trident', host: 'loopback', venue: 'simulator' },
    })
    r.ws.close()
  })

  it('streams a live book to a subscribed renderer', async () => {
    const r = await openBridge(good())
    if (!r.ok) throw new Error('bridge refused')
    const book = await new Promise<{ status: string; bids: unknown[] }>((resolve) => {
      r.ws.on('message', (d) => {
        const f = JSON.parse(String(d)) as { k: string; data?: { status: string; bids: unknown[] } }
        if (f.k === 'topic' && f.data?.status === 'live' && f.data.bids.length > 0) resolve(f.data)
      })
      r.ws.send(JSON.stringify({ k: 'sub', id: 5, topic: 'book', params: { symbol: 'BTC/USD' } }))
    })
    expect(book.bids.length).toBe(25)
    r.ws.close()
  })

  it('refuses a connection without the token', async () => {
    expect(await openBridge({ origin: host.origin, protocols: [BRIDGE_PROTOCOL] })).toEqual({
      ok: false,
      status: 401,
    })
    expect(await openBridge({ origin: host.origin })).toEqual({ ok: false, status: 401 })
  })

  it('refuses a wrong token', async () => {
    expect(
      await openBridge({
        origin: host.origin,
        protocols: [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN + 'x'],
      }),
    ).toEqual({ ok: false, status: 401 })
    expect(
      await openBridge({
        origin: host.origin,
        protocols: [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + 'A'.repeat(TOKEN.length)],
      }),
    ).toEqual({ ok: false, status: 401 })
  })

  it('refuses a foreign Origin even with the right token', async () => {
    for (const origin of [
      'http://evil.example',
      `http://127.0.0.1:${host.port + 1}`,
      'null',
      `https://127.0.0.1:${host.port}`,
    ]) {
      expect(await openBridge({ ...good(), origin }), origin).toEqual({ ok: false, status: 403 })
    }
    // no Origin at all (a non-browser client that guessed the port)
    expect(await openBridge({ protocols: good().protocols })).toEqual({ ok: false, status: 403 })
  })

  it('refuses a DNS-rebinding Host header on the bridge and on pages', async () => {
    expect(await openBridge({ ...good(), host: `evil.example:${host.port}` })).toEqual({
      ok: false,
      status: 403,
    })
    expect((await httpGet('/', `evil.example:${host.port}`)).status).toBe(403)
  })

  it('serves the renderer with a strict CSP and refuses path traversal', async () => {
    const page = await httpGet('/')
    expect(page.status).toBe(200)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(page.headers['x-frame-options']).toBe('DENY')
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%00']) {
      expect((await httpGet(p)).status, p).toBe(404)
    }
  })

  it('answers malformed bridge frames with an error and stays up', async () => {
    const r = await openBridge(good())
    if (!r.ok) throw new Error('bridge refused')
    const replies: unknown[] = []
    r.ws.on('message', (d) => replies.push(JSON.parse(String(d))))
    r.ws.send('{not json')
    r.ws.send(JSON.stringify({ k: 'cmd', id: 2, name: 'app.info', payload: {} }))
    await until(() => replies.length >= 2, 'both answers')
    expect(replies[0]).toMatchObject({ k: 'res', ok: false, error: { code: 'EBADREQ' } })
    expect(replies[1]).toMatchObject({ k: 'res', id: 2, ok: true })
    r.ws.close()
  })
})
