import { createHash, createHmac } from 'node:crypto'
import { connect, type Socket } from 'node:net'

/**
 * A small FIX 4.4 initiator for tests, with its own framing and Kraken logon signature
 * (independent of the simulator's codec).
 */
export type Fields = [number, string][]

export interface FixMsg {
  type: string
  seq: number
  get(tag: number): string | undefined
  all(tag: number): string[]
  raw: string
}

const SOH = '\x01'

export function frame(
  type: string,
  seq: number,
  sender: string,
  target: string,
  body: Fields,
  extraHeader: Fields = [],
): string {
  const fields: Fields = [
    [35, type],
    [49, sender],
    [56, target],
    [34, String(seq)],
    ...extraHeader,
    [52, new Date().toISOString().replace(/-/g, '').replace('T', '-').replace('Z', '')],
    ...body,
  ]
  const rest = fields.map(([t, v]) => `${t}=${v}${SOH}`).join('')
  const head = `8=FIX.4.4${SOH}9=${rest.length}${SOH}`
  let sum = 0
  for (const c of head + rest) sum += c.charCodeAt(0)
  return `${head}${rest}10=${String(sum % 256).padStart(3, '0')}${SOH}`
}

/** A frame of exactly these fields after 8 and 9 (any order, any fault), with a correct 9 and 10. */
export function frameOf(fields: Fields): string {
  const rest = fields.map(([t, v]) => `${t}=${v}${SOH}`).join('')
  const head = `8=FIX.4.4${SOH}9=${rest.length}${SOH}`
  let sum = 0
  for (const c of head + rest) sum += c.charCodeAt(0)
  return `${head}${rest}10=${String(sum % 256).padStart(3, '0')}${SOH}`
}

/** FIX UTCTimestamp of `ms` */
export function fixTs(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/-/g, '').replace('T', '-').replace('Z', '')
}

export function krakenPassword(
  seq: number,
  sender: string,
  target: string,
  key: string,
  nonce: string,
  secret: string,
): string {
  const input = `35=A${SOH}34=${seq}${SOH}49=${sender}${SOH}56=${target}${SOH}553=${key}${SOH}`
  return createHmac('sha512', Buffer.from(secret, 'base64'))
    .update(
      createHash('sha256')
        .update(input + nonce)
        .digest(),
    )
    .digest('base64')
}

let lastNonce = 0
const fixNonce = (): string => String((lastNonce = Math.max(lastNonce + 1, Date.now())))

export class FixTestClient {
  readonly messages: FixMsg[] = []
  seq = 1
  closed = false
  private buf = ''
  private waiters: { pred: (m: FixMsg) => boolean; resolve: (m: FixMsg) => void; taken: boolean }[] = []
  private consumed = new Set<FixMsg>()

  private constructor(
    readonly socket: Socket,
    readonly sender: string,
    readonly target: string,
  ) {
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => this.onData(d))
    socket.on('close', () => (this.closed = true))
    socket.on('error', () => {})
  }

  static async connect(port: number, sender: string, target = 'KRAKEN-TRD'): Promise<FixTestClient> {
    const socket = connect({ host: '127.0.0.1', port })
    await new Promise((r, j) => {
      socket.once('connect', r)
      socket.once('error', j)
    })
    return new FixTestClient(socket, sender, target)
  }

  private onData(d: string): void {
    this.buf += d
    for (;;) {
      // eslint-disable-next-line no-control-regex -- SOH (0x01) is the FIX field separator
      const end = this.buf.search(/\x0110=\d{3}\x01/)
      if (end < 0) return
      const raw = this.buf.slice(0, end + 8)
      this.buf = this.buf.slice(end + 8)
      const fields = raw
        .split(SOH)
        .filter(Boolean)
        .map((f) => [Number(f.slice(0, f.indexOf('='))), f.slice(f.indexOf('=') + 1)] as [number, string])
      const get = (t: number) => fields.find(([x]) => x === t)?.[1]
      const m: FixMsg = {
        type: get(35) ?? '',
        seq: Number(get(34)),
        get,
        all: (t) => fields.filter(([x]) => x === t).map(([, v]) => v),
        raw,
      }
      this.messages.push(m)
      for (const w of this.waiters) {
        if (!w.taken && !this.consumed.has(m) && w.pred(m)) {
          w.taken = true
          this.consumed.add(m)
          w.resolve(m)
        }
      }
      this.waiters = this.waiters.filter((w) => !w.taken)
    }
  }

  sendRaw(text: string): void {
    this.socket.write(text, 'latin1')
  }

  send(type: string, body: Fields, opts: { seq?: number; possDup?: boolean } = {}): number {
    const seq = opts.seq ?? this.seq++
    this.sendRaw(frame(type, seq, this.sender, this.target, body, opts.possDup ? [[43, 'Y']] : []))
    return seq
  }

  logon(
    cred: { apiKey: string; apiSecret: string } | null,
    opts: { cod?: boolean; reset?: boolean; heartbeat?: number; badSignature?: boolean; nonce?: string } = {},
  ): void {
    const body: Fields = [
      [98, '0'],
      [108, String(opts.heartbeat ?? 30)],
    ]
    if (opts.reset) body.push([141, 'Y'])
    if (cred) {
      const nonce = opts.nonce ?? fixNonce()
      const pwd = krakenPassword(this.seq, this.sender, this.target, cred.apiKey, nonce, cred.apiSecret)
      body.push(
        [553, cred.apiKey],
        [554, opts.badSignature ? pwd.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) : pwd],
        [5025, nonce],
      )
      if (opts.cod === false) body.push([8674, '1'])
    }
    this.send('A', body)
  }

  next(pred: (m: FixMsg) => boolean, timeoutMs = 15_000): Promise<FixMsg> {
    const hit = this.messages.find((m) => !this.consumed.has(m) && pred(m))
    if (hit) {
      this.consumed.add(hit)
      return Promise.resolve(hit)
    }
    return new Promise((resolve, reject) => {
      const w = { pred, resolve, taken: false }
      this.waiters.push(w)
      setTimeout(() => {
        if (!w.taken)
          reject(
            new Error(
              `no matching FIX message within ${timeoutMs} ms; got ${this.messages.map((m) => m.type).join(',')}`,
            ),
          )
      }, timeoutMs)
    })
  }

  async waitClosed(timeoutMs = 15_000): Promise<void> {
    const start = Date.now()
    while (!this.closed && Date.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 10))
    if (!this.closed) throw new Error('connection still open')
  }

  close(): void {
    this.socket.destroy()
  }
}
