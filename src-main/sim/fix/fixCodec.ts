/**
 * FIX 4.4 tag=value framing for the simulator's acceptor (its own implementation: the client uses
 * jspurefix, so the two check each other). Fields keep their order, so repeating groups survive.
 */
export const SOH = '\x01'

export type Field = [tag: number, value: string]

export class FixMessage {
  constructor(readonly fields: Field[]) {}

  get type(): string {
    return this.get(35) ?? ''
  }

  get seq(): number {
    return Number(this.get(34) ?? NaN)
  }

  get(tag: number): string | undefined {
    for (const [t, v] of this.fields) if (t === tag) return v
    return undefined
  }

  all(tag: number): string[] {
    return this.fields.filter(([t]) => t === tag).map(([, v]) => v)
  }

  /** Repeating group: entries starting at each occurrence of `delimiter` after the count tag. */
  group(countTag: number, delimiter: number): FixMessage[] {
    const start = this.fields.findIndex(([t]) => t === countTag)
    if (start < 0) return []
    const out: Field[][] = []
    for (const f of this.fields.slice(start + 1)) {
      if (f[0] === delimiter) out.push([f])
      else if (out.length && !out[out.length - 1]!.some(([t]) => t === f[0])) out[out.length - 1]!.push(f)
      else if (out.length) break
    }
    return out.map((fs) => new FixMessage(fs))
  }
}

export class FixFramingError extends Error {
  override readonly name = 'FixFramingError'
}

function checksum(text: string): string {
  let sum = 0
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i)
  return String(sum % 256).padStart(3, '0')
}

/** Build a full message: header 8, 9, 35 first, then the rest in the given order, then 10. */
export function encode(type: string, header: Field[], body: Field[]): string {
  const rest = [[35, type] as Field, ...header, ...body].map(([t, v]) => `${t}=${v}${SOH}`).join('')
  const head = `8=FIX.4.4${SOH}9=${Buffer.byteLength(rest, 'latin1')}${SOH}`
  const msg = head + rest
  return `${msg}10=${checksum(msg)}${SOH}`
}

const MAX_MESSAGE = 64 * 1024

/**
 * Incremental parser over a TCP stream. Validates BeginString, BodyLength and CheckSum; a broken
 * frame raises FixFramingError (the session then logs out: a stream with a bad length cannot be
 * re-synchronised safely).
 */
export class FixParser {
  private buf = ''

  push(chunk: string): FixMessage[] {
    this.buf += chunk
    const out: FixMessage[] = []
    for (;;) {
      if (this.buf.length === 0) return out
      if (!'8=FIX.4.4\x01'.startsWith(this.buf.slice(0, 10)))
        throw new FixFramingError('message does not start with 8=FIX.4.4')
      const lenStart = this.buf.indexOf(`${SOH}9=`)
      if (lenStart < 0) {
        if (this.buf.length > 32) throw new FixFramingError('no BodyLength (9) after BeginString')
        return out
      }
      const lenEnd = this.buf.indexOf(SOH, lenStart + 3)
      if (lenEnd < 0) {
        if (this.buf.length > 32) throw new FixFramingError('BodyLength (9) is not terminated')
        return out
      }
      const lenText = this.buf.slice(lenStart + 3, lenEnd)
      if (!/^\d{1,7}$/.test(lenText))
        throw new FixFramingError(`BodyLength (9) is not a number: ${JSON.stringify(lenText)}`)
      const bodyLen = Number(lenText)
      if (bodyLen > MAX_MESSAGE) throw new FixFramingError(`BodyLength ${bodyLen} exceeds ${MAX_MESSAGE}`)
      const bodyStart = lenEnd + 1
      const total = bodyStart + bodyLen + 7 // "10=xxx" + SOH
      if (this.buf.length < total) return out
      const trailer = this.buf.slice(bodyStart + bodyLen, total)
      // eslint-disable-next-line no-control-regex -- SOH (0x01) is the FIX field separator
      if (!/^10=\d{3}\x01$/.test(trailer))
        throw new FixFramingError('BodyLength (9) does not match: no CheckSum (10) where expected')
      const frame = this.buf.slice(0, bodyStart + bodyLen)
      if (checksum(frame) !== trailer.slice(3, 6))
        throw new FixFramingError(
          `CheckSum (10) mismatch: got ${trailer.slice(3, 6)}, computed ${checksum(frame)}`,
        )
      this.buf = this.buf.slice(total)
      const fields: Field[] = []
      for (const part of frame.slice(bodyStart).split(SOH)) {
        if (part === '') continue
        const eq = part.indexOf('=')
        const tag = Number(part.slice(0, eq))
        if (eq <= 0 || !Number.isInteger(tag) || tag <= 0)
          throw new FixFramingError(`malformed field ${JSON.stringify(part.slice(0, 40))}`)
        fields.push([tag, part.slice(eq + 1)])
      }
      if (fields[0]?.[0] !== 35) throw new FixFramingError('MsgType (35) must be the third field')
      out.push(new FixMessage(fields))
    }
  }
}

/** FIX UTCTimestamp with milliseconds: 20240108-12:34:56.789 */
export function fixTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/-/g, '').replace('T', '-').replace('Z', '')
}

export function parseFixTime(text: string | undefined): number | null {
  if (!text) return null
  const m = /^(\d{4})(\d\d)(\d\d)-(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$/.exec(text)
  if (!m) return null
  const ms = Date.UTC(
    +m[1]!,
    +m[2]! - 1,
    +m[3]!,
    +m[4]!,
    +m[5]!,
    +m[6]!,
    Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
  )
  return Number.isFinite(ms) ? ms : null
}
