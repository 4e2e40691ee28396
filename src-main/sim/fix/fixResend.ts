import type { Field } from './fixCodec'
import type { FixSessionState, FixSessionStore } from './FixSessionStore'

export type ResendItem =
  | { kind: 'message'; seq: number; type: string; body: Field[]; sendingTime: string }
  | { kind: 'gapfill'; seq: number; newSeq: number }

/**
 * What answers a ResendRequest for [begin, end] (end 0 = up to the last sent): the stored
 * application messages as they were, and one SequenceReset-GapFill over each run of numbers with
 * nothing to resend (session messages, or what the store no longer keeps) — FIX 4.4 vol. 2.
 */
export function resendPlan(st: FixSessionState, begin: number, endAsked: number): ResendItem[] {
  if (!Number.isInteger(begin) || begin < 1) return []
  const end = !endAsked || endAsked >= st.nextOut ? st.nextOut - 1 : endAsked
  const out: ResendItem[] = []
  let gapStart: number | null = null
  for (let seq = begin; seq <= end; seq++) {
    const rec = st.sent[seq]
    if (!rec) {
      gapStart ??= seq
      continue
    }
    if (gapStart !== null) out.push({ kind: 'gapfill', seq: gapStart, newSeq: seq })
    gapStart = null
    out.push({ kind: 'message', seq, type: rec.type, body: rec.body, sendingTime: rec.sendingTime })
  }
  if (gapStart !== null) out.push({ kind: 'gapfill', seq: gapStart, newSeq: end + 1 })
  return out
}

/**
 * Sequence and store a message for a session that is offline, so its next logon learns of it by
 * the gap and gets it through its ResendRequest (both acceptors keep ExecutionReports this way).
 */
export function storeOffline(
  store: FixSessionStore,
  sessionId: string,
  type: string,
  body: Field[],
  sendingTime: string,
): void {
  const st = store.get(sessionId)
  const seq = st.nextOut++
  store.recordSent(sessionId, seq, type, body, sendingTime)
  store.save(sessionId)
}
