import 'reflect-metadata'
import { createHash, createHmac } from 'node:crypto'
import type { Transform, Writable } from 'node:stream'
import {
  AsciiSession,
  FixMsgStoreRecord,
  MsgType,
  SessionState,
  type IJsFixConfig,
  type MsgView,
} from 'jspurefix'
import { AppMessageEncoder } from './appMessageEncoder'
import { decodeFix, withFields, type DecodedFix, type FixFields } from './fixFields'
import { FIX_RESEND_KEPT, type SentMessageStore } from '../../core/fix/SentMessageStore'

/** Kraken's logon password: base64(HMAC-SHA512(base64decode(secret), SHA256(MessageInput + Nonce))). */
export function krakenLogonPassword(
  seq: number,
  sender: string,
  target: string,
  apiKey: string,
  nonce: string,
  secretB64: string,
): string {
  const input = `35=A\x0134=${seq}\x0149=${sender}\x0156=${target}\x01553=${apiKey}\x01`
  const digest = createHash('sha256')
    .update(input + nonce)
    .digest()
  return createHmac('sha512', Buffer.from(secretB64, 'base64')).update(digest).digest('base64')
}

/** The API key (553) and signature (554) never reach a log. */
export function redactLogon(txt: string): string {
  // eslint-disable-next-line no-control-regex -- SOH (0x01) is the FIX field separator
  return txt.replace(/(^|[\x01|])(553|554)=[^\x01|]*/g, '$1$2=<redacted>')
}

export interface KrakenFixSessionHooks {
  credentials: { apiKey: string; apiSecret: string } | null
  cancelOnDisconnect: boolean
  sent: SentMessageStore
  nonce: () => string
  onApp: (msg: DecodedFix) => void
  onReady: () => void
  onStopped: (error?: Error) => void
  onLog?: (line: string) => void
  /** the client was stopped while this session connected: it ends instead of logging on */
  abandoned?: () => boolean
}

interface Transmitter {
  msgSeqNum: number
  /** objects in, encoded bytes out, piped to the socket */
  encodeStream: Transform
}
type SendCallback = Parameters<AsciiSession['send']>[2]

/**
 * Encoded bytes onto jspurefix's output stream (piped to the socket), or straight to the socket
 * when nothing waits in that stream ahead of them: the same bytes in the same order, without the
 * stream's hop (push, 'data', the pipe's write: ~20 µs of a cold order, issue 20).
 */
export function writeInTurn(stream: Transform, socket: Writable | undefined, bytes: Buffer): void {
  // a socket that needs draining or is closing takes them as the pipe would: in order, buffered
  if (socket && stream.readableFlowing === true && stream.readableLength === 0) socket.write(bytes)
  else stream.push(bytes)
}

/**
 * jspurefix's memory store (the resender's) keeps every message it is given, sorted by sequence
 * number, until a sequence reset, and Trident never resets within a FIX day: only the newest
 * `kept` stay, trimmed `batch` past the bound at a time (one splice per batch). Its resender
 * gap-fills whatever a ResendRequest asks beyond them. Exported for its test, which holds it to
 * jspurefix's own store.
 */
export function keepNewest(store: unknown, kept: number, batch = 500): void {
  const s = store as { sortedBySeqNum?: unknown[]; length?: number }
  const records = s.sortedBySeqNum
  if (!Array.isArray(records) || records.length <= kept + batch) return
  records.splice(0, records.length - kept)
  s.length = records.length
}

/**
 * A jspurefix session speaking Kraken's dialect: signed Logon with nonce and cancel-on-disconnect
 * choice, sequence numbers kept by jspurefix's file store, and every application message we send
 * recorded (file + the resender's store) so a ResendRequest really resends orders.
 */
export class KrakenFixSession extends AsciiSession {
  private lastDecoded = ''
  private encoder: AppMessageEncoder | null = null
  /** when the venue last sent anything (heartbeats included), ms since epoch */
  lastHeardAt = 0
  /** transports given a lasting error listener (see subscribe) */
  private readonly guarded = new WeakSet<object>()

  constructor(
    config: IJsFixConfig,
    private readonly hooks: KrakenFixSessionHooks,
  ) {
    super(config)
    // Orders sent before a restart are resendable: load them into the resender's store.
    for (const r of hooks.sent.all()) this.putForResend(r.seq, r.msgType, r.time, r.obj)
  }

  private putForResend(seq: number, msgType: string, time: number, obj: Record<string, unknown>): void {
    const store = this.store
    if (!store) return
    void store.put(new FixMsgStoreRecord(msgType, new Date(time), seq, { ...obj })).catch(() => undefined)
    keepNewest(store, FIX_RESEND_KEPT)
  }

  get nextOutSeq(): number {
    return (this.transport?.transmitter as unknown as Transmitter | undefined)?.msgSeqNum ?? 0
  }

  get lastInSeq(): number {
    return this.lastPeerSeqNum()
  }

  /**
   * jspurefix drops its error listeners from the transport when the session ends, while the socket
   * may still be open: a reset that arrives after (the venue closing as Trident quits) was then
   * re-thrown by the parser as an uncaught exception. A listener of our own stays for the
   * transport's whole life and only logs it.
   */
  protected override subscribe(): void {
    super.subscribe()
    const t = this.transport
    if (!t || this.guarded.has(t)) return
    this.guarded.add(t)
    const said = (e: Error): void => this.hooks.onLog?.(`fix transport: ${e.message}`)
    t.receiver?.on('error', said)
    t.transmitter?.on('error', said)
  }

  override sendLogon(): void {
    // the client was stopped while connecting: end here instead of logging on. The transport is
    // attached now; stop on the next turn, once run() waits for the session's end (a 'done'
    // emitted before that is never heard and the connect never returns)
    if (this.hooks.abandoned?.()) return void setImmediate(() => this.stop())
    // After a crash jspurefix's own seq file can be behind what we sent (it persists lazily);
    // the journal notes every outgoing MsgSeqNum, so start from whichever is further. Logging on
    // below the venue's expected number would be refused ("MsgSeqNum too low").
    const saved = this.hooks.sent.seqNums?.()
    const tx = this.transport?.transmitter as unknown as Transmitter | undefined
    if (saved && tx && saved.nextOut > tx.msgSeqNum) {
      this.hooks.onLog?.(
        `restoring outgoing MsgSeqNum ${saved.nextOut} from the journal (engine store had ${tx.msgSeqNum})`,
      )
      tx.msgSeqNum = saved.nextOut
    }
    const d = this.config.description
    const logon: Record<string, unknown> = { ...this.config.factory!.logon() }
    const c = this.hooks.credentials
    if (c) {
      const nonce = this.hooks.nonce()
      logon.Username = c.apiKey
      logon.Password = krakenLogonPassword(
        this.nextOutSeq,
        d.SenderCompId,
        d.TargetCompID,
        c.apiKey,
        nonce,
        c.apiSecret,
      )
      logon.Nonce = nonce
      if (!this.hooks.cancelOnDisconnect) logon.CancelOrdersOnDisconnect = '1'
    }
    this.send(MsgType.Logon, logon)
  }

  /** Send an application message; it is recorded for resend before it leaves. */
  sendApp(msgType: string, obj: Record<string, unknown>): number {
    const seq = this.nextOutSeq
    const time = Date.now()
    const record = { seq, msgType, time, obj }
    const encoded = this.encodeApp(msgType, obj, seq, time)
    if (!encoded) {
      this.hooks.sent.add(record)
      this.putForResend(seq, msgType, time, obj)
      this.send(msgType, obj) // jspurefix encodes; send() below journals the sequence numbers
      return seq
    }
    // the message and the number it takes, in one journal commit, before its bytes leave
    const sent = this.hooks.sent
    if (sent.addWithSeqNums) sent.addWithSeqNums(record, seq + 1, this.lastInSeq)
    else {
      sent.add(record)
      sent.noteSeqNums?.(seq + 1, this.lastInSeq)
    }
    this.pushEncoded(msgType, seq, encoded)
    // the resender's in-memory copy: a ResendRequest can only arrive on a later I/O turn, so it
    // is filled in the same turn right after the bytes, off the path (the journal has it already)
    this.putForResend(seq, msgType, time, obj)
    return seq
  }

  /**
   * The application message as our AppMessageEncoder writes it (the bytes jspurefix would write,
   * tested equal), or null when this message or moment is jspurefix's to handle: earlier
   * messages still waiting to be encoded (back-pressure) go first, a stopped or ending stream
   * is jspurefix's to refuse, and a message the encoder declines is jspurefix's to encode.
   */
  private encodeApp(
    msgType: string,
    obj: Record<string, unknown>,
    seq: number,
    time: number,
  ): { tx: Transmitter; text: string; sendingTime: Date } | null {
    const tx = this.transport?.transmitter as unknown as Transmitter | undefined
    if (!tx || tx.msgSeqNum !== seq || tx.encodeStream.writableLength > 0) return null
    if (tx.encodeStream.destroyed || tx.encodeStream.writableEnded) return null
    if (this.sessionState.state === SessionState.Stopped) return null
    const d = this.config.description
    const sendingTime = new Date(time)
    this.encoder ??= new AppMessageEncoder(this.config.definitions)
    const text = this.encoder.encode(msgType, obj, {
      beginString: d.BeginString,
      senderCompId: d.SenderCompId,
      targetCompId: d.TargetCompID,
      targetSubId: d.TargetSubID,
      senderSubId: d.SenderSubID,
      seq,
      sendingTime,
      bodyLengthChars: d.BodyLengthChars,
    })
    return text === null ? null : { tx, text, sendingTime }
  }

  /**
   * Onto the transmitter's own output stream, so the bytes reach the socket in order with
   * jspurefix's admin messages; then what jspurefix's send and transmitter do around an encoded
   * message is done the same: LastSentAt (heartbeat timing), the next MsgSeqNum, and its
   * 'encoded' handling (its message store and sequence file, lastHeader for resends, our tx log).
   */
  private pushEncoded(
    msgType: string,
    seq: number,
    m: { tx: Transmitter; text: string; sendingTime: Date },
  ): void {
    this.sessionState.LastSentAt = m.sendingTime
    m.tx.msgSeqNum = seq + 1
    const out = (this.transport?.duplex as { writable?: Writable } | undefined)?.writable
    writeInTurn(m.tx.encodeStream, out, Buffer.from(m.text, 'latin1'))
    const header = this.config.factory?.header(msgType, seq, m.sendingTime, {}) ?? { MsgSeqNum: seq }
    this.txOnEncoded(msgType, m.text.replaceAll('\x01', '|'), header)
  }

  protected onApplicationMsg(_msgType: string, _view: MsgView): void {
    let msg: DecodedFix
    try {
      const d = this.config.logDelimiter
      msg = decodeFix(this.lastDecoded, typeof d === 'number' ? String.fromCharCode(d) : (d ?? '|'), false)
    } catch (e) {
      this.hooks.onLog?.(`undecodable application message: ${(e as Error).message}`)
      return
    }
    this.hooks.onApp(msg)
  }

  protected onDecoded(msgType: string, txt: string): void {
    this.lastDecoded = txt
    this.lastHeardAt = Date.now()
    this.hooks.onLog?.(`rx ${redactLogon(txt)}`)
    if (msgType === '3') this.forwardReject(txt)
  }

  /**
   * jspurefix keeps session Rejects (35=3) to itself, yet Kraken answers a NewOrderSingle missing
   * a field with one ("FIX field level validation will result in session level reject", nos-fix)
   * and its example carries only RefSeqNum (45) and Text (58). The application must hear of it,
   * naming the order: the message we sent under 45 gives RefMsgType (372) and its ClOrdID (379).
   */
  private forwardReject(txt: string): void {
    let msg: DecodedFix
    try {
      const d = this.config.logDelimiter
      msg = decodeFix(txt, typeof d === 'number' ? String.fromCharCode(d) : (d ?? '|'), false)
    } catch (e) {
      this.hooks.onLog?.(`undecodable session Reject: ${(e as Error).message}`)
      return
    }
    const ref = Number(msg.get(45))
    const sent = this.hooks.sent.get(ref)
    const extra: FixFields = []
    if (sent && msg.get(372) === undefined) extra.push([372, sent.msgType])
    const clOrdId = sent?.obj.ClOrdID
    if (typeof clOrdId === 'string' && msg.get(379) === undefined) extra.push([379, clOrdId])
    this.hooks.onApp(withFields(msg, extra))
  }

  /**
   * Every message (admin ones included) passes here before it is encoded: the number it will
   * take is journaled first, as QuickFIX does, so a crash right after the bytes leave cannot
   * leave the journal behind the venue. Resends (PossDup) reuse old numbers and are not counted.
   */
  override send(msgType: string, obj: Record<string, unknown>, callback?: SendCallback): void {
    const tx = this.transport?.transmitter as unknown as Transmitter | undefined
    const possDup = !!(obj.StandardHeader as { PossDupFlag?: unknown } | undefined)?.PossDupFlag
    if (tx && !possDup) this.hooks.sent.noteSeqNums?.(tx.msgSeqNum + 1, this.lastInSeq)
    super.send(msgType, obj, callback)
  }

  protected onEncoded(_msgType: string, txt: string): void {
    this.hooks.onLog?.(`tx ${redactLogon(txt)}`)
  }

  protected onLogon(_view: MsgView, _user: string, _password: string): boolean {
    return true
  }

  protected onReady(_view: MsgView): void {
    this.hooks.onReady()
  }

  protected onStopped(error?: Error): void {
    this.hooks.onStopped(error)
  }
}
