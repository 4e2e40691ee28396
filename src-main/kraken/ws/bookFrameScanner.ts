import type { WireLevel } from '../../core/book/BookEngine'
import type { BookMessage } from './wsv2Messages'

/**
 * A scanner specialised for Kraken WS v2 `book` frames, the bulk of what the public connection
 * receives. It reads the frame text once and yields each price/qty token as its exact source
 * text (decimal fidelity: `0.10000000` stays `0.10000000`), without building a generic JSON tree.
 *
 * It only accepts the plain shape Kraken sends — `{"channel":"book","type":...,"data":[{symbol,
 * bids, asks, checksum, timestamp}]}` with JSON numbers for prices, quantities and the checksum,
 * keys in any order, any JSON whitespace. For anything else (another channel, an unknown key, a
 * string where a number belongs, escapes in a string, a duplicate key, malformed JSON, a checksum
 * the general reader would refuse) it returns null and the caller takes the general path
 * (`parseLossless` + `readBookMessage`), which then produces exactly the same result or error as
 * before. So the scanner never has to reproduce an error message: it only has to agree on the
 * frames it accepts, which a property test checks against the general path.
 */

let s = ''
let i = 0

const QUOTE = 34
const COMMA = 44
const COLON = 58
const LBRACKET = 91
const RBRACKET = 93
const LBRACE = 123
const RBRACE = 125

/** a failed scan: the caller falls back; a unique value so the hot path needs no exceptions */
const FAIL = null

function ws(): void {
  for (;;) {
    const c = s.charCodeAt(i)
    // space, \t, \n, \r: JSON's whitespace (NaN at the end of the text stops the loop)
    if (c === 32 || c === 10 || c === 13 || c === 9) i++
    else return
  }
}

/** A string without escapes or control characters (anything else: the general parser decides). */
function str(): string | null {
  if (s.charCodeAt(i) !== QUOTE) return FAIL
  const start = ++i
  for (;;) {
    const c = s.charCodeAt(i)
    if (c === QUOTE) return s.slice(start, i++)
    if (c === 92 || c < 32 || c !== c) return FAIL // backslash, control character, end of text
    i++
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

/** A JSON number token, strictly by the JSON grammar, as its exact source text. */
function num(): string | null {
  const start = i
  if (s.charCodeAt(i) === 45) i++ // '-': the engine refuses it, as it refuses the general path's
  const first = s.charCodeAt(i)
  if (first === 48) i++
  else if (first >= 49 && first <= 57) digits()
  else return FAIL
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

/**
 * The key `name` (no escapes) and its colon at `i`, compared in place: no string is built for
 * a key. False when it is another key (the caller tries the next name, or falls back).
 */
function key(name: string): boolean {
  if (s.charCodeAt(i) !== QUOTE || !s.startsWith(name, i + 1) || s.charCodeAt(i + 1 + name.length) !== QUOTE)
    return false
  i += name.length + 2
  return colon()
}

/** `:` between a key and its value, with the whitespace around it. */
function colon(): boolean {
  ws()
  if (s.charCodeAt(i) !== COLON) return false
  i++
  ws()
  return true
}

/**
 * After a member or element: true if another follows (a comma was read), false at `close`
 * (consumed); null when neither (malformed: fall back).
 */
function next(close: number): boolean | null {
  ws()
  const c = s.charCodeAt(i)
  if (c === COMMA) {
    i++
    ws()
    return true
  }
  if (c === close) {
    i++
    return false
  }
  return FAIL
}

function level(): WireLevel | null {
  // Kraken's exact layout, {"price":N,"qty":N}, in a few comparisons; any other spelling of a
  // level (whitespace, key order) is read by the general loop below from the same place
  if (s.startsWith('{"price":', i)) {
    const at = i
    i += 9
    const price = num()
    if (price !== null && s.startsWith(',"qty":', i)) {
      i += 7
      const qty = num()
      if (qty !== null && s.charCodeAt(i) === RBRACE) {
        i++
        return { price, qty }
      }
    }
    i = at
  }
  if (s.charCodeAt(i) !== LBRACE) return FAIL
  i++
  ws()
  let price: string | null = null
  let qty: string | null = null
  if (s.charCodeAt(i) === RBRACE) return FAIL // {} : no price, the general reader says which
  for (;;) {
    if (price === null && key('price')) {
      if ((price = num()) === null) return FAIL
    } else if (qty === null && key('qty')) {
      if ((qty = num()) === null) return FAIL
    } else return FAIL
    const more = next(RBRACE)
    if (more === null) return FAIL
    if (!more) break
  }
  if (price === null || qty === null) return FAIL
  return { price, qty }
}

function levels(): WireLevel[] | null {
  if (s.charCodeAt(i) !== LBRACKET) return FAIL
  i++
  ws()
  const out: WireLevel[] = []
  if (s.charCodeAt(i) === RBRACKET) {
    i++
    return out
  }
  for (;;) {
    const l = level()
    if (l === null) return FAIL
    out.push(l)
    const more = next(RBRACKET)
    if (more === null) return FAIL
    if (!more) return out
  }
}

function entry(type: 'snapshot' | 'update'): BookMessage | null {
  if (s.charCodeAt(i) !== LBRACE) return FAIL
  i++
  ws()
  let symbol: string | null = null
  let bids: WireLevel[] | null = null
  let asks: WireLevel[] | null = null
  let checksum = -1
  let timestamp: string | null = null
  if (s.charCodeAt(i) === RBRACE) return FAIL
  for (;;) {
    // one comparison per key: the first letter picks the only name it can be
    switch (s.charCodeAt(i + 1)) {
      case 115: // s
        if (symbol !== null || !key('symbol') || (symbol = str()) === null) return FAIL
        break
      case 98: // b
        if (bids !== null || !key('bids') || (bids = levels()) === null) return FAIL
        break
      case 97: // a
        if (asks !== null || !key('asks') || (asks = levels()) === null) return FAIL
        break
      case 99: {
        // c
        if (checksum >= 0 || !key('checksum')) return FAIL
        // only a plain whole number; "1.0", "1e3" or a leading zero go the general way
        const start = i
        let v = 0
        for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) v = v * 10 + (c - 48)
        if (i === start || i - start > 10 || (i - start > 1 && s.charCodeAt(start) === 48)) return FAIL
        if (v > 0xffffffff) return FAIL
        checksum = v
        break
      }
      case 116: // t
        if (timestamp !== null || !key('timestamp') || (timestamp = str()) === null) return FAIL
        break
      default:
        return FAIL
    }
    const more = next(RBRACE)
    if (more === null) return FAIL
    if (!more) break
  }
  if (symbol === null || checksum < 0) return FAIL
  const m: BookMessage = { type, symbol, bids: bids ?? [], asks: asks ?? [], checksum }
  if (timestamp !== null) m.timestamp = timestamp
  return m
}

/** Entries of a plain Kraken book frame, or null: not one (use the general path). */
export function scanBookFrame(text: string): BookMessage[] | null {
  s = text
  i = 0
  try {
    return frame()
  } finally {
    s = '' // do not keep the last frame alive
  }
}

const UPDATE_HEAD = '{"channel":"book","type":"update","data":'
const SNAPSHOT_HEAD = '{"channel":"book","type":"snapshot","data":'

function frame(): BookMessage[] | null {
  // Kraken's exact head in one comparison; other spellings are read member by member below
  const head = s.startsWith(UPDATE_HEAD) ? 1 : s.startsWith(SNAPSHOT_HEAD) ? 2 : 0
  if (head !== 0) {
    i = head === 1 ? UPDATE_HEAD.length : SNAPSHOT_HEAD.length
    const out = entries(head === 1 ? 'update' : 'snapshot')
    if (out === null || s.charCodeAt(i) !== RBRACE) return FAIL
    i++
    ws()
    return i === s.length ? out : FAIL
  }
  ws()
  if (s.charCodeAt(i) !== LBRACE) return FAIL
  i++
  ws()
  let channel = false
  let type: 'snapshot' | 'update' | null = null
  let out: BookMessage[] | null = null
  let dataAt = -1
  let dataEnd = -1
  if (s.charCodeAt(i) === RBRACE) return FAIL
  for (;;) {
    if (!channel && key('channel')) {
      if (!s.startsWith('"book"', i)) return FAIL
      i += 6
      channel = true
    } else if (type === null && key('type')) {
      const t = str()
      if (t !== 'snapshot' && t !== 'update') return FAIL
      type = t
    } else if (dataAt < 0 && key('data')) {
      dataAt = i
      // Kraken sends `type` first; if it comes later, skip the array now and read it at the end
      if (type !== null) {
        if ((out = entries(type)) === null) return FAIL
      } else if (!skipArray()) return FAIL
      dataEnd = i
    } else return FAIL
    const more = next(RBRACE)
    if (more === null) return FAIL
    if (!more) break
  }
  ws()
  if (i !== s.length || !channel || type === null || dataAt < 0) return FAIL
  if (out !== null) return out
  i = dataAt
  out = entries(type)
  return i === dataEnd ? out : FAIL
}

function entries(type: 'snapshot' | 'update'): BookMessage[] | null {
  if (s.charCodeAt(i) !== LBRACKET) return FAIL
  i++
  ws()
  const out: BookMessage[] = []
  if (s.charCodeAt(i) === RBRACKET) {
    i++
    return out
  }
  for (;;) {
    const m = entry(type)
    if (m === null) return FAIL
    out.push(m)
    const more = next(RBRACKET)
    if (more === null) return FAIL
    if (!more) return out
  }
}

/**
 * Move past the array at `i` (brackets balanced outside strings); its content is checked when
 * it is read. Only used when `data` does not come last in the frame.
 */
function skipArray(): boolean {
  if (s.charCodeAt(i) !== LBRACKET) return false
  let depth = 0
  for (;;) {
    const c = s.charCodeAt(i)
    if (c !== c) return false
    if (c === QUOTE) {
      if (str() === null) return false
      continue
    }
    if (c === LBRACKET || c === LBRACE) depth++
    else if (c === RBRACKET || c === RBRACE) {
      if (--depth === 0) {
        i++
        return true
      }
    }
    i++
  }
}
