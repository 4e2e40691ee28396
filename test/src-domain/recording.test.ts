import { describe, expect, it } from 'vitest'
import {
  encodeHeader,
  encodeRecord,
  parseHeader,
  parseRecord,
  RecordingFormatError,
} from '../../src-domain/recording'

describe('recording format v1', () => {
  it('writes a record as nanoseconds, a tab and the frame, and reads it back exactly', () => {
    const frame =
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":65000.1,"qty":0.50000000}],"asks":[],"checksum":123,"timestamp":"2026-12-01T06:00:00.000000Z"}]}'
    const line = encodeRecord(1764568800123456789n, frame)
    expect(line).toBe(`1764568800123456789\t${frame}\n`)
    expect(parseRecord(line.slice(0, -1), 2)).toEqual({ recvNs: 1764568800123456789n, frame })
  })

  it('turns a raw line break in a frame (JSON whitespace) into a space', () => {
    expect(encodeRecord(5n, '{"a":1,\r\n"b":2}')).toBe('5\t{"a":1,  "b":2}\n')
  })

  it('says which line is not a record', () => {
    expect(() => parseRecord('hello', 7)).toThrow(RecordingFormatError)
    expect(() => parseRecord('hello', 7)).toThrow(
      'recording line 7: expected "<nanoseconds>\\t<frame>", got "hello"',
    )
    expect(() => parseRecord('-5\t{}', 3)).toThrow('recording line 3')
  })

  it('reads back the header it writes and refuses what is not one', () => {
    const h = {
      trident: 'recording' as const,
      v: 1 as const,
      venue: 'builtin' as const,
      started: '2026-12-01T06:00:00.000Z',
      channels: ['book' as const, 'trade' as const],
      symbols: ['BTC/USD'],
      depth: 25,
    }
    const text = encodeHeader(h)
    expect(text.endsWith('\n')).toBe(true)
    expect(parseHeader(text.trim())).toEqual(h)
    expect(() => parseHeader('{"trident":"recording","v":2}')).toThrow(
      'recording version 2 is not one this build reads (1)',
    )
    expect(() => parseHeader('not json')).toThrow(
      'not a Trident recording: the first line is not a JSON header',
    )
    expect(() => parseHeader(JSON.stringify({ ...h, channels: ['book', 'orders'] }))).toThrow(
      'channels must be a list of known channels',
    )
  })
})
