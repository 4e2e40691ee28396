import { parseFixTime, type FixMessage } from './fixCodec'

/**
 * The session rules of the built-in exchange's FIX acceptor (FixSessionLayer): FIX 4.4
 * specification vol. 2, with QuickFIX's acceptor as the reference where the spec leaves a choice.
 *
 * Rules, in the order an inbound message meets them once logged on:
 *  - garbled frame (BeginString, BodyLength, CheckSum wrong): dropped by the parser, nothing
 *    sent, no sequence number consumed;
 *  - MsgSeqNum (34) missing: Logout (it cannot be sequenced);
 *  - malformed field (373=0/4/13/14), missing header field (373=1), unknown MsgType (373=11):
 *    Reject, and the sequence number is consumed when it was the expected one;
 *  - wrong SenderCompID/TargetCompID: Reject 373=9 then Logout; SendingTime more than
 *    MAX_LATENCY_MS off our clock: Reject 373=10 then Logout (QuickFIX's CheckLatency/MaxLatency);
 *  - Logon with ResetSeqNumFlag=Y in session: both sides restart at 1, answered by Logon 141=Y;
 *  - SequenceReset-Reset: MsgSeqNum ignored; NewSeqNo above expected moves it, below it is
 *    rejected 373=5 (371=36) and nothing changes;
 *  - MsgSeqNum above expected: queued, one ResendRequest for the gap; a Logout above a gap is
 *    answered once the gap is filled, or after LOGOUT_GAP_GRACE_MS without it;
 *  - MsgSeqNum below expected: with PossDupFlag=Y it is a duplicate, ignored, unless
 *    OrigSendingTime (122) is missing (Reject 373=1, 371=122) or later than SendingTime
 *    (Reject 373=10 then Logout); without PossDupFlag: Logout "MsgSeqNum too low";
 *  - SequenceReset-GapFill in sequence: NewSeqNo must exceed MsgSeqNum, else Reject 373=5 and,
 *    as QuickFIX does, its number is not used up (the next message asks for a resend of it);
 *  - a Reject (35=3) from the peer is logged, never answered.
 * Our resends carry PossDupFlag=Y and OrigSendingTime; our GapFills carry 43=Y and 122 too.
 *
 * Where Kraken's docs (docs.kraken.com/api/docs/fix-api/*) say more: garbled messages are
 * disregarded (reject-session_level-fix, as FIX); a failed logon gets a Logout with the reason
 * (logon-fix); a missing field's Reject reads "Missing Mandatory Field: Side (54)" — Kraken's
 * example carries only 45 and 58, we also send 371/372/373 as FIX 4.4 asks. Not simulated: the
 * daily 22:00 UTC sequence reset (guides/fix).
 */

/** SendingTime may be this far from our clock (QuickFIX's MaxLatency default) */
export const MAX_LATENCY_MS = 120_000
/** how long a Logout above a gap waits for the gap to fill before it is answered anyway */
export const LOGOUT_GAP_GRACE_MS = 2_000
/** session messages: never resent, a GapFill covers them */
export const ADMIN_TYPES = new Set(['0', '1', '2', '3', '4', '5', 'A'])

/**
 * Every MsgType FIX 4.4 defines. A type outside this set is "invalid" (session Reject 373=11);
 * one inside it that this exchange does not serve is "unsupported" (BusinessMessageReject 380=3),
 * as FIX 4.4 vol. 2 and QuickFIX distinguish them.
 */
export const FIX44_MSG_TYPES = new Set([
  ...'0123456789ABCDEFGHJKLMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyz'.split(''),
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `A${c}`),
  ...'ABCDEFGH'.split('').map((c) => `B${c}`),
])

export interface HeaderFault {
  reason: number
  tag?: number
  text: string
  /** FIX 4.4: a CompID or SendingTime problem is followed by a Logout */
  logout: boolean
}

/**
 * Standard-header checks of an in-session message (FIX 4.4 vol. 2, "Standard Message Header"
 * and the session-level test cases): required fields present, CompIDs those of the logon,
 * SendingTime within `maxLatencyMs` of our clock.
 */
export function checkHeader(
  m: FixMessage,
  peer: string,
  own: string,
  now: number,
  maxLatencyMs: number,
): HeaderFault | null {
  for (const [tag, name] of [
    [49, 'SenderCompID'],
    [56, 'TargetCompID'],
    [52, 'SendingTime'],
  ] as const)
    if (m.get(tag) === undefined)
      return { reason: 1, tag, text: `Required tag missing: ${name} (${tag})`, logout: false }
  if (m.get(49) !== peer || m.get(56) !== own)
    return {
      reason: 9,
      tag: m.get(49) !== peer ? 49 : 56,
      text: `CompID problem: expected 49=${peer} 56=${own}`,
      logout: true,
    }
  const sent = parseFixTime(m.get(52))
  if (sent === null) return { reason: 6, tag: 52, text: 'Incorrect data format for value: 52', logout: false }
  if (Math.abs(sent - now) > maxLatencyMs)
    return { reason: 10, tag: 52, text: 'SendingTime accuracy problem', logout: true }
  return null
}
