import 'reflect-metadata'
import { createHash, createHmac } from 'node:crypto'
import { AsciiSession, FixMsgStoreRecord, MsgType, type IJsFixConfig, type MsgView } from 'jspurefix'
import { decodeFix, withFields, type DecodedFix, type FixFields } from './fixFields'
import type { SentMessageStore } from '../../core/fix/SentMessageStore'

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
}

interface Transmitter {
  msgSeqNum: number
}
type SendCallback = Parameters<AsciiSession['send']>[2]

/**
 * A jspurefix session speaking Kraken's dialect: signed Logon with nonce and cancel-on-disconnect
 * choice, sequence numbers kept by jspurefix's file store, and every application message we send
 * recorded (file + the resender's store) so a ResendRequest really resends orders.
 */
export class KrakenFixSession extends AsciiSession {
  private lastDecoded = ''
  /** when the venue last sent anything (heartbeats included), ms since epoch */
  lastHeardAt = 0

  constructor(
    config: IJsFixConfig,
    private readonly hooks: KrakenFixSessionHooks,
  ) {
    super(config)
    // Orders sent before a restart are resendable: load them into the resender's store.
    for (const r of hooks.sent.all()) this.putForResend(r.seq, r.msgType, r.time, r.obj)
  }

  private putForResend(seq: number, msgType: string, time: number, obj: Record<string, unknown>): void {
    void this.store?.put(new FixMsgStoreRecord(msgType, new Date(time), seq, { ...obj }))
  }

  get nextOutSeq(): number {
    return (this.transport?.transmitter as unknown as Transmitter | undefined)?.msgSeqNum ?? 0
  }

  get lastInSeq(): number {
    return this.lastPeerSeqNum()
  }

  override sendLogon(): void {
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
    this.hooks.sent.add({ seq, msgType, time, obj })
    this.putForResend(seq, msgType, time, obj)
    this.send(msgType, obj)
    return seq
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
    const sent = this.hooks.sent.all().find((r) => r.seq === ref)
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
