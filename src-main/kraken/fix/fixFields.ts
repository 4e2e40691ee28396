/**
 * Our own decoder for FIX application messages (the hot path): raw text -> tag/value pairs in
 * order, validating BodyLength and CheckSum. jspurefix runs the session layer; application
 * fields are read here, as exact strings.
 */
export type FixFields = [number, string][]

export class FixDecodeError extends Error {
  override readonly name = 'FixDecodeError'
}

export interface DecodedFix {
  type: string
  fields: FixFields
  get(tag: number): string | undefined
  all(tag: number): string[]
}

function view(type: string, fields: FixFields): DecodedFix {
  return {
    type,
    fields,
    get: (tag) => {
      for (let i = 0; i < fields.length; i++) if (fields[i]![0] === tag) return fields[i]![1]
      return undefined
    },
    all: (tag) => fields.filter(([t]) => t === tag).map(([, v]) => v),
  }
}

/** The same message with `extra` fields appended (fields the venue left out, filled in by us). */
export function withFields(msg: DecodedFix, extra: FixFields): DecodedFix {
  return extra.length ? view(msg.type, [...msg.fields, ...extra]) : msg
}

/** Decode one complete message; `delimiter` is SOH on the wire ('|' in jspurefix's logged text). */
export function decodeFix(text: string, delimiter = '\x01', verify = true): DecodedFix {
  const fields: FixFields = []
  let start = 0
  let bodyStart = -1
  let checksumAt = -1
  while (start < text.length) {
    let end = text.indexOf(delimiter, start)
    if (end < 0) end = text.length
    const eq = text.indexOf('=', start)
    if (eq < 0 || eq > end) throw new FixDecodeError(`malformed field at ${start}`)
    let tag = 0
    for (let i = start; i < eq; i++) {
      const c = text.charCodeAt(i) - 48
      if (c < 0 || c > 9) throw new FixDecodeError(`malformed tag at ${start}`)
      tag = tag * 10 + c
    }
    if (tag === 10) checksumAt = start
    fields.push([tag, text.slice(eq + 1, end)])
    if (tag === 9) bodyStart = end + 1
    start = end + 1
  }
  if (fields[0]?.[0] !== 8 || fields[1]?.[0] !== 9 || fields[2]?.[0] !== 35)
    throw new FixDecodeError('message must start 8, 9, 35')
  if (verify) {
    if (checksumAt < 0) throw new FixDecodeError('no CheckSum (10)')
    const bodyLen = Number(fields[1][1])
    if (checksumAt - bodyStart !== bodyLen)
      throw new FixDecodeError(`BodyLength ${bodyLen} does not match ${checksumAt - bodyStart}`)
    if (delimiter === '\x01') {
      let sum = 0
      for (let i = 0; i < checksumAt; i++) sum += text.charCodeAt(i)
      const expected = String(sum % 256).padStart(3, '0')
      if (fields[fields.length - 1]![1] !== expected)
        throw new FixDecodeError(`CheckSum ${fields[fields.length - 1]![1]} != ${expected}`)
    }
  }
  return view(fields[2][1], fields)
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n))
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n))

/** FIX UTCTimestamp with milliseconds, as jspurefix writes it: YYYYMMDD-HH:MM:SS.sss */
export function utcTimestamp(d: Date): string {
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}-${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${three(d.getUTCMilliseconds())}`
}

/** Encode body fields into a full message (used for the benchmark and by tests). */
export function encodeFix(type: string, header: FixFields, body: FixFields): string {
  let rest = `35=${type}\x01`
  for (const [t, v] of header) rest += `${t}=${v}\x01`
  for (const [t, v] of body) rest += `${t}=${v}\x01`
  const msg = `8=FIX.4.4\x019=${rest.length}\x01${rest}`
  let sum = 0
  for (let i = 0; i < msg.length; i++) sum += msg.charCodeAt(i)
  return `${msg}10=${String(sum % 256).padStart(3, '0')}\x01`
}
