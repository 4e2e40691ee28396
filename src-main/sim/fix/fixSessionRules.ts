import { parseFixTime, type FixMessage } from './fixCodec'

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
