/**
 * The outbound half of the built-in exchange's FIX session: each message gets the header (our
 * CompID, theirs, MsgSeqNum, SendingTime), the next sequence number from the persistent store,
 * and — for application messages — a stored copy; a ResendRequest is answered from that store
 * with PossDup resends and GapFills. The inbound state machine is FixSessionLayer.
 */
import type { Socket } from 'node:net'
import { encode, fixTime, type Field } from './fixCodec'
import { resendPlan } from './fixResend'
import { ADMIN_TYPES } from './fixSessionRules'
import type { FixSessionStore } from './FixSessionStore'

/** Who the session is, once the Logon named it ('' before). */
export interface FixSessionIds {
  sessionId: string
  /** the peer's CompID (its 49) and ours (its 56) */
  sender: string
  target: string
}

export class FixOutbound {
  /** when we last wrote (heartbeats are due a HeartBtInt after it) */
  lastOut = Date.now()

  constructor(
    private readonly socket: Socket,
    private readonly store: FixSessionStore,
    private readonly clock: () => number,
    private readonly ids: () => FixSessionIds,
  ) {}

  /**
   * Write one message. `sequenced`: take the next number (else 1, before a session exists);
   * `resendSeq`/`origTime`: a resend under its old number, PossDupFlag=Y.
   */
  send(type: string, body: Field[], sequenced: boolean, resendSeq?: number, origTime?: string): void {
    if (this.socket.destroyed || !this.socket.writable) return
    const { sessionId, sender, target } = this.ids()
    let seq: number
    const now = fixTime(this.clock())
    if (resendSeq !== undefined) seq = resendSeq
    else if (sessionId && sequenced) {
      const st = this.store.get(sessionId)
      seq = st.nextOut++
      if (!ADMIN_TYPES.has(type)) this.store.recordSent(sessionId, seq, type, body, now)
      this.store.save(sessionId)
    } else seq = 1
    const header: Field[] = [
      [49, target],
      [56, sender || 'UNKNOWN'],
      [34, String(seq)],
    ]
    if (resendSeq !== undefined) header.push([43, 'Y'])
    header.push([52, now])
    if (origTime) header.push([122, origTime])
    this.socket.write(encode(type, header, body), 'latin1')
    this.lastOut = Date.now()
  }

  /** Answer a ResendRequest for [begin, end] (end 0: up to the last sent). */
  resend(begin: number, end: number): void {
    const st = this.store.get(this.ids().sessionId)
    for (const r of resendPlan(st, begin, end)) {
      if (r.kind === 'message') this.send(r.type, r.body, false, r.seq, r.sendingTime)
      // a GapFill is a resend too: PossDupFlag=Y and OrigSendingTime (QuickFIX sets it to now)
      else
        this.send(
          '4',
          [
            [123, 'Y'],
            [36, String(r.newSeq)],
          ],
          false,
          r.seq,
          fixTime(this.clock()),
        )
    }
  }
}
