import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RateGovernor } from '../../../../src-main/core/risk/RateGovernor'
import {
  KrakenApiError,
  KrakenTransportError,
  LocalRateLimitError,
} from '../../../../src-main/kraken/rest/errors'
import { KrakenRestClient } from '../../../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../../../src-main/kraken/rest/NonceSource'
import { apiSign } from '../../../../src-main/kraken/rest/sign'
import { SimExchange } from '../../../../src-main/sim/SimExchange'

describe('apiSign', () => {
  it("reproduces Kraken's official REST signing example", () => {
    expect(
      apiSign(
        '/0/private/AddOrder',
        '1616492376594',
        'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
        'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
      ),
    ).toBe('4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==')
  })
})

describe('NonceSource', () => {
  it('strictly increases within one millisecond and across restarts, even if the clock goes back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trident-nonce-')), 'key.nonce')
    let now = 1_700_000_000_000
    const a = new NonceSource(file, () => now)
    const n1 = BigInt(a.next())
    const n2 = BigInt(a.next())
    expect(n2).toBe(n1 + 1n)
    now -= 60_000 // clock stepped back
    const b = new NonceSource(file, () => now) // a restart
    expect(BigInt(b.next())).toBe(n2 + 1n)
  })
})

describe('KrakenRestClient against the built-in exchange', () => {
  let sim: SimExchange
  let client: KrakenRestClient
  beforeAll(async () => {
    sim = new SimExchange({ seed: 31, messagesPerSecond: 0 })
    const ep = await sim.start()
    const c = sim.credentials[0]!
    client = new KrakenRestClient({ baseUrl: ep.rest, credentials: c, nonces: new NonceSource(null) })
  })
  afterAll(() => sim.stop())

  it('reads public data with exact decimals', async () => {
    const pairs =
      await client.public<Record<string, { tick_size: string; pair_decimals: string }>>('AssetPairs')
    expect(pairs.XXBTZUSD!.tick_size).toBe('0.1')
    expect(pairs.XXBTZUSD!.pair_decimals).toBe('1') // numbers arrive as exact text
  })

  it('signs private calls (JSON body) and keeps nonces in order under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => client.private<Record<string, string>>('Balance')),
    )
    expect(results.every((r) => r.ZUSD === '100000.0000')).toBe(true)
  })

  it("maps Kraken's error envelope to typed errors", async () => {
    const e = await client
      .private('AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '30000.0',
        volume: '99',
      })
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(KrakenApiError)
    expect((e as KrakenApiError).category).toBe('EOrder')
    expect((e as KrakenApiError).is('EOrder:Insufficient funds')).toBe(true)
    const bad = new KrakenRestClient({
      baseUrl: sim.endpoints!.rest,
      credentials: { apiKey: 'x', apiSecret: 'eA==' },
      nonces: new NonceSource(null),
    })
    const auth = (await bad.private('Balance').catch((x: unknown) => x)) as KrakenApiError
    expect(auth.isAuth).toBe(true)
    expect(auth.message).toBe('Balance: EAPI:Invalid key')
  })

  it('places with a cl_ord_id and finds the order again by it', async () => {
    const r = await client.addOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '30000.0',
      volume: '0.01',
      cl_ord_id: 'rest-client-1',
    })
    expect(r.recovered).toBe(false)
    expect(await client.findByClOrdId('rest-client-1')).toBe(r.txid)
    await client.private('CancelOrder', { txid: r.txid })
    expect(await client.findByClOrdId('rest-client-1')).toBe(r.txid) // now among closed orders
    expect(await client.findByClOrdId('never-sent')).toBeNull()
  })

  it('refuses locally, with the reason, when the governor says Kraken would', async () => {
    let now = 0
    const governed = new KrakenRestClient({
      baseUrl: sim.endpoints!.rest,
      credentials: sim.addAccount({ name: 'governed' }), // a fresh budget at the venue too
      nonces: new NonceSource(null),
      governor: new RateGovernor('starter', () => now, 0),
    })
    for (let i = 0; i < 15; i++) await governed.private('Balance')
    const e = (await governed.private('Balance').catch((x: unknown) => x)) as LocalRateLimitError
    expect(e).toBeInstanceOf(LocalRateLimitError)
    expect(e.message).toMatch(/REST Balance would take Kraken's REST call counter to 16\.0 of 15/)
    now += 4000
    await governed.private('Balance')
  })
})

describe('KrakenRestClient against a venue that stops answering', () => {
  it('times out with a clear error, retries only idempotent calls, and never resends an order blindly', async () => {
    let hits = 0
    const server = createServer((req) => {
      hits++
      void req // never answer
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const c = new KrakenRestClient({
      baseUrl: base,
      credentials: { apiKey: 'k', apiSecret: 'eA==' },
      nonces: new NonceSource(null),
      timeoutMs: 100,
    })
    const e = (await c
      .private('CancelOrder', { txid: 'O1' })
      .catch((x: unknown) => x)) as KrakenTransportError
    expect(e).toBeInstanceOf(KrakenTransportError)
    expect(e.message).toBe('CancelOrder: no answer from Kraken within 100 ms')
    expect(e.maybeDelivered).toBe(true)
    expect(hits).toBe(1) // not retried
    hits = 0
    await c.private('Balance').catch(() => undefined)
    expect(hits).toBe(3) // idempotent: 1 + 2 retries
    server.closeAllConnections()
    server.close()
  }, 10_000)
})

describe('KrakenRestClient against a venue that answers nonsense', () => {
  it('`null`, a number, `[]` or `{}` is a transport error in words, never a TypeError (found by fuzzing)', async () => {
    const bodies = ['null', '42', '[]', '{}', '{"error":[]}']
    // the body to send is named in the query, so the client's retries get the same one
    const server = createServer((req, res) =>
      res.end(bodies[Number(new URL(req.url!, 'http://x').searchParams.get('b'))]),
    )
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const c = new KrakenRestClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
    for (const [b, body] of bodies.entries()) {
      const e = (await c.public('Time', { b: String(b) }).catch((x: unknown) => x)) as Error
      expect(e, body).toBeInstanceOf(KrakenTransportError)
      expect(e.message).toMatch(/^Time: Kraken's answer (is not an envelope|has neither result nor error): /)
    }
    server.close()
  }, 20_000)
})
