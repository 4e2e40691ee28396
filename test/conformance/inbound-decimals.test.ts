import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KrakenRestClient } from '../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../src-main/kraken/rest/NonceSource'
import { parseLossless } from '../../src-main/kraken/ws/losslessJson'
import { loadCorpus, type LoadedMessage } from './corpus'

/**
 * Decimal fidelity over the whole inbound corpus: wherever the venue wrote a JSON number, what
 * Trident's parsers hand on (the WS lossless parser, the REST client's envelope parser) is that
 * number's exact source text: "0.10000000" stays "0.10000000", 13834774380200032777 keeps its
 * digits. The expected tokens come from a plain scan of the text, not from a JSON parser.
 */

/** Every number token outside strings, in document order. */
function numberTokensInText(text: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
      i++
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))!
      out.push(m[0])
      i += m[0].length
    } else i++
  }
  return out
}

/**
 * The leaves of `lossless` that are numbers in `plain` (same shape), in document order; a leaf
 * that is not text shows as <its type>, so a number that went through a double cannot pass.
 */
function numberLeaves(lossless: unknown, plain: unknown, out: string[] = []): string[] {
  if (typeof plain === 'number') out.push(typeof lossless === 'string' ? lossless : `<${typeof lossless}>`)
  else if (Array.isArray(plain)) plain.forEach((p, i) => numberLeaves((lossless as unknown[])[i], p, out))
  else if (plain && typeof plain === 'object')
    for (const [k, p] of Object.entries(plain)) numberLeaves((lossless as Record<string, unknown>)[k], p, out)
  return out
}

const inbound = loadCorpus().messages.filter(
  (m) => m.direction === 'inbound' && m.protocol !== 'fix' && m.text.trimStart().startsWith('{'),
)

describe('decimal fidelity: WS v2 frames through parseLossless', () => {
  const ws = inbound.filter((m) => m.protocol === 'ws-v2')
  it('covers every inbound WS v2 frame of the corpus', () => {
    expect(ws.length).toBeGreaterThanOrEqual(100)
  })
  it.each(ws.map((m) => [m.id, m] as const))('%s', (_, m) => {
    const got = numberLeaves(parseLossless(m.text), JSON.parse(m.text))
    expect(got).toEqual(numberTokensInText(m.text))
  })
})

describe('decimal fidelity: REST answers through KrakenRestClient', () => {
  const rest = inbound.filter(
    (m) =>
      m.protocol === 'rest' &&
      Array.isArray((JSON.parse(m.text) as { error?: unknown }).error) &&
      (JSON.parse(m.text) as { error: unknown[] }).error.length === 0,
  )
  let server: Server
  let client: KrakenRestClient
  let current: LoadedMessage | null = null
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume()
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(current!.text))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    client = new KrakenRestClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { apiKey: 'conformance', apiSecret: Buffer.from('not a real secret').toString('base64') },
      nonces: new NonceSource(null),
    })
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('covers the successful REST answers of the corpus', () => {
    expect(rest.length).toBeGreaterThanOrEqual(50)
  })
  it.each(rest.map((m) => [m.id, m] as const))('%s', async (_, m) => {
    current = m
    const result = await client.public(m.type)
    const plain = (JSON.parse(m.text) as { result: unknown }).result
    const resultText = m.text.slice(m.text.indexOf('"result"'))
    expect(numberLeaves(result, plain)).toEqual(
      numberTokensInText(resultText.slice(resultText.indexOf(':') + 1)),
    )
  })
})
