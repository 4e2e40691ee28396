import type { FixMessage } from './fixCodec'
import { FIELD_NAMES, FixRequestError } from './krakenFixDialect'

/**
 * Required fields of an application message: a missing one is a session-level Reject (35=3,
 * 373=1, 371=<tag>), worded as Kraken's own example: "Missing Mandatory Field: Side (54)"
 * (docs.kraken.com/api/docs/fix-api/reject-session_level-fix; nos-fix: "FIX field level
 * validation will result in session level reject").
 */
export function required(m: FixMessage, ...tags: number[]): void {
  for (const t of tags)
    if (m.get(t) === undefined || m.get(t) === '')
      throw new FixRequestError('reject', `Missing Mandatory Field: ${FIELD_NAMES[t] ?? 'tag'} (${t})`, t, 1)
}
