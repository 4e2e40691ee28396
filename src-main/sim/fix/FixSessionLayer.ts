import type { Socket } from 'node:net'
import { FixParser, parseFixTime, type Field, type FixMessage } from './fixCodec'
import { KrakenError } from '../engine/types'
import { FixOutbound } from './FixOutbound'
import { FixRequestError } from './krakenFixDialect'
import type { FixSessionStore } from './FixSessionStore'
import { checkHeader, FIX44_MSG_TYPES, LOGOUT_GAP_GRACE_MS, MAX_LATENCY_MS } from './fixSessionRules'

/**
 * The FIX 4.4 session layer of the built-in exchange's acceptor: framing, header validation,
 * sequence numbers, resend, logon/logout, heartbeats and test requests — the rules it follows,
 * and where Kraken's docs add to them, are listed in fixSessionRules.ts. Subclasses add the logon
 * credentials check and the application messages.
 */
export abstract class FixSessionLayer {
  private readonly parser = new FixParser()
  protected state: 'logon' | 'active' | 'closed' = 'logon'
  protected sessionId = ''
  /** the peer's CompID (its 49) and ours (its 56) */
  protected sender = ''
  protected target = ''
  protected cleanLogout = false
  private heartbeatMs = 30_000
  private lastIn = Date.now()
  private testRequestAt = 0
  private queue: FixMessage[] = []
  private resendPending = false
  private timer: NodeJS.Timeout | null = null
  private logoutGrace: NodeJS.Timeout | null = null
  /** numbering, storing and resending what we send */
  private readonly out: FixOutbound
  /** session-level events worth seeing in a log (peer Rejects, garbled frames) */
  readonly events: string[] = []

  constructor(
    protected readonly socket: Socket,
    protected readonly store: FixSessionStore,
    protected readonly clock: () => number,
  ) {
    this.out = new FixOutbound(socket, store, clock, () => ({
      sessionId: this.sessionId,
      sender: this.sender,
      target: this.target,
    }))
    socket.setEncoding('latin1')
    socket.setNoDelay(true)
    socket.on('data', (chunk: string) => this.onData(chunk))
    socket.on('close', () => this.onSocketClosed())
    socket.on('error', () => socket.destroy())
    this.timer = setInterval(() => this.onTimer(), 1000)
    this.timer.unref()
  }

  /** Check a Logon's credentials; the reason it is refused, or null. `target` is its 56. */
  protected abstract authenticate(m: FixMessage): string | null
  /** whether `target` (a Logon's 56) is one of our CompIDs */
  protected abstract isKnownTarget(target: string): boolean
  protected abstract sessionTaken(sessionId: string): boolean
  protected abstract onLoggedOn(): void
  protected abstract onApplication(m: FixMessage): void
  protected abstract onClosed(wasActive: boolean): void

  destroy(): void {
    this.socket.destroy()
  }

  /** logged on and not logging out (a closing connection no longer holds its session) */
  get live(): boolean {
    return this.state === 'active'
  }

  private log(line: string): void {
    this.events.push(line)
    if (this.events.length > 200) this.events.shift()
  }

  private onData(chunk: string): void {
    this.lastIn = Date.now()
    this.testRequestAt = 0
    const before = this.parser.garbled
    const msgs = this.parser.push(chunk)
    if (this.parser.garbled !== before) this.log(`ignored garbled frame: ${this.parser.lastGarbled}`)
    for (const m of msgs) {
      if (this.state === 'closed') return
      try {
        if (this.state === 'logon') this.onLogon(m)
        else this.onInbound(m)
      } catch (e) {
        this.logoutAndClose(`Internal error: ${(e as Error).message}`)
      }
    }
  }

  protected logoutAndClose(reason: string): void {
    if (this.state === 'closed') return
    this.out.send('5', [[58, reason]], this.state === 'active')
    this.state = 'closed'
    this.socket.end()
  }

  // ------------------------------------------------------------------ logon

  private onLogon(m: FixMessage): void {
    if (m.type !== 'A') return this.logoutAndClose('First message must be Logon (35=A)')
    if (m.problem) return this.logoutAndClose(m.problem.text)
    this.sender = m.get(49) ?? ''
    this.target = m.get(56) ?? ''
    if (!this.sender) return this.logoutAndClose('Missing SenderCompID (49)')
    if (!this.isKnownTarget(this.target)) return this.logoutAndClose(`Unknown TargetCompID ${this.target}`)
    const hb = Number(m.get(108))
    if (!Number.isInteger(hb) || hb < 1 || hb > 300) return this.logoutAndClose('Invalid HeartBtInt (108)')
    const refused = this.authenticate(m)
    if (refused) return this.logoutAndClose(refused)
    this.sessionId = `FIX.4.4:${this.sender}->${this.target}`
    if (this.sessionTaken(this.sessionId)) return this.logoutAndClose('Session already logged on')
    const reset = m.get(141) === 'Y'
    if (reset) this.store.reset(this.sessionId)
    const st = this.store.get(this.sessionId)
    if (m.seq < st.nextIn)
      return this.logoutAndClose(`MsgSeqNum too low, expecting ${st.nextIn} but received ${m.seq}`)
    this.heartbeatMs = hb * 1000
    this.state = 'active'
    this.onLoggedOn()
    const reply: Field[] = [
      [98, '0'],
      [108, String(hb)],
    ]
    if (reset) reply.push([141, 'Y'])
    this.sendAdmin('A', reply)
    if (m.seq > st.nextIn) this.requestResend(st.nextIn)
    else {
      st.nextIn = m.seq + 1
      this.store.save(this.sessionId)
    }
  }

  /** ResetSeqNumFlag=Y on a Logon in session: both sides start again at 1 (FIX 4.4 vol. 2). */
  private resetInSession(m: FixMessage): void {
    this.store.reset(this.sessionId)
    const st = this.store.get(this.sessionId)
    st.nextIn = m.seq + 1
    this.queue = []
    this.resendPending = false
    this.sendAdmin('A', [
      [98, '0'],
      [108, String(this.heartbeatMs / 1000)],
      [141, 'Y'],
    ])
  }

  // ------------------------------------------------------------------ inbound, in session

  private onInbound(m: FixMessage): void {
    if (!Number.isInteger(m.seq) || m.seq < 1) return this.logoutAndClose('MsgSeqNum (34) missing or invalid')
    if (m.problem) return this.rejectAndConsume(m, m.problem.text, m.problem.tag, m.problem.reason)
    const bad = checkHeader(m, this.sender, this.target, this.clock(), MAX_LATENCY_MS)
    if (bad) {
      if (!bad.logout) return this.rejectAndConsume(m, bad.text, bad.tag, bad.reason)
      this.reject(m, bad.text, bad.tag, bad.reason)
      return this.logoutAndClose(bad.text)
    }
    if (!FIX44_MSG_TYPES.has(m.type)) return this.rejectAndConsume(m, 'Invalid MsgType', 35, 11)
    if (m.type === 'A' && m.get(141) === 'Y') return this.resetInSession(m)
    if (m.type === '4' && m.get(123) !== 'Y') return this.sequenceReset(m)
    const st = this.store.get(this.sessionId)
    // a ResendRequest is answered at once, even mid-gap, so both sides recover
    if (m.type === '2') this.out.resend(Number(m.get(7)), Number(m.get(16)))
    if (m.seq > st.nextIn) {
      this.queue.push(m)
      if (!this.resendPending) this.requestResend(st.nextIn)
      if (m.type === '5') this.graceForLogout()
      return
    }
    if (m.seq < st.nextIn) {
      if (m.get(43) !== 'Y')
        return this.logoutAndClose(`MsgSeqNum too low, expecting ${st.nextIn} but received ${m.seq}`)
      const orig = m.get(122)
      if (orig === undefined) return this.reject(m, 'Required tag missing: OrigSendingTime (122)', 122, 1)
      const origMs = parseFixTime(orig)
      const sentMs = parseFixTime(m.get(52))
      if (origMs === null || sentMs === null || origMs > sentMs) {
        this.reject(m, 'SendingTime accuracy problem: OrigSendingTime (122) after SendingTime (52)', 122, 10)
        return this.logoutAndClose('SendingTime accuracy problem')
      }
      return // a duplicate of what we already processed
    }
    if (m.type === '4' && !(Number(m.get(36)) > m.seq))
      // as QuickFIX: refused, and its number not used up (the peer is asked to resend it)
      return this.reject(m, `Value is incorrect: GapFill NewSeqNo ${m.get(36)} not above ${m.seq}`, 36, 5)
    st.nextIn++
    this.store.save(this.sessionId)
    this.handle(m)
    this.drain()
  }

  /** A session-level Reject; the message's number is used up when it was the one expected. */
  private rejectAndConsume(m: FixMessage, text: string, tag: number | undefined, reason: number): void {
    this.reject(m, text, tag, reason)
    const st = this.store.get(this.sessionId)
    if (m.seq === st.nextIn) {
      st.nextIn++
      this.store.save(this.sessionId)
      this.drain()
    } else if (m.seq > st.nextIn && !this.resendPending) this.requestResend(st.nextIn)
  }

  /** SequenceReset-Reset: MsgSeqNum is ignored; the number may only go up. */
  private sequenceReset(m: FixMessage): void {
    const st = this.store.get(this.sessionId)
    const newSeq = Number(m.get(36))
    if (!Number.isInteger(newSeq) || newSeq < 1)
      return this.reject(m, 'Required tag missing: NewSeqNo (36)', 36, 1)
    if (newSeq < st.nextIn)
      return this.reject(
        m,
        `Value is incorrect: NewSeqNo ${newSeq} is below the expected ${st.nextIn}`,
        36,
        5,
      )
    st.nextIn = newSeq
    this.store.save(this.sessionId)
    this.drain()
  }

  /** An in-sequence message (its number already consumed). */
  private handle(m: FixMessage): void {
    switch (m.type) {
      case '0':
      case '2':
        return
      case '1':
        return this.sendAdmin('0', [[112, m.get(112) ?? '']])
      case '3':
        // the peer rejected one of ours: logged; answering a Reject would only start a loop
        this.log(`peer Reject: ref ${m.get(45)} reason ${m.get(373)} ${m.get(58) ?? ''}`)
        return
      case '4': {
        // a GapFill (NewSeqNo checked above it, or when it was queued and drained)
        const newSeq = Number(m.get(36))
        if (!Number.isInteger(newSeq) || newSeq <= m.seq) return
        const st = this.store.get(this.sessionId)
        st.nextIn = Math.max(st.nextIn, newSeq)
        this.store.save(this.sessionId)
        return
      }
      case '5':
        this.cleanLogout = true
        if (this.logoutGrace) clearTimeout(this.logoutGrace)
        this.sendAdmin('5', [])
        this.state = 'closed'
        this.socket.end()
        return
      case 'A':
        return this.reject(m, 'Logon when already logged on', undefined, 0)
    }
    this.onApplication(m)
  }

  private drain(): void {
    const st = this.store.get(this.sessionId)
    for (;;) {
      if (this.state !== 'active') return
      this.queue = this.queue.filter((q) => q.seq >= st.nextIn)
      this.queue.sort((a, b) => a.seq - b.seq)
      const next = this.queue.find((q) => q.seq === st.nextIn)
      if (!next) break
      this.queue.splice(this.queue.indexOf(next), 1)
      st.nextIn++
      this.handle(next)
    }
    this.store.save(this.sessionId)
    if (this.queue.length === 0) this.resendPending = false
  }

  /**
   * A Logout above a gap: the ResendRequest is out; reply once the gap fills (drain), or after a
   * grace if the peer never fills it (FIX 4.4 vol. 2: a Logout must be answered).
   */
  private graceForLogout(): void {
    if (this.logoutGrace) return
    this.logoutGrace = setTimeout(() => {
      if (this.state !== 'active') return
      this.cleanLogout = true
      this.sendAdmin('5', [[58, 'Logout with unfilled sequence gap']])
      this.state = 'closed'
      this.socket.end()
    }, LOGOUT_GAP_GRACE_MS)
    this.logoutGrace.unref()
  }

  // ------------------------------------------------------------------ resend

  private requestResend(from: number): void {
    this.resendPending = true
    this.sendAdmin('2', [
      [7, String(from)],
      [16, '0'],
    ])
  }

  // ------------------------------------------------------------------ sending

  /** Send with the next sequence number; application messages are stored for resend. */
  sendApp(type: string, body: Field[]): void {
    this.out.send(type, body, true)
  }

  protected sendAdmin(type: string, body: Field[]): void {
    this.out.send(type, body, true)
  }

  /** Session-level Reject (35=3): 45 RefSeqNum, 371 RefTagID, 372 RefMsgType, 373, 58. */
  /** BusinessMessageReject (35=j) for an application message: Kraken's words after its time. */
  protected businessReject(m: FixMessage, text: string, reason: number): void {
    const body: Field[] = [
      [45, String(m.seq)],
      [372, m.type],
    ]
    const cl = m.get(11)
    if (cl) body.push([379, cl])
    body.push([380, String(reason)], [58, `${Math.floor(this.clock() / 1000)} : ${text}`])
    this.sendApp('j', body)
  }

  /**
   * An application message the venue refuses, answered as Kraken does: a session Reject (35=3) for
   * a malformed message, a BusinessMessageReject (35=j) for a refused request (unknown pair 2,
   * unknown order 1, anything else 0). Anything else is a bug and is thrown.
   */
  protected refuseApp(m: FixMessage, e: unknown): void {
    if (e instanceof FixRequestError) {
      if (e.kind === 'reject') this.reject(m, e.message, e.tag, e.reason)
      else this.businessReject(m, e.message, e.reason)
    } else if (e instanceof KrakenError) {
      const reason =
        e.krakenMessage === 'EQuery:Unknown asset pair'
          ? 2
          : e.krakenMessage === 'EOrder:Unknown order'
            ? 1
            : 0
      this.businessReject(m, e.krakenMessage, reason)
    } else throw e
  }

  protected reject(m: FixMessage, text: string, tag?: number, reason = 0): void {
    const body: Field[] = [[45, String(Number.isInteger(m.seq) ? m.seq : 0)]]
    if (tag !== undefined) body.push([371, String(tag)])
    if (m.type) body.push([372, m.type])
    body.push([373, String(reason)], [58, text])
    this.sendAdmin('3', body)
  }

  // ------------------------------------------------------------------ timers and close

  private onTimer(): void {
    const now = Date.now()
    if (this.state === 'logon') {
      // a connection that never logs on is dropped
      if (now - this.lastIn > 10_000) this.socket.destroy()
      return
    }
    if (this.state !== 'active') return
    if (now - this.out.lastOut >= this.heartbeatMs) this.sendAdmin('0', [])
    const silent = now - this.lastIn
    if (silent > this.heartbeatMs * 1.2 && this.testRequestAt === 0) {
      this.testRequestAt = now
      this.sendAdmin('1', [[112, `TEST-${now}`]])
    } else if (this.testRequestAt && now - this.testRequestAt > this.heartbeatMs) {
      // no answer to our TestRequest: the peer is gone
      this.socket.destroy()
    }
  }

  private onSocketClosed(): void {
    if (this.timer) clearInterval(this.timer)
    if (this.logoutGrace) clearTimeout(this.logoutGrace)
    const wasActive = this.state === 'active'
    this.state = 'closed'
    if (this.sessionId) this.store.save(this.sessionId)
    this.onClosed(wasActive)
  }
}
