import { createServer, type Server } from 'node:http'
import { InstrumentRegistry } from '../../src-main/core/instruments/InstrumentRegistry'

/**
 * A bare HTTP peer for the conformance tests: records each private request's method and body as
 * Trident sent it, and answers with the body the test gives (recorded Kraken replies). It is not
 * the built-in exchange: what it checks is Trident's own bytes and Trident's reading of Kraken's.
 */
export async function fakeKrakenRest(answer: (method: string, body: string) => string): Promise<{
  url: string
  requests: { method: string; body: string; contentType: string }[]
  close: () => Promise<void>
}> {
  const requests: { method: string; body: string; contentType: string }[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString('utf8')))
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop()!.split('?')[0]!
      requests.push({ method, body, contentType: String(req.headers['content-type'] ?? '') })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(answer(method, body))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

const pair = (altname: string, base: string, quote: string, pairDecimals: number) => ({
  altname,
  wsname: `${altname.slice(0, 3)}/${altname.slice(3)}`,
  base,
  quote,
  pair_decimals: pairDecimals,
  lot_decimals: 8,
  ordermin: '0.0001',
  costmin: '0.5',
})

/** The pairs the recorded bodies name (as Kraken's AssetPairs lists them), for resolving names. */
export const conformanceRegistry = InstrumentRegistry.fromKraken(
  {
    XXBTZUSD: pair('XBTUSD', 'XXBT', 'ZUSD', 1),
    XXBTZGBP: pair('XBTGBP', 'XXBT', 'ZGBP', 1),
    XBTUSDT: pair('XBTUSDT', 'XXBT', 'USDT', 1),
    LTCUSDT: pair('LTCUSDT', 'XLTC', 'USDT', 5),
    XXRPZUSD: pair('XRPUSD', 'XXRP', 'ZUSD', 5),
    XXMRZUSD: pair('XMRUSD', 'XXMR', 'ZUSD', 2),
    DASHUSD: pair('DASHUSD', 'DASH', 'ZUSD', 3),
  },
  {
    XXBT: { altname: 'XBT', decimals: 10 },
    ZUSD: { altname: 'USD', decimals: 4 },
    ZGBP: { altname: 'GBP', decimals: 4 },
    USDT: { altname: 'USDT', decimals: 8 },
    XLTC: { altname: 'LTC', decimals: 10 },
    XXRP: { altname: 'XRP', decimals: 8 },
    XXMR: { altname: 'XMR', decimals: 10 },
    DASH: { altname: 'DASH', decimals: 10 },
  },
)
