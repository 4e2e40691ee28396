/**
 * Kraken's REST error envelope as typed errors. Kraken answers errors with HTTP 200 and strings
 * like "EOrder:Insufficient funds" (older ones carry a parenthesised explanation), so matching is
 * by prefix.
 */
export class KrakenApiError extends Error {
  override readonly name = 'KrakenApiError'
  /** e.g. EOrder, EAPI, EGeneral */
  readonly category: string
  constructor(
    readonly errors: string[],
    readonly method: string,
  ) {
    super(`${method}: ${errors.join('; ')}`)
    this.category = (errors[0] ?? '').split(':')[0] ?? ''
  }
  is(prefix: string): boolean {
    return this.errors.some((e) => e.startsWith(prefix))
  }
  get isRateLimit(): boolean {
    return this.errors.some((e) => /Rate limit exceeded|Throttled|Too many requests/.test(e))
  }
  get isAuth(): boolean {
    return (
      this.is('EAPI:Invalid key') ||
      this.is('EAPI:Invalid signature') ||
      this.is('EGeneral:Permission denied') ||
      this.is('EAPI:Permission denied')
    )
  }
  get isNonce(): boolean {
    return this.is('EAPI:Invalid nonce')
  }
}

export class KrakenTransportError extends Error {
  override readonly name = 'KrakenTransportError'
  constructor(
    message: string,
    readonly method: string,
    /** true when the request may have reached Kraken (timeout after sending) */
    readonly maybeDelivered: boolean,
  ) {
    super(message)
  }
}

/** Refused locally by the rate governor before it could reach Kraken. */
export class LocalRateLimitError extends Error {
  override readonly name = 'LocalRateLimitError'
  constructor(
    message: string,
    readonly retryInMs: number,
  ) {
    super(message)
  }
}
