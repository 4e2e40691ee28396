import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { KrakenApiError, KrakenTransportError } from '../../../../src-main/kraken/rest/errors'
import { KrakenRestClient } from '../../../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../../../src-main/kraken/rest/NonceSource'
import { corpusMessage } from '../../../conformance/corpus'

/**
 * The app's REST client against bodies Kraken really sent (or documents), served over a real
 * socket: each must become an error in words with the right retry decision.
 */

let server: Server | undefined
afterEach(() => {
  server?.closeAllConnections()
  server?.close()
  server = undefined
})

/** a venue that answers every request with this status, content type and body; counts hits */
async function venue(
  status: number,
  body: string,
  type = 'application/json',
): Promise<{ base: string; hits: () => number }> {
  let hits = 0
  server = createServer((req, res) => {
    hits++
    req.resume()
    req.on('end', () => {
      res.writeHead(status, { 'content-type': type })
      res.end(body)
    })
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits }
}

const client = (base: string, onWarning?: (method: string, w: string[]) => void) =>
  new KrakenRestClient({
    baseUrl: base,
    credentials: { apiKey: 'k', apiSecret: 'eA==' },
    nonces: new NonceSource(null),
    timeoutMs: 2000,
    ...(onWarning ? { onWarning } : {}),
  })

const fail = <T>(p: Promise<T>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected a refusal')
    },
    (e: unknown) => e,
  )

describe('KrakenRestClient: recorded error bodies', () => {
  it('EGeneral:Temporary lockout (HTTP 200): a lockout in words, never retried, even for a read', async () => {
    const v = await venue(200, corpusMessage('rest.error.issue-temporary-lockout').text)
    const e = (await fail(client(v.base).private('Balance'))) as KrakenApiError
    expect(e).toBeInstanceOf(KrakenApiError)
    expect(e.isLockout).toBe(true)
    expect(e.retryable).toBe(false)
    expect(e.message).toBe(
      'Balance: EGeneral:Temporary lockout (Kraken has locked this API key out after repeated invalid-key errors; ' +
        'do not retry: wait several minutes, then check the key)',
    )
    expect(v.hits()).toBe(1)
  })

  it('EService: Throttled: <ts>: a rate limit with the time to retry after; an order is not resent', async () => {
    const v = await venue(200, corpusMessage('rest.error.docs-throttled').text) // ts 1764547200
    const e = (await fail(
      client(v.base).private('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '1' }),
    )) as KrakenApiError
    expect(e.isRateLimit).toBe(true)
    expect(e.retryable).toBe(true)
    expect(e.retryAt).toBe(1_764_547_200_000)
    expect(e.message).toBe(
      'AddOrder: EService: Throttled: 1764547200 (Kraken is throttling this key: too many requests at once; ' +
        'try again after 2025-12-01 00:00:00 UTC)',
    )
    expect(v.hits()).toBe(1)
  })

  it('EService:Unavailable: reads are retried (1 + 2), orders are not; the error says Kraken is offline', async () => {
    const body = corpusMessage('rest.error.docs-service-unavailable').text
    const v = await venue(200, body)
    const read = (await fail(client(v.base).private('OpenOrders'))) as KrakenApiError
    expect(read.retryable).toBe(true)
    expect(read.message).toBe(
      "OpenOrders: EService:Unavailable (Kraken's trading engine or API is offline; nothing was done)",
    )
    expect(v.hits()).toBe(3)
    const before = v.hits()
    await fail(client(v.base).private('CancelOrder', { txid: 'O1' }))
    expect(v.hits() - before).toBe(1)
  })

  it('errors with HTTP 200, also with an empty result beside them (newer docs), are API errors', async () => {
    const v = await venue(200, corpusMessage('rest.error.docs-invalid-key-with-result').text)
    const e = (await fail(client(v.base).private('Balance'))) as KrakenApiError
    expect(e).toBeInstanceOf(KrakenApiError)
    expect(e.isAuth).toBe(true)
    expect(e.retryable).toBe(false)
    expect(v.hits()).toBe(1)
  })

  it('a warning beside a result: the result is returned and the warning reported, not thrown', async () => {
    const v = await venue(200, corpusMessage('rest.warning.docs-warning-beside-result').text)
    const warned: string[] = []
    const r = await client(v.base, (m, w) => warned.push(`${m}: ${w.join('; ')}`)).public<{
      unixtime: string
    }>('Time')
    expect(r.unixtime).toBe('1764547200')
    expect(warned).toEqual(['Time: WGeneral:Deprecated'])
  })

  it("an HTML 5xx page from Kraken's CDN: 'Kraken is unavailable' in words; reads retried, an order may have gone through", async () => {
    const page = corpusMessage('rest.error.issue-cloudflare-520').text
    const v = await venue(520, page, 'text/html; charset=UTF-8')
    const e = (await fail(client(v.base).public('Ticker', { pair: 'XBTUSD' }))) as KrakenTransportError
    expect(e).toBeInstanceOf(KrakenTransportError)
    expect(e.message).toBe(
      'Ticker: Kraken is unavailable: HTTP 520 with an error page ' +
        '"api.kraken.com | 520: Web server is returning an unknown error" instead of an API answer',
    )
    expect(e.status).toBe(520)
    expect(v.hits()).toBe(3)
    const before = v.hits()
    const o = (await fail(
      client(v.base).private('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '1' }),
    )) as KrakenTransportError
    expect(o.maybeDelivered).toBe(true) // a CDN error page says nothing about whether the order reached Kraken
    expect(v.hits() - before).toBe(1)
  }, 10_000)
})
