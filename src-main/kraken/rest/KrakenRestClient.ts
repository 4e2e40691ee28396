import { parse as parseLossless } from 'lossless-json'
import type { RateGovernor } from '../../core/risk/RateGovernor'
import { KrakenApiError, KrakenTransportError, LocalRateLimitError } from './errors'
import type { NonceSource } from './NonceSource'
import { apiSign } from './sign'

export interface RestCredentials {
  apiKey: string
  /** base64; only this module reads it, only to sign */
  apiSecret: string
}

export interface KrakenRestOptions {
  /** e.g. https://api.kraken.com or the built-in exchange's http://127.0.0.1:P */
  baseUrl: string
  credentials?: RestCredentials
  nonces?: NonceSource
  governor?: RateGovernor
  timeoutMs?: number
  userAgent?: string
  /** Kraken's warnings ("W..." beside a result): the call succeeded, but someone should read them */
  onWarning?: (method: string, warnings: string[]) => void
}

/** what came back over HTTP */
interface HttpAnswer {
  status: number
  text: string
}

type Params = Record<string, string | number | boolean | undefined | Params[]>

/** Calls that change nothing at Kraken: safe to retry after a transport failure. */
const IDEMPOTENT = new Set([
  'Balance',
  'BalanceEx',
  'OpenOrders',
  'ClosedOrders',
  'QueryOrders',
  'TradesHistory',
  'OpenPositions',
  'TradeBalance',
  'GetWebSocketsToken',
])

/**
 * Kraken Spot REST. Private calls are serialised per key, so their nonces reach Kraken in order;
 * responses are parsed losslessly (numbers stay exact text); errors become KrakenApiError.
 * Non-idempotent calls are never retried blindly: an AddOrder that timed out is looked up by its
 * cl_ord_id before anything is sent again.
 */
export class KrakenRestClient {
  private chain: Promise<unknown> = Promise.resolve()
  /** when the venue last answered (any HTTP response), ms since epoch; 0 = never */
  lastHeardAt = 0

  constructor(private readonly opts: KrakenRestOptions) {}

  async public<T = Record<string, unknown>>(method: string, params: Record<string, string> = {}): Promise<T> {
    const url = `${this.opts.baseUrl}/0/public/${method}?${new URLSearchParams(params)}`
    return this.withRetry(method, true, async () =>
      this.parse<T>(method, await this.fetch(url, { method: 'GET' }, method), true),
    )
  }

  /**
   * A private call; queued behind any call in flight on this key. A trader's action is refused at
   * once when Kraken's counter is full (they must know now); background work (`queue: true`,
   * e.g. a reconcile) waits until the counter has room instead, up to `maxWaitMs`.
   */
  private<T = Record<string, unknown>>(
    method: string,
    params: Params = {},
    how: { queue?: boolean; maxWaitMs?: number } = {},
  ): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.opts.governor) {
        const giveUpAt = Date.now() + (how.maxWaitMs ?? 60_000)
        for (;;) {
          const d = this.opts.governor.tryRest(method)
          if (d.ok) break
          if (!how.queue || Date.now() + d.retryInMs > giveUpAt)
            throw new LocalRateLimitError(d.reason, d.retryInMs)
          await new Promise((r) => setTimeout(r, d.retryInMs + 20))
        }
      }
      try {
        return await this.withRetry(method, IDEMPOTENT.has(method), () => this.send<T>(method, params))
      } catch (e) {
        if (e instanceof KrakenApiError && e.is('EAPI:Rate limit exceeded'))
          this.opts.governor?.observeRestLimited()
        throw e
      }
    }
    const p = this.chain.then(run, run)
    this.chain = p.catch(() => undefined)
    return p
  }

  private async send<T>(method: string, params: Params): Promise<T> {
    const creds = this.opts.credentials
    if (!creds || !this.opts.nonces)
      throw new Error('this profile has no API key: private Kraken calls are unavailable')
    const path = `/0/private/${method}`
    const nonce = this.opts.nonces.next()
    // JSON bodies keep nested arrays (AddOrderBatch orders) as Kraken documents them
    const body = JSON.stringify({ nonce, ...params })
    const res = await this.fetch(
      this.opts.baseUrl + path,
      {
        method: 'POST',
        headers: {
          'API-Key': creds.apiKey,
          'API-Sign': apiSign(path, nonce, body, creds.apiSecret),
          'Content-Type': 'application/json',
        },
        body,
      },
      method,
    )
    return this.parse<T>(method, res, IDEMPOTENT.has(method))
  }

  private async fetch(url: string, init: RequestInit, method: string): Promise<HttpAnswer> {
    const ctl = new AbortController()
    const timer = setTimeout(() => ctl.abort(), this.opts.timeoutMs ?? 10_000)
    try {
      const res = await fetch(url, {
        ...init,
        headers: {
          'User-Agent': this.opts.userAgent ?? 'Trident/0.1',
          ...(init.headers as Record<string, string>),
        },
        signal: ctl.signal,
      })
      const text = await res.text()
      this.lastHeardAt = Date.now()
      return { status: res.status, text }
    } catch (e) {
      const timedOut = ctl.signal.aborted
      throw new KrakenTransportError(
        timedOut
          ? `${method}: no answer from Kraken within ${this.opts.timeoutMs ?? 10_000} ms`
          : `${method}: ${(e as Error).message}`,
        method,
        timedOut,
      )
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * `readOnly`: the call changes nothing, so an unreadable answer cannot hide a done deed; for
   * anything else a CDN error page says nothing about whether Kraken acted (maybeDelivered).
   */
  private parse<T>(method: string, answer: HttpAnswer, readOnly: boolean): T {
    const { status, text } = answer
    let env: { error?: unknown; result?: unknown }
    try {
      env = parseLossless(text, null, (s: string) => s) as typeof env
    } catch {
      // Kraken's CDN answers outages with an HTML page (HTTP 5xx/52x, e.g. "520: Web server is
      // returning an unknown error"): say so in words rather than "not JSON"
      const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim()
      if (status >= 500 || title !== undefined)
        throw new KrakenTransportError(
          `${method}: Kraken is unavailable: HTTP ${status} with an error page${title ? ` "${title}"` : ''} instead of an API answer`,
          method,
          !readOnly,
          status,
        )
      throw new KrakenTransportError(
        `${method}: Kraken sent something that is not JSON: ${text.slice(0, 120)}`,
        method,
        true,
        status,
      )
    }
    // found by fuzzing: `null`, a number or `{}` used to end in a TypeError deep in a caller
    if (!env || typeof env !== 'object' || Array.isArray(env))
      throw new KrakenTransportError(
        `${method}: Kraken's answer is not an envelope: ${text.slice(0, 120)}`,
        method,
        true,
      )
    const errors = Array.isArray(env.error) ? env.error.map(String) : []
    const hard = errors.filter((e) => !e.startsWith('W'))
    if (hard.length) throw new KrakenApiError(hard, method)
    const warnings = errors.filter((e) => e.startsWith('W'))
    if (warnings.length) this.opts.onWarning?.(method, warnings)
    if (!('result' in env))
      throw new KrakenTransportError(
        `${method}: Kraken's answer has neither result nor error: ${text.slice(0, 120)}`,
        method,
        true,
      )
    return env.result as T
  }

  private async withRetry<T>(method: string, idempotent: boolean, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn()
      } catch (e) {
        // reads are retried when the answer got lost or Kraken said it was down/busy; never on
        // a lockout (retrying prolongs it) nor on rate limits (the governor decides the wait)
        const transient =
          e instanceof KrakenTransportError || (e instanceof KrakenApiError && e.isServiceDown)
        const retry = idempotent && transient && attempt < 2
        if (!retry) throw e
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt))
      }
    }
  }

  /**
   * AddOrder that is safe to repeat: with a cl_ord_id, a timeout is resolved by looking the order
   * up (open, then closed) instead of sending it twice.
   */
  async addOrder(params: Params & { cl_ord_id: string }): Promise<{ txid: string; recovered: boolean }> {
    try {
      const r = await this.private<{ txid: string[] }>('AddOrder', params)
      return { txid: r.txid[0]!, recovered: false }
    } catch (e) {
      if (!(e instanceof KrakenTransportError)) throw e
      const found = await this.findByClOrdId(params.cl_ord_id)
      if (found) return { txid: found, recovered: true }
      if (!e.maybeDelivered) {
        const r = await this.private<{ txid: string[] }>('AddOrder', params)
        return { txid: r.txid[0]!, recovered: false }
      }
      throw e
    }
  }

  async findByClOrdId(clOrdId: string, how: { queue?: boolean } = {}): Promise<string | null> {
    const open = await this.private<{ open: Record<string, unknown> }>(
      'OpenOrders',
      { cl_ord_id: clOrdId },
      how,
    )
    const o = Object.keys(open.open ?? {})[0]
    if (o) return o
    const closed = await this.private<{ closed: Record<string, unknown> }>(
      'ClosedOrders',
      { cl_ord_id: clOrdId },
      how,
    )
    return Object.keys(closed.closed ?? {})[0] ?? null
  }
}
