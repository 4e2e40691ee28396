/**
 * Kraken's REST error envelope as typed errors. Kraken answers errors with HTTP 200 and strings
 * like "EOrder:Insufficient funds" (older ones carry a parenthesised explanation), so matching is
 * by prefix.
 */
export class KrakenApiError extends Error {
  override readonly name = 'KrakenApiError'
  /** e.g. EOrder, EAPI, EGeneral */
  readonly category: string
  /** "EService: Throttled: <unix ts>": when Kraken says to try again (ms since epoch) */
  readonly retryAt: number | undefined
  constructor(
    readonly errors: string[],
    readonly method: string,
  ) {
    const throttle = errors.map((e) => /^EService: ?Throttled: ?(\d+)/.exec(e)).find(Boolean)
    const retryAt = throttle ? Number(throttle[1]) * 1000 : undefined
    const hint = explain(errors, retryAt)
    super(`${method}: ${errors.join('; ')}${hint ? ` (${hint})` : ''}`)
    this.category = (errors[0] ?? '').split(':')[0] ?? ''
    this.retryAt = retryAt
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
  /** after repeated invalid-key errors; retrying only prolongs it (docs: "do not retry") */
  get isLockout(): boolean {
    return this.is('EGeneral:Temporary lockout')
  }
  /** Kraken is down or overloaded: the request was not acted on */
  get isServiceDown(): boolean {
    return this.is('EService:Unavailable') || this.is('EService:Busy')
  }
  /**
   * The same request may succeed later unchanged: Kraken was down, busy or counting. Whether to
   * resend is still the caller's call for anything that changes orders.
   */
  get retryable(): boolean {
    return !this.isLockout && (this.isServiceDown || this.isRateLimit)
  }
}

/** Words for the errors whose code alone does not tell a trader what happened or what to do. */
function explain(errors: string[], retryAt: number | undefined): string | undefined {
  const has = (p: string) => errors.some((e) => e.startsWith(p))
  if (has('EGeneral:Temporary lockout'))
    return 'Kraken has locked this API key out after repeated invalid-key errors; do not retry: wait several minutes, then check the key'
  if (retryAt !== undefined)
    return `Kraken is throttling this key: too many requests at once; try again after ${new Date(retryAt)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d{3}Z$/, ' UTC')}`
  if (has('EService:Unavailable')) return "Kraken's trading engine or API is offline; nothing was done"
  if (has('EService:Busy')) return 'Kraken is overloaded right now; nothing was done'
  return undefined
}

export class KrakenTransportError extends Error {
  override readonly name = 'KrakenTransportError'
  constructor(
    message: string,
    readonly method: string,
    /** true when the request may have reached Kraken (timeout after sending) */
    readonly maybeDelivered: boolean,
    /** the HTTP status, when Kraken (or its CDN) answered with something that is not an API reply */
    readonly status?: number,
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
