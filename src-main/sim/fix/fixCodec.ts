/**
 * FIX 4.4 tag=value framing for the simulator's acceptor (its own implementation: the client uses
 * jspurefix, so the two check each other). Fields keep their order, so repeating groups survive.
 */
export const SOH = '\x01'

export type Field = [tag: number, value: string]

/** A field-level fault found while parsing: the session answers it with a Reject (35=3). */
export interface FieldProblem {
  /** SessionRejectReason (373) */
  reason: number
  tag?: number
  text: string
}

export class FixMessage {
  constructor(
    readonly fields: Field[],
    /** set when the frame was intact (length and checksum good) but a field is malformed */
    readonly problem?: FieldProblem,
  ) {}

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
const BEGIN = `8=FIX.4.4${SOH}`

/** Standard header fields (FIX 4.4): they may not follow a body field. */
export const HEADER_TAGS = new Set([
  8, 9, 35, 49, 56, 115, 128, 90, 91, 34, 50, 142, 57, 143, 116, 144, 129, 145, 43, 97, 52, 122, 212, 213,
  347, 369, 627,
])
/** NumInGroup fields of the messages this acceptor reads: tags after one of these may repeat. */
const GROUP_COUNTS = new Set([73, 78, 146, 267, 268, 386, 453, 555, 552])

/** The first field-level fault of an intact frame, in the order QuickFIX checks them. */
function fieldProblem(fields: Field[]): FieldProblem | undefined {
  const seen = new Set<number>()
  let inBody = false
  let inGroup = false
  for (const [tag, value] of fields) {
    if (value === '') return { reason: 4, tag, text: `Tag specified without a value (${tag})` }
    if (HEADER_TAGS.has(tag)) {
      if (inBody) return { reason: 14, tag, text: `Tag specified out of required order (${tag})` }
    } else inBody = true
    if (seen.has(tag) && (HEADER_TAGS.has(tag) || !inGroup))
      return { reason: 13, tag, text: `Tag appears more than once (${tag})` }
    seen.add(tag)
    if (GROUP_COUNTS.has(tag)) inGroup = true
  }
  return undefined
}

/**
 * Incremental parser over a TCP stream. A frame whose BeginString, BodyLength or CheckSum is wrong
 * is garbled: it is dropped without a word and the parser re-synchronises on the next
 * "8=FIX.4.4" (FIX 4.4 vol. 2, "garbled messages ... should be ignored", no sequence number
 * consumed; Kraken's reject-session_level-fix page says the same: "Kraken will disregard any
 * message that is garbled, cannot be parsed or fails a data integrity check"). An intact frame
 * with a malformed field (tag without value, repeated tag, header field after the body) comes out
 * with `problem` set, for the session to reject.
 */
export class FixParser {
  private buf = ''
  /** garbled frames dropped so far */
  garbled = 0
  /** why the last frame was dropped (for the log) */
  lastGarbled = ''

  private drop(why: string): void {
    this.garbled++
    this.lastGarbled = why
    // skip to the next BeginString after this one; keep a tail that may be the start of one
    const next = this.buf.indexOf(BEGIN, 1)
    this.buf = next >= 0 ? this.buf.slice(next) : this.buf.slice(-(BEGIN.length - 1))
  }

  push(chunk: string): FixMessage[] {
    this.buf += chunk
    const out: FixMessage[] = []
    for (;;) {
      if (this.buf.length === 0) return out
      if (!BEGIN.startsWith(this.buf.slice(0, BEGIN.length))) {
        const next = this.buf.indexOf(BEGIN)
        this.garbled++
        this.lastGarbled = 'bytes before BeginString (8=FIX.4.4)'
        this.buf = next >= 0 ? this.buf.slice(next) : this.buf.slice(-(BEGIN.length - 1))
        if (next < 0) return out
        continue
      }
      if (this.buf.length < BEGIN.length) return out
      const lenStart = BEGIN.length
      if (!'9='.startsWith(this.buf.slice(lenStart, lenStart + 2))) {
        this.drop('no BodyLength (9) after BeginString')
        continue
      }
      const lenEnd = this.buf.indexOf(SOH, lenStart)
      if (lenEnd < 0) {
        if (this.buf.length > 32) this.drop('BodyLength (9) is not terminated')
        else return out
        continue
      }
      const lenText = this.buf.slice(lenStart + 2, lenEnd)
      if (!/^\d{1,7}$/.test(lenText) || Number(lenText) > MAX_MESSAGE) {
        this.drop(`BodyLength (9) is not a valid length: ${JSON.stringify(lenText.slice(0, 20))}`)
        continue
      }
      const bodyLen = Number(lenText)
      const bodyStart = lenEnd + 1
      const total = bodyStart + bodyLen + 7 // "10=xxx" + SOH
      if (this.buf.length < total) {
        // a wrong (too long) BodyLength would stall the stream: give up once the next frame is visible
        const next = this.buf.indexOf(BEGIN, 1)
        if (next >= 0 && next < bodyStart + bodyLen) this.drop('BodyLength (9) runs into the next message')
        else return out
        continue
      }
      const trailer = this.buf.slice(bodyStart + bodyLen, total)
      // eslint-disable-next-line no-control-regex -- SOH (0x01) is the FIX field separator
      if (!/^10=\d{3}\x01$/.test(trailer)) {
        this.drop('BodyLength (9) does not match: no CheckSum (10) where expected')
        continue
      }
      const frame = this.buf.slice(0, bodyStart + bodyLen)
      if (checksum(frame) !== trailer.slice(3, 6)) {
        this.drop(`CheckSum (10) mismatch: got ${trailer.slice(3, 6)}, computed ${checksum(frame)}`)
        continue
      }
      this.buf = this.buf.slice(total)
      const fields: Field[] = [
        [8, 'FIX.4.4'],
        [9, lenText],
      ]
      let problem: FieldProblem | undefined
      for (const part of frame.slice(bodyStart).split(SOH)) {
        if (part === '') continue
        const eq = part.indexOf('=')
        const tag = eq > 0 && /^\d+$/.test(part.slice(0, eq)) ? Number(part.slice(0, eq)) : NaN
        if (!Number.isInteger(tag) || tag <= 0) {
          problem ??= { reason: 0, text: `Invalid tag number ${JSON.stringify(part.slice(0, 20))}` }
          continue
        }
        fields.push([tag, part.slice(eq + 1)])
      }
      if (fields[2]?.[0] !== 35 || !fields[2][1]) {
        // without MsgType in third place the frame cannot be attributed: garbled
        this.garbled++
        this.lastGarbled = 'MsgType (35) must be the third field'
        continue
      }
      out.push(new FixMessage(fields.slice(2), problem ?? fieldProblem(fields)))
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
