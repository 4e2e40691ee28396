import { parse } from 'lossless-json'

/**
 * Parse a Kraken WS v2 frame keeping every JSON number as its exact source text.
 * `JSON.parse` would turn `0.10000000` into `0.1` (and large values into exponent form), which
 * breaks the book checksum and rounds money; here numbers stay strings end to end.
 *
 * The work is done by a small hand-written parser (the lossless-json package builds the same
 * result several times slower, and every private and public frame goes through here). Anything
 * it does not handle itself — malformed JSON, a duplicate key, a `__proto__` key — is handed to
 * lossless-json, so the result, or the error and its message, is always exactly lossless-json's.
 */
export function parseLossless(text: string): unknown {
  s = text
  i = 0
  try {
    const v = value()
    if (v !== FAIL) {
      ws()
      if (i === s.length) return v
    }
  } finally {
    s = ''
  }
  return parse(text, null, (digits: string) => digits)
}

let s = ''
let i = 0

/** the fast parser gives up: lossless-json decides (a unique object, never a JSON value) */
const FAIL: unique symbol = Symbol('fall back')
type Value = unknown

function ws(): void {
  for (;;) {
    const c = s.charCodeAt(i)
    if (c === 32 || c === 10 || c === 13 || c === 9) i++
    else return
  }
}

function value(): Value | typeof FAIL {
  ws()
  const c = s.charCodeAt(i)
  if (c === 34) return str()
  if (c === 123) return obj()
  if (c === 91) return arr()
  if (c === 45 || (c >= 48 && c <= 57)) return num()
  if (c === 116 && s.startsWith('true', i)) {
    i += 4
    return true
  }
  if (c === 102 && s.startsWith('false', i)) {
    i += 5
    return false
  }
  if (c === 110 && s.startsWith('null', i)) {
    i += 4
    return null
  }
  return FAIL
}

function str(): string | typeof FAIL {
  const start = ++i
  let escaped = false
  for (;;) {
    const c = s.charCodeAt(i)
    if (c === 34) break
    if (c === 92) {
      escaped = true
      i += 2
      continue
    }
    if (c < 32 || c !== c) return FAIL // control character or end of text
    i++
  }
  const raw = s.slice(start, i++)
  if (!escaped) return raw
  try {
    // JSON's own escape rules, exactly (lossless-json follows them too)
    return JSON.parse(`"${raw}"`) as string
  } catch {
    return FAIL
  }
}

function digits(): boolean {
  const start = i
  for (;;) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) i++
    else return i > start
  }
}

/** A number by the JSON grammar, as its exact source text. */
function num(): string | typeof FAIL {
  const start = i
  if (s.charCodeAt(i) === 45) i++
  const first = s.charCodeAt(i)
  if (first === 48) i++
  else if (!digits()) return FAIL
  if (s.charCodeAt(i) === 46) {
    i++
    if (!digits()) return FAIL
  }
  const e = s.charCodeAt(i)
  if (e === 101 || e === 69) {
    i++
    const sign = s.charCodeAt(i)
    if (sign === 43 || sign === 45) i++
    if (!digits()) return FAIL
  }
  return s.slice(start, i)
}

function obj(): Record<string, Value> | typeof FAIL {
  i++
  const o: Record<string, Value> = {}
  ws()
  if (s.charCodeAt(i) === 125) {
    i++
    return o
  }
  for (;;) {
    if (s.charCodeAt(i) !== 34) return FAIL
    const key = str()
    if (key === FAIL || key === '__proto__' || Object.prototype.hasOwnProperty.call(o, key)) return FAIL
    ws()
    if (s.charCodeAt(i) !== 58) return FAIL
    i++
    const v = value()
    if (v === FAIL) return FAIL
    o[key] = v
    ws()
    const c = s.charCodeAt(i++)
    if (c === 125) return o
    if (c !== 44) return FAIL
    ws()
  }
}

function arr(): Value[] | typeof FAIL {
  i++
  const a: Value[] = []
  ws()
  if (s.charCodeAt(i) === 93) {
    i++
    return a
  }
  for (;;) {
    const v = value()
    if (v === FAIL) return FAIL
    a.push(v)
    ws()
    const c = s.charCodeAt(i++)
    if (c === 93) return a
    if (c !== 44) return FAIL
  }
}
