/**
 * Kraken Spot REST of the built-in exchange — the HTTP layer: routing `/0/public/*` and
 * `/0/private/*` by verb and path, the body (size cap, form or JSON with exact numbers), the
 * `{error: [], result}` envelope, API-Key/API-Sign verification with strictly increasing nonces
 * and the REST call counter. The methods themselves live in RestPublicEndpoints,
 * RestAccountQueries and RestTrading.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parse as parseLossless } from 'lossless-json'
import { KrakenError } from '../engine/types'
import { text } from '../requests'
import { accountQueries } from './RestAccountQueries'
import { RestPublicEndpoints } from './RestPublicEndpoints'
import { marginQueries } from './RestMarginQueries'
import { tradingMethods } from './RestTrading'
import { krakenSignature, signatureMatches } from './auth'
import { PairLookup, type Params, type PrivateHandler, type SimRestDeps } from './restDeps'

export type { SimRestDeps } from './restDeps'

const MAX_BODY = 64 * 1024

/**
 * Kraken Spot REST of the built-in exchange: `/0/public/*` and `/0/private/*`, the
 * `{error: [], result}` envelope (HTTP 200 even for errors, as Kraken), API-Key/API-Sign
 * verification with strictly increasing nonces, the REST call counter and the trading counter.
 */
export class SimRestServer {
  private readonly publicEndpoints: RestPublicEndpoints
  private readonly privateMethods: Map<string, PrivateHandler>

  constructor(private readonly deps: SimRestDeps) {
    const lookup = new PairLookup(deps.instruments)
    this.publicEndpoints = new RestPublicEndpoints(deps, lookup)
    this.privateMethods = new Map([
      ...accountQueries(deps),
      ...marginQueries(deps),
      ...tradingMethods(deps, lookup),
    ])
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim')
    const m = /^\/0\/(public|private)\/([A-Za-z]+)$/.exec(url.pathname)
    if (!m) return this.send(res, 404, { error: ['EGeneral:Unknown method'] })
    const [, scope, method] = m as unknown as [string, 'public' | 'private', string]
    // Kraken routes on verb + path: since Jan 2024 a POST to a public method answers
    // EGeneral:Unknown method (recorded, corpus rest.error.issue-public-by-post); a GET on a
    // private method is treated the same way
    const verb = req.method ?? 'GET'
    if (
      (scope === 'public' && verb !== 'GET' && verb !== 'HEAD') ||
      (scope === 'private' && verb !== 'POST')
    ) {
      req.resume()
      return this.send(res, 200, { error: ['EGeneral:Unknown method'] })
    }
    let body: string
    try {
      body = await readBody(req)
    } catch {
      res.setHeader('connection', 'close')
      return this.send(res, 413, { error: ['EGeneral:Invalid arguments:request too large'] })
    }
    try {
      const params = this.params(req, url, body)
      const result =
        scope === 'public'
          ? this.publicEndpoints.answer(method, params)
          : this.private(method, params, url.pathname, body, req)
      this.send(res, 200, { error: [], result })
    } catch (e) {
      if (e instanceof KrakenError) return this.send(res, 200, { error: [e.krakenMessage] })
      this.send(res, 500, { error: ['EGeneral:Internal error'] })
    }
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  private params(req: IncomingMessage, url: URL, body: string): Params {
    const out: Params = Object.fromEntries(url.searchParams)
    if (!body) return out
    const type = String(req.headers['content-type'] ?? '')
    if (type.includes('application/json')) {
      let v: unknown
      try {
        v = parseLossless(body, null, (s: string) => s)
      } catch {
        // Kraken documents this one error for a payload that is "malformed, incorrect or ambiguous"
        throw new KrakenError('EGeneral:Invalid arguments')
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new KrakenError('EGeneral:Invalid arguments')
      return { ...out, ...(v as Params) }
    }
    // form bodies may carry bracketed keys: close[ordertype], orders[0][price]
    for (const [k, v] of new URLSearchParams(body)) out[k] = v
    return out
  }

  private authenticate(p: Params, path: string, body: string, req: IncomingMessage): string {
    const apiKey = req.headers['api-key']
    const sign = req.headers['api-sign']
    const cred = typeof apiKey === 'string' ? this.deps.keys.get(apiKey) : undefined
    if (!cred) throw new KrakenError('EAPI:Invalid key')
    // the nonce goes in the body; Kraken's own Go SDK can also send it in an API-Nonce header
    // ("version 1", krakenfx/api-go restbase.go), signed the same way
    const headerNonce = req.headers['api-nonce']
    const nonceText = text(p.nonce) ?? (typeof headerNonce === 'string' ? headerNonce : undefined)
    if (typeof sign !== 'string' || nonceText === undefined || !/^\d{1,20}$/.test(nonceText)) {
      throw new KrakenError(nonceText === undefined ? 'EAPI:Invalid nonce' : 'EAPI:Invalid signature')
    }
    if (!signatureMatches(sign, krakenSignature(path, nonceText, body, cred.apiSecret))) {
      throw new KrakenError('EAPI:Invalid signature')
    }
    const nonce = BigInt(nonceText)
    if (nonce <= cred.lastNonce) throw new KrakenError('EAPI:Invalid nonce')
    cred.lastNonce = nonce
    return cred.account
  }

  /** Authenticate, count the call (even an unknown method's), then answer it. */
  private private(method: string, p: Params, path: string, body: string, req: IncomingMessage): unknown {
    const account = this.authenticate(p, path, body, req)
    this.deps.limits.chargeRest(account, method)
    if (method === 'GetWebSocketsToken')
      return this.deps.tokens.issue(account, randomBytes(24).toString('base64'))
    const handler = this.privateMethods.get(method)
    if (!handler) throw new KrakenError('EGeneral:Unknown method')
    return handler(account, p)
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        // stop keeping it, but drain it so the client still reads our answer
        chunks.length = 0
        reject(new Error('too large'))
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
