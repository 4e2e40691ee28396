import { KrakenApiError, LocalRateLimitError } from '../kraken/rest/errors'
import { recoverAfterRestart as recover, type RecoveryDeps } from '../features/orders/recovery'
import type { ReconcileResult } from '../features/orders/Reconciler'

export type { RecoveryDeps }

/**
 * How long to wait before reconciling again after a failure, from Kraken's errors: rate limits
 * are the usual reason right after a restart (Kraken's REST counter still holds what the
 * previous run spent), so wait as long as the governor says.
 */
export function krakenRetryWait(e: unknown, attempt: number): number {
  return e instanceof LocalRateLimitError
    ? e.retryInMs + 50
    : e instanceof KrakenApiError && e.isRateLimit
      ? 1000 // the governor now assumes a full counter: the next try is refused locally with the exact wait
      : 500 * attempt
}

/** The recovery after a restart (features/orders/recovery) with Kraken's retry policy. */
export function recoverAfterRestart(d: RecoveryDeps): Promise<ReconcileResult> {
  return recover({ ...d, retryWait: krakenRetryWait })
}
