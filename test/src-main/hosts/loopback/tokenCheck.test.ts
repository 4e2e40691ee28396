import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackHost } from '../../../../src-main/hosts/loopback/LoopbackHost'
import { checkTokenRequest } from '../../../../src-main/hosts/loopback/accessPolicy'
import { startLoopbackCore } from '../../../helpers/loopbackCore'

/**
 * A page opened with a wrong token must learn that it is the token (and stop retrying), not see
 * "Lost connection" forever: the host answers the page's token question distinguishably.
 */

let host: LoopbackHost
const TOKEN = 'token-check-0123456789abcdef'
let stop: () => Promise<void>
beforeAll(async () => {
  ;({ host, stop } = await startLoopbackCore({ seed: 5, messagesPerSecond: 20 }, TOKEN))
})
afterAll(() => stop())

function ask(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: '/bridge-token', headers }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('token check', () => {
  it('says 204 for the right token and 401 "token wrong or expired" for a wrong or missing one', async () => {
    expect(await ask({ 'x-trident-token': TOKEN })).toEqual({ status: 204, body: '' })
    expect(await ask({ 'x-trident-token': 'not-it' })).toEqual({
      status: 401,
      body: 'token wrong or expired',
    })
    expect(await ask({})).toEqual({ status: 401, body: 'token wrong or expired' })
  })
  it('answers only pages that name us (DNS rebinding gets 403, not a token oracle)', async () => {
    expect((await ask({ 'x-trident-token': TOKEN, Host: 'evil.example:80' })).status).toBe(403)
    expect(
      checkTokenRequest(
        { remoteAddress: '10.0.0.2', host: `127.0.0.1:${host.port}`, token: TOKEN },
        host.port,
        TOKEN,
      ),
    ).toBe(403)
    expect(
      checkTokenRequest(
        { remoteAddress: '127.0.0.1', host: `localhost:${host.port}`, token: [TOKEN, TOKEN] },
        host.port,
        TOKEN,
      ),
    ).toBe(401)
  })
})
