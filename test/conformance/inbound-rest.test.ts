import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  InstrumentRegistry,
  type AssetJson,
  type AssetPairJson,
} from '../../src-main/core/instruments/InstrumentRegistry'
import { KrakenApiError, KrakenTransportError } from '../../src-main/kraken/rest/errors'
import { KrakenRestClient } from '../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../src-main/kraken/rest/NonceSource'
import { corpusMessage, loadCorpus } from './corpus'

/**
 * REST answers from the corpus through Trident's REST client (over a loopback HTTP server that
 * replies with the recorded text) into what the app builds from them: the instrument registry
 * from AssetPairs + Assets, balances, and typed errors. Expected values are copied from the texts.
 */

let server: Server | null = null
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = null
})

/** Answers `/0/<public|private>/<Method>` with the corpus text named for that method. */
async function venue(answers: Record<string, string>): Promise<KrakenRestClient> {
  server = createServer((req, res) => {
    const method = (req.url ?? '').split('?')[0]!.split('/').pop()!
    const id = answers[method]
    req.resume()
    req.on('end', () => {
      if (!id) {
        res.writeHead(404).end()
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(corpusMessage(id).text)
    })
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
  const { port } = server.address() as AddressInfo
  return new KrakenRestClient({
    baseUrl: `http://127.0.0.1:${port}`,
    credentials: { apiKey: 'conformance', apiSecret: Buffer.from('not a real secret').toString('base64') },
    nonces: new NonceSource(null),
    timeoutMs: 5_000,
  })
}

describe('AssetPairs and Assets into the InstrumentRegistry', () => {
  it("Kraken's XXBTZUSD example: every name and limit as Kraken states it", async () => {
    const rest = await venue({
      AssetPairs: 'rest.AssetPairs.kraken-net-fixture-1',
      Assets: 'rest.Assets.kraken-net-fixture-1',
    })
    const pairs = await rest.public<Record<string, AssetPairJson>>('AssetPairs')
    const assets = await rest.public<Record<string, AssetJson>>('Assets')
    // numbers stay exact text through the REST client
    expect(pairs.XXBTZUSD).toMatchObject({ pair_decimals: '1', lot_decimals: '8', cost_decimals: '5' })
    const registry = InstrumentRegistry.fromKraken({ XXBTZUSD: pairs.XXBTZUSD! }, assets)
    expect(registry.get('BTC/USD')).toEqual({
      id: 'BTC/USD',
      wsSymbol: 'BTC/USD',
      restPair: 'XXBTZUSD',
      altname: 'XBTUSD',
      wsnameV1: 'XBT/USD',
      fixSymbol: 'BTC/USD',
      base: 'BTC',
      quote: 'USD',
      restBase: 'XXBT',
      restQuote: 'ZUSD',
      pricePrecision: 1,
      qtyPrecision: 8,
      costPrecision: 5,
      tickSize: '0.1',
      ordermin: '0.0001',
      costmin: '0.5',
      status: 'online',
      // Kraken's example lists leverage_buy and leverage_sell [2, 3, 4, 5]: a margin pair
      marginLeverage: ['2', '3', '4', '5'],
    })
    for (const name of ['XXBTZUSD', 'XBTUSD', 'XBT/USD', 'BTC/USD'])
      expect(registry.resolve(name).id, name).toBe('BTC/USD')
  })

  it('a pair whose base the Assets answer does not list is refused by name, not guessed', async () => {
    const rest = await venue({
      AssetPairs: 'rest.AssetPairs.api-specs-example-1',
      Assets: 'rest.Assets.kraken-net-fixture-1',
    })
    const pairs = await rest.public<Record<string, AssetPairJson>>('AssetPairs')
    const assets = await rest.public<Record<string, AssetJson>>('Assets')
    expect(pairs.XETHXXBT).toMatchObject({ ordermin: '0.01', costmin: '0.00002', tick_size: '0.00001' })
    expect(() => InstrumentRegistry.fromKraken(pairs, assets)).toThrow(
      'AssetPairs names asset XETH, which Assets does not list',
    )
  })

  it('nautilus XBTUSDT: ordermin 0.00005 and tick 0.1 kept as text', async () => {
    const rest = await venue({ AssetPairs: 'rest.AssetPairs.nautilus-1' })
    const pairs = await rest.public<Record<string, AssetPairJson>>('AssetPairs')
    const registry = InstrumentRegistry.fromKraken(pairs, {
      XXBT: { altname: 'XBT' },
      USDT: { altname: 'USDT' },
    })
    expect(registry.get('BTC/USDT')).toMatchObject({
      restPair: 'XBTUSDT',
      wsnameV1: 'XBT/USDT',
      pricePrecision: 1,
      qtyPrecision: 8,
      tickSize: '0.1',
      ordermin: '0.00005',
      costmin: '0.5',
    })
  })
})

describe('balances', () => {
  it('Balance: every amount digit for digit, including ETH2.S and USD.M', async () => {
    const rest = await venue({ Balance: 'rest.Balance.kraken-net-fixture-1' })
    expect(await rest.private<Record<string, string>>('Balance')).toEqual({
      ZUSD: '171288.6158',
      ZEUR: '504861.8946',
      XXBT: '1011.1908877900',
      XETH: '818.5500000000',
      USDT: '500000.00000000',
      DAI: '9999.9999999999',
      DOT: '2.5000000000',
      'ETH2.S': '198.3970800000',
      ETH2: '2.5885574330',
      'USD.M': '1213029.2780',
    })
  })

  it('BalanceEx with JSON numbers (Kraken.Net) and with strings (nautilus) both arrive as exact text', async () => {
    const rest = await venue({ BalanceEx: 'rest.BalanceEx.kraken-net-fixture-1' })
    expect(await rest.private('BalanceEx')).toEqual({
      ZUSD: { balance: '25435.21', hold_trade: '8249.76' },
      XXBT: { balance: '1.2435', hold_trade: '0.8423' },
    })
    await new Promise<void>((r) => server!.close(() => r()))
    const rest2 = await venue({ BalanceEx: 'rest.BalanceEx.nautilus-1' })
    expect(await rest2.private('BalanceEx')).toEqual({
      ZUSD: { balance: '200000.00', hold_trade: '1500.00' },
      XXBT: { balance: '0.5', hold_trade: '0.1' },
      ETH: { balance: '2.0', hold_trade: '0' },
    })
  })
})

describe('error bodies into KrakenApiError', () => {
  const cases: [
    string,
    { errors: string[]; category: string; auth: boolean; nonce: boolean; rate: boolean },
  ][] = [
    [
      'rest.error.docs-invalid-key',
      { errors: ['EAPI:Invalid key'], category: 'EAPI', auth: true, nonce: false, rate: false },
    ],
    [
      'rest.error.docs-invalid-key-with-result',
      { errors: ['EAPI:Invalid key'], category: 'EAPI', auth: true, nonce: false, rate: false },
    ],
    [
      'rest.error.docs-invalid-signature',
      { errors: ['EAPI:Invalid signature'], category: 'EAPI', auth: true, nonce: false, rate: false },
    ],
    [
      'rest.error.docs-invalid-nonce',
      { errors: ['EAPI:Invalid nonce'], category: 'EAPI', auth: false, nonce: true, rate: false },
    ],
    [
      'rest.error.docs-permission-denied',
      { errors: ['EGeneral:Permission denied'], category: 'EGeneral', auth: true, nonce: false, rate: false },
    ],
    [
      'rest.error.docs-api-rate-limit',
      { errors: ['EAPI:Rate limit exceeded'], category: 'EAPI', auth: false, nonce: false, rate: true },
    ],
    [
      'rest.error.docs-throttled',
      {
        errors: ['EService: Throttled: 1764547200'],
        category: 'EService',
        auth: false,
        nonce: false,
        rate: true,
      },
    ],
    [
      'rest.error.docs-insufficient-funds',
      { errors: ['EOrder:Insufficient funds'], category: 'EOrder', auth: false, nonce: false, rate: false },
    ],
    [
      'rest.error.issue-price-decimals',
      {
        errors: ['EOrder:Invalid price:XXBTZEUR price can only be specified up to 1 decimals.'],
        category: 'EOrder',
        auth: false,
        nonce: false,
        rate: false,
      },
    ],
  ]
  it.each(cases)('%s', async (id, want) => {
    const rest = await venue({ Time: id })
    const err = await rest.public('Time').then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(KrakenApiError)
    const e = err as KrakenApiError
    expect(e.errors).toEqual(want.errors)
    expect(e.category).toBe(want.category)
    expect(e.method).toBe('Time')
    expect([e.isAuth, e.isNonce, e.isRateLimit]).toEqual([want.auth, want.nonce, want.rate])
  })

  it('a warning beside a result is not an error: the result comes through', async () => {
    const rest = await venue({ Time: 'rest.warning.docs-warning-beside-result' })
    expect(await rest.public('Time')).toEqual({
      unixtime: '1764547200',
      rfc1123: 'Mon, 30 Nov 25 00:00:00 +0000',
    })
  })

  it("the CDN's HTML error page becomes a transport error that says so", async () => {
    const rest = await venue({ Balance: 'rest.error.issue-cloudflare-520' })
    // a private, idempotent call: retried, then reported
    const err = await rest.private('Balance').then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(KrakenTransportError)
    // the words may change; what must hold: it names the call and the edge's status code
    expect((err as Error).message).toMatch(/^Balance: /)
    expect((err as Error).message).toContain('520')
  })

  it('every error body in the corpus becomes a KrakenApiError carrying exactly its error strings', async () => {
    const bodies = loadCorpus().messages.filter(
      (m) => m.protocol === 'rest' && m.type === 'error' && m.text.trimStart().startsWith('{'),
    )
    expect(bodies.length).toBeGreaterThanOrEqual(15)
    for (const m of bodies) {
      const rest = await venue({ Time: m.id })
      const err = await rest.public('Time').then(
        () => null,
        (e: unknown) => e,
      )
      expect(err, m.id).toBeInstanceOf(KrakenApiError)
      expect((err as KrakenApiError).errors, m.id).toEqual((JSON.parse(m.text) as { error: string[] }).error)
      await new Promise<void>((r) => server!.close(() => r()))
      server = null
    }
  })
})
